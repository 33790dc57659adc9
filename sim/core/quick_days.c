/* quick_days.c: the vector pass over ordinary agent-days (see quick_days.h).
 *
 * It must agree with step_agent() draw for draw and count for count: the cases it
 * decides are exactly these, in step_agent()'s order of checks.
 *   ENTERING or TRAVELLING with more than one day left: one day less, in transit.
 *   WAITING, not at its destination, and either held by its group with the release
 *   draw failing, or free to move (no group, or not held and not taken today) with
 *   the move draw failing: one more day waited, in the location's stock (and held).
 *   ENTERING or TRAVELLING on its last day, not ending at its destination: waiting
 *   where the leg ends, in that location's stock.
 *   ARRIVED, RETURNED, DETAINED: nothing.
 * Everything else (RECEPTION, an arrival, a move, being taken or released, a leg
 * with no days left) is listed for step_agent(). */
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

/* mig_u01(key, n) on eight lanes, given step = (n + 1) * mig_bits' odd constant. The
 * 53-bit integer converts to double exactly, and the scaling is by a power of two. */
VECTOR static inline __m512d u01_x8(__m512i key, __m512i step)
{
    __m512i bits = mix64_x8(_mm512_add_epi64(key, step));
    return _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(bits, 11)), _mm512_set1_pd(0x1.0p-53));
}

VECTOR static inline __m512i step_of(uint64_t n)
{
    return _mm512_set1_epi64((long long)((n + 1) * 0xd1342543de82ef95ULL));
}

