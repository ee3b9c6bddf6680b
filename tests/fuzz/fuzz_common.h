/* Helpers shared by the fuzz targets: a reader over the fuzzer's bytes, an
 * allocator that counts live blocks, and the invariant check. Header-only,
 * so each target is one translation unit plus replay_main.c or libFuzzer. */
#ifndef TNN_FUZZ_COMMON_H
#define TNN_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinynn/tinynn.h"

#ifndef TNN_HAVE_TRAINING /* builds from before the -Dtraining option */
#define TNN_HAVE_TRAINING 1
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the library broke: report and abort, which libFuzzer
 * (and the replay runner) treat as a crash. */
#define FUZZ_CHECK(cond)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);       \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* An invariant broke in a way the caller has described already. */
#define FUZZ_FAIL(what)                                                                        \
    do {                                                                                       \
        fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, (what));          \
        abort();                                                                               \
    } while (0)

typedef struct fuzz_input {
    const uint8_t *data;
    size_t size, pos;
} fuzz_input;

/* Bytes run out as zeros, so every input decodes to something. */
static inline uint8_t fuzz_u8(fuzz_input *in)
{
    return in->pos < in->size ? in->data[in->pos++] : 0;
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | fuzz_u8(in);
    return v;
}

/* 0 .. n - 1 */
static inline size_t fuzz_below(fuzz_input *in, size_t n)
{
    return n == 0 ? 0 : fuzz_u8(in) % n;
}

static inline bool fuzz_bool(fuzz_input *in)
{
    return (fuzz_u8(in) & 1) != 0;
}

/* Mostly ordinary values in [-4, 4], sometimes the ones that break code:
 * NaN, infinities, huge, tiny, signed zeros. */
static inline double fuzz_double(fuzz_input *in)
{
    uint8_t b = fuzz_u8(in);
    if (b < 224)
        return ((double)b - 112.0) / 28.0;
    switch (b - 224) {
    case 0: return (double)NAN;
    case 1: return (double)INFINITY;
    case 2: return -(double)INFINITY;
    case 3: return 1e30;
    case 4: return -1e30;
    case 5: return (double)FLT_MAX;
    case 6: return DBL_MAX;
    case 7: return 1e-30;
    case 8: return -0.0;
    case 9: return 1e6;
    case 10: return 1e-7;
    case 11: return 0.5;
    case 12: return 1.0;
    default: { /* raw bits of a double */
        uint64_t bits = ((uint64_t)fuzz_u32(in) << 32) | fuzz_u32(in);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    }
}

/* A tnn_real; doubles out of float range become infinities as IEEE
 * conversion gives them, without relying on the undefined C conversion. */
static inline tnn_real fuzz_real(fuzz_input *in)
{
    double d = fuzz_double(in);
#if !TNN_REAL_IS_DOUBLE
    if (d > (double)FLT_MAX)
        return (tnn_real)INFINITY;
    if (d < -(double)FLT_MAX)
        return -(tnn_real)INFINITY;
#endif
    return (tnn_real)d;
}

/* malloc/free through tnn_allocator hooks, with a count of live blocks
 * (what the fuzzer proves is zero after every input) and an optional
 * failure of the n-th allocation. */
typedef struct fuzz_alloc {
    tnn_allocator hooks;
    size_t live, calls, fail_at;
} fuzz_alloc;

static inline void *fuzz_alloc_fn(void *ctx, size_t size)
{
    fuzz_alloc *a = ctx;
    a->calls++;
    if (a->fail_at != 0 && a->calls == a->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        a->live++;
    return p;
}

static inline void fuzz_free_fn(void *ctx, void *ptr, size_t size)
{
    fuzz_alloc *a = ctx;
    (void)size;
    FUZZ_CHECK(a->live > 0);
    a->live--;
    free(ptr);
}

static inline void fuzz_alloc_init(fuzz_alloc *a, size_t fail_at)
{
    a->hooks.alloc = fuzz_alloc_fn;
    a->hooks.free = fuzz_free_fn;
    a->hooks.ctx = a;
    a->live = 0;
    a->calls = 0;
    a->fail_at = fail_at;
}

/* Every status the library may return. */
static inline bool fuzz_status_known(tnn_status st)
{
    return st <= TNN_OK && st >= (tnn_status)-20 &&
           strcmp(tnn_status_message(st), "unknown status code") != 0;
}

static inline bool fuzz_all_finite(const tnn_real *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite((double)v[i]))
            return false;
    return true;
}

/* An exact-size heap buffer (so ASan sees every overrun); never NULL. */
static inline void *fuzz_buffer(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);
    FUZZ_CHECK(p != NULL);
    return p;
}

#endif /* TNN_FUZZ_COMMON_H */
