/* A portable, correctly rounded natural logarithm.
 *
 * numpy's legacy Gaussian passes log(r2) straight into its output, and C
 * libraries disagree in the last bit of log (glibc, newlib, musl, ...). To
 * give equal doubles everywhere we compute log in double-double arithmetic
 * (about 104 significant bits) and round once at the end. The result is the
 * correctly rounded logarithm unless the exact value lies within ~2^-100 of
 * a rounding midpoint, which no realistic input hits; glibc's log, which
 * numpy uses on Linux, is correctly rounded in the same practical sense.
 *
 * Double-double tricks need every operation rounded to double on its own:
 * no fused multiply-add and no x87 excess precision. */
#include <float.h>
#include <math.h> /* HUGE_VAL and NAN only: no libm function is called */
#include <stdint.h>
#include <string.h>

#include "data/rng_log.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "rng_log.c needs double arithmetic without excess precision (x86: use SSE2, -mfpmath=sse)"
#endif
#if defined(__FAST_MATH__)
#error "rng_log.c must not be built with -ffast-math: it relies on exact IEEE rounding"
#endif

/* An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2. */
typedef struct dd {
    double hi;
    double lo;
} dd;

/* a + b exactly, for any a and b (Knuth). */
static dd two_sum(double a, double b)
{
    double s = a + b;
    double b_part = s - a;
    double a_part = s - b_part;
    dd r = {s, (a - a_part) + (b - b_part)};
    return r;
}

/* a + b exactly when |a| >= |b| (Dekker). */
static dd fast_two_sum(double a, double b)
{
    double s = a + b;
    dd r = {s, b - (s - a)};
    return r;
}

/* Veltkamp's split: a = hi + lo with both halves fitting in 26 bits, so
 * their products are exact. 134217729 = 2^27 + 1. */
static void split(double a, double *hi, double *lo)
{
    double t = 134217729.0 * a;
    *hi = t - (t - a);
    *lo = a - *hi;
}

/* a * b exactly, without needing an fma instruction (Dekker). */
static dd two_prod(double a, double b)
{
    double a_hi, a_lo, b_hi, b_lo;
    double p = a * b;
    split(a, &a_hi, &a_lo);
    split(b, &b_hi, &b_lo);
    double err = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
    dd r = {p, err};
    return r;
}

static dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi);
    dd t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}

static dd dd_mul(dd a, dd b)
{
    dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}

/* num / den for an exact double numerator. */
static dd dd_div(double num, dd den)
{
    double q = num / den.hi;
    dd p = two_prod(q, den.hi);
    /* num - p.hi is exact (Sterbenz): q * den.hi is within a rounding of num. */
    double rem = ((num - p.hi) - p.lo) - q * den.lo;
    return fast_two_sum(q, rem / den.hi);
}

/* 1 / (2k + 1) for k = 0 .. 10 as double-doubles: the terms of the atanh
 * series that still matter at double-double precision. */
static const dd atanh_coef[11] = {
    {0x1p+0, 0x0p+0},
    {0x1.5555555555555p-2, 0x1.5555555555555p-56},
    {0x1.999999999999ap-3, -0x1.999999999999ap-57},
    {0x1.2492492492492p-3, 0x1.2492492492492p-57},
    {0x1.c71c71c71c71cp-4, 0x1.c71c71c71c71cp-58},
    {0x1.745d1745d1746p-4, -0x1.745d1745d1746p-59},
    {0x1.3b13b13b13b14p-4, -0x1.3b13b13b13b14p-58},
    {0x1.1111111111111p-4, 0x1.1111111111111p-60},
    {0x1.e1e1e1e1e1e1ep-5, 0x1.e1e1e1e1e1e1ep-61},
    {0x1.af286bca1af28p-5, 0x1.af286bca1af28p-59},
    {0x1.8618618618618p-5, 0x1.8618618618618p-59},
};

/* 1 / (2k + 1) for k = 11 .. 21: these terms are below 2^-56 of the sum,
 * so plain double precision is enough for them. */
static const double atanh_tail_coef[11] = {
    0x1.642c8590b2164p-5, 0x1.47ae147ae147bp-5, 0x1.2f684bda12f68p-5, 0x1.1a7b9611a7b96p-5,
    0x1.0842108421084p-5, 0x1.f07c1f07c1f08p-6, 0x1.d41d41d41d41dp-6, 0x1.bacf914c1bad0p-6,
    0x1.a41a41a41a41ap-6, 0x1.8f9c18f9c18fap-6, 0x1.7d05f417d05f4p-6,
};

/* ln 2 as a double-double. */
static const dd ln2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};

/* log(m) for m in [sqrt(1/2), sqrt(2)): log m = 2 atanh(s) with
 * s = (m - 1) / (m + 1), |s| < 0.1716, and
 * atanh(s) = s * sum_k s^2k / (2k + 1). With s^2 < 0.0295 the series has
 * converged past 2^-106 after k = 21. */
static dd log_reduced(double m)
{
    double num = m - 1.0; /* exact for m in [0.5, 2] */
    dd s = dd_div(num, two_sum(m, 1.0));
    dd u = dd_mul(s, s);

    double tail = 0.0;
    for (int k = 10; k >= 0; --k)
        tail = atanh_tail_coef[k] + u.hi * tail;

    dd acc = {tail, 0.0};
    acc = dd_mul(acc, u); /* the tail series starts at u^11 relative to k = 10's term */
    for (int k = 10; k >= 0; --k) {
        acc = dd_add(atanh_coef[k], acc);
        if (k > 0)
            acc = dd_mul(acc, u);
    }
    dd r = dd_mul(s, acc);
    r.hi *= 2.0;
    r.lo *= 2.0;
    return r;
}

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double double_of(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

double tnn__rng_log(double x)
{
    if (x != x || x < 0.0)
        return (double)NAN;
    if (x == 0.0)
        return -HUGE_VAL;
    if (x > DBL_MAX)
        return x;

    int k = 0;
    if (x < DBL_MIN) { /* subnormal: make it normal first, exactly */
        x *= 0x1p54;
        k = -54;
    }
    /* x = m * 2^k with m in [1, 2), then m moved to [sqrt(1/2), sqrt(2)). */
    uint64_t b = bits_of(x);
    k += (int)((b >> 52) & 0x7ff) - 1023;
    double m = double_of((b & UINT64_C(0x000fffffffffffff)) | UINT64_C(0x3ff0000000000000));
    if (m > 0x1.6a09e667f3bcdp+0) {
        m *= 0.5;
        k += 1;
    }

    dd r = log_reduced(m);
    if (k != 0) {
        double kd = (double)k;
        dd k_ln2 = two_prod(kd, ln2.hi);
        k_ln2.lo += kd * ln2.lo;
        r = dd_add(fast_two_sum(k_ln2.hi, k_ln2.lo), r);
    }
    return r.hi + r.lo;
}
