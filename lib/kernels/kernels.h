/* Helpers of the hot loops (dense.c, activation.c, gradient.c,
 * inspect_grid.c): function multi-versioning and vectorisable exp / log.
 * Not installed. */
#ifndef TINYNN_KERNELS_H
#define TINYNN_KERNELS_H

#include <string.h>

#include "core/internal.h"

/* The files that include this header are built with the hot loops' flags
 * (lib/meson.build, kernel_flag_args): GCC fuses a * b + c into one FMA
 * where the target has it (-ffp-contract=fast), as clang does by default,
 * in every one of them alike, so that the same formula rounds the same way
 * in the training, inference and grid paths. The x86-64-v3 versions then
 * differ from the portable one in rounding only, never in the order of
 * sums. A file built without those flags would round differently. */
#ifndef TNN_KERNEL_FLAGS
#error "kernels/kernels.h: build this file with the hot loops' flags (lib/meson.build)"
#endif

/* TNN_KERNEL (function multi-versioning of the kernels): internal.h. */

/* The kernel variant, meson's option `kernels` (lib/meson.build defines
 * TNN_PORTABLE_KERNELS and TNN_COMPACT_KERNELS to match it). The compact
 * kernels keep only the row-at-a-time loops and leave out the register
 * tiles and row-vector paths, which cost kilobytes of flash; both sum every
 * output in the same order, so the results are the same. `auto` builds them
 * in size-optimised builds (-Os: firmware), `compact` always, `portable`
 * never. */
#ifndef TNN_COMPACT_KERNELS
#if defined(__OPTIMIZE_SIZE__)
#define TNN_COMPACT_KERNELS 1
#else
#define TNN_COMPACT_KERNELS 0
#endif
#endif

/* Kernels written with GCC and clang's vector extensions (the register
 * tiles of dense.c, the narrow and fan gradient paths) have a plain C
 * version with the same order of sums, built instead for other compilers,
 * with the compact kernels, and with TNN_PORTABLE_KERNELS (-Dkernels=portable),
 * so that the test suite runs each version (tests/run-all.sh). */
#if defined(__GNUC__) && !TNN_COMPACT_KERNELS && !defined(TNN_PORTABLE_KERNELS)
#define TNN_VECTOR_CODE 1
#else
#define TNN_VECTOR_CODE 0
#endif

#if TNN_VECTOR_CODE
/* Eight values in lanes (rows or units), for the vector code, lowered to
 * whatever the target has. */
typedef tnn_real tnn_v8 __attribute__((vector_size(8 * sizeof(tnn_real))));
#if TNN_REAL_IS_DOUBLE
typedef int64_t tnn_m8 __attribute__((vector_size(8 * sizeof(tnn_real))));
#else
typedef int32_t tnn_m8 __attribute__((vector_size(8 * sizeof(tnn_real))));
#endif
/* Unaligned load and store (macros: passing vectors by value would change
 * the ABI between the clones), through a vector type aligned like its
 * elements that may alias them: compilers move vectors straight between
 * memory and registers (with memcpy GCC bounced them through the stack, a
 * store-forwarding stall per vector). */
typedef tnn_real tnn_u8
    __attribute__((vector_size(8 * sizeof(tnn_real)), aligned(sizeof(tnn_real)), may_alias));
#define TNN_VLOAD(v, p) ((v) = *(const tnn_u8 *)(const void *)(p))
#define TNN_VSTORE(p, v) (*(tnn_u8 *)(void *)(p) = (v))
#endif

/* a * b + c in the plain C kernels' sums. Where the whole build targets
 * FMA (FP_FAST_FMA: -march=native, AArch64, Cortex-M4F) it is fma(), so
 * that it stays fused whatever the vectoriser makes of the loop around it:
 * GCC may compile a loop of sums acc += a * b into a vector of products
 * added one at a time (an in-order reduction), which rounds each product
 * where the other paths fuse them. Without it FMA comes only from the
 * x86-64-v3 clones, whose sums are vector code (contracted as written) or
 * loops over separate outputs (never reductions). */
#if TNN_REAL_IS_DOUBLE && (defined(FP_FAST_FMA) || defined(__FP_FAST_FMA))
#define TNN_MADD(a, b, c) fma((a), (b), (c))
#elif !TNN_REAL_IS_DOUBLE && (defined(FP_FAST_FMAF) || defined(__FP_FAST_FMAF))
#define TNN_MADD(a, b, c) fmaf((a), (b), (c))
#else
#define TNN_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* Helpers of kernels: always inlined, so that each version of a kernel
 * gets them compiled for its own target. */
