/* scikit-learn's StandardScaler (1.2.x), with its exact arithmetic.
 *
 * fit follows sklearn.utils.extmath._incremental_mean_and_var on a first
 * call: column sums as numpy's np.sum(X, axis=0) forms them, mean = sum / n,
 * then the corrected two-pass variance
 *     var = (sum (x - T)^2 - (sum (x - T))^2 / n) / n,   T = sum / n,
 * and scale = sqrt(var), set to 1 where sklearn's _is_constant_feature calls
 * the column constant. */
#include <float.h>
#include <math.h>

#include "core/internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "scaler.c needs double arithmetic without excess precision (x86: use SSE2)"
#endif

/* The numbers fit sums: column col of x itself, or of x - shift, or of
 * (x - shift)^2, element (row, col) of a row-major n_rows x n_cols array. */
typedef enum summand { SUMMAND_VALUE, SUMMAND_DEVIATION, SUMMAND_SQUARED_DEVIATION } summand;

typedef struct column {
    const double *x;
    size_t n_cols;
    size_t col;
    summand what;
    double shift;
    double factor; /* x is read times this: 1, or a power of two (fit) */
} column;

static double column_element(const column *c, size_t row)
{
    double v = c->x[row * c->n_cols + c->col] * c->factor;
    if (c->what == SUMMAND_VALUE)
        return v;
    double d = v - c->shift;
    return c->what == SUMMAND_DEVIATION ? d : d * d;
}

/* numpy's pairwise summation of rows first .. first + n - 1 (used when the
 * summed axis is the innermost loop): plain below 8 elements, eight
 * interleaved accumulators up to 128, split in two at a multiple of 8 above. */
static double pairwise_sum(const column *c, size_t first, size_t n)
{
    if (n < 8) {
        double sum = 0.0;
        for (size_t i = 0; i < n; ++i)
            sum += column_element(c, first + i);
        return sum;
    }
    if (n <= 128) {
        double acc[8];
        for (size_t k = 0; k < 8; ++k)
            acc[k] = column_element(c, first + k);
        size_t i = 8;
        for (; i < n - n % 8; i += 8) {
            for (size_t k = 0; k < 8; ++k)
                acc[k] += column_element(c, first + i + k);
        }
        double sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) +
                     ((acc[4] + acc[5]) + (acc[6] + acc[7]));
        for (; i < n; ++i)
            sum += column_element(c, first + i);
        return sum;
    }
    size_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(c, first, half) + pairwise_sum(c, first + half, n - half);
}

/* Column col of np.sum(v, axis=0) for a C-contiguous array, in numpy's
 * order. The reduction starts from 0. With several columns numpy walks the
 * rows in order and adds each whole row into the result, so each column is
 * a running sum. With one column the summed axis is contiguous and numpy
 * adds a pairwise sum of it. */
static double column_sum(const column *c, size_t n_rows)
{
    if (c->n_cols == 1)
        return 0.0 + pairwise_sum(c, 0, n_rows);
    double sum = 0.0;
    for (size_t i = 0; i < n_rows; ++i)
        sum += column_element(c, i);
    return sum;
}

/* The two-pass statistics of column j of x times `factor` (1, or a power
 * of two small enough that nothing overflows), in scikit-learn's order:
 * the mean, the variance and sklearn's constant-column test. False if a
 * step overflowed. */
static bool column_stats(const double *x, size_t n_rows, size_t n_cols, size_t j, double factor,
                         double *mean, double *var, bool *constant)
{
    const double n = (double)n_rows;
    const double eps = DBL_EPSILON;
    column c = {x, n_cols, j, SUMMAND_VALUE, 0.0, factor};
    double sum = column_sum(&c, n_rows);
    /* sklearn: updated_mean = (last_sum + new_sum) / n with last_sum 0. */
    *mean = (0.0 + sum) / n;
    c.shift = sum / n; /* sklearn's T */
    c.what = SUMMAND_DEVIATION;
    double correction = column_sum(&c, n_rows);
    c.what = SUMMAND_SQUARED_DEVIATION;
    double squares = column_sum(&c, n_rows);
    *var = (squares - correction * correction / n) / n;

    /* _is_constant_feature: var within the two-pass algorithm's error. */
    double n_mean_eps = n * *mean * eps;
    double upper_bound = n * eps * *var + n_mean_eps * n_mean_eps;
    *constant = *var <= upper_bound;
    return isfinite(*mean) && isfinite(*var) && isfinite(upper_bound);
}

/* Largest |x| of column j. */
static double column_max_abs(const double *x, size_t n_rows, size_t n_cols, size_t j)
{
    double m = 0.0;
    for (size_t i = 0; i < n_rows; ++i)
        m = fmax(m, fabs(x[i * n_cols + j]));
    return m;
}

