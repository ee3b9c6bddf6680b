/* The article's data sets (examples/common/article_data.c) equal, bit for
 * bit, what numpy and scikit-learn make from the article's recipes
 * (reference values from data/gen_data_reference.py). */
#include <stdint.h>
#include <string.h>

#include "tnn_test.h"
#include "article_data.h"
#include "data/datasets_ref.h"

/* Exact equality of doubles, down to the sign of zero. */
#define ck_assert_same_double(got, expected, i, j)                                             \
    do {                                                                                       \
        double got_ = (got), expected_ = (expected);                                           \
        ck_assert_msg(memcmp(&got_, &expected_, sizeof got_) == 0,                             \
                      "%s = %a, expected %a (at %zu, %zu)", #got, got_, expected_,             \
                      (size_t)(i), (size_t)(j));                                               \
    } while (0)

typedef struct reference {
    article_set set;
    size_t n_rows, n_cols;
    const double *x_raw;
    const double *x; /* NULL: not standardised, x equals x_raw */
    const double *y;
    const double *mean;  /* NULL: 0 */
    const double *scale; /* NULL: 1 */
} reference;

static const reference refs[ARTICLE_N_SETS] = {
    {ARTICLE_X1, DATASETS_REF_X1_ROWS, DATASETS_REF_X1_COLS, datasets_ref_x1_raw,
     datasets_ref_x1, datasets_ref_x1_y, datasets_ref_x1_mean, datasets_ref_x1_scale},
    {ARTICLE_X2, DATASETS_REF_X2_ROWS, DATASETS_REF_X2_COLS, datasets_ref_x2_raw,
     datasets_ref_x2, datasets_ref_x2_y, datasets_ref_x2_mean, datasets_ref_x2_scale},
    {ARTICLE_X3, DATASETS_REF_X3_ROWS, DATASETS_REF_X3_COLS, datasets_ref_x3_raw,
     datasets_ref_x3, datasets_ref_x3_y, datasets_ref_x3_mean, datasets_ref_x3_scale},
    {ARTICLE_X4, DATASETS_REF_X4_ROWS, DATASETS_REF_X4_COLS, datasets_ref_x4_raw,
     datasets_ref_x4, datasets_ref_x4_y, datasets_ref_x4_mean, datasets_ref_x4_scale},
    {ARTICLE_X5, DATASETS_REF_X5_ROWS, DATASETS_REF_X5_COLS, datasets_ref_x5_raw, NULL,
     datasets_ref_x5_y, NULL, NULL},
    {ARTICLE_X5_TEST, DATASETS_REF_X5_TEST_ROWS, DATASETS_REF_X5_TEST_COLS,
     datasets_ref_x5_test_raw, NULL, datasets_ref_x5_test_y, NULL, NULL},
};

static void check_against_reference(const reference *r, const double *x_raw, const double *x,
                                    const double *y, const double *mean, const double *scale)
{
    size_t n = r->n_rows * r->n_cols;
    for (size_t i = 0; i < n; ++i) {
        if (x_raw != NULL)
            ck_assert_same_double(x_raw[i], r->x_raw[i], r->set, i);
        if (x != NULL)
            ck_assert_same_double(x[i], r->x != NULL ? r->x[i] : r->x_raw[i], r->set, i);
    }
    for (size_t i = 0; y != NULL && i < r->n_rows; ++i)
        ck_assert_same_double(y[i], r->y[i], r->set, i);
    for (size_t j = 0; j < r->n_cols; ++j) {
        if (mean != NULL)
            ck_assert_same_double(mean[j], r->mean != NULL ? r->mean[j] : 0.0, r->set, j);
        if (scale != NULL)
            ck_assert_same_double(scale[j], r->scale != NULL ? r->scale[j] : 1.0, r->set, j);
    }
}

