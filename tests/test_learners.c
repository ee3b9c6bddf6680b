/* Classic learners: the perceptron rule against a Python port of the
 * article's Listing 2, logistic regression against scikit-learn
 * (tests/data/gen_learners_reference.py), the L-BFGS minimiser on known
 * minima, and L-BFGS as a tnn_fit() optimizer. */
#include <float.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "data/learners_ref.h"
#include "data/training_ref.h"
#include "tnn_test.h"

/* Logistic regression against the true optimum: 1e-4 (double) and 1e-3
 * (float) are what is required; both builds get closer, and these
 * tolerances keep them there. */
#if TNN_REAL_IS_DOUBLE
#define LR_TOL 1e-6
#else
#define LR_TOL 1e-4
#endif

static tnn_real *to_real(const double *v, size_t n)
{
    tnn_real *out = malloc(n * sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++)
        out[i] = (tnn_real)v[i];
    return out;
}

/* One-hot rows of class labels 0 .. k - 1 (or 1 .. k with offset 1). */
static tnn_real *one_hot(const double *labels, size_t rows, size_t k, double offset)
{
    tnn_real *out = calloc(rows * k, sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (size_t r = 0; r < rows; r++)
        out[r * k + (size_t)(labels[r] - offset)] = 1;
    return out;
}

static tnn_model *one_layer(size_t n_in, size_t units, tnn_activation act)
{
    tnn_model *m = NULL;
    const tnn_layer_spec spec = TNN_DENSE(units, act);
    ck_assert_ok(tnn_model_new(&m, n_in, &spec, 1, NULL));
    return m;
}

/* ------------------------------------------------------------ perceptron */

static tnn_status perceptron(tnn_model *m, const tnn_real *x, const tnn_real *y, size_t rows,
                             double eta, size_t epochs, size_t *errors)
{
    size_t ws;
    ck_assert_ok(tnn_perceptron_workspace_size(m, &ws));
    void *work = malloc(ws);
    tnn_status st = tnn_perceptron_fit(m, x, y, rows, eta, epochs, errors, work, ws);
    free(work);
    return st;
}

/* Listing 2 on X1: eta 0.05, 150 epochs. The first row is a tie (w = 0,
 * z = 0 predicts 1; its label is 1, so no update), the second row is the
 * first update. */
START_TEST(perceptron_matches_listing_2)
{
    tnn_model *m = one_layer(2, 1, TNN_ACT_STEP);
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    ck_assert_ok(tnn_model_set_params(m, (const tnn_real[]){5, 5, 5}, 3)); /* must restart at 0 */
    size_t errors[LRREF_PERCEPTRON_EPOCHS];
    ck_assert_ok(perceptron(m, x, y, LRREF_X1_ROWS, LRREF_PERCEPTRON_ETA,
                            LRREF_PERCEPTRON_EPOCHS, errors));
    tnn_real k[2], b[1];
    ck_assert_ok(tnn_model_get_weights(m, 0, k, 2, b, 1));
#if TNN_REAL_IS_DOUBLE
    const double *ref = lrref_perceptron_w;
    const size_t *ref_errors = lrref_perceptron_errors;
#else
    const double *ref = lrref_perceptron_w_f32data; /* the float build's X1 is rounded */
    const size_t *ref_errors = lrref_perceptron_errors_f32data;
    for (int i = 0; i < 3; i++) /* and it rounds to the float64 data's weights as well */
        ck_assert((float)lrref_perceptron_w[i] == (float)ref[i]);
#endif
    ck_assert(b[0] == (tnn_real)ref[0]);
    ck_assert(k[0] == (tnn_real)ref[1]);
    ck_assert(k[1] == (tnn_real)ref[2]);
    for (size_t e = 0; e < LRREF_PERCEPTRON_EPOCHS; e++)
        ck_assert_uint_eq(errors[e], ref_errors[e]);
    /* every training row is classified correctly afterwards */
    tnn_real out[LRREF_X1_ROWS];
    _Alignas(8) unsigned char pw[1024];
    ck_assert_ok(tnn_predict(m, x, LRREF_X1_ROWS, out, pw, sizeof pw));
    for (size_t r = 0; r < LRREF_X1_ROWS; r++)
        ck_assert(out[r] == y[r]);
    free(x);
    free(y);
    tnn_model_free(m);
}
END_TEST

/* Several step units learn independently: two copies of the target give two
 * copies of the single unit's weights. */
START_TEST(perceptron_units_are_independent)
{
    tnn_model *one = one_layer(2, 1, TNN_ACT_STEP), *two = one_layer(2, 2, TNN_ACT_STEP);
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    tnn_real y2[2 * LRREF_X1_ROWS];
    for (size_t r = 0; r < LRREF_X1_ROWS; r++)
        y2[2 * r] = y2[2 * r + 1] = y[r];
    ck_assert_ok(perceptron(one, x, y, LRREF_X1_ROWS, 0.1, 20, NULL));
    ck_assert_ok(perceptron(two, x, y2, LRREF_X1_ROWS, 0.1, 20, NULL));
    tnn_real p1[3], p2[6];
    ck_assert_ok(tnn_model_get_params(one, p1, 3));
    ck_assert_ok(tnn_model_get_params(two, p2, 6));
    /* kernel (2 x 2) row-major, then 2 biases */
    ck_assert(p2[0] == p1[0] && p2[1] == p1[0]);
    ck_assert(p2[2] == p1[1] && p2[3] == p1[1]);
    ck_assert(p2[4] == p1[2] && p2[5] == p1[2]);
    free(x);
    free(y);
    tnn_model_free(one);
    tnn_model_free(two);
}
END_TEST

START_TEST(perceptron_errors)
{
    tnn_model *m = one_layer(2, 1, TNN_ACT_STEP), *sig = one_layer(2, 1, TNN_ACT_SIGMOID);
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    const tnn_real start[3] = {1, 2, 3};
    ck_assert_ok(tnn_model_set_params(m, start, 3));
    size_t ws;
    ck_assert_ok(tnn_perceptron_workspace_size(m, &ws));
    ck_assert_uint_eq(ws, 3 * sizeof(double));
    unsigned char *work = malloc(ws + 8);
    size_t errors[4] = {77, 77, 77, 77};
    const size_t n = LRREF_X1_ROWS;

    ck_assert_status(tnn_perceptron_workspace_size(NULL, &ws), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_workspace_size(m, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_workspace_size(sig, &ws), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_perceptron_fit(sig, x, y, n, 0.1, 4, errors, work, ws),
                     TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_perceptron_fit(m, x, y, 0, 0.1, 4, errors, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 0, errors, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_fit(m, NULL, y, n, 0.1, 4, errors, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_fit(m, x, NULL, n, 0.1, 4, errors, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 4, errors, NULL, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.0, 4, errors, work, ws),
                     TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, -1, 4, errors, work, ws), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, (double)NAN, 4, errors, work, ws),
                     TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 4, errors, work, ws - 1),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 4, errors, work + 4, ws),
                     TNN_E_MISALIGNED);
    tnn_real saved = y[3];
    y[3] = (tnn_real)0.5;
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 4, errors, work, ws),
                     TNN_E_OUT_OF_RANGE);
    y[3] = saved;
    saved = x[5];
    x[5] = (tnn_real)INFINITY;
    ck_assert_status(tnn_perceptron_fit(m, x, y, n, 0.1, 4, errors, work, ws), TNN_E_NON_FINITE);
    x[5] = saved;
    /* nothing was touched */
    tnn_real p[3];
    ck_assert_ok(tnn_model_get_params(m, p, 3));
    ck_assert_mem_eq(p, start, sizeof p);
    for (int e = 0; e < 4; e++)
        ck_assert_uint_eq(errors[e], 77);
    free(work);
    free(x);
    free(y);
    tnn_model_free(m);
    tnn_model_free(sig);
}
END_TEST

