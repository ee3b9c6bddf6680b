/* numpy's legacy RandomState, bit for bit: MT19937 seeded like
 * np.random.seed(int) and the legacy draws built on it (random_sample,
 * the polar-method Gaussian, uniform, randint/choice, permutation).
 *
 * Every floating-point expression here is written in numpy's order and must
 * be evaluated exactly so: no fused multiply-add (meson builds this file with
 * -ffp-contract=off; clang also honours the pragma), no excess precision. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "data/mt19937.h"
#include "data/rng_log.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "rng.c needs double arithmetic without excess precision (x86: use SSE2, -mfpmath=sse)"
#endif

struct tnn_rng {
    uint32_t magic;      /* TNN_MAGIC_RNG while live */
    tnn__mt mt;          /* the MT19937 state */
    double gauss;        /* second value of the last polar-method pair */
    bool has_gauss;      /* gauss is waiting to be returned */
    bool owned;          /* made by tnn_rng_new: free through alloc */
    tnn_allocator alloc; /* the hooks tnn_rng_new was given (NULL hooks: malloc) */
};

static bool rng_is_live(const tnn_rng *rng)
{
    return rng != NULL && rng->magic == TNN_MAGIC_RNG;
}

/* numpy's legacy seeding for an integer seed: init_genrand (array seeds
 * would go through init_by_array instead). */
static void mt_seed(tnn_rng *rng, uint32_t seed)
{
    tnn__mt_seed(&rng->mt, seed);
    /* np.random.seed() also forgets a cached Gaussian. */
    rng->has_gauss = false;
    rng->gauss = 0.0;
}

static uint32_t mt_next(tnn_rng *rng)
{
    return tnn__mt_next(&rng->mt);
}

/* numpy's next_uint64 for MT19937: the first word is the high half. */
static uint64_t mt_next64(tnn_rng *rng)
{
    uint64_t high = mt_next(rng);
    uint64_t low = mt_next(rng);
    return (high << 32) | low;
}