tnn_status tnn_scaler_fit(const double *x, size_t n_rows, size_t n_cols, double *mean,
                          double *scale)
{
    if (x == NULL || mean == NULL || scale == NULL || n_rows == 0 || n_cols == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t count, bytes;
    if (!tnn__mul(n_rows, n_cols, &count) || !tnn__mul(count, sizeof(double), &bytes))
        return TNN_E_OVERFLOW;
    for (size_t i = 0; i < count; ++i) {
        if (!isfinite(x[i]))
            return TNN_E_NON_FINITE;
    }

    for (size_t j = 0; j < n_cols; ++j) {
        double col_mean, var;
        bool constant;
        int k = 0;
        const bool fits = column_stats(x, n_rows, n_cols, j, 1.0, &col_mean, &var, &constant);
        if (!fits || var < 0x1p-600) {
            /* Scaling a column by a power of two is exact and commutes with
             * every step (sums, differences, squares, quotients, the
             * square root), so the same formulas on x * 2^-k give the mean
             * times 2^-k and the variance times 2^-2k, bit for bit, unless
             * a step overflows or underflows in one of the two. Two cases
             * need it:
             * - values near DBL_MAX, where a sum, a squared deviation or
             *   the constant-column bound overflowed (scikit-learn gives a
             *   mean of inf, a scale of NaN, or calls the column
             *   constant): only possible when |x| reaches 2^400, and
             *   nothing overflows once it is below (for any row count);
             * - columns whose values are all below 2^-400, whose squared
             *   deviations may have underflowed to 0 (a spread column
             *   called constant): brought to [0.5, 1).
             * Values under 2^-624 times a column's largest may lose bits
             * when scaled down: far below its rounding error. */
            int e;
            (void)frexp(column_max_abs(x, n_rows, n_cols, j), &e);
            k = !fits ? e - 400 : e < -400 ? e : 0;
            if (!fits && k <= 0)
                return TNN_E_NON_FINITE; /* not reached for finite x (see above) */
            if (k != 0 &&
                !column_stats(x, n_rows, n_cols, j, ldexp(1.0, -k), &col_mean, &var, &constant))
                return TNN_E_NON_FINITE; /* not reached either */
        }
        /* the true mean and deviation of values within +-DBL_MAX are within
         * it too; a rounding above it (from 2^-k |x| sums) gets the limit */
        mean[j] = fmin(fmax(ldexp(col_mean, k), -DBL_MAX), DBL_MAX);
        scale[j] = constant ? 1.0 : fmin(ldexp(sqrt(var), k), DBL_MAX);
    }
    return TNN_OK;
}

static bool scaler_args_ok(const double *mean, const double *scale, const double *x,
                           size_t n_rows, size_t n_cols, const double *out)
{
    return mean != NULL && scale != NULL && x != NULL && out != NULL && n_rows != 0 &&
           n_cols != 0;
}

/* Checks the element count and its bytes, and the statistics: finite. */
static tnn_status scaler_check(const double *mean, const double *scale, size_t n_rows,
                               size_t n_cols, size_t *count)
{
    size_t bytes;
    if (!tnn__mul(n_rows, n_cols, count) || !tnn__mul(*count, sizeof(double), &bytes))
        return TNN_E_OVERFLOW;
    for (size_t j = 0; j < n_cols; ++j) {
        if (!isfinite(mean[j]) || !isfinite(scale[j]))
            return TNN_E_NON_FINITE;
    }
    return TNN_OK;
}

tnn_status tnn_scaler_transform(const double *mean, const double *scale, const double *x,
                                size_t n_rows, size_t n_cols, double *out)
{
    if (!scaler_args_ok(mean, scale, x, n_rows, n_cols, out))
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    tnn_status st = scaler_check(mean, scale, n_rows, n_cols, &count);
    if (st != TNN_OK)
        return st;
    for (size_t j = 0; j < n_cols; ++j) {
        if (scale[j] == 0.0)
            return TNN_E_INVALID_ARGUMENT;
    }
    /* sklearn: X -= mean_; X /= scale_ (two roundings). A finite value
     * whose result overflows is refused before anything is written. */
    bool ok = true;
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        ok &= !(isfinite(x[i]) && !isfinite((x[i] - mean[j]) / scale[j]));
    }
    if (!ok)
        return TNN_E_NON_FINITE;
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        out[i] = (x[i] - mean[j]) / scale[j];
    }
    return TNN_OK;
}

tnn_status tnn_scaler_inverse_transform(const double *mean, const double *scale, const double *x,
                                        size_t n_rows, size_t n_cols, double *out)
{
    if (!scaler_args_ok(mean, scale, x, n_rows, n_cols, out))
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    tnn_status st = scaler_check(mean, scale, n_rows, n_cols, &count);
    if (st != TNN_OK)
        return st;
    /* sklearn: X *= scale_; X += mean_. A finite value whose result
     * overflows is refused before anything is written. */
    bool ok = true;
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        ok &= !(isfinite(x[i]) && !isfinite(x[i] * scale[j] + mean[j]));
    }
    if (!ok)
        return TNN_E_NON_FINITE;
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        out[i] = x[i] * scale[j] + mean[j];
    }
    return TNN_OK;
}
