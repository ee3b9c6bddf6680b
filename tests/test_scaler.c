/* StandardScaler: fit, transform and inverse_transform equal, bit for bit,
 * to scikit-learn 1.2 (reference values from data/gen_data_reference.py),
 * and every error path. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tnn_test.h"
#include "data/scaler_ref.h"

/* Exact equality of doubles, down to the sign of zero. */
#define ck_assert_same_double(got, expected, i, j)                                             \
    do {                                                                                       \
        double got_ = (got), expected_ = (expected);                                           \
        ck_assert_msg(memcmp(&got_, &expected_, sizeof got_) == 0,                             \
                      "%s = %a, expected %a (at %zu, %zu)", #got, got_, expected_,             \
                      (size_t)(i), (size_t)(j));                                               \
    } while (0)

#define POS_INF ((double)INFINITY)
#define NOT_A_NUMBER ((double)NAN)

enum { MAX_VALUES = 1000, MAX_COLS = 8 };

START_TEST(fit_matches_sklearn)
{
    for (size_t c = 0; c < SCALER_REF_N_CASES; ++c) {
        const scaler_ref_case *rc = &scaler_ref_cases[c];
        ck_assert_uint_le(rc->n_cols, MAX_COLS);
        double mean[MAX_COLS], scale[MAX_COLS];
        ck_assert_ok(tnn_scaler_fit(&scaler_ref_x[rc->offset], rc->n_rows, rc->n_cols, mean,
                                    scale));
        for (size_t j = 0; j < rc->n_cols; ++j) {
            ck_assert_same_double(mean[j], scaler_ref_mean[rc->col_offset + j], c, j);
            ck_assert_same_double(scale[j], scaler_ref_scale[rc->col_offset + j], c, j);
        }
    }
}
END_TEST

START_TEST(transform_matches_sklearn)
{
    static double out[MAX_VALUES];
    for (size_t c = 0; c < SCALER_REF_N_CASES; ++c) {
        const scaler_ref_case *rc = &scaler_ref_cases[c];
        size_t n = rc->n_rows * rc->n_cols;
        ck_assert_uint_le(n, MAX_VALUES);
        const double *mean = &scaler_ref_mean[rc->col_offset];
        const double *scale = &scaler_ref_scale[rc->col_offset];
        ck_assert_ok(tnn_scaler_transform(mean, scale, &scaler_ref_x[rc->offset], rc->n_rows,
                                          rc->n_cols, out));
        for (size_t i = 0; i < n; ++i)
            ck_assert_same_double(out[i], scaler_ref_transformed[rc->offset + i], c, i);
        ck_assert_ok(tnn_scaler_inverse_transform(mean, scale, out, rc->n_rows, rc->n_cols,
                                                  out)); /* in place */
        for (size_t i = 0; i < n; ++i)
            ck_assert_same_double(out[i], scaler_ref_restored[rc->offset + i], c, i);
    }
}
END_TEST

START_TEST(transform_in_place)
{
    static double buf[MAX_VALUES];
    const scaler_ref_case *rc = &scaler_ref_cases[0];
    size_t n = rc->n_rows * rc->n_cols;
    memcpy(buf, &scaler_ref_x[rc->offset], n * sizeof buf[0]);
    ck_assert_ok(tnn_scaler_transform(&scaler_ref_mean[rc->col_offset],
                                      &scaler_ref_scale[rc->col_offset], buf, rc->n_rows,
                                      rc->n_cols, buf));
    for (size_t i = 0; i < n; ++i)
        ck_assert_same_double(buf[i], scaler_ref_transformed[rc->offset + i], 0, i);
}
END_TEST

/* A constant column gets scale 1 and transforms to zeros. */
START_TEST(constant_column)
{
    const double x[6] = {3.0, -1.0, 3.0, 2.0, 3.0, 0.5};
    double mean[2], scale[2], out[6];
    ck_assert_ok(tnn_scaler_fit(x, 3, 2, mean, scale));
    ck_assert_same_double(mean[0], 3.0, 0, 0);
    ck_assert_same_double(scale[0], 1.0, 0, 0);
    ck_assert(scale[1] != 1.0);
    ck_assert_ok(tnn_scaler_transform(mean, scale, x, 3, 2, out));
    for (size_t i = 0; i < 3; ++i)
        ck_assert_same_double(out[2 * i], 0.0, i, 0);
}
END_TEST