/* 53 random bits: 27 from one word, 26 from the next. */
static double mt_next_double(tnn_rng *rng)
{
    uint32_t a = mt_next(rng) >> 5;
    uint32_t b = mt_next(rng) >> 6;
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

/* A uniform integer in [0, max] by numpy's masked rejection: draw words,
 * keep the bits of the smallest all-ones mask covering max, retry while the
 * value exceeds max. Ranges that fit in 32 bits use one word per try, wider
 * ones two. max == 0 draws nothing. This is numpy's random_interval, and
 * also what its legacy randint does (random_bounded_uint64_fill, masked). */
static uint64_t mt_interval(tnn_rng *rng, uint64_t max)
{
    if (max == 0)
        return 0;
    uint64_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;

    uint64_t value;
    if (max <= UINT32_MAX) {
        uint32_t mask32 = (uint32_t)mask;
        do
            value = mt_next(rng) & mask32;
        while (value > max);
    } else {
        do
            value = mt_next64(rng) & mask;
        while (value > max);
    }
    return value;
}

/* Two's-complement reinterpretation without implementation-defined casts. */
static int64_t int64_from_bits(uint64_t u)
{
    if (u <= (uint64_t)INT64_MAX)
        return (int64_t)u;
    return -(int64_t)(~u) - 1;
}

size_t tnn_rng_size(void)
{
    return sizeof(tnn_rng);
}

tnn_status tnn_rng_init(tnn_rng **rng, void *mem, size_t size, uint32_t seed)
{
    if (rng == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status status = tnn__check_mem(mem, size, sizeof(tnn_rng));
    if (status != TNN_OK)
        return status;

    tnn_rng *r = mem;
    memset(r, 0, sizeof *r);
    r->magic = TNN_MAGIC_RNG;
    mt_seed(r, seed);
    *rng = r;
    return TNN_OK;
}

tnn_status tnn_rng_new(tnn_rng **rng, uint32_t seed, const tnn_allocator *alloc)
{
    if (rng == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (alloc != NULL && (alloc->alloc == NULL || alloc->free == NULL))
        return TNN_E_INVALID_ARGUMENT;

    void *mem = tnn__alloc(alloc, sizeof(tnn_rng));
    if (mem == NULL)
        return TNN_E_OUT_OF_MEMORY;
    tnn_rng *r = NULL;
    tnn_status status = tnn_rng_init(&r, mem, sizeof(tnn_rng), seed);
    if (status != TNN_OK) { /* only if the allocator broke its alignment promise */
        tnn__free(alloc, mem, sizeof(tnn_rng));
        return status;
    }
    r->owned = true;
    if (alloc != NULL)
        r->alloc = *alloc;
    *rng = r;
    return TNN_OK;
}

void tnn_rng_free(tnn_rng *rng)
{
    /* A generator placed by tnn_rng_init lives in the caller's memory: left alone. */
    if (!rng_is_live(rng) || !rng->owned)
        return;
    tnn_allocator alloc = rng->alloc;
    rng->magic = 0;
    tnn__free(alloc.alloc != NULL ? &alloc : NULL, rng, sizeof(tnn_rng));
}

void tnn_rng_seed(tnn_rng *rng, uint32_t seed)
{
    if (rng_is_live(rng))
        mt_seed(rng, seed);
}

uint32_t tnn_rng_next_u32(tnn_rng *rng)
{
    return rng_is_live(rng) ? mt_next(rng) : 0u;
}

double tnn_rng_random_sample(tnn_rng *rng)
{
    return rng_is_live(rng) ? mt_next_double(rng) : (double)NAN;
}

/* numpy's legacy_gauss: Marsaglia's polar method. Each accepted point gives
 * two Gaussians; the first one computed (f * x1) is cached and returned by
 * the next call, the second (f * x2) is returned now. */
double tnn_rng_standard_normal(tnn_rng *rng)
{
    if (!rng_is_live(rng))
        return (double)NAN;
    if (rng->has_gauss) {
        double cached = rng->gauss;
        rng->has_gauss = false;
        rng->gauss = 0.0;
        return cached;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * mt_next_double(rng) - 1.0;
        x2 = 2.0 * mt_next_double(rng) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * tnn__rng_log(r2) / r2);
    rng->gauss = f * x1;
    rng->has_gauss = true;
    return f * x2;
}

double tnn_rng_uniform(tnn_rng *rng, double low, double high)
{
    double range = high - low;
    /* numpy raises OverflowError before drawing anything. */
    if (!rng_is_live(rng) || !isfinite(range))
        return (double)NAN;
    return low + range * mt_next_double(rng);
}

tnn_status tnn_rng_uniform_fill(tnn_rng *rng, const double *low, const double *high,
                                size_t n_rows, size_t n_cols, double *out)
{
    if (!rng_is_live(rng) || low == NULL || high == NULL || out == NULL || n_rows == 0 ||
        n_cols == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t count, bytes;
    if (!tnn__mul(n_rows, n_cols, &count) || !tnn__mul(count, sizeof(double), &bytes))
        return TNN_E_OVERFLOW;
    /* Check every column before drawing, so nothing changes on failure. */
    for (size_t j = 0; j < n_cols; ++j) {
        if (!isfinite(low[j]) || !isfinite(high[j]) || !isfinite(high[j] - low[j]))
            return TNN_E_NON_FINITE;
    }
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        double range = high[j] - low[j];
        out[i] = low[j] + range * mt_next_double(rng);
    }
    return TNN_OK;
}

tnn_status tnn_rng_randint(tnn_rng *rng, int64_t low, int64_t high, int64_t *out)
{
    if (!rng_is_live(rng) || out == NULL || high <= low)
        return TNN_E_INVALID_ARGUMENT;
    /* numpy draws from the closed interval [low, high - 1] shifted to 0. */
    uint64_t max = (uint64_t)high - (uint64_t)low - 1u;
    uint64_t value = mt_interval(rng, max);
    *out = int64_from_bits((uint64_t)low + value);
    return TNN_OK;
}

tnn_status tnn_rng_choice(tnn_rng *rng, size_t n, size_t *out)
{
    if (!rng_is_live(rng) || out == NULL || n == 0)
        return TNN_E_INVALID_ARGUMENT;
    /* Legacy choice without p and with replacement is randint(0, n). */
    *out = (size_t)mt_interval(rng, (uint64_t)n - 1u);
    return TNN_OK;
}

tnn_status tnn_rng_permutation(tnn_rng *rng, size_t *out, size_t n)
{
    if (!rng_is_live(rng) || out == NULL || n == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t bytes;
    if (!tnn__mul(n, sizeof(size_t), &bytes)) /* no array of n indices exists */
        return TNN_E_OVERFLOW;
    for (size_t i = 0; i < n; ++i)
        out[i] = i;
    /* Legacy shuffle: Fisher-Yates from the back, j drawn from [0, i]. */
    for (size_t i = n - 1; i > 0; --i) {
        size_t j = (size_t)mt_interval(rng, (uint64_t)i);
        size_t tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
    }
    return TNN_OK;
}