/* ------------------------------------------------------------ grids */

/* Samples the model on an article grid and compares with a run-length
 * encoded reference. A cell may differ only where the reference's own
 * decision value is within `margin` of a tie (rounding of the boundary),
 * and at most `max_diff` cells may. `margin_of` gives that value. */
typedef double (*margin_fn)(const void *ctx, double x1, double x2);

static void check_grid(const tnn_model *m, const double *axis1, size_t n1, const double *axis2,
                       size_t n2, const size_t *runs, size_t n_runs, margin_fn margin_of,
                       const void *ctx, double margin, size_t max_diff, double lims0,
                       double lims1, double lims2, double lims3)
{
    /* the article's axes: np.arange(lo, hi, (hi - lo) / 500) */
    size_t c1, c2;
    ck_assert_ok(tnn_arange_count(lims0, lims1, (lims1 - lims0) / 500, &c1));
    ck_assert_ok(tnn_arange_count(lims2, lims3, (lims3 - lims2) / 500, &c2));
    ck_assert_uint_eq(c1, n1);
    ck_assert_uint_eq(c2, n2);
    double *a1 = malloc(n1 * sizeof *a1), *a2 = malloc(n2 * sizeof *a2);
    ck_assert_ok(tnn_arange(lims0, lims1, (lims1 - lims0) / 500, a1, n1));
    ck_assert_ok(tnn_arange(lims2, lims3, (lims3 - lims2) / 500, a2, n2));
    ck_assert_mem_eq(a1, axis1, n1 * sizeof *a1);
    ck_assert_mem_eq(a2, axis2, n2 * sizeof *a2);

    size_t cells = n1 * n2, ws;
    int32_t *classes = malloc(cells * sizeof *classes);
    ck_assert_ok(tnn_grid_workspace_size(m, 256, &ws));
    void *work = malloc(ws);
    ck_assert_ok(tnn_grid_sample(m, a1, n1, a2, n2, NULL, classes, NULL, cells, work, ws));
    size_t cell = 0, diff = 0;
    for (size_t r = 0; r < n_runs; r++) {
        for (size_t k = 0; k < runs[2 * r + 1]; k++, cell++) {
            if (classes[cell] == (int32_t)runs[2 * r])
                continue;
            diff++;
            double v = margin_of(ctx, axis1[cell % n1], axis2[cell / n1]);
            ck_assert_msg(fabs(v) < margin, "cell %zu: class %d, reference %zu, margin %g",
                          cell, (int)classes[cell], runs[2 * r], v);
        }
    }
    ck_assert_uint_eq(cell, cells);
    ck_assert_uint_le(diff, max_diff);
    free(a1);
    free(a2);
    free(classes);
    free(work);
}

/* w0 + w1 x1 + w2 x2 for [w0, w1, w2] (perceptron) */
static double perceptron_margin(const void *ctx, double x1, double x2)
{
    const double *w = ctx;
    return w[1] * x1 + w[2] * x2 + w[0];
}

/* sklearn binary: coef . x + intercept, parameters [c1, c2, b] */
static double binary_margin(const void *ctx, double x1, double x2)
{
    const double *w = ctx;
    return w[0] * x1 + w[1] * x2 + w[2];
}

/* sklearn multinomial on 2 inputs: the gap between the two largest logits */
static double multinomial_margin(const void *ctx, double x1, double x2)
{
    const double *w = ctx; /* coef_ (3 x 2), then intercept_ (3) */
    double z[3], top = -DBL_MAX, second = -DBL_MAX;
    for (int c = 0; c < 3; c++) {
        z[c] = w[2 * c] * x1 + w[2 * c + 1] * x2 + w[6 + c];
        if (z[c] > top) {
            second = top;
            top = z[c];
        } else if (z[c] > second) {
            second = z[c];
        }
    }
    return top - second;
}

START_TEST(perceptron_grid_matches_reference)
{
    tnn_model *m = one_layer(2, 1, TNN_ACT_STEP);
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    ck_assert_ok(perceptron(m, x, y, LRREF_X1_ROWS, LRREF_PERCEPTRON_ETA,
                            LRREF_PERCEPTRON_EPOCHS, NULL));
    check_grid(m, lrref_grid_x1_axis1, LRREF_GRID_X1_N1, lrref_grid_x1_axis2, LRREF_GRID_X1_N2,
               lrref_grid_perceptron_x1_runs, LRREF_GRID_PERCEPTRON_X1_N_RUNS,
               perceptron_margin, lrref_perceptron_w, 1e-6, 5, -2.3, 1.8, -1.9, 2.2);
    free(x);
    free(y);
    tnn_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ L-BFGS */

static tnn_status minimize(tnn_objective fn, void *ctx, double *x, size_t n,
                           const tnn_lbfgs_options *o, tnn_lbfgs_report *r)
{
    size_t ws;
    ck_assert_ok(tnn_lbfgs_workspace_size(n, o != NULL ? o->history : 10, &ws));
    void *work = malloc(ws);
    tnn_status st = tnn_lbfgs_minimize(fn, ctx, x, n, o, work, ws, r);
    free(work);
    return st;
}

/* The extended Rosenbrock function: sum over pairs of
 * 100 (x_2i+1 - x_2i^2)^2 + (1 - x_2i)^2; minimum 0 at all ones. */
static tnn_status rosenbrock(void *ctx, const double *x, size_t n, double *f, double *g)
{
    size_t *calls = ctx;
    (*calls)++;
    *f = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        *f += 100 * a * a + b * b;
        g[i] = -400 * a * x[i] - 2 * b;
        g[i + 1] = 200 * a;
    }
    return TNN_OK;
}

