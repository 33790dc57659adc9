/* rng.h: keyed, counter-based random streams.
 *
 * Every draw in a run is a pure function of (seed, purpose, key, counter). Nothing
 * depends on the order in which agents are processed, so results do not change with
 * the thread count, and a policy that alters one mechanism (say, visa channels) does
 * not shift the draws of another (say, border detection): the basis of paired
 * comparisons with common random numbers.
 *
 * Hot loops call mig_u01() directly. For GSL's distributions (Poisson, log-normal)
 * a stream is wrapped in a gsl_rng whose type is mig_rng_gsl_type. */
#ifndef MIG_RNG_H
#define MIG_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* One purpose per mechanism. Append only: the value is part of every key. */
typedef enum {
    MIG_RNG_DEPARTURES = 1, /* how many leave, per nationality and day */
    MIG_RNG_CHANNEL,        /* entry channel choice, displacement vs deterrence */
    MIG_RNG_TRAITS,         /* money, destination */
    MIG_RNG_MOVE,           /* move-or-wait and next-hop choice */
    MIG_RNG_BORDER,         /* detection and what follows it */
    MIG_RNG_RECEPTION,      /* absconding from reception */
    MIG_RNG_ARRIVAL,        /* asylum application at destination */
    MIG_RNG_SCRIPT,         /* the scenario's own math.random */
    MIG_RNG_SMUGGLING,      /* reserved for smuggling groups */
    MIG_RNG_BENCH,          /* synthetic benchmark world */
    MIG_RNG_DESIGN,         /* sweep designs (Latin hypercube permutations) */
    MIG_RNG_FLEE,           /* Flee-rule runs: moves, routes, walking, spawning (flee_run.c) */
    MIG_RNG_CALIBRATE,      /* calibration: pools, proposals, acceptance, run seeds (calibrate.c) */
    MIG_RNG_POSTERIOR,      /* which particle of a posterior sample a replicate takes (app/posterior.c) */
    MIG_RNG_DEMAND,         /* demand projected beyond the data, per nationality and month (core/demand.c) */
    MIG_N_RNG_PURPOSES
} mig_rng_purpose;

/* SplitMix64's finaliser: a bijective 64-bit mixer with full avalanche. */
static inline uint64_t mig_mix64(uint64_t z)
{
    z ^= z >> 30;
    z *= 0xbf58476d1ce4e5b9ULL;
    z ^= z >> 27;
    z *= 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z;
}

/* The stream key of a purpose under a seed. */
static inline uint64_t mig_rng_purpose_key(uint64_t seed, mig_rng_purpose p)
{
    return mig_mix64(mig_mix64(seed ^ 0x6d696773696d0000ULL) + (uint64_t)p * 0x9e3779b97f4a7c15ULL);
}

/* The half of a sub-key that depends only on x: hoist it out of loops over agents. */
static inline uint64_t mig_rng_premix(uint64_t x)
{
    return mig_mix64(x + 0x9e3779b97f4a7c15ULL);
}

/* A sub-key: combine a key with one more integer (agent key, day, nationality, ...). */
static inline uint64_t mig_rng_subkey(uint64_t key, uint64_t x)
{
    return mig_mix64(key ^ mig_rng_premix(x));
}

/* mig_rng_subkey(key, x) given premix = mig_rng_premix(x). */
static inline uint64_t mig_rng_subkey_premixed(uint64_t key, uint64_t premix)
{
    return mig_mix64(key ^ premix);
}

/* Draw number n of stream key as 64 random bits. */
static inline uint64_t mig_bits(uint64_t key, uint64_t n)
{
    return mig_mix64(key + (n + 1) * 0xd1342543de82ef95ULL);
}

/* Draw number n of stream key as a double uniform in [0, 1). */
static inline double mig_u01(uint64_t key, uint64_t n)
{
    return (double)(mig_bits(key, n) >> 11) * 0x1.0p-53;
}

/* GSL view of a stream: state is the key and a counter. */
typedef struct mig_stream_state {
    uint64_t key;
    uint64_t n;
} mig_stream_state;

extern const gsl_rng_type *mig_rng_gsl_type;

/* Allocate a GSL generator of type mig_rng_gsl_type; NULL if out of memory. */
gsl_rng *mig_rng_gsl_new(void);

/* Point a generator at stream key, counter reset to 0. */
void mig_rng_gsl_reset(gsl_rng *r, uint64_t key);

#endif
