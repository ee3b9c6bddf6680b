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
    ck_assert_status(tnn_scaler_transform(mean, scale, x, SIZE_MAX / 2, 3, out),
                     TNN_E_OVERFLOW);

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

static Suite *scaler_suite(void)
{
    Suite *s = suite_create("scaler");
    TCase *tc = tcase_create("sklearn");
    tcase_add_test(tc, fit_matches_sklearn);
    tcase_add_test(tc, transform_matches_sklearn);
    tcase_add_test(tc, transform_in_place);
    tcase_add_test(tc, constant_column);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, fit_errors);
    tcase_add_test(tc, transform_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(scaler_suite());
}
