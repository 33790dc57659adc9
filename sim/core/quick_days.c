/* quick_days.c: the vector pass over ordinary agent-days (see quick_days.h).
 *
 * It must agree with step_agent() draw for draw and count for count: the cases it
 * decides are exactly these, in step_agent()'s order of checks.
 *   ENTERING or TRAVELLING with more than one day left: one day less, in transit.
 *   ENTERING or TRAVELLING on its last day, not ending at its destination: waiting
 *   where the leg ends, in that location's stock.
 *   WAITING, not at its destination, held by its group with the release draw
 *   failing: one more day waited, in the stock (and held).
 *   WAITING, not at its destination, free to move (no group, or not held and not
 *   taken today), the move draw failing: one more day waited, in the stock.
 *   The same, the move draw succeeding: left for move_on() with its move stream key
 *   (the next hop is a scan of a few weights, which scalar code does faster than
 *   gathers).
 *   ARRIVED, RETURNED, DETAINED: nothing.
 * Everything else (RECEPTION, an arrival, being taken or released, a leg with no
 * days left) is left for step_agent(). */
#include "quick_days.h"
#include "run.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define VECTOR __attribute__((target("avx512f,avx512dq,avx512vl")))

/* mig_mix64 on eight lanes. */
VECTOR static inline __m512i mix64_x8(__m512i z)
{
    z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 30));
    z = _mm512_mullo_epi64(z, _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ULL));
    z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 27));
    z = _mm512_mullo_epi64(z, _mm512_set1_epi64((long long)0x94d049bb133111ebULL));
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/* The step mig_bits() adds to a key for its draw number n. */
VECTOR static inline __m512i step_of(uint64_t n)
{
    return _mm512_set1_epi64((long long)((n + 1) * 0xd1342543de82ef95ULL));
}

/* mig_u01(key, n) on eight lanes, given step = step_of(n). The 53-bit integer
 * converts to double exactly, and the scaling is by a power of two. */
VECTOR static inline __m512d u01_x8(__m512i key, __m512i step)
{
    __m512i bits = mix64_x8(_mm512_add_epi64(key, step));
    return _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(bits, 11)), _mm512_set1_pd(0x1.0p-53));
}

/* int field[index] of each lane in mask (0 elsewhere), from an array of structs
 * whose first such field is at base, stride ints apart. */
VECTOR static inline __m512i gather_int(__mmask8 mask, __m512i index, const int *base, long long stride)
{
    __m512i at = stride == 1 ? index : _mm512_mullo_epi64(index, _mm512_set1_epi64(stride));
    return _mm512_cvtepi32_epi64(_mm512_mask_i64gather_epi32(_mm256_setzero_si256(), mask, at, base, 4));
}

/* One agent per lane: what it is and the draws of its day. */
typedef struct lanes {
    __m512i st, dl, where, u, dest_loc, mk;  /* u: location if waiting, else 0; mk: move stream */
    __mmask8 waiting, leg, over, exploited, may_move, held_on, no_move, at_dest;
} lanes;