START_TEST(lbfgs_rosenbrock)
{
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    o.gtol = 1e-9;
    o.ftol = 0;
    o.max_iter = 1000;
    /* the classic start (-1.2, 1), in 2 and in 20 dimensions */
    for (size_t n = 2; n <= 20; n += 18) {
        double x[20];
        for (size_t i = 0; i < n; i += 2) {
            x[i] = -1.2;
            x[i + 1] = 1;
        }
        size_t calls = 0;
        tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
        ck_assert_ok(minimize(rosenbrock, &calls, x, n, &o, &r));
        printf("L-BFGS, Rosenbrock n = %zu: %zu iterations, %zu evaluations\n", n, r.iterations,
               r.evaluations);
        ck_assert_int_eq(r.stop, TNN_LBFGS_GRADIENT);
        ck_assert_uint_eq(r.evaluations, calls);
        ck_assert_uint_lt(r.iterations, 200);
        ck_assert(r.grad_max <= 1e-9);
        ck_assert(r.f < 1e-18);
        for (size_t i = 0; i < n; i++)
            ck_assert_close(x[i], 1.0, 1e-9);
    }
}
END_TEST

/* 0.5 sum lambda_i (x_i - c_i)^2 with lambda from 1 to 1e6 (condition
 * number 1e6) and c_i = i / 10 - 1. */
#define QUAD_N 50
static tnn_status quadratic(void *ctx, const double *x, size_t n, double *f, double *g)
{
    (void)ctx;
    *f = 0;
    for (size_t i = 0; i < n; i++) {
        double lambda = pow(1e6, (double)i / (double)(n - 1)), d = x[i] - ((double)i / 10 - 1);
        *f += 0.5 * lambda * d * d;
        g[i] = lambda * d;
    }
    return TNN_OK;
}

START_TEST(lbfgs_ill_conditioned_quadratic)
{
    double x[QUAD_N] = {0};
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    o.gtol = 1e-6; /* x within gtol / lambda_min of the minimum */
    o.ftol = 0;
    o.max_iter = 20000; /* scipy's L-BFGS-B needs 8022 iterations here */
    tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
    ck_assert_ok(minimize(quadratic, NULL, x, QUAD_N, &o, &r));
    printf("L-BFGS, quadratic with condition 1e6: %zu iterations, %zu evaluations\n",
           r.iterations, r.evaluations);
    ck_assert_int_eq(r.stop, TNN_LBFGS_GRADIENT);
    ck_assert_uint_lt(r.iterations, 10000);
    for (size_t i = 0; i < QUAD_N; i++)
        ck_assert_close(x[i], (double)i / 10 - 1, 1e-6);
    /* the default rules (100 iterations, scipy's ftol) stop far earlier */
    memset(x, 0, sizeof x);
    ck_assert_ok(minimize(quadratic, NULL, x, QUAD_N, NULL, &r));
    ck_assert(r.stop == TNN_LBFGS_MAX_ITER || r.stop == TNN_LBFGS_REDUCTION);
    ck_assert_uint_le(r.iterations, 100);
}
END_TEST


/* Callers built against older, smaller structs: the library reads only the
 * option fields their struct_size covers (the rest take their defaults)
 * and writes only the report fields it covers. */
typedef struct old_lbfgs_options {
    size_t struct_size;
    size_t history;
    size_t max_iter;
} old_lbfgs_options;

typedef struct old_lbfgs_report {
    size_t struct_size;
    size_t iterations;
} old_lbfgs_report;

START_TEST(lbfgs_structs_of_an_older_caller)
{
    double x_old[QUAD_N] = {0}, x_new[QUAD_N] = {0};
    const old_lbfgs_options old = {sizeof old, 10, 7};
    _Alignas(8) unsigned char opts[sizeof(tnn_lbfgs_options) + 64];
    _Alignas(8) unsigned char report[sizeof(tnn_lbfgs_report) + 64], pattern[sizeof report];
    memset(opts, 0xA5, sizeof opts); /* garbage after the old structs */
    memcpy(opts, &old, sizeof old);
    memset(pattern, 0xA5, sizeof pattern);
    const old_lbfgs_report old_report = {sizeof old_report, 0};
    memcpy(pattern, &old_report, sizeof old_report);
    memcpy(report, pattern, sizeof report);
    ck_assert_ok(minimize(quadratic, NULL, x_old, QUAD_N, (const tnn_lbfgs_options *)(void *)opts,
                          (tnn_lbfgs_report *)(void *)report));
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    o.max_iter = 7;
    tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
    ck_assert_ok(minimize(quadratic, NULL, x_new, QUAD_N, &o, &r));
    ck_assert_uint_eq(r.iterations, 7);
    ck_assert_mem_eq(x_old, x_new, sizeof x_old);
    old_lbfgs_report got;
    memcpy(&got, report, sizeof got);
    ck_assert_uint_eq(got.struct_size, sizeof got);
    ck_assert_uint_eq(got.iterations, 7);
    ck_assert_mem_eq(report + sizeof got, pattern + sizeof got, sizeof report - sizeof got);

    /* sizes that no header has: x untouched */
    const size_t bad[] = {0, sizeof(size_t) - 1, sizeof(tnn_lbfgs_options) + 8};
    const tnn_status expected[] = {TNN_E_INVALID_ARGUMENT, TNN_E_INVALID_ARGUMENT,
                                   TNN_E_UNSUPPORTED};
    for (size_t i = 0; i < 3; i++) {
        memcpy(opts, &bad[i], sizeof bad[i]);
        ck_assert_status(minimize(quadratic, NULL, x_old, QUAD_N,
                                  (const tnn_lbfgs_options *)(void *)opts, &r),
                         expected[i]);
        r.struct_size = bad[i] == sizeof(tnn_lbfgs_options) + 8 ? sizeof r + 8 : bad[i];
        ck_assert_status(minimize(quadratic, NULL, x_old, QUAD_N, NULL, &r), expected[i]);
        r.struct_size = sizeof r;
        ck_assert_mem_eq(x_old, x_new, sizeof x_old);
    }
}
END_TEST

static tnn_status fails_on_third(void *ctx, const double *x, size_t n, double *f, double *g)
{
    int *calls = ctx;
    if (++*calls == 3)
        return TNN_E_OUT_OF_MEMORY;
    return quadratic(NULL, x, n, f, g);
}

static tnn_status nan_at_start(void *ctx, const double *x, size_t n, double *f, double *g)
{
    (void)ctx;
    (void)x;
    for (size_t i = 0; i < n; i++)
        g[i] = 0;
    *f = (double)NAN;
    return TNN_OK;
}

/* Returns NaN beyond |x| > 2: the line search must back off, not fail. */
static tnn_status walled(void *ctx, const double *x, size_t n, double *f, double *g)
{
    (void)ctx;
    *f = 0;
    for (size_t i = 0; i < n; i++) {
        if (fabs(x[i]) > 2) {
            *f = (double)NAN;
            return TNN_OK;
        }
        *f += (x[i] - 1.5) * (x[i] - 1.5);
        g[i] = 2 * (x[i] - 1.5);
    }
    return TNN_OK;
}