START_TEST(fit_errors)
{
    const double x[4] = {1.0, 2.0, 3.0, 4.0};
    double mean[2] = {-7.0, -7.0}, scale[2] = {-7.0, -7.0};
    ck_assert_status(tnn_scaler_fit(NULL, 2, 2, mean, scale), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_fit(x, 2, 2, NULL, scale), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_fit(x, 2, 2, mean, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_fit(x, 0, 2, mean, scale), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_fit(x, 2, 0, mean, scale), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_fit(x, SIZE_MAX / 2, 3, mean, scale), TNN_E_OVERFLOW);
    const double bad_values[] = {NOT_A_NUMBER, POS_INF, -POS_INF};
    for (size_t b = 0; b < 3; ++b) {
        for (size_t k = 0; k < 4; ++k) {
            double y[4] = {1.0, 2.0, 3.0, 4.0};
            y[k] = bad_values[b];
            ck_assert_status(tnn_scaler_fit(y, 2, 2, mean, scale), TNN_E_NON_FINITE);
        }
    }
    for (size_t j = 0; j < 2; ++j) {
        ck_assert_same_double(mean[j], -7.0, j, 0);
        ck_assert_same_double(scale[j], -7.0, j, 0);
    }
}
END_TEST

START_TEST(transform_errors)
{
    const double x[4] = {1.0, 2.0, 3.0, 4.0};
    const double mean[2] = {0.5, 1.5}, scale[2] = {2.0, 4.0}, zero_scale[2] = {2.0, 0.0};
    double out[4] = {-7.0, -7.0, -7.0, -7.0};
    ck_assert_status(tnn_scaler_transform(NULL, scale, x, 2, 2, out), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, NULL, x, 2, 2, out), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, scale, NULL, 2, 2, out), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, scale, x, 2, 2, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, scale, x, 0, 2, out), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, scale, x, 2, 0, out), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, zero_scale, x, 2, 2, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_transform(mean, scale, x, SIZE_MAX / 2, 3, out), TNN_E_OVERFLOW);

    ck_assert_status(tnn_scaler_inverse_transform(NULL, scale, x, 2, 2, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, NULL, x, 2, 2, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, scale, NULL, 2, 2, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, scale, x, 2, 2, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, scale, x, 0, 2, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, scale, x, 2, 0, out),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_scaler_inverse_transform(mean, scale, x, SIZE_MAX / 2, 3, out),
                     TNN_E_OVERFLOW);
    for (size_t i = 0; i < 4; ++i)
        ck_assert_same_double(out[i], -7.0, i, 0);

    /* A scale of 0 is allowed when undoing (it maps everything to the mean). */
    ck_assert_ok(tnn_scaler_inverse_transform(mean, zero_scale, x, 2, 2, out));
    ck_assert_same_double(out[1], 1.5, 0, 0);
}
END_TEST

/* Finite but huge columns: scikit-learn's formulas overflow (a sum, the
 * squared deviations, or the bound of its constant-column test), which would
 * give a mean of inf and a scale of NaN, or a scale of 1 for a column that
 * is not constant. The statistics themselves are representable and are
 * computed exactly as the formulas would give them in a wider exponent
 * range. Columns that do not overflow keep scikit-learn's bits. */
START_TEST(huge_columns)
{
    double mean[2], scale[2];
    /* a column whose sum, 3.4e308, overflows */
    const double same[2] = {1.7e308, 1.7e308};
    ck_assert_ok(tnn_scaler_fit(same, 2, 1, mean, scale));
    ck_assert_same_double(mean[0], 1.7e308, 0, 0);
    ck_assert_same_double(scale[0], 1.0, 0, 0); /* constant */
    /* squared deviations overflow: (1.7e308)^2 */
    const double apart[2] = {1.7e308, -1.7e308};
    ck_assert_ok(tnn_scaler_fit(apart, 2, 1, mean, scale));
    ck_assert_same_double(mean[0], 0.0, 0, 0);
    ck_assert_same_double(scale[0], 1.7e308, 0, 0);
    /* only the constant-column bound overflows: this column is not constant */
    const double spread[2] = {1e308, 0.5e308};
    ck_assert_ok(tnn_scaler_fit(spread, 2, 1, mean, scale));
    ck_assert_same_double(mean[0], 0.75e308, 0, 0);
    ck_assert_same_double(scale[0], 0.25e308, 0, 0);
    /* next to a normal column, which keeps exactly its own statistics */
    const double two[4] = {1.7e308, 1.0, -1.7e308, 2.5};
    const double normal[2] = {1.0, 2.5};
    double m1, s1;
    ck_assert_ok(tnn_scaler_fit(two, 2, 2, mean, scale));
    ck_assert_ok(tnn_scaler_fit(normal, 2, 1, &m1, &s1));
    ck_assert_same_double(mean[0], 0.0, 0, 0);
    ck_assert_same_double(scale[0], 1.7e308, 0, 0);
    ck_assert_same_double(mean[1], m1, 0, 1);
    ck_assert_same_double(scale[1], s1, 0, 1);
    /* a column of {1, 2, 3} * 2^1000 has exactly the statistics of {1, 2, 3}
     * times 2^1000, as it would without overflow */
    const double small[3] = {1.0, 2.0, 3.0};
    const double large[3] = {ldexp(1.0, 1000), ldexp(2.0, 1000), ldexp(3.0, 1000)};
    double ml, sl;
    ck_assert_ok(tnn_scaler_fit(small, 3, 1, &m1, &s1));
    ck_assert_ok(tnn_scaler_fit(large, 3, 1, &ml, &sl));
    ck_assert_same_double(ml, ldexp(m1, 1000), 0, 0);
    ck_assert_same_double(sl, ldexp(s1, 1000), 0, 0);
    /* and they transform to the standardised values, not to inf or NaN */
    double out[4];
    ck_assert_ok(tnn_scaler_transform(mean, scale, two, 2, 2, out));
    ck_assert_same_double(out[0], 1.0, 0, 0);
    ck_assert_same_double(out[2], -1.0, 1, 0);
}
END_TEST