VECTOR static inline void load_lanes(const mig_run *run, size_t i, uint64_t move_key, uint64_t smuggling_key, lanes *a)
{
    const mig_world *w = run->world;
    const mig_params *p = &w->params;
    const mig_agents *A = &run->agents;
    __m512i key = _mm512_loadu_si512(A->key + i);
    __m512i fl = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->flags + i)));
    __m512i grp = _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(A->group + i)));
    __m512d money = _mm512_cvtps_pd(_mm256_loadu_ps(A->money + i));
    a->st = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->state + i)));
    a->dl = _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(A->days_left + i)));
    __m512i dst = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->dest + i)));
    a->where = _mm512_cvtepi32_epi64(_mm256_loadu_si256((const __m256i *)(A->where + i)));
    a->waiting = _mm512_cmpeq_epi64_mask(a->st, _mm512_set1_epi64(MIG_ST_WAITING));
    a->leg = _mm512_cmple_epu64_mask(a->st, _mm512_set1_epi64(MIG_ST_TRAVELLING));
    a->over = _mm512_cmpge_epu64_mask(a->st, _mm512_set1_epi64(MIG_ST_ARRIVED));
    a->u = _mm512_maskz_mov_epi64(a->waiting, a->where);
    a->exploited = _mm512_test_epi64_mask(fl, _mm512_set1_epi64(MIG_FLAG_EXPLOITED));
    __mmask8 grouped = _mm512_test_epi64_mask(grp, grp);

    /* exploitation(): the release draw (5) if held, else the draw to be taken (4) */
    __m512i sk = mix64_x8(_mm512_xor_si512(_mm512_set1_epi64((long long)smuggling_key), key));
    __m512d us = u01_x8(sk, _mm512_mask_blend_epi64(a->exploited, step_of(4), step_of(5)));
    __mmask8 vulnerable = _mm512_cmp_pd_mask(money, _mm512_set1_pd(p->vulnerable_money), _CMP_LT_OQ) |
                          _mm512_cmp_pd_mask(_mm512_cvtepi64_pd(a->dl), _mm512_set1_pd(p->vulnerable_days), _CMP_GE_OQ);
    a->held_on = a->exploited & (__mmask8)~_mm512_cmp_pd_mask(us, _mm512_set1_pd(p->release_prob), _CMP_LT_OQ);
    __mmask8 taken = (__mmask8)~a->exploited & vulnerable &
                     _mm512_cmp_pd_mask(us, _mm512_set1_pd(p->exploitation_rate), _CMP_LT_OQ);
    a->may_move = (__mmask8)~grouped | ((__mmask8)~a->exploited & (__mmask8)~taken);

    a->mk = mix64_x8(_mm512_xor_si512(_mm512_set1_epi64((long long)move_key), key));
    __m512d um = u01_x8(a->mk, step_of(0));
    __m512d move_p = _mm512_mask_i64gather_pd(_mm512_setzero_pd(), a->waiting, a->u, run->move_p, 8);
    a->no_move = _mm512_cmp_pd_mask(um, move_p, _CMP_GE_OQ);
    a->dest_loc = gather_int(0xff, dst, w->dest_loc, 1);
    a->at_dest = _mm512_cmpeq_epi64_mask(a->u, a->dest_loc);
}

/* Add 1 to counter row[index of lane] for each lane in mask (only those: the other
 * lanes' indexes may be of something else, a route for a lane on one). */
VECTOR static inline void count_lanes(int64_t *row, __m512i index, __mmask8 mask)
{
    if (!mask)
        return;
    int64_t at[8];
    _mm512_storeu_si512(at, index);
    for (unsigned m = mask; m; m &= m - 1)
        row[at[__builtin_ctz(m)]]++;
}