START_TEST(lbfgs_stops_and_errors)
{
    double x[QUAD_N] = {0}, before[QUAD_N];
    tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    size_t ws;
    ck_assert_ok(tnn_lbfgs_workspace_size(QUAD_N, 10, &ws));
    ck_assert_uint_eq(ws, ((2 * 10 + 4) * QUAD_N + 2 * 10) * sizeof(double));
    unsigned char *work = malloc(ws + 8);

    /* one iteration allowed */
    o.max_iter = 1;
    ck_assert_ok(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, &o, work, ws, &r));
    ck_assert_int_eq(r.stop, TNN_LBFGS_MAX_ITER);
    ck_assert_uint_eq(r.iterations, 1);
    /* already at the minimum: gradient test before any iteration */
    for (size_t i = 0; i < QUAD_N; i++)
        x[i] = (double)i / 10 - 1;
    ck_assert_ok(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, NULL, work, ws, &r));
    ck_assert_int_eq(r.stop, TNN_LBFGS_GRADIENT);
    ck_assert_uint_eq(r.iterations, 0);
    ck_assert_uint_eq(r.evaluations, 1);
    /* non-finite values past a wall shorten the step */
    double w[3] = {0, 0, 0};
    ck_assert_ok(minimize(walled, NULL, w, 3, NULL, &r));
    for (int i = 0; i < 3; i++)
        ck_assert_close(w[i], 1.5, 1e-6);

    memset(x, 0, sizeof x);
    memcpy(before, x, sizeof x);
    /* memset first: the struct has padding, which ck_assert_mem_eq compares
     * (valgrind reports it uninitialised otherwise) */
    tnn_lbfgs_report untouched;
    memset(&untouched, 0, sizeof untouched);
    untouched.struct_size = sizeof untouched;
    untouched.iterations = 42;
    untouched.evaluations = 42;
    untouched.f = 42;
    untouched.grad_max = 42;
    untouched.stop = TNN_LBFGS_LINE_SEARCH;
    memcpy(&r, &untouched, sizeof r);
    ck_assert_status(tnn_lbfgs_minimize(NULL, NULL, x, QUAD_N, NULL, work, ws, &r),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, NULL, QUAD_N, NULL, work, ws, &r),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, x, 0, NULL, work, ws, &r),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, NULL, NULL, ws, &r),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, NULL, work, ws - 1, &r),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, NULL, work + 4, ws, &r),
                     TNN_E_MISALIGNED);
    tnn_lbfgs_options bad[6];
    for (int i = 0; i < 6; i++)
        bad[i] = (tnn_lbfgs_options)TNN_LBFGS_OPTIONS_INIT;
    bad[0].history = 0;
    bad[1].max_iter = 0;
    bad[2].max_line_search = 0;
    bad[3].gtol = -1;
    bad[4].c1 = 0.95; /* c1 >= c2 */
    bad[5].ftol = (double)NAN;
    for (int i = 0; i < 6; i++)
        ck_assert_status(tnn_lbfgs_minimize(quadratic, NULL, x, QUAD_N, &bad[i], work, ws, &r),
                         TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_lbfgs_minimize(nan_at_start, NULL, x, QUAD_N, NULL, work, ws, &r),
                     TNN_E_DIVERGED);
    ck_assert_mem_eq(x, before, sizeof x);
    ck_assert_mem_eq(&r, &untouched, sizeof r);
    /* the objective's own error comes back; x holds the last accepted point */
    int calls = 0;
    ck_assert_status(tnn_lbfgs_minimize(fails_on_third, &calls, x, QUAD_N, NULL, work, ws, &r),
                     TNN_E_OUT_OF_MEMORY);
    ck_assert_status(tnn_lbfgs_workspace_size(0, 10, &ws), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_workspace_size(10, 0, &ws), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_lbfgs_workspace_size(SIZE_MAX / 4, 10, &ws), TNN_E_OVERFLOW);
    free(work);
}
END_TEST

/* ------------------------------------------------------------ logistic regression */

typedef struct lr_case {
    const char *name;
    const double *x, *labels;
    size_t rows, cols, classes;
    double label_offset;             /* X3's labels are 1..3 */
    double C;                        /* 0: no penalty */
    const double *sklearn, *optimum; /* coef_ (classes x cols) then intercept_ */
    double sklearn_gap, objective;
    size_t sklearn_n_iter;
} lr_case;

#define LR_CASE(nm, data, lab, off, up)                                                        \
    {                                                                                          \
#nm, lrref_##data##_x, lab, LRREF_##up##_ROWS, LRREF_##up##_COLS,                      \
            LRREF_LR_##nm##_CLASSES_, off, LRREF_LR_##nm##_C_, lrref_lr_##nm##_sklearn,        \
            lrref_lr_##nm##_optimum, LRREF_LR_##nm##_GAP_, LRREF_LR_##nm##_OBJ_,               \
            LRREF_LR_##nm##_IT_                                                                \
    }

