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

#include "internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "scaler.c needs double arithmetic without excess precision (x86: use SSE2)"
#endif

/* The numbers fit sums: column col of x itself, or of x - shift, or of
 * (x - shift)^2, element (row, col) of a row-major n_rows x n_cols array. */
typedef enum summand {
    SUMMAND_VALUE,
    SUMMAND_DEVIATION,
    SUMMAND_SQUARED_DEVIATION
} summand;

typedef struct column {
    const double *x;
    size_t n_cols;
    size_t col;
    summand what;
    double shift;
} column;

static double column_element(const column *c, size_t row)
{
    double v = c->x[row * c->n_cols + c->col];
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

tnn_status tnn_scaler_fit(const double *x, size_t n_rows, size_t n_cols, double *mean,
                          double *scale)
{
    if (x == NULL || mean == NULL || scale == NULL || n_rows == 0 || n_cols == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    if (!tnn__mul(n_rows, n_cols, &count))
        return TNN_E_OVERFLOW;
    for (size_t i = 0; i < count; ++i) {
        if (!isfinite(x[i]))
            return TNN_E_NON_FINITE;
    }

    const double n = (double)n_rows;
    const double eps = DBL_EPSILON;
    for (size_t j = 0; j < n_cols; ++j) {
        column c = {x, n_cols, j, SUMMAND_VALUE, 0.0};
        double sum = column_sum(&c, n_rows);
        /* sklearn: updated_mean = (last_sum + new_sum) / n with last_sum 0. */
        double col_mean = (0.0 + sum) / n;
        c.shift = sum / n; /* sklearn's T */
        c.what = SUMMAND_DEVIATION;
        double correction = column_sum(&c, n_rows);
        c.what = SUMMAND_SQUARED_DEVIATION;
        double squares = column_sum(&c, n_rows);
        double var = (squares - correction * correction / n) / n;

        /* _is_constant_feature: var within the two-pass algorithm's error. */
        double n_mean_eps = n * col_mean * eps;
        double upper_bound = n * eps * var + n_mean_eps * n_mean_eps;
        mean[j] = col_mean;
        scale[j] = var <= upper_bound ? 1.0 : sqrt(var);
    }
    return TNN_OK;
}

static bool scaler_args_ok(const double *mean, const double *scale, const double *x,
                           size_t n_rows, size_t n_cols, const double *out)
{
    return mean != NULL && scale != NULL && x != NULL && out != NULL && n_rows != 0 &&
           n_cols != 0;
}

tnn_status tnn_scaler_transform(const double *mean, const double *scale, const double *x,
                                size_t n_rows, size_t n_cols, double *out)
{
    if (!scaler_args_ok(mean, scale, x, n_rows, n_cols, out))
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    if (!tnn__mul(n_rows, n_cols, &count))
        return TNN_E_OVERFLOW;
    for (size_t j = 0; j < n_cols; ++j) {
        if (scale[j] == 0.0)
            return TNN_E_INVALID_ARGUMENT;
    }
    /* sklearn: X -= mean_; X /= scale_ (two roundings). */
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        out[i] = (x[i] - mean[j]) / scale[j];
    }
    return TNN_OK;
}

tnn_status tnn_scaler_inverse_transform(const double *mean, const double *scale,
                                        const double *x, size_t n_rows, size_t n_cols,
                                        double *out)
{
    if (!scaler_args_ok(mean, scale, x, n_rows, n_cols, out))
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    if (!tnn__mul(n_rows, n_cols, &count))
        return TNN_E_OVERFLOW;
    /* sklearn: X *= scale_; X += mean_. */
    for (size_t i = 0; i < count; ++i) {
        size_t j = i % n_cols;
        out[i] = x[i] * scale[j] + mean[j];
    }
    return TNN_OK;
}