VECTOR static void quick_days_avx512(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi,
                                     int64_t *t, mig_quick_rest *rest)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_agents *A = &run->agents;
    int64_t in_transit = 0, held = 0;
    size_t i = lo;
    const __m512i one = _mm512_set1_epi64(1);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _Static_assert(sizeof(mig_route) % sizeof(int) == 0, "a route is a whole number of ints");
    const long long route_ints = (long long)(sizeof(mig_route) / sizeof(int));
    rest->n_slow = rest->n_move = 0;
    for (; i + 8 <= hi; i += 8) {
        lanes a;
        load_lanes(run, i, move_key, smuggling_key, &a);
        __mmask8 free_here = a.waiting & (__mmask8)~a.at_dest;
        __mmask8 stays = free_here & ((a.may_move & a.no_move) | ((__mmask8)~a.may_move & a.held_on));
        __mmask8 movers = free_here & a.may_move & (__mmask8)~a.no_move;

        /* The last day of a leg: the entry channel ends where the agent now waits; a
         * route ends at its far end, unless that is the destination (arrive()). */
        __mmask8 walks = a.leg & _mm512_cmpgt_epu64_mask(a.dl, one);
        __mmask8 last = a.leg & _mm512_cmpeq_epi64_mask(a.dl, one);
        __mmask8 route_end = last & _mm512_cmpeq_epi64_mask(a.st, _mm512_set1_epi64(MIG_ST_TRAVELLING));
        __m512i to = _mm512_setzero_si512();
        if (route_end)
            to = gather_int(route_end, a.where, &w->routes[0].to, route_ints);
        __mmask8 arrives = route_end & _mm512_cmpeq_epi64_mask(to, a.dest_loc);
        __mmask8 settles = last & (__mmask8)~arrives;

        __mmask8 counts_on = stays & _mm512_cmplt_epu64_mask(a.dl, _mm512_set1_epi64(UINT16_MAX));  /* stay() */
        __m512i dl = _mm512_mask_add_epi64(a.dl, counts_on, a.dl, one);
        dl = _mm512_mask_sub_epi64(dl, walks | settles, dl, one);
        _mm_storeu_si128((__m128i *)(A->days_left + i), _mm512_cvtepi64_epi16(dl));
        if (settles) {
            __m512i st = _mm512_mask_mov_epi64(a.st, settles, _mm512_set1_epi64(MIG_ST_WAITING));
            __m512i where = _mm512_mask_mov_epi64(a.where, settles & route_end, to);
            _mm_storel_epi64((__m128i *)(A->state + i), _mm512_cvtepi64_epi8(st));
            _mm256_storeu_si256((__m256i *)(A->where + i), _mm512_cvtepi64_epi32(where));
        }
        __m512i place = _mm512_mask_blend_epi64(route_end, _mm512_mask_blend_epi64(stays, a.where, a.u), to);
        __mmask8 placed = stays | settles;
        count_lanes(t + L->stock, place, placed);
        held += __builtin_popcount(placed & a.exploited);
        in_transit += __builtin_popcount(walks);

        __m256i offset = _mm256_add_epi32(lane, _mm256_set1_epi32((int)(i - lo)));
        /* Compressed in registers and stored whole (the lists have room): a
         * compressing store to memory is microcoded on some CPUs, and slow. */
        _mm256_storeu_si256((__m256i *)(rest->move + rest->n_move), _mm256_maskz_compress_epi32(movers, offset));
        _mm512_storeu_si512(rest->move_key + rest->n_move, _mm512_maskz_compress_epi64(movers, a.mk));
        rest->n_move += (size_t)__builtin_popcount(movers);
        __mmask8 other = (__mmask8)~(placed | walks | a.over | movers);
        _mm256_storeu_si256((__m256i *)(rest->slow + rest->n_slow), _mm256_maskz_compress_epi32(other, offset));
        rest->n_slow += (size_t)__builtin_popcount(other);
    }
    for (; i < hi; i++)  /* the last few: step_agent() */
        rest->slow[rest->n_slow++] = (uint32_t)(i - lo);
    t[L->in_transit] += in_transit;
    t[L->in_exploitation] += held;
}

int mig_quick_days_available(void)
{
    const char *e = getenv("MIGSIM_VECTOR");
    if (e && strcmp(e, "0") == 0)
        return 0;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
}

void mig_quick_days(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi, int64_t *t,
                    mig_quick_rest *rest)
{
    quick_days_avx512(run, move_key, smuggling_key, lo, hi, t, rest);
}

#else

int mig_quick_days_available(void)
{
    return 0;
}

void mig_quick_days(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi, int64_t *t,
                    mig_quick_rest *rest)
{
    (void)run, (void)move_key, (void)smuggling_key, (void)t;
    rest->n_slow = rest->n_move = 0;
    for (size_t i = lo; i < hi; i++)
        rest->slow[rest->n_slow++] = (uint32_t)(i - lo);
}

#endif