#define LRREF_LR_x1_CLASSES_ LRREF_LR_X1_CLASSES
#define LRREF_LR_x1_C_ LRREF_LR_X1_C
#define LRREF_LR_x1_GAP_ LRREF_LR_X1_SKLEARN_GAP
#define LRREF_LR_x1_OBJ_ LRREF_LR_X1_OBJECTIVE
#define LRREF_LR_x1_IT_ LRREF_LR_X1_SKLEARN_N_ITER
#define LRREF_LR_x2_CLASSES_ LRREF_LR_X2_CLASSES
#define LRREF_LR_x2_C_ LRREF_LR_X2_C
#define LRREF_LR_x2_GAP_ LRREF_LR_X2_SKLEARN_GAP
#define LRREF_LR_x2_OBJ_ LRREF_LR_X2_OBJECTIVE
#define LRREF_LR_x2_IT_ LRREF_LR_X2_SKLEARN_N_ITER
#define LRREF_LR_x3_CLASSES_ LRREF_LR_X3_CLASSES
#define LRREF_LR_x3_C_ LRREF_LR_X3_C
#define LRREF_LR_x3_GAP_ LRREF_LR_X3_SKLEARN_GAP
#define LRREF_LR_x3_OBJ_ LRREF_LR_X3_OBJECTIVE
#define LRREF_LR_x3_IT_ LRREF_LR_X3_SKLEARN_N_ITER
#define LRREF_LR_big_CLASSES_ LRREF_LR_BIG_CLASSES
#define LRREF_LR_big_C_ LRREF_LR_BIG_C
#define LRREF_LR_big_GAP_ LRREF_LR_BIG_SKLEARN_GAP
#define LRREF_LR_big_OBJ_ LRREF_LR_BIG_OBJECTIVE
#define LRREF_LR_big_IT_ LRREF_LR_BIG_SKLEARN_N_ITER
#define LRREF_LR_big_c01_CLASSES_ LRREF_LR_BIG_C01_CLASSES
#define LRREF_LR_big_c01_C_ LRREF_LR_BIG_C01_C
#define LRREF_LR_big_c01_GAP_ LRREF_LR_BIG_C01_SKLEARN_GAP
#define LRREF_LR_big_c01_OBJ_ LRREF_LR_BIG_C01_OBJECTIVE
#define LRREF_LR_big_c01_IT_ LRREF_LR_BIG_C01_SKLEARN_N_ITER
#define LRREF_LR_big_nopenalty_CLASSES_ LRREF_LR_BIG_NOPENALTY_CLASSES
#define LRREF_LR_big_nopenalty_C_ LRREF_LR_BIG_NOPENALTY_C
#define LRREF_LR_big_nopenalty_GAP_ LRREF_LR_BIG_NOPENALTY_SKLEARN_GAP
#define LRREF_LR_big_nopenalty_OBJ_ LRREF_LR_BIG_NOPENALTY_OBJECTIVE
#define LRREF_LR_big_nopenalty_IT_ LRREF_LR_BIG_NOPENALTY_SKLEARN_N_ITER
#define LRREF_LR_big3_CLASSES_ LRREF_LR_BIG3_CLASSES
#define LRREF_LR_big3_C_ LRREF_LR_BIG3_C
#define LRREF_LR_big3_GAP_ LRREF_LR_BIG3_SKLEARN_GAP
#define LRREF_LR_big3_OBJ_ LRREF_LR_BIG3_OBJECTIVE
#define LRREF_LR_big3_IT_ LRREF_LR_BIG3_SKLEARN_N_ITER

static const lr_case lr_cases[] = {
    LR_CASE(x1, x1, lrref_x1_y, 0, X1),
    LR_CASE(x2, x2, lrref_x2_y, 0, X2),
    LR_CASE(x3, x3, lrref_x3_y, 1, X3),
    LR_CASE(big, big, lrref_big_y, 0, BIG),
    LR_CASE(big_c01, big, lrref_big_y, 0, BIG),
    LR_CASE(big_nopenalty, big, lrref_big_y, 0, BIG),
    LR_CASE(big3, big, lrref_big_y3, 0, BIG),
};
#define N_LR_CASES (sizeof lr_cases / sizeof lr_cases[0])

typedef struct lr_fit {
    tnn_model *model;
    tnn_lbfgs_report report;
    double coef[64]; /* as sklearn lays them out: coef_ then intercept_ */
} lr_fit;

static lr_fit fit_case(const lr_case *c, const tnn_logreg_options *o)
{
    lr_fit f;
    f.report = (tnn_lbfgs_report)TNN_LBFGS_REPORT_INIT;
    const bool multi = c->classes > 2;
    const size_t units = multi ? c->classes : 1;
    f.model = one_layer(c->cols, units, multi ? TNN_ACT_SOFTMAX : TNN_ACT_SIGMOID);
    tnn_real *x = to_real(c->x, c->rows * c->cols);
    tnn_real *y = multi ? one_hot(c->labels, c->rows, units, c->label_offset)
                        : to_real(c->labels, c->rows);
    size_t ws;
    ck_assert_ok(tnn_logreg_workspace_size(f.model, o, &ws));
    void *work = malloc(ws);
    ck_assert_ok(tnn_logreg_fit(f.model, o, x, y, c->rows, work, ws, &f.report));
    free(work);
    free(x);
    free(y);
    tnn_real k[64], b[8];
    ck_assert_ok(tnn_model_get_weights(f.model, 0, k, c->cols * units, b, units));
    for (size_t j = 0; j < units; j++) {
        for (size_t i = 0; i < c->cols; i++)
            f.coef[j * c->cols + i] = (double)k[i * units + j]; /* kernel column = coef_ row */
        f.coef[units * c->cols + j] = (double)b[j];
    }
    return f;
}