/* The mirror case: a column whose values are all tiny has squared
 * deviations that underflow to 0 in scikit-learn's arithmetic, which then
 * calls it constant (scale 1, and transform leaves it unscaled). Its
 * statistics are those of the same column scaled by a power of two. */
START_TEST(tiny_columns)
{
    const double small[3] = {1.0, 2.0, 3.0};
    const double tiny[3] = {ldexp(1.0, -700), ldexp(2.0, -700), ldexp(3.0, -700)};
    double m1, s1, mean, scale;
    ck_assert_ok(tnn_scaler_fit(small, 3, 1, &m1, &s1));
    ck_assert_ok(tnn_scaler_fit(tiny, 3, 1, &mean, &scale));
    ck_assert_same_double(mean, ldexp(m1, -700), 0, 0);
    ck_assert_same_double(scale, ldexp(s1, -700), 0, 0);
    /* a constant column stays constant, zeros included */
    const double zeros[3] = {0.0, 0.0, 0.0}, same[3] = {1e-300, 1e-300, 1e-300};
    ck_assert_ok(tnn_scaler_fit(zeros, 3, 1, &mean, &scale));
    ck_assert_same_double(scale, 1.0, 0, 0);
    ck_assert_ok(tnn_scaler_fit(same, 3, 1, &mean, &scale));
    ck_assert_same_double(mean, 1e-300, 0, 0);
    ck_assert_same_double(scale, 1.0, 0, 0);
}
END_TEST

/* transform and inverse_transform check the statistics they are given
 * (a NaN or infinite mean or scale is refused), and refuse a finite input
 * whose result overflows instead of writing infinity. NaN in x still gives
 * NaN out, as documented. Nothing is written on failure. */
START_TEST(transform_checks_values)
{
    const double x[4] = {1.0, 2.0, 3.0, 4.0};
    const double mean[2] = {0.5, 1.5}, scale[2] = {2.0, 4.0};
    const double bad[3] = {NOT_A_NUMBER, POS_INF, -POS_INF};
    double out[4] = {-7.0, -7.0, -7.0, -7.0};
    for (size_t b = 0; b < 3; ++b) {
        const double bad_mean[2] = {0.5, bad[b]}, bad_scale[2] = {bad[b], 4.0};
        ck_assert_status(tnn_scaler_transform(bad_mean, scale, x, 2, 2, out), TNN_E_NON_FINITE);
        ck_assert_status(tnn_scaler_transform(mean, bad_scale, x, 2, 2, out), TNN_E_NON_FINITE);
        ck_assert_status(tnn_scaler_inverse_transform(bad_mean, scale, x, 2, 2, out),
                         TNN_E_NON_FINITE);
        ck_assert_status(tnn_scaler_inverse_transform(mean, bad_scale, x, 2, 2, out),
                         TNN_E_NON_FINITE);
    }
    /* finite values whose results overflow */
    const double far[2] = {1.7e308, 1.0}, neg_mean[2] = {-1.7e308, 0.0}, ones[2] = {1.0, 1.0};
    ck_assert_status(tnn_scaler_transform(neg_mean, ones, far, 1, 2, out), TNN_E_NON_FINITE);
    const double tiny[2] = {1e-300, 1.0}, far_mean[2] = {-1e10, 1.5}; /* 1e10 / 1e-300 */
    ck_assert_status(tnn_scaler_transform(far_mean, tiny, x, 2, 2, out), TNN_E_NON_FINITE);
    const double ten[2] = {10.0, 1.0};
    ck_assert_status(tnn_scaler_inverse_transform(mean, ten, far, 1, 2, out), TNN_E_NON_FINITE);
    for (size_t i = 0; i < 4; ++i)
        ck_assert_same_double(out[i], -7.0, i, 0);
    /* in place too: x is left as it was */
    double in_place[2] = {1.7e308, 1.0};
    ck_assert_status(tnn_scaler_transform(neg_mean, ones, in_place, 1, 2, in_place),
                     TNN_E_NON_FINITE);
    ck_assert_same_double(in_place[0], 1.7e308, 0, 0);
    /* NaN in, NaN out */
    const double with_nan[2] = {NOT_A_NUMBER, 1.0};
    ck_assert_ok(tnn_scaler_transform(mean, scale, with_nan, 1, 2, out));
    ck_assert(isnan(out[0]));
}
END_TEST

static Suite *scaler_suite(void)
{
    Suite *s = suite_create("scaler");
    TCase *tc = tcase_create("sklearn");
    tcase_add_test(tc, fit_matches_sklearn);
    tcase_add_test(tc, transform_matches_sklearn);
    tcase_add_test(tc, transform_in_place);
    tcase_add_test(tc, constant_column);
    tcase_add_test(tc, huge_columns);
    tcase_add_test(tc, tiny_columns);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, fit_errors);
    tcase_add_test(tc, transform_errors);
    tcase_add_test(tc, transform_checks_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(scaler_suite());
}