#if defined(__GNUC__)
#define TNN_INLINE static inline __attribute__((always_inline))
#else
#define TNN_INLINE static inline
#endif

/* Rows per group of the gradient's row sums in the narrow path
 * (gradient_narrow.c): sums over rows go in fixed groups of this many rows,
 * so the gradient does not depend on how rows are split into blocks. */
#define TNN_GROUP_ROWS 16u

#if TNN_REAL_IS_DOUBLE
/* The double build is the reference build: libm everywhere. */
TNN_INLINE tnn_real tnn__exp(tnn_real x)
{
    return exp(x);
}
TNN_INLINE tnn_real tnn__log(tnn_real x)
{
    return log(x);
}
#else
/* Type punning through a union (defined in C11), which compilers keep in
 * registers inside vectorised loops (memcpy would not be if-converted). */
typedef union tnn__pun {
    float f;
    uint32_t u;
} tnn__pun;

TNN_INLINE uint32_t tnn__bits(float x)
{
    tnn__pun p;
    p.f = x;
    return p.u;
}

TNN_INLINE float tnn__float(uint32_t u)
{
    tnn__pun p;
    p.u = u;
    return p.f;
}

/* c ? a : b on bit masks: GCC if-converts (and so vectorises) a loop of
 * these where a chain of float ?: would stay a branch. */
TNN_INLINE float tnn__self(int32_t c, float a, float b)
{
    const uint32_t m = (uint32_t)0 - (uint32_t)(c != 0);
    return tnn__float((tnn__bits(a) & m) | (tnn__bits(b) & ~m));
}

/* expf without branches or calls, so loops over it vectorise (Cephes'
 * polynomial, Cody-Waite reduction). Within 2 ulps of a correctly rounded
 * expf for x in [-87.3, 88.3] (tests/test_kernels.c checks it against libm);
 * clamps beyond: exp(x) for x < -87.3 gives about 1e-38 (not 0 or a
 * subnormal), for x > 88.7 FLT_MAX-ish values; NaN stays NaN. */
TNN_INLINE float tnn__exp_body(float x)
{
    const float hi = 88.3762626647949f, lo = -87.3365447504f;
    float xc = tnn__self(x < hi, x, hi); /* NaN becomes hi here; restored at the end */
    xc = tnn__self(xc > lo, xc, lo);
    /* n = round(x / ln 2) with the 1.5 * 2^23 trick (no libm call) */
    const float shifter = 12582912.0f;
    float n = (xc * 1.44269504088896341f + shifter) - shifter;
    float r = xc - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float z = r * r;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * z + r + 1.0f;
    /* scale by 2^n in two steps so n = 128 or -127 do not overflow the
     * exponent field */
    int32_t ni = (int32_t)n;
    int32_t n1 = ni / 2, n2 = ni - n1;
    y *= tnn__float((uint32_t)(n1 + 127) << 23);
    y *= tnn__float((uint32_t)(n2 + 127) << 23);
    return tnn__self(x != x, x, y);
}

/* logf without branches or calls (Cephes' polynomial). Within 2 ulps of
 * libm on the positive floats, subnormals included (scaled by 2^23 first);
 * log(+inf) = +inf, log(+-0) = -inf, and NaN for NaN and negative x, as
 * libm (tests/test_kernels.c). Used by the cross-entropies (loss_rules.h,
 * loss.c) on arguments in [1, units]. */
TNN_INLINE float tnn__log_body(float x)
{
    const int32_t tiny = x < 1.17549435e-38f; /* FLT_MIN; also 0, negatives */
    uint32_t u = tnn__bits(tnn__self(tiny, x * 8388608.0f, x));
    int32_t e = (int32_t)(u >> 23) - 126 - (-tiny & 23);
    float m = tnn__float((u & 0x007fffffu) | 0x3f000000u); /* [0.5, 1) */
    const int32_t small = m < 0.707106781186547524f;
    e -= small;
    const float twice = tnn__self(small, m, 0.0f);
    m = (m + twice) - 1.0f;
    float z = m * m;
    float y = 7.0376836292e-2f;
    y = y * m - 1.1514610310e-1f;
    y = y * m + 1.1676998740e-1f;
    y = y * m - 1.2420140846e-1f;
    y = y * m + 1.4249322787e-1f;
    y = y * m - 1.6668057665e-1f;
    y = y * m + 2.0000714765e-1f;
    y = y * m - 2.4999993993e-1f;
    y = y * m + 3.3333331174e-1f;
    y = y * m * z;
    const float fe = (float)e;
    y += fe * -2.12194440e-4f;
    y += -0.5f * z;
    float r = (m + y) + fe * 0.693359375f;
    r = tnn__self(x == tnn__float(0x7f800000u), x, r);          /* log(+inf) = +inf */
    r = tnn__self(x == 0.0f, tnn__float(0xff800000u), r);       /* log(+-0) = -inf */
    return tnn__self(!(x >= 0.0f), tnn__float(0x7fc00000u), r); /* NaN, x < 0: NaN */
}