static double max_diff(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

/* Solved tightly, every problem lands on the true optimum of sklearn's
 * objective: coefficients, intercepts and objective value. */
START_TEST(logreg_reaches_sklearn_optimum)
{
    const lr_case *c = &lr_cases[_i];
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;
    tnn_lbfgs_options solver = TNN_LBFGS_OPTIONS_INIT;
    if (c->C == 0)
        o.penalty = TNN_LOGREG_NONE;
    else
        o.C = c->C;
    solver.gtol = TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-5;
    solver.ftol = 0;
    solver.max_iter = 1000;
    o.lbfgs = &solver;
    lr_fit f = fit_case(c, &o);
    size_t n = (c->cols + 1) * (c->classes > 2 ? c->classes : 1);
    double d = max_diff(f.coef, c->optimum, n);
    printf("logreg %-13s tight: %3zu iterations, %3zu evaluations, stop %d, "
           "|coef - optimum| = %.2g, objective %.15g (optimum %.15g)\n",
           c->name, f.report.iterations, f.report.evaluations, (int)f.report.stop, d,
           f.report.f, c->objective);
    ck_assert_msg(d <= LR_TOL, "%s: max |coef - optimum| = %g", c->name, d);
    ck_assert_close(f.report.f, c->objective, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-6);
    tnn_model_free(f.model);
}
END_TEST

/* With sklearn's default settings (tol 1e-4, max_iter 100, scipy's ftol)
 * the fit stops about as early as sklearn's: within 1e-4 of sklearn's own
 * coefficients where those are within 5e-5 of the optimum (X1, X2, X3,
 * the binary big sets with C = 1 and 0.1), and within sklearn's own
 * distance of the optimum everywhere. */
START_TEST(logreg_defaults_match_sklearn)
{
    const lr_case *c = &lr_cases[_i];
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;
    if (c->C == 0)
        o.penalty = TNN_LOGREG_NONE;
    else
        o.C = c->C;
    lr_fit f = fit_case(c, &o);
    size_t n = (c->cols + 1) * (c->classes > 2 ? c->classes : 1);
    double to_sklearn = max_diff(f.coef, c->sklearn, n), to_opt = max_diff(f.coef, c->optimum, n);
    printf("logreg %-13s default: %3zu iterations (sklearn %3zu), stop %d, "
           "|coef - sklearn| = %.2g, |coef - optimum| = %.2g (sklearn's: %.2g)\n",
           c->name, f.report.iterations, c->sklearn_n_iter, (int)f.report.stop, to_sklearn,
           to_opt, c->sklearn_gap);
    if (c->sklearn_gap < 5e-5)
        ck_assert_msg(to_sklearn <= (TNN_REAL_IS_DOUBLE ? 1e-4 : 1e-3), "%s: %g", c->name,
                      to_sklearn);
    ck_assert_msg(to_opt <= fmax(3 * c->sklearn_gap, 1e-4), "%s: %g", c->name, to_opt);
    ck_assert_uint_le(f.report.iterations, 100);
    tnn_model_free(f.model);
}
END_TEST


/* A tnn_logreg_options from an older header that ends after penalty: C and
 * the solver are the defaults, not the garbage after it. */
typedef struct old_logreg_options {
    size_t struct_size;
    uint32_t penalty;
} old_logreg_options;

START_TEST(logreg_options_of_an_older_caller)
{
    const old_logreg_options old = {sizeof old, TNN_LOGREG_L2};
    _Alignas(8) unsigned char opts[sizeof(tnn_logreg_options) + 64];
    memset(opts, 0xA5, sizeof opts);
    memcpy(opts, &old, sizeof old);
    lr_fit a = fit_case(&lr_cases[0], (const tnn_logreg_options *)(void *)opts);
    const tnn_logreg_options defaults = TNN_LOGREG_OPTIONS_INIT;
    lr_fit b = fit_case(&lr_cases[0], &defaults);
    ck_assert_mem_eq(a.coef, b.coef, (lr_cases[0].cols + 1) * sizeof *a.coef);
    ck_assert_uint_eq(a.report.iterations, b.report.iterations);
    tnn_model_free(a.model);
    tnn_model_free(b.model);
}
END_TEST

START_TEST(logreg_grids_match_reference)
{
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;
    lr_fit f1 = fit_case(&lr_cases[0], &o);
    check_grid(f1.model, lrref_grid_x1_axis1, LRREF_GRID_X1_N1, lrref_grid_x1_axis2,
               LRREF_GRID_X1_N2, lrref_grid_logreg_x1_runs, LRREF_GRID_LOGREG_X1_N_RUNS,
               binary_margin, lrref_lr_x1_sklearn, 1e-3, 10, -2.3, 1.8, -1.9, 2.2);
    tnn_model_free(f1.model);
    lr_fit f3 = fit_case(&lr_cases[2], &o);
    check_grid(f3.model, lrref_grid_x3_axis1, LRREF_GRID_X3_N1, lrref_grid_x3_axis2,
               LRREF_GRID_X3_N2, lrref_grid_logreg_x3_runs, LRREF_GRID_LOGREG_X3_N_RUNS,
               multinomial_margin, lrref_lr_x3_sklearn, 1e-3, 10, -2.2, 2.4, -2.5, 2.1);
    tnn_model_free(f3.model);
}
END_TEST

START_TEST(logreg_errors)
{
    tnn_model *m = one_layer(2, 1, TNN_ACT_SIGMOID), *relu = one_layer(2, 1, TNN_ACT_RELU);
    tnn_model *soft1 = one_layer(2, 1, TNN_ACT_SOFTMAX), *deep = NULL;
    const tnn_layer_spec two[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&deep, 2, two, 2, NULL));
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    const tnn_real start[3] = {1, 2, 3};
    ck_assert_ok(tnn_model_set_params(m, start, 3));
    size_t ws;
    ck_assert_ok(tnn_logreg_workspace_size(m, NULL, &ws));
    unsigned char *work = malloc(ws + 8);
    tnn_lbfgs_report r, untouched;
    memset(&untouched, 0, sizeof untouched); /* padding too: compared by mem_eq */
    untouched.struct_size = sizeof untouched;
    untouched.iterations = 42;
    untouched.evaluations = 42;
    untouched.f = 42;
    untouched.grad_max = 42;
    untouched.stop = TNN_LBFGS_LINE_SEARCH;
    memcpy(&r, &untouched, sizeof r);
    const size_t n = LRREF_X1_ROWS;
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;

    ck_assert_status(tnn_logreg_workspace_size(NULL, NULL, &ws), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_workspace_size(m, NULL, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_workspace_size(relu, NULL, &ws), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_logreg_workspace_size(soft1, NULL, &ws), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_logreg_workspace_size(deep, NULL, &ws), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_logreg_fit(relu, NULL, x, y, n, work, ws, &r), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_logreg_fit(deep, NULL, x, y, n, work, ws, &r), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, 0, work, ws, &r), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_fit(m, NULL, NULL, y, n, work, ws, &r), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_fit(m, NULL, x, NULL, n, work, ws, &r), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, NULL, ws, &r), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_logreg_fit(NULL, NULL, x, y, n, work, ws, &r), TNN_E_INVALID_ARGUMENT);
    const double bad_c[4] = {0, -1, (double)INFINITY, (double)NAN};
    for (int i = 0; i < 4; i++) {
        o.C = bad_c[i];
        ck_assert_status(tnn_logreg_fit(m, &o, x, y, n, work, ws, &r), TNN_E_OUT_OF_RANGE);
    }
    o = (tnn_logreg_options)TNN_LOGREG_OPTIONS_INIT;
    o.penalty = (tnn_logreg_penalty)7;
    ck_assert_status(tnn_logreg_fit(m, &o, x, y, n, work, ws, &r), TNN_E_OUT_OF_RANGE);
    o = (tnn_logreg_options)TNN_LOGREG_OPTIONS_INIT;
    tnn_lbfgs_options solver = TNN_LBFGS_OPTIONS_INIT;
    solver.c2 = 1.5;
    o.lbfgs = &solver;
    ck_assert_status(tnn_logreg_fit(m, &o, x, y, n, work, ws, &r), TNN_E_OUT_OF_RANGE);
    solver = (tnn_lbfgs_options)TNN_LBFGS_OPTIONS_INIT;
    solver.history = 0;
    ck_assert_status(tnn_logreg_workspace_size(m, &o, &ws), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, work, ws - 1, &r), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, work + 4, ws, &r), TNN_E_MISALIGNED);
    tnn_real saved = y[2];
    y[2] = (tnn_real)1.5;
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, work, ws, &r), TNN_E_OUT_OF_RANGE);
    y[2] = (tnn_real)NAN;
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, work, ws, &r), TNN_E_NON_FINITE);
    y[2] = saved;
    saved = x[7];
    x[7] = (tnn_real)NAN;
    ck_assert_status(tnn_logreg_fit(m, NULL, x, y, n, work, ws, &r), TNN_E_NON_FINITE);
    x[7] = saved;
    /* C = 0 is fine without a penalty: it is ignored */
    o = (tnn_logreg_options)TNN_LOGREG_OPTIONS_INIT;
    o.penalty = TNN_LOGREG_NONE;
    o.C = 0;
    solver = (tnn_lbfgs_options)TNN_LBFGS_OPTIONS_INIT;
    solver.gtol = 1e-4; /* scikit-learn's tol */
    solver.max_iter = 3;
    o.lbfgs = &solver;
    tnn_real p[3];
    ck_assert_ok(tnn_model_get_params(m, p, 3));
    ck_assert_mem_eq(p, start, sizeof p);
    ck_assert_mem_eq(&r, &untouched, sizeof r);
    ck_assert_ok(tnn_logreg_fit(m, &o, x, y, n, work, ws, &r));
    ck_assert_int_eq(r.stop, TNN_LBFGS_MAX_ITER); /* X1 is separable: no finite optimum */
    free(work);
    free(x);
    free(y);
    tnn_model_free(m);
    tnn_model_free(relu);
    tnn_model_free(soft1);
    tnn_model_free(deep);
}
END_TEST