VECTOR static size_t quick_days_avx512(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi,
                                       uint32_t *slow, int64_t *t)
{
    const mig_world *w = run->world;
    const mig_params *p = &w->params;
    const mig_layout *L = &run->layout;
    mig_agents *A = &run->agents;
    int64_t *stock = t + L->stock;
    int64_t in_transit = 0, held = 0;
    size_t ns = 0, i = lo;
    const __m512i mkey = _mm512_set1_epi64((long long)move_key), skey = _mm512_set1_epi64((long long)smuggling_key);
    /* draw 0 of the move stream; draws 4 (taken) and 5 (released) of the smuggling stream */
    const __m512i move_step = step_of(0), take_step = step_of(4), release_step = step_of(5);
    const __m512i one = _mm512_set1_epi64(1), waiting_st = _mm512_set1_epi64(MIG_ST_WAITING);
    const __m512i travelling_st = _mm512_set1_epi64(MIG_ST_TRAVELLING), over_st = _mm512_set1_epi64(MIG_ST_ARRIVED);
    const __m512i exploited_flag = _mm512_set1_epi64(MIG_FLAG_EXPLOITED), most_days = _mm512_set1_epi64(UINT16_MAX);
    const __m512d release = _mm512_set1_pd(p->release_prob), rate = _mm512_set1_pd(p->exploitation_rate);
    const __m512d poor = _mm512_set1_pd(p->vulnerable_money), long_wait = _mm512_set1_pd(p->vulnerable_days);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    /* routes[r].to as the (r * route_ints)-th int from route_to */
    _Static_assert(sizeof(mig_route) % sizeof(int) == 0, "a route is a whole number of ints");
    const int *route_to = &w->routes[0].to;
    const __m512i route_ints = _mm512_set1_epi64((long long)(sizeof(mig_route) / sizeof(int)));
    for (; i + 8 <= hi; i += 8) {
        __m512i key = _mm512_loadu_si512(A->key + i);
        __m512i st = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->state + i)));
        __m512i dl = _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(A->days_left + i)));
        __m512i fl = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->flags + i)));
        __m512i grp = _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(A->group + i)));
        __m512i dst = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(A->dest + i)));
        __m512i where = _mm512_cvtepi32_epi64(_mm256_loadu_si256((const __m256i *)(A->where + i)));
        __m512d money = _mm512_cvtps_pd(_mm256_loadu_ps(A->money + i));

        __mmask8 waiting = _mm512_cmpeq_epi64_mask(st, waiting_st);
        __mmask8 leg = _mm512_cmple_epu64_mask(st, travelling_st);
        __mmask8 over = _mm512_cmpge_epu64_mask(st, over_st);
        __m512i u = _mm512_maskz_mov_epi64(waiting, where);  /* a location only while waiting */
        __mmask8 exploited = _mm512_test_epi64_mask(fl, exploited_flag);
        __mmask8 grouped = _mm512_test_epi64_mask(grp, grp);

        /* exploitation(): the release draw if held, else the draw to be taken */
        __m512i sk = mix64_x8(_mm512_xor_si512(skey, key));
        __m512d us = u01_x8(sk, _mm512_mask_blend_epi64(exploited, take_step, release_step));
        __mmask8 vulnerable = _mm512_cmp_pd_mask(money, poor, _CMP_LT_OQ) |
                              _mm512_cmp_pd_mask(_mm512_cvtepi64_pd(dl), long_wait, _CMP_GE_OQ);
        __mmask8 held_on = exploited & (__mmask8)~_mm512_cmp_pd_mask(us, release, _CMP_LT_OQ);
        __mmask8 taken = (__mmask8)~exploited & vulnerable & _mm512_cmp_pd_mask(us, rate, _CMP_LT_OQ);
        __mmask8 may_move = (__mmask8)~grouped | ((__mmask8)~exploited & (__mmask8)~taken);

        __m512d um = u01_x8(mix64_x8(_mm512_xor_si512(mkey, key)), move_step);
        __mmask8 no_move = _mm512_cmp_pd_mask(um, _mm512_i64gather_pd(u, run->move_p, 8), _CMP_GE_OQ);
        __m512i dest_loc = _mm512_cvtepi32_epi64(_mm512_i64gather_epi32(dst, w->dest_loc, 4));
        __mmask8 at_dest = _mm512_cmpeq_epi64_mask(u, dest_loc);

        __mmask8 stays = waiting & (__mmask8)~at_dest & ((grouped & held_on) | (may_move & no_move));
        __mmask8 walks = leg & _mm512_cmpgt_epu64_mask(dl, one);

        /* The last day of a leg: the entry channel ends where the agent now waits; a
         * route ends at its far end, unless that is the destination (arrive()). */
        __mmask8 last = leg & _mm512_cmpeq_epi64_mask(dl, one);
        __mmask8 route_end = last & _mm512_cmpeq_epi64_mask(st, travelling_st);
        __m512i to = _mm512_cvtepi32_epi64(
            _mm512_mask_i64gather_epi32(_mm256_setzero_si256(), route_end,
                                        _mm512_mullo_epi64(where, route_ints), route_to, 4));
        __mmask8 arrives = route_end & _mm512_cmpeq_epi64_mask(to, dest_loc);
        __mmask8 settles = last & (__mmask8)~arrives;
        __m512i place = _mm512_mask_blend_epi64(route_end, _mm512_mask_blend_epi64(stays, where, u), to);
        __mmask8 placed = stays | settles;
        __mmask8 ordinary = placed | walks | over;

        __m512i ndl = _mm512_mask_add_epi64(dl, stays & _mm512_cmplt_epu64_mask(dl, most_days), dl, one);
        ndl = _mm512_mask_sub_epi64(ndl, walks | settles, ndl, one);
        _mm_storeu_si128((__m128i *)(A->days_left + i), _mm512_cvtepi64_epi16(ndl));
        if (settles) {
            _mm_storel_epi64((__m128i *)(A->state + i), _mm512_cvtepi64_epi8(_mm512_mask_mov_epi64(st, settles, waiting_st)));
            _mm256_storeu_si256((__m256i *)(A->where + i), _mm512_cvtepi64_epi32(_mm512_mask_mov_epi64(where, settles, place)));
        }
        if (placed) {
            int64_t loc[8];
            _mm512_storeu_si512(loc, place);
            for (int k = 0; k < 8; k++)
                stock[loc[k]] += (placed >> k) & 1;
        }
        held += __builtin_popcount(placed & exploited);
        in_transit += __builtin_popcount(walks);
        __mmask8 rest = (__mmask8)~ordinary;
        _mm256_mask_compressstoreu_epi32(slow + ns, rest, _mm256_add_epi32(lane, _mm256_set1_epi32((int)(i - lo))));
        ns += (size_t)__builtin_popcount(rest);
    }
    for (; i < hi; i++)  /* the last few: step_agent() */
        slow[ns++] = (uint32_t)(i - lo);
    t[L->in_transit] += in_transit;
    t[L->in_exploitation] += held;
    return ns;
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

size_t mig_quick_days(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi, uint32_t *slow,
                      int64_t *t)
{
    return quick_days_avx512(run, move_key, smuggling_key, lo, hi, slow, t);
}

#else

int mig_quick_days_available(void)
{
    return 0;
}

size_t mig_quick_days(mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi, uint32_t *slow,
                      int64_t *t)
{
    (void)run, (void)move_key, (void)smuggling_key, (void)t;
    size_t ns = 0;
    for (size_t i = lo; i < hi; i++)
        slow[ns++] = (uint32_t)(i - lo);
    return ns;
}

#endif