#if TNN_COMPACT_KERNELS
/* Size-optimised builds keep one copy of each in flash (activation.c)
 * instead of one per caller: same code, same values. */
float tnn__exp_shared(float x);
float tnn__log_shared(float x);
TNN_INLINE float tnn__exp(float x)
{
    return tnn__exp_shared(x);
}
TNN_INLINE float tnn__log(float x)
{
    return tnn__log_shared(x);
}
#else
TNN_INLINE float tnn__exp(float x)
{
    return tnn__exp_body(x);
}
TNN_INLINE float tnn__log(float x)
{
    return tnn__log_body(x);
}
#endif
#endif

/* c ? a : b for tnn_real, vectorisable. */
#if TNN_REAL_IS_DOUBLE
#define TNN_SEL(c, a, b) ((c) ? (a) : (b))
#else
#define TNN_SEL(c, a, b) tnn__self((c), (a), (b))
#endif

/* Logistic sigmoid without overflow and without a branch per element. */
TNN_INLINE tnn_real tnn__sigmoid(tnn_real z)
{
    const int32_t pos = z >= 0;
    const tnn_real e = tnn__exp(TNN_SEL(pos, -z, z)); /* exp(-|z|) <= 1 */
    const tnn_real s = (tnn_real)1 / ((tnn_real)1 + e);
    return TNN_SEL(pos, s, e * s);
}

/* Whether the vector kernels can apply the activation in registers as
 * they form z (ReLU: keep the lanes where z > 0), with no pass of its own. */
TNN_INLINE bool tnn__act_in_registers(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_RELU: return true;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_SOFTMAX: return false;
    }
    return false;
}

/* Elementwise activation of n values (every kind but softmax, which
 * works on whole rows: tnn__softmax_row). */
TNN_INLINE void tnn__act_elementwise(tnn_activation act, tnn_real *restrict v, size_t n)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_SOFTMAX: break;
    case TNN_ACT_STEP:
        for (size_t i = 0; i < n; i++)
            v[i] = v[i] >= 0 ? (tnn_real)1 : (tnn_real)0;
        break;
    case TNN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            v[i] = tnn__sigmoid(v[i]);
        break;
    case TNN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            v[i] = TNN_TANH(v[i]);
        break;
    case TNN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            v[i] = v[i] > 0 ? v[i] : (tnn_real)0;
        break;
    }
}

/* delta *= f'(z) over n values, through the activation's output a (every
 * kind but softmax, whose Jacobian couples a row: activation.c). */
TNN_INLINE void tnn__act_backward_elementwise(tnn_activation act, const tnn_real *restrict a,
                                              tnn_real *restrict delta, size_t n)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_SOFTMAX: break;
    case TNN_ACT_STEP: /* no gradient: callers refuse step layers before */
        for (size_t i = 0; i < n; i++)
            delta[i] = 0;
        break;
    case TNN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            delta[i] *= a[i] * ((tnn_real)1 - a[i]);
        break;
    case TNN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            delta[i] *= (tnn_real)1 - a[i] * a[i];
        break;
    case TNN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            delta[i] = a[i] > 0 ? delta[i] : (tnn_real)0;
        break;
    }
}

/* Softmax of one row; shifting by the row maximum keeps every exponent
 * <= 0, so large |z| cannot overflow. */
TNN_INLINE void tnn__softmax_row(tnn_real *z, size_t units)
{
    tnn_real max = z[0];
    for (size_t j = 1; j < units; j++)
        max = z[j] > max ? z[j] : max;
    tnn_real sum = 0;
    for (size_t j = 0; j < units; j++) {
        z[j] = tnn__exp(z[j] - max);
        sum += z[j];
    }
    for (size_t j = 0; j < units; j++)
        z[j] /= sum;
}

#endif /* TINYNN_KERNELS_H */