/* ------------------------------------------------------------ L-BFGS in tnn_fit */

static tnn_model *x4_network(void)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(TRREF_X4_HIDDEN, TNN_ACT_RELU),
                                   TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec, 2, NULL));
    tnn_real *k0 = to_real(trref_x4_kernel0, 2 * TRREF_X4_HIDDEN);
    tnn_real *b0 = to_real(trref_x4_bias0, TRREF_X4_HIDDEN);
    tnn_real *k1 = to_real(trref_x4_kernel1, TRREF_X4_HIDDEN), *b1 = to_real(trref_x4_bias1, 1);
    ck_assert_ok(tnn_model_set_weights(m, 0, k0, 2 * TRREF_X4_HIDDEN, b0, TRREF_X4_HIDDEN));
    ck_assert_ok(tnn_model_set_weights(m, 1, k1, TRREF_X4_HIDDEN, b1, 1));
    free(k0);
    free(b0);
    free(k1);
    free(b1);
    return m;
}

static tnn_status fit_with(tnn_model *m, tnn_optimizer *opt, const tnn_fit_options *o,
                           const tnn_real *x, const tnn_real *y, size_t rows, size_t *run)
{
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(m, o, rows, &ws));
    void *work = malloc(ws);
    tnn_status st = tnn_fit(m, opt, o, x, y, rows, work, ws, run);
    free(work);
    return st;
}

static int count_calls(void *ctx, size_t epoch, double loss, double metric)
{
    size_t *calls = ctx;
    (void)loss;
    (void)metric;
    ck_assert_uint_eq(epoch, *calls);
    (*calls)++;
    return 0;
}

/* The article's 2-3-1 network on X4, full batch by L-BFGS: in 200
 * iterations it gets well below where it started and below where 2200
 * Adam steps get; every iteration lowers the loss. */
START_TEST(lbfgs_trains_x4_network)
{
    tnn_model *m = x4_network();
    tnn_real *x = to_real(trref_x4_x, TRREF_X4_ROWS * 2), *y = to_real(trref_x4_y, TRREF_X4_ROWS);
    tnn_optimizer *opt = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_LBFGS, 13, NULL));
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.metric = TNN_METRIC_ACCURACY;
    o.epochs = 200;
    double history[200], accuracy[200];
    o.history_loss = history;
    o.history_metric = accuracy;
    size_t calls = 0, run = 0;
    o.callback = count_calls;
    o.callback_ctx = &calls;
    ck_assert_ok(fit_with(m, opt, &o, x, y, TRREF_X4_ROWS, &run));
    ck_assert_uint_ge(run, 20);
    ck_assert_uint_eq(calls, run);
    double prev = trref_x4_loss[0]; /* the loss at the start */
    for (size_t e = 0; e < run; e++) {
        ck_assert(history[e] < prev);
        prev = history[e];
    }
    _Alignas(8) unsigned char ew[4096];
    double loss, acc;
    ck_assert_ok(tnn_evaluate(m, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, x, y, TRREF_X4_ROWS, &loss,
                              &acc, ew, sizeof ew));
    ck_assert_close(loss, history[run - 1], TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-5);
    ck_assert_close(acc, accuracy[run - 1], 1e-12);
    printf("L-BFGS on X4 (2-3-1): %zu iterations, loss %.6f -> %.6f, accuracy %.4f "
           "(2200 Adam steps: %.6f)\n",
           run, trref_x4_loss[0], loss, acc, TRREF_X4_FINAL_LOSS);
    ck_assert(loss < 0.5 * trref_x4_loss[0]);
    tnn_optimizer_free(opt);
    tnn_model_free(m);
    free(x);
    free(y);
}
END_TEST

/* tnn_fit's mean objective with l2 = 1 / (C n) has sklearn's optimum: one
 * sigmoid unit on X1 reaches it and stops early on its own. */
START_TEST(lbfgs_fit_reaches_logreg_optimum)
{
    tnn_model *m = one_layer(2, 1, TNN_ACT_SIGMOID);
    tnn_real *x = to_real(lrref_x1_x, LRREF_X1_ROWS * 2), *y = to_real(lrref_x1_y, LRREF_X1_ROWS);
    tnn_optimizer *opt = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_LBFGS, 3, NULL));
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_L2, 1.0 / LRREF_X1_ROWS));
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_GRADIENT_TOLERANCE,
                                   TNN_REAL_IS_DOUBLE ? 1e-10 : 1e-6));
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_REDUCTION_TOLERANCE, 0));
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 500;
    size_t run = 0;
    ck_assert_ok(fit_with(m, opt, &o, x, y, LRREF_X1_ROWS, &run));
    ck_assert_uint_lt(run, 500);
    tnn_real p[3];
    ck_assert_ok(tnn_model_get_params(m, p, 3));
    printf("L-BFGS fit, X1 logistic objective: %zu iterations, |w - optimum| = %.2g\n", run,
           fmax(fmax(fabs((double)p[0] - lrref_lr_x1_optimum[0]),
                     fabs((double)p[1] - lrref_lr_x1_optimum[1])),
                fabs((double)p[2] - lrref_lr_x1_optimum[2])));
    for (int i = 0; i < 3; i++)
        ck_assert_close(p[i], lrref_lr_x1_optimum[i], TNN_REAL_IS_DOUBLE ? 1e-7 : 1e-3);
    /* a second call starts at the optimum: nothing to do (in float, the
     * gradient there sits at the rounding floor of the tolerance, and the
     * line search may spend one more step on loss values equal to rounding) */
    ck_assert_ok(fit_with(m, opt, &o, x, y, LRREF_X1_ROWS, &run));
    ck_assert_uint_le(run, TNN_REAL_IS_DOUBLE ? 1 : 2);
    tnn_optimizer_free(opt);
    tnn_model_free(m);
    free(x);
    free(y);
}
END_TEST