START_TEST(shapes)
{
    const size_t rows[ARTICLE_N_SETS] = {ARTICLE_X1_ROWS, ARTICLE_X2_ROWS,
                                         ARTICLE_X3_ROWS, ARTICLE_X4_ROWS,
                                         ARTICLE_X5_ROWS, ARTICLE_X5_TEST_ROWS};
    const size_t cols[ARTICLE_N_SETS] = {ARTICLE_X1_COLS, ARTICLE_X2_COLS,
                                         ARTICLE_X3_COLS, ARTICLE_X4_COLS,
                                         ARTICLE_X5_COLS, ARTICLE_X5_TEST_COLS};
    const char *names[ARTICLE_N_SETS] = {"X1", "X2", "X3", "X4", "X5", "X5_test"};
    for (int s = 0; s < ARTICLE_N_SETS; ++s) {
        size_t n_rows = 0, n_cols = 0;
        ck_assert_ok(article_shape((article_set)s, &n_rows, &n_cols));
        ck_assert_uint_eq(n_rows, refs[s].n_rows);
        ck_assert_uint_eq(n_cols, refs[s].n_cols);
        ck_assert_uint_eq(n_rows, rows[s]);
        ck_assert_uint_eq(n_cols, cols[s]);
        ck_assert_uint_le(n_cols, ARTICLE_MAX_COLS);
        ck_assert_str_eq(article_set_name((article_set)s), names[s]);
        ck_assert_int_eq(article_is_standardised((article_set)s), refs[s].x != NULL);
        ck_assert_ok(article_shape((article_set)s, NULL, NULL));
    }
    ck_assert_str_eq(article_set_name((article_set)ARTICLE_N_SETS), "unknown");
    ck_assert_int_eq(article_is_standardised((article_set)-1), 0);
    size_t n = 77;
    ck_assert_status(article_shape((article_set)ARTICLE_N_SETS, &n, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(n, 77);
}
END_TEST

START_TEST(fill_matches_numpy_and_sklearn)
{
    int s = _i; /* loop test over the sets */
    const reference *r = &refs[s];
    size_t n = r->n_rows * r->n_cols;
    double *x_raw = malloc(n * sizeof(double)), *x = malloc(n * sizeof(double));
    double *y = malloc(r->n_rows * sizeof(double));
    double mean[ARTICLE_MAX_COLS], scale[ARTICLE_MAX_COLS];
    ck_assert(x_raw != NULL && x != NULL && y != NULL);

    ck_assert_ok(article_fill(r->set, r->n_rows, x_raw, x, y, mean, scale));
    check_against_reference(r, x_raw, x, y, mean, scale);

    /* Any subset of outputs gives the same values. */
    memset(x, 0, n * sizeof(double));
    ck_assert_ok(article_fill(r->set, r->n_rows, NULL, x, NULL, NULL, NULL));
    check_against_reference(r, NULL, x, NULL, NULL, NULL);
    memset(x_raw, 0, n * sizeof(double));
    memset(mean, 0, sizeof mean);
    ck_assert_ok(article_fill(r->set, r->n_rows, x_raw, NULL, NULL, mean, NULL));
    check_against_reference(r, x_raw, NULL, NULL, mean, NULL);

    free(x_raw);
    free(x);
    free(y);
}
END_TEST

START_TEST(load_matches_numpy_and_sklearn)
{
    int s = _i;
    const reference *r = &refs[s];
    article_data d;
    ck_assert_ok(article_load(r->set, &d));
    ck_assert_int_eq(d.set, r->set);
    ck_assert_uint_eq(d.n_rows, r->n_rows);
    ck_assert_uint_eq(d.n_cols, r->n_cols);
    ck_assert_int_eq(d.standardised, r->x != NULL);
    check_against_reference(r, d.x_raw, d.x, d.y, d.mean, d.scale);
    article_free(&d);
    ck_assert_ptr_null(d.x);
    ck_assert_ptr_null(d.x_raw);
    ck_assert_ptr_null(d.y);
    article_free(&d); /* twice is harmless */
    article_free(NULL);
}
END_TEST

/* Standardised sets have column means of about 0 and deviations of about 1. */
START_TEST(standardised_sets_are_centred)
{
    for (int s = ARTICLE_X1; s <= ARTICLE_X4; ++s) {
        article_data d;
        ck_assert_ok(article_load((article_set)s, &d));
        double mean[ARTICLE_MAX_COLS], scale[ARTICLE_MAX_COLS];
        ck_assert_ok(tnn_scaler_fit(d.x, d.n_rows, d.n_cols, mean, scale));
        for (size_t j = 0; j < d.n_cols; ++j) {
            ck_assert_close(mean[j], 0.0, 1e-12);
            ck_assert_close(scale[j], 1.0, 1e-12);
        }
        article_free(&d);
    }
}
END_TEST

START_TEST(fill_errors)
{
    double x[ARTICLE_X1_ROWS * ARTICLE_X1_COLS], y[ARTICLE_X1_ROWS];
    double mean[ARTICLE_MAX_COLS] = {-7.0, -7.0, -7.0};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; ++i)
        x[i] = -7.0;
    for (size_t i = 0; i < ARTICLE_X1_ROWS; ++i)
        y[i] = -7.0;
    ck_assert_status(article_fill(ARTICLE_X1, ARTICLE_X1_ROWS, NULL, NULL, y, mean, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(article_fill((article_set)ARTICLE_N_SETS, ARTICLE_X1_ROWS, x, NULL, y,
                                  mean, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(article_fill((article_set)-1, ARTICLE_X1_ROWS, x, NULL, y, mean, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(article_fill(ARTICLE_X1, ARTICLE_X1_ROWS - 1, x, x, y, mean, NULL),
                     TNN_E_SHAPE_MISMATCH);
    ck_assert_status(article_fill(ARTICLE_X1, 0, x, NULL, y, mean, NULL), TNN_E_SHAPE_MISMATCH);
    for (size_t i = 0; i < sizeof x / sizeof x[0]; ++i)
        ck_assert_same_double(x[i], -7.0, i, 0);
    for (size_t i = 0; i < ARTICLE_X1_ROWS; ++i)
        ck_assert_same_double(y[i], -7.0, i, 0);
    ck_assert_same_double(mean[0], -7.0, 0, 0);

    article_data d;
    ck_assert_status(article_load((article_set)ARTICLE_N_SETS, &d), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(article_load(ARTICLE_X1, NULL), TNN_E_INVALID_ARGUMENT);
}
END_TEST

static Suite *datasets_suite(void)
{
    Suite *s = suite_create("datasets");
    TCase *tc = tcase_create("article");
    tcase_add_test(tc, shapes);
    tcase_add_loop_test(tc, fill_matches_numpy_and_sklearn, 0, ARTICLE_N_SETS);
    tcase_add_loop_test(tc, load_matches_numpy_and_sklearn, 0, ARTICLE_N_SETS);
    tcase_add_test(tc, standardised_sets_are_centred);
    tcase_add_test(tc, fill_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(datasets_suite());
}