START_TEST(lbfgs_optimizer_settings_and_errors)
{
    size_t sz_sgd, sz;
    ck_assert_ok(tnn_optimizer_size(TNN_OPT_SGD, 13, &sz_sgd));
    ck_assert_ok(tnn_optimizer_size(TNN_OPT_LBFGS, 13, &sz));
    /* the RAM bill: history pairs plus point, gradient, direction, trial pair */
    ck_assert_uint_ge(sz, sz_sgd - 13 * sizeof(tnn_real) +
                              ((2 * TNN_LBFGS_MAX_HISTORY + 5) * 13 + 2 * TNN_LBFGS_MAX_HISTORY) *
                                  sizeof(double));
    _Alignas(8) unsigned char mem[8192];
    ck_assert_uint_le(sz, sizeof mem);
    tnn_optimizer *opt = NULL;
    ck_assert_status(tnn_optimizer_init(&opt, mem, sz - 1, TNN_OPT_LBFGS, 13),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_ok(tnn_optimizer_init(&opt, mem, sz, TNN_OPT_LBFGS, 13));
    double v;
    ck_assert_ok(tnn_optimizer_get(opt, TNN_PARAM_HISTORY, &v));
    ck_assert(v == 10);
    ck_assert_ok(tnn_optimizer_get(opt, TNN_PARAM_L2, &v));
    ck_assert(v == 0);
    ck_assert_ok(tnn_optimizer_get(opt, TNN_PARAM_GRADIENT_TOLERANCE, &v));
    ck_assert(v == 1e-5);
    ck_assert_ok(tnn_optimizer_get(opt, TNN_PARAM_MAX_LINE_SEARCH, &v));
    ck_assert(v == 20);
    ck_assert_status(tnn_optimizer_get(opt, TNN_PARAM_LEARNING_RATE, &v), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_MOMENTUM, 0.5), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_HISTORY, 11), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_HISTORY, 0), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_HISTORY, 2.5), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_L2, -1), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_L2_BIASES, 0.5), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_GRADIENT_TOLERANCE, (double)NAN),
                     TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(opt, TNN_PARAM_MAX_LINE_SEARCH, 0), TNN_E_OUT_OF_RANGE);
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_HISTORY, 3));
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_L2_BIASES, 1));
    /* L-BFGS settings do not exist on the other kinds */
    tnn_optimizer *adam = NULL;
    ck_assert_ok(tnn_optimizer_new(&adam, TNN_OPT_ADAM, 13, NULL));
    ck_assert_status(tnn_optimizer_set(adam, TNN_PARAM_L2, 0.1), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_get(adam, TNN_PARAM_HISTORY, &v), TNN_E_INVALID_ARGUMENT);
    tnn_optimizer_free(adam);

    tnn_model *m = x4_network();
    tnn_real *x = to_real(trref_x4_x, TRREF_X4_ROWS * 2), *y = to_real(trref_x4_y, TRREF_X4_ROWS);
    tnn_real before[13], after[13], grad[13] = {0};
    ck_assert_ok(tnn_model_get_params(m, before, 13));
    ck_assert_status(tnn_optimizer_step(opt, m, grad, 13, 10), TNN_E_UNSUPPORTED);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 5;
    size_t run = 99;
    o.batch_size = 100;
    ck_assert_status(fit_with(m, opt, &o, x, y, TRREF_X4_ROWS, &run), TNN_E_UNSUPPORTED);
    o.batch_size = 0;
    tnn_rng *rng = NULL;
    ck_assert_ok(tnn_rng_new(&rng, 1, NULL));
    o.shuffle = rng;
    ck_assert_status(fit_with(m, opt, &o, x, y, TRREF_X4_ROWS, &run), TNN_E_UNSUPPORTED);
    o.shuffle = NULL;
    ck_assert_uint_eq(run, 99);
    ck_assert_ok(tnn_model_get_params(m, after, 13));
    ck_assert_mem_eq(before, after, sizeof before);
    /* a batch as large as the data is full batch; history 3 and a penalty on
     * biases as well still train */
    o.batch_size = TRREF_X4_ROWS;
    ck_assert_ok(tnn_optimizer_set(opt, TNN_PARAM_L2, 1e-3));
    ck_assert_ok(fit_with(m, opt, &o, x, y, TRREF_X4_ROWS, &run));
    ck_assert_uint_eq(run, 5);
    /* a loss that is infinite at the start: a linear unit whose squared
     * error overflows */
    tnn_model *lin = one_layer(2, 1, TNN_ACT_LINEAR);
    tnn_optimizer *opt3 = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt3, TNN_OPT_LBFGS, 3, NULL));
#if TNN_REAL_IS_DOUBLE
    const tnn_real huge[3] = {1e300, 0, 0};
#else
    const tnn_real huge[3] = {1e30f, 0, 0};
#endif
    ck_assert_ok(tnn_model_set_params(lin, huge, 3));
    o.loss = TNN_LOSS_MSE;
    o.batch_size = 0;
    tnn_status st = fit_with(lin, opt3, &o, x, y, TRREF_X4_ROWS, &run);
    ck_assert_status(st, TNN_E_DIVERGED);
    ck_assert_uint_eq(run, 0);
    ck_assert_ok(tnn_model_get_params(lin, after, 3));
    ck_assert_mem_eq(huge, after, sizeof huge);
    tnn_optimizer_free(opt3);
    tnn_model_free(lin);
    tnn_rng_free(rng);
    tnn_model_free(m);
    free(x);
    free(y);
}
END_TEST

static Suite *learners_suite(void)
{
    Suite *s = suite_create("learners");
    TCase *p = tcase_create("perceptron");
    tcase_add_test(p, perceptron_matches_listing_2);
    tcase_add_test(p, perceptron_units_are_independent);
    tcase_add_test(p, perceptron_errors);
    tcase_add_test(p, perceptron_grid_matches_reference);
    suite_add_tcase(s, p);
    TCase *l = tcase_create("lbfgs");
    tcase_add_test(l, lbfgs_rosenbrock);
    tcase_add_test(l, lbfgs_ill_conditioned_quadratic);
    tcase_add_test(l, lbfgs_stops_and_errors);
    suite_add_tcase(s, l);
    TCase *r = tcase_create("logreg");
    tcase_add_loop_test(r, logreg_reaches_sklearn_optimum, 0, (int)N_LR_CASES);
    tcase_add_loop_test(r, logreg_defaults_match_sklearn, 0, (int)N_LR_CASES);
    tcase_add_test(r, logreg_grids_match_reference);
    tcase_add_test(r, logreg_errors);
    suite_add_tcase(s, r);
    TCase *f = tcase_create("fit");
    tcase_add_test(f, lbfgs_trains_x4_network);
    tcase_add_test(f, lbfgs_fit_reaches_logreg_optimum);
    tcase_add_test(f, lbfgs_optimizer_settings_and_errors);
    tcase_add_test(f, lbfgs_structs_of_an_older_caller);
    tcase_add_test(f, logreg_options_of_an_older_caller);
    suite_add_tcase(s, f);
    return s;
}

int main(void)
{
    return tnn_test_run(learners_suite());
}
