/* Inspection API: axes, class rule, class grids, layer activations, boundary
 * geometry and per-unit contributions. Expected numbers come from numpy
 * (data/inspect_ref.h, made by data/gen_inspect_reference.py), from hand
 * computation, or from an independent route through tnn_predict. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "data/inspect_ref.h"
#include "tnn_test.h"

#define N_REF_CASES (sizeof arange_cases / sizeof arange_cases[0])
#define N_ARTICLE_STYLE_CASES 19 /* the first cases use step = (stop - start) / 500 */

static const int32_t CLASS_SENTINEL = 0x7f7f7f7f;
static const tnn_real REAL_SENTINEL = (tnn_real)12345.25;

/* ---------------------------------------------------------------------- */
/* helpers */

static tnn_model *new_model(size_t n_in, const tnn_layer_spec *spec, size_t n_layers)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, n_layers, NULL));
    return m;
}

static void set_layer(tnn_model *m, size_t index, const tnn_real *kernel, size_t kernel_len,
                      const tnn_real *bias, size_t bias_len)
{
    ck_assert_ok(tnn_model_set_weights(m, index, kernel, kernel_len, bias, bias_len));
}

/* Scratch of the given size; malloc's alignment suits TNN_ALIGNMENT. */
static void *new_work(size_t size)
{
    void *w = malloc(size);
    ck_assert_ptr_nonnull(w);
    return w;
}

static void fill_classes(int32_t *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c[i] = CLASS_SENTINEL;
}

static void fill_reals(tnn_real *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = REAL_SENTINEL;
}

static void assert_classes_untouched(const int32_t *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(c[i], CLASS_SENTINEL);
}

static void assert_reals_untouched(const tnn_real *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert(v[i] == REAL_SENTINEL);
}

/* The article's plot_boundary axis: arange(l0, l1, (l1 - l0) / 500). */
static double *article_axis(double l0, double l1, size_t *n)
{
    const double step = (l1 - l0) / 500;
    ck_assert_ok(tnn_arange_count(l0, l1, step, n));
    double *v = malloc(*n * sizeof *v);
    ck_assert_ptr_nonnull(v);
    ck_assert_ok(tnn_arange(l0, l1, step, v, *n));
    return v;
}

/* Every grid cell as a model input row (inputs in1 and in2 from the axes,
 * the others from fixed), in the grid's row-major order. */
static tnn_real *grid_inputs(size_t n_in, const double *x1, size_t n1, const double *x2,
                             size_t n2, size_t in1, size_t in2, const tnn_real *fixed)
{
    tnn_real *x = malloc(n1 * n2 * n_in * sizeof *x);
    ck_assert_ptr_nonnull(x);
    for (size_t r = 0; r < n2; r++)
        for (size_t c = 0; c < n1; c++) {
            tnn_real *row = x + (r * n1 + c) * n_in;
            for (size_t i = 0; i < n_in; i++)
                row[i] = fixed != NULL ? fixed[i] : 0;
            row[in1] = (tnn_real)x1[c];
            row[in2] = (tnn_real)x2[r];
        }
    return x;
}

static tnn_real *predict_all(const tnn_model *m, const tnn_real *x, size_t n_rows)
{
    tnn_real *y = malloc(n_rows * tnn_model_n_outputs(m) * sizeof *y);
    ck_assert_ptr_nonnull(y);
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 97, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_predict(m, x, n_rows, y, work, ws));
    free(work);
    return y;
}

/* The class rule written out again, independently of the library. */
static int32_t expected_class(tnn_activation act, const tnn_real *y, size_t units)
{
    if (units > 1) {
        size_t best = 0;
        for (size_t j = 1; j < units; j++)
            if (y[j] > y[best])
                best = j;
        return (int32_t)best;
    }
    switch (act) {
    case TNN_ACT_SIGMOID:
    case TNN_ACT_STEP:
    case TNN_ACT_SOFTMAX: return y[0] >= (tnn_real)0.5;
    case TNN_ACT_RELU: return y[0] > 0;
    default: return y[0] >= 0;
    }
}

static tnn_real expected_score(const tnn_real *y, size_t units)
{
    size_t best = 0;
    for (size_t j = 1; j < units; j++)
        if (y[j] > y[best])
            best = j;
    return y[best];
}

/* Samples the grid with work for `block` cells and checks every cell
 * against tnn_predict + the class rule. Returns how often each class
 * appeared (counts has n_outputs slots). */
static void check_grid_against_predict(const tnn_model *m, const double *x1, size_t n1,
                                       const double *x2, size_t n2, const tnn_grid_slice *slice,
                                       size_t block, size_t *counts)
{
    const size_t cells = n1 * n2, n_out = tnn_model_n_outputs(m), n_in = tnn_model_n_inputs(m);
    const tnn_activation act = tnn_layer_activation(tnn_model_layer(m, tnn_model_n_layers(m) - 1));
    int32_t *classes = malloc(cells * sizeof *classes);
    tnn_real *scores = malloc(cells * sizeof *scores);
    int32_t *rule_classes = malloc(cells * sizeof *rule_classes);
    tnn_real *rule_scores = malloc(cells * sizeof *rule_scores);
    ck_assert_ptr_nonnull(classes);
    ck_assert_ptr_nonnull(scores);
    ck_assert_ptr_nonnull(rule_classes);
    ck_assert_ptr_nonnull(rule_scores);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, block, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_grid_sample(m, x1, n1, x2, n2, slice, classes, scores, cells, work, ws));

    size_t in1 = slice != NULL ? slice->input1 : 0, in2 = slice != NULL ? slice->input2 : 1;
    tnn_real *x = grid_inputs(n_in, x1, n1, x2, n2, in1, in2,
                              slice != NULL ? slice->fixed : NULL);
    tnn_real *y = predict_all(m, x, cells);
    ck_assert_ok(tnn_output_classes(m, y, cells, rule_classes, rule_scores));
    const size_t n_classes = n_out > 1 ? n_out : 2;
    for (size_t j = 0; j < n_classes; j++)
        counts[j] = 0;
    /* Plain comparisons in the loop: a Check assertion per cell costs a
     * system call. The first bad cell is reported. */
    size_t bad = 0, first_bad = 0;
    for (size_t i = 0; i < cells; i++) {
        const tnn_real *yi = y + i * n_out;
        const int32_t want = expected_class(act, yi, n_out);
        const tnn_real want_score = n_out > 1 ? expected_score(yi, n_out) : yi[0];
        const bool ok = classes[i] == want && scores[i] == want_score &&
                        rule_classes[i] == want && rule_scores[i] == want_score && want >= 0 &&
                        (size_t)want < n_classes;
        if (!ok) {
            first_bad = bad++ == 0 ? i : first_bad;
            continue;
        }
        counts[want]++;
    }
    ck_assert_msg(bad == 0,
                  "%zu cells differ from predict + class rule, first %zu: class %d "
                  "(rule %d), expected %d",
                  bad, first_bad, classes[first_bad], rule_classes[first_bad],
                  expected_class(act, y + first_bad * n_out, n_out));
    free(x);
    free(y);
    free(work);
    free(classes);
    free(scores);
    free(rule_classes);
    free(rule_scores);
}

/* ---------------------------------------------------------------------- */
/* axes */

START_TEST(arange_matches_numpy)
{
    for (size_t k = 0; k < N_REF_CASES; k++) {
        const arange_case *c = &arange_cases[k];
        if (k < N_ARTICLE_STYLE_CASES) /* the article's formula gives numpy's step */
            ck_assert(c->step == (c->stop - c->start) / 500);
        size_t n = 0;
        ck_assert_ok(tnn_arange_count(c->start, c->stop, c->step, &n));
        ck_assert_uint_eq(n, c->count);
        double *v = malloc((n + 1) * sizeof *v);
        ck_assert_ptr_nonnull(v);
        v[n] = -7.0;
        ck_assert_ok(tnn_arange(c->start, c->stop, c->step, v, n + 1));
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(v[i] == c->values[i], "case %zu value %zu: %a, numpy %a", k, i, v[i],
                          c->values[i]);
        ck_assert(v[n] == -7.0); /* only count values written */
        free(v);
    }
    /* The box [-2, 2.5] has 501 values, the others 500 (numpy's rounding). */
    ck_assert_uint_eq(arange_cases[5].count, 500);
    ck_assert_uint_eq(arange_cases[6].count, 501);
}
END_TEST

START_TEST(arange_errors)
{
    size_t n = 777;
    double out[4] = {1, 2, 3, 4};
    const double nan = (double)NAN, inf = (double)INFINITY;
    ck_assert_status(tnn_arange_count(0, 1, 0, &n), TNN_E_INVALID_ARGUMENT);    /* zero step */
    ck_assert_status(tnn_arange_count(0, 1, -0.1, &n), TNN_E_INVALID_ARGUMENT); /* wrong sign */
    ck_assert_status(tnn_arange_count(1, 0, 0.1, &n), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_arange_count(1, 1, 0.1, &n), TNN_E_INVALID_ARGUMENT); /* empty */
    ck_assert_status(tnn_arange_count(nan, 1, 0.1, &n), TNN_E_NON_FINITE);
    ck_assert_status(tnn_arange_count(0, nan, 0.1, &n), TNN_E_NON_FINITE);
    ck_assert_status(tnn_arange_count(0, 1, nan, &n), TNN_E_NON_FINITE);
    ck_assert_status(tnn_arange_count(0, inf, 0.1, &n), TNN_E_NON_FINITE);
    ck_assert_status(tnn_arange_count(-1e308, 1e308, 1e300, &n), TNN_E_NON_FINITE);
    ck_assert_status(tnn_arange_count(0, 1, 1e-300, &n), TNN_E_OVERFLOW);
    ck_assert_status(tnn_arange_count(0, 1, 0.1, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(n, 777);

    ck_assert_status(tnn_arange(0, 1, 0.1, out, 4), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_arange(0, 1, 0.1, NULL, 10), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_arange(0, 1, -0.1, out, 4), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_arange(nan, 1, 0.1, out, 4), TNN_E_NON_FINITE);
    for (int i = 0; i < 4; i++)
        ck_assert(out[i] == (double)(i + 1));

    /* one and two values: start, then start + step */
    ck_assert_ok(tnn_arange(5, 5.5, 0.5, out, 4));
    ck_assert(out[0] == 5.0 && out[1] == 2.0);
    ck_assert_ok(tnn_arange(0.1, 0.25, 0.1, out, 4));
    ck_assert(out[0] == 0.1 && out[1] == 0.1 + 0.1 && out[2] == 3.0);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* class rule */

static void check_rule(tnn_activation act, size_t units, const tnn_real *y, size_t rows,
                       const int32_t *want, const tnn_real *want_scores)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(units, act)};
    tnn_model *m = new_model(2, spec, 1);
    int32_t classes[8];
    tnn_real scores[8];
    ck_assert_ok(tnn_output_classes(m, y, rows, classes, scores));
    for (size_t r = 0; r < rows; r++) {
        ck_assert_msg(classes[r] == want[r], "%s row %zu: class %d, expected %d",
                      tnn_activation_name(act), r, classes[r], want[r]);
        ck_assert(scores[r] == want_scores[r]);
    }
    /* either output alone */
    fill_reals(scores, 8);
    ck_assert_ok(tnn_output_classes(m, y, rows, classes, NULL));
    assert_reals_untouched(scores, 8);
    fill_classes(classes, 8);
    ck_assert_ok(tnn_output_classes(m, y, rows, NULL, scores));
    assert_classes_untouched(classes, 8);
    tnn_model_free(m);
}

START_TEST(class_rule_single_outputs)
{
    const tnn_real sig[] = {(tnn_real)0.25, (tnn_real)0.5, (tnn_real)0.4999, (tnn_real)0.9};
    check_rule(TNN_ACT_SIGMOID, 1, sig, 4, (const int32_t[]){0, 1, 0, 1}, sig);
    const tnn_real step[] = {0, 1, 1, 0};
    check_rule(TNN_ACT_STEP, 1, step, 4, (const int32_t[]){0, 1, 1, 0}, step);
    /* linear and tanh: the sign of z, 0 counting as class 1 like step */
    const tnn_real lin[] = {(tnn_real)-0.001, 0, (tnn_real)0.3, (tnn_real)-7};
    check_rule(TNN_ACT_LINEAR, 1, lin, 4, (const int32_t[]){0, 1, 1, 0}, lin);
    check_rule(TNN_ACT_TANH, 1, lin, 4, (const int32_t[]){0, 1, 1, 0}, lin);
    /* relu: on only when the output is positive */
    const tnn_real relu[] = {0, (tnn_real)1e-7, 3, 0};
    check_rule(TNN_ACT_RELU, 1, relu, 4, (const int32_t[]){0, 1, 1, 0}, relu);
    const tnn_real one_softmax[] = {1, 1};
    check_rule(TNN_ACT_SOFTMAX, 1, one_softmax, 2, (const int32_t[]){1, 1}, one_softmax);
    /* NaN is below every threshold */
    const tnn_real nan[] = {(tnn_real)NAN};
    int32_t c = 9;
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(2, spec, 1);
    ck_assert_ok(tnn_output_classes(m, nan, 1, &c, NULL));
    ck_assert_int_eq(c, 0);
    tnn_model_free(m);
}
END_TEST

START_TEST(class_rule_argmax)
{
    const tnn_real y[] = {
        (tnn_real)0.2, (tnn_real)0.5, (tnn_real)0.3, /* clear winner: 1 */
        (tnn_real)0.4, (tnn_real)0.4, (tnn_real)0.2, /* tie 0/1: lowest index */
        (tnn_real)0.2, (tnn_real)0.4, (tnn_real)0.4, /* tie 1/2 */
        (tnn_real)0.1, (tnn_real)0.1, (tnn_real)0.8,
    };
    const tnn_real scores[] = {(tnn_real)0.5, (tnn_real)0.4, (tnn_real)0.4, (tnn_real)0.8};
    check_rule(TNN_ACT_SOFTMAX, 3, y, 4, (const int32_t[]){1, 0, 1, 2}, scores);
    /* several linear outputs: argmax of raw values, raw winner as score */
    const tnn_real lin[] = {-3, -1, -2, 5, 5, 4};
    check_rule(TNN_ACT_LINEAR, 3, lin, 2, (const int32_t[]){1, 0}, (const tnn_real[]){-1, 5});
    /* NaN never wins */
    const tnn_real with_nan[] = {(tnn_real)NAN, (tnn_real)0.3, (tnn_real)0.2,
                                 (tnn_real)0.1, (tnn_real)NAN, (tnn_real)0.6,
                                 (tnn_real)NAN, (tnn_real)NAN, (tnn_real)NAN};
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(2, spec, 1);
    int32_t c[3];
    ck_assert_ok(tnn_output_classes(m, with_nan, 3, c, NULL));
    ck_assert_int_eq(c[0], 1);
    ck_assert_int_eq(c[1], 2);
    ck_assert_int_eq(c[2], 0);
    /* errors */
    ck_assert_status(tnn_output_classes(NULL, lin, 1, c, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_output_classes(m, NULL, 1, c, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_output_classes(m, lin, 1, NULL, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_ok(tnn_output_classes(m, NULL, 0, NULL, NULL));
    tnn_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* class grids */

/* Three classes as in the article's figure 14: 0 bottom-left, 1 right, 2 top. */
static tnn_model *softmax_model(void)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    tnn_model *m = new_model(2, spec, 1);
    /* column j is w_j: w_0 = (0, -2), w_1 = (2, 0), w_2 = (-1, 2) */
    const tnn_real kernel[] = {0, 2, -1, -2, 0, 2};
    const tnn_real bias[] = {(tnn_real)0.5, 0, 0};
    set_layer(m, 0, kernel, 6, bias, 3);
    return m;
}

/* The article's 2-3(relu)-1(sigmoid) shape with a bent boundary. */
static tnn_model *relu_sigmoid_model(void)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = new_model(2, spec, 2);
    const tnn_real k0[] = {(tnn_real)1.5, (tnn_real)-0.7, (tnn_real)0.3,
                           (tnn_real)0.4, (tnn_real)1.2,  (tnn_real)-1.1};
    const tnn_real b0[] = {(tnn_real)0.2, (tnn_real)-0.3, (tnn_real)0.5};
    const tnn_real k1[] = {(tnn_real)1.8, (tnn_real)1.6, (tnn_real)-2.0};
    const tnn_real b1[] = {(tnn_real)-0.9};
    set_layer(m, 0, k0, 6, b0, 3);
    set_layer(m, 1, k1, 3, b1, 1);
    return m;
}

START_TEST(grid_equals_predict_softmax)
{
    tnn_model *m = softmax_model();
    size_t n1, n2, counts[3];
    double *x1 = article_axis(-2.2, 2.4, &n1), *x2 = article_axis(-2.5, 2.1, &n2);
    ck_assert_uint_eq(n1 * n2, 250000);
    check_grid_against_predict(m, x1, n1, x2, n2, NULL, 256, counts);
    for (int j = 0; j < 3; j++)
        ck_assert_uint_gt(counts[j], 10000);
    check_grid_against_predict(m, x1, n1, x2, n2, NULL, 1, counts); /* one cell per block */
    free(x1);
    free(x2);
    tnn_model_free(m);
}
END_TEST

START_TEST(grid_equals_predict_sigmoid)
{
    tnn_model *m = relu_sigmoid_model();
    size_t n1, n2, counts[2];
    double *x1 = article_axis(-1.9, 1.9, &n1), *x2 = article_axis(-1.9, 1.9, &n2);
    ck_assert_uint_eq(n1 * n2, 250000);
    check_grid_against_predict(m, x1, n1, x2, n2, NULL, 333, counts);
    ck_assert_uint_gt(counts[0], 10000);
    ck_assert_uint_gt(counts[1], 10000);
    free(x1);
    free(x2);
    tnn_model_free(m);
}
END_TEST

/* Classes alone (no scores) take a shortcut: z >= 0 decides, except in a
 * thin band below 0 where the rounded sigmoid is still 0.5 (tnn_predict
 * then says class 1). Cells on both sides of the band, blocks that end
 * inside a grid row: the same classes as tnn_predict + the class rule. */
START_TEST(grid_classes_only_near_sigmoid_boundary)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec, 1, NULL));
    const tnn_real params[] = {1, 0, 0}; /* z = x1 */
    ck_assert_ok(tnn_model_set_params(m, params, 3));
    static const double x1[] = {-1e-3, -2e-5,  -1e-5, -3e-6, -1e-7,
                                -1e-9, -1e-30, 0,     1e-9,  1e-3};
    static const double x2[] = {0, 1, 2};
    enum { N1 = sizeof x1 / sizeof x1[0], N2 = 3, CELLS = N1 * N2 };
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 7, &ws));
    void *work = new_work(ws);
    int32_t classes[CELLS], want[CELLS];
    ck_assert_ok(tnn_grid_sample(m, x1, N1, x2, N2, NULL, classes, NULL, CELLS, work, ws));
    tnn_real x[CELLS * 2], y[CELLS];
    for (size_t r = 0; r < N2; r++)
        for (size_t c = 0; c < N1; c++) {
            x[(r * N1 + c) * 2] = (tnn_real)x1[c];
            x[(r * N1 + c) * 2 + 1] = (tnn_real)x2[r];
        }
    size_t pws;
    ck_assert_ok(tnn_predict_workspace_size(m, CELLS, &pws));
    void *pwork = new_work(pws);
    ck_assert_ok(tnn_predict(m, x, CELLS, y, pwork, pws));
    ck_assert_ok(tnn_output_classes(m, y, CELLS, want, NULL));
    size_t below_but_one = 0;
    for (size_t i = 0; i < CELLS; i++) {
        ck_assert_int_eq(classes[i], want[i]);
        below_but_one += x[i * 2] < 0 && classes[i] == 1;
    }
    /* sigmoid(z) rounds to 0.5 for z = -1e-7, -1e-9, -1e-30 in float, for
     * -1e-30 only in double: the band's shortcut is taken either way */
    ck_assert_uint_eq(below_but_one, (TNN_REAL_IS_DOUBLE ? 1 : 3) * N2);
    ck_assert_int_eq(classes[0], 0);
    ck_assert_int_eq(classes[N1 - 1], 1);
    free(work);
    free(pwork);
    tnn_model_free(m);
}
END_TEST

/* The article's grid, classes alone: the same classes as with scores, in
 * blocks that end anywhere in a grid row. */
START_TEST(grid_classes_only_equal_classes_with_scores)
{
    tnn_model *m = relu_sigmoid_model();
    size_t n1, n2;
    double *x1 = article_axis(-1.9, 1.9, &n1), *x2 = article_axis(-1.9, 1.9, &n2);
    const size_t cells = n1 * n2;
    int32_t *alone = malloc(cells * sizeof *alone), *with = malloc(cells * sizeof *with);
    tnn_real *scores = malloc(cells * sizeof *scores);
    ck_assert_ptr_nonnull(alone);
    ck_assert_ptr_nonnull(with);
    ck_assert_ptr_nonnull(scores);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 333, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_grid_sample(m, x1, n1, x2, n2, NULL, alone, NULL, cells, work, ws));
    ck_assert_ok(tnn_grid_sample(m, x1, n1, x2, n2, NULL, with, scores, cells, work, ws));
    ck_assert_mem_eq(alone, with, cells * sizeof *alone);
    free(work);
    free(alone);
    free(with);
    free(scores);
    free(x1);
    free(x2);
    tnn_model_free(m);
}
END_TEST

START_TEST(grid_layout_by_hand)
{
    /* one linear unit z = x1 - x2: class 1 on and below the diagonal */
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(2, spec, 1);
    const tnn_real k[] = {1, -1}, b[] = {0};
    set_layer(m, 0, k, 2, b, 1);
    const double x1[] = {0, 1, 2}, x2[] = {0.5, 1.5};
    int32_t classes[7];
    tnn_real scores[7];
    fill_classes(classes, 7);
    fill_reals(scores, 7);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 4, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_grid_sample(m, x1, 3, x2, 2, NULL, classes, scores, 7, work, ws));
    /* row 0 is x2 = 0.5, row 1 is x2 = 1.5 */
    const int32_t want[] = {0, 1, 1, 0, 0, 1};
    const tnn_real want_scores[] = {(tnn_real)-0.5, (tnn_real)0.5,  (tnn_real)1.5,
                                    (tnn_real)-1.5, (tnn_real)-0.5, (tnn_real)0.5};
    for (int i = 0; i < 6; i++) {
        ck_assert_int_eq(classes[i], want[i]);
        ck_assert(scores[i] == want_scores[i]);
    }
    ck_assert_int_eq(classes[6], CLASS_SENTINEL); /* only n1 * n2 cells written */
    ck_assert(scores[6] == REAL_SENTINEL);

    /* a slice swapping the inputs gives the transposed picture: z = x2 - x1 */
    const tnn_grid_slice swap = {sizeof swap, 1, 0, NULL, 0};
    ck_assert_ok(tnn_grid_sample(m, x1, 3, x2, 2, &swap, NULL, scores, 6, work, ws));
    for (int i = 0; i < 6; i++)
        ck_assert(scores[i] == -want_scores[i]);
    /* the same slice from an older header that ends after input2: fixed and
     * n_fixed are not read (garbage follows), they default to none */
    struct {
        size_t struct_size, input1, input2;
    } old = {3 * sizeof(size_t), 1, 0};
    _Alignas(8) unsigned char caller[sizeof(tnn_grid_slice) + 64];
    memset(caller, 0xA5, sizeof caller);
    memcpy(caller, &old, sizeof old);
    const tnn_grid_slice *old_swap = (const tnn_grid_slice *)(void *)caller;
    ck_assert_ok(tnn_grid_sample(m, x1, 3, x2, 2, old_swap, NULL, scores, 6, work, ws));
    for (int i = 0; i < 6; i++)
        ck_assert(scores[i] == -want_scores[i]);
    const size_t bad[] = {0, sizeof(size_t) - 1, sizeof(tnn_grid_slice) + 8};
    const tnn_status expected[] = {TNN_E_INVALID_ARGUMENT, TNN_E_INVALID_ARGUMENT,
                                   TNN_E_UNSUPPORTED};
    for (size_t i = 0; i < 3; i++) {
        memcpy(caller, &bad[i], sizeof bad[i]);
        ck_assert_status(tnn_grid_sample(m, x1, 3, x2, 2, old_swap, NULL, scores, 6, work, ws),
                         expected[i]);
    }
    free(work);
    tnn_model_free(m);
}
END_TEST

START_TEST(grid_slice_of_three_inputs)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(4, TNN_ACT_TANH), TNN_DENSE(2, TNN_ACT_SOFTMAX)};
    tnn_model *m = new_model(3, spec, 2);
    const tnn_real k0[] = {1,
                           -1,
                           (tnn_real)0.5,
                           2,
                           (tnn_real)0.3,
                           1,
                           -1,
                           (tnn_real)0.2,
                           (tnn_real)-0.7,
                           (tnn_real)0.4,
                           1,
                           (tnn_real)-1.5};
    const tnn_real b0[] = {(tnn_real)0.1, 0, (tnn_real)-0.2, (tnn_real)0.3};
    const tnn_real k1[] = {1, -1, -2, 2, (tnn_real)0.5, (tnn_real)-0.5, 1, 2};
    const tnn_real b1[] = {0, (tnn_real)0.1};
    set_layer(m, 0, k0, 12, b0, 4);
    set_layer(m, 1, k1, 8, b1, 2);
    size_t n1, n2, counts[2];
    double *x1 = article_axis(-2, 2, &n1), *x2 = article_axis(-2, 2.5, &n2);
    ck_assert_uint_eq(n2, 501);
    const tnn_real fixed[] = {99, (tnn_real)0.7, 99}; /* 99s are ignored */
    const tnn_grid_slice slice = {sizeof slice, 2, 0, fixed, 3};
    check_grid_against_predict(m, x1, n1, x2, n2, &slice, 100, counts);
    ck_assert_uint_gt(counts[0], 1000);
    ck_assert_uint_gt(counts[1], 1000);
    free(x1);
    free(x2);
    tnn_model_free(m);
}
END_TEST

/* Single-layer models: the class flips exactly where w0 + w.x changes sign,
 * except for cells within rounding of the line. */
static void check_grid_follows_hyperplane(tnn_activation act, const tnn_real *w, tnn_real w0)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(1, act)};
    tnn_model *m = new_model(2, spec, 1);
    set_layer(m, 0, w, 2, &w0, 1);
    tnn_real normal[2], offset;
    ck_assert_ok(tnn_unit_hyperplane(m, 0, 0, normal, 2, &offset));
    ck_assert(normal[0] == w[0] && normal[1] == w[1] && offset == w0);

    size_t n1, n2;
    double *x1 = article_axis(-2.3, 1.8, &n1), *x2 = article_axis(-1.9, 2.2, &n2);
    int32_t *classes = malloc(n1 * n2 * sizeof *classes);
    ck_assert_ptr_nonnull(classes);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 512, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_grid_sample(m, x1, n1, x2, n2, NULL, classes, NULL, n1 * n2, work, ws));
    size_t near = 0, ones = 0, bad = 0, bad_cell = 0;
    double bad_s = 0;
    for (size_t r = 0; r < n2; r++)
        for (size_t c = 0; c < n1; c++) {
            const double a = (double)(tnn_real)x1[c], b = (double)(tnn_real)x2[r];
            const double s = (double)offset + (double)normal[0] * a + (double)normal[1] * b;
            const double scale = fabs((double)offset) + fabs((double)normal[0] * a) +
                                 fabs((double)normal[1] * b);
            if (fabs(s) <= 4 * TNN_TEST_EPS * scale) {
                near++;
                continue;
            }
            if (classes[r * n1 + c] != (s >= 0) && bad++ == 0) {
                bad_cell = r * n1 + c;
                bad_s = s;
            }
            ones += s >= 0;
        }
    ck_assert_msg(bad == 0, "%s: %zu cells on the wrong side, first %zu: class %d, w0 + w.x = %g",
                  tnn_activation_name(act), bad, bad_cell, classes[bad_cell], bad_s);
    ck_assert_uint_le(near, 2 * n1); /* at most a thin band is excused */
    ck_assert_uint_gt(ones, 10000);
    ck_assert_uint_lt(ones, n1 * n2 - 10000);
    free(classes);
    free(work);
    free(x1);
    free(x2);
    tnn_model_free(m);
}

/* A softmax layer's grid against its pairwise boundaries: a cell is class k
 * exactly when it lies on class k's side of every plane z_k = z_j (cells
 * within rounding of a plane are excused). */
START_TEST(softmax_grid_agrees_with_boundaries)
{
    tnn_model *m = softmax_model();
    tnn_real n[3][3][2], off[3][3];
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            if (i != j)
                ck_assert_ok(tnn_class_boundary(m, 0, i, j, n[i][j], 2, &off[i][j]));
    size_t n1, n2;
    double *x1 = article_axis(-2.2, 2.4, &n1), *x2 = article_axis(-2.5, 2.1, &n2);
    int32_t *classes = malloc(n1 * n2 * sizeof *classes);
    ck_assert_ptr_nonnull(classes);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 200, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_grid_sample(m, x1, n1, x2, n2, NULL, classes, NULL, n1 * n2, work, ws));
    size_t near = 0, bad = 0, first_bad = 0;
    for (size_t r = 0; r < n2; r++)
        for (size_t c = 0; c < n1; c++) {
            const double a = (double)(tnn_real)x1[c], b = (double)(tnn_real)x2[r];
            int winner = -1;
            bool close = false;
            for (int k = 0; k < 3 && winner < 0; k++) {
                bool wins = true;
                for (int j = 0; j < 3; j++) {
                    if (j == k)
                        continue;
                    const double s = (double)off[k][j] + (double)n[k][j][0] * a +
                                     (double)n[k][j][1] * b;
                    close |= fabs(s) <= 8 * TNN_TEST_EPS * (1 + fabs(a) + fabs(b));
                    wins &= s > 0;
                }
                if (wins)
                    winner = k;
            }
            if (close) {
                near++;
                continue;
            }
            if (classes[r * n1 + c] != winner && bad++ == 0)
                first_bad = r * n1 + c;
        }
    ck_assert_msg(bad == 0, "%zu cells disagree with the boundaries, first %zu", bad, first_bad);
    ck_assert_uint_le(near, 3 * n1);
    free(classes);
    free(work);
    free(x1);
    free(x2);
    tnn_model_free(m);
}
END_TEST

static double lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return (double)(*s >> 8) / 8388608.0 - 1.0;
}

/* Weights of a fan-in scale (no unit saturates) and biases from a seed. */
static tnn_model *random_model(size_t n_in, const tnn_layer_spec *spec, size_t n_layers,
                               uint32_t seed)
{
    tnn_model *m = new_model(n_in, spec, n_layers);
    const size_t np = tnn_model_n_params(m);
    tnn_real *p = malloc(np * sizeof *p);
    ck_assert_ptr_nonnull(p);
    size_t at = 0;
    for (size_t k = 0; k < n_layers; k++) {
        const size_t fan_in = k == 0 ? n_in : spec[k - 1].units, units = spec[k].units;
        for (size_t i = 0; i < fan_in * units; i++) /* kernel, then bias */
            p[at++] = (tnn_real)(2.0 / sqrt((double)fan_in) * lcg(&seed));
        for (size_t j = 0; j < units; j++)
            p[at++] = (tnn_real)(0.5 * lcg(&seed));
    }
    ck_assert_uint_eq(at, np);
    ck_assert_ok(tnn_model_set_params(m, p, np));
    free(p);
    return m;
}

/* A 30 x 30 grid with scratch for blocks of 1 to 17 cells and more, with
 * scores and with classes alone: to the bit what tnn_predict gives. */
static void check_grid_every_block(const tnn_model *m, const tnn_grid_slice *slice)
{
    enum { N1 = 30, N2 = 30, CELLS = N1 * N2 };
    double x1[N1], x2[N2];
    for (size_t c = 0; c < N1; c++)
        x1[c] = -2.1 + 4.3 * (double)c / N1;
    for (size_t r = 0; r < N2; r++)
        x2[r] = -1.9 + 3.7 * (double)r / N2;
    const size_t n_in = tnn_model_n_inputs(m), n_out = tnn_model_n_outputs(m);
    tnn_real *x = grid_inputs(n_in, x1, N1, x2, N2, slice != NULL ? slice->input1 : 0,
                              slice != NULL ? slice->input2 : 1,
                              slice != NULL ? slice->fixed : NULL);
    tnn_real *y = predict_all(m, x, CELLS);
    static int32_t want[CELLS], classes[CELLS], alone[CELLS];
    static tnn_real want_scores[CELLS], scores[CELLS];
    ck_assert_ok(tnn_output_classes(m, y, CELLS, want, want_scores));
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, CELLS, &ws));
    void *work = new_work(ws);
    const bool sparse = getenv("TNN_TEST_SPARSE") != NULL; /* under valgrind */
    static const size_t blocks[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,   10,  11,  12,   13,
                                    14, 15, 16, 17, 23, 31, 64, 97, 255, 256, 500, CELLS};
    for (size_t q = 0; q < sizeof blocks / sizeof blocks[0]; q++) {
        const size_t b = blocks[q];
        if (sparse && b != 1 && b != 3 && b != 7 && b != 9 && b != CELLS)
            continue;
        ck_assert_ok(tnn_grid_workspace_size(m, b, &ws));
        ck_assert_ok(tnn_grid_sample(m, x1, N1, x2, N2, slice, classes, scores, CELLS, work, ws));
        ck_assert_ok(tnn_grid_sample(m, x1, N1, x2, N2, slice, alone, NULL, CELLS, work, ws));
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < CELLS; i++)
            if (memcmp(&scores[i], &want_scores[i], sizeof scores[i]) != 0 ||
                classes[i] != want[i] || alone[i] != want[i])
                first = bad++ == 0 ? i : first;
        ck_assert_msg(bad == 0,
                      "%zu outputs, cells of %zu: %zu cells differ from tnn_predict, first %zu: "
                      "score %.17g (predict %.17g), class %d, alone %d (predict %d)",
                      n_out, b, bad, first, (double)scores[first], (double)want_scores[first],
                      classes[first], alone[first], want[first]);
    }
    free(work);
    free(x);
    free(y);
}

/* The grid gives tnn_predict's outputs for every scratch size,
 * tiny ones included (blocks of fewer than 8 cells take the remainder code
 * of every kernel), on the narrow path (transposed blocks) and on the
 * row-major one. */
START_TEST(grid_equals_predict_for_every_block_size)
{
    /* narrow path: 2-3-1 on inputs 0 and 1; 3-16-16-12-1 on a slice */
    const tnn_layer_spec small[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = random_model(2, small, 2, 11);
    check_grid_every_block(m, NULL);
    tnn_model_free(m);
    const tnn_layer_spec narrow[] = {TNN_DENSE(16, TNN_ACT_RELU), TNN_DENSE(16, TNN_ACT_TANH),
                                     TNN_DENSE(12, TNN_ACT_SIGMOID),
                                     TNN_DENSE(1, TNN_ACT_LINEAR)};
    const tnn_real fixed3[] = {0, (tnn_real)0.3, 0};
    const tnn_grid_slice slice3 = {sizeof slice3, 2, 0, fixed3, 3};
    m = random_model(3, narrow, 4, 12);
    check_grid_every_block(m, &slice3);
    tnn_model_free(m);
    /* row-major path: softmax over a slice of 5 inputs; a wide hidden layer */
    const tnn_layer_spec deep[] = {TNN_DENSE(64, TNN_ACT_RELU), TNN_DENSE(32, TNN_ACT_RELU),
                                   TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    const tnn_real fixed5[] = {(tnn_real)0.2, 0, (tnn_real)-0.4, 0, (tnn_real)0.7};
    const tnn_grid_slice slice5 = {sizeof slice5, 1, 3, fixed5, 5};
    m = random_model(5, deep, 3, 13);
    check_grid_every_block(m, &slice5);
    tnn_model_free(m);
    const tnn_layer_spec fan[] = {TNN_DENSE(400, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    m = random_model(2, fan, 2, 14);
    check_grid_every_block(m, NULL);
    tnn_model_free(m);
}
END_TEST

START_TEST(grid_agrees_with_hyperplane)
{
    const tnn_real w_sig[] = {(tnn_real)-1.7, (tnn_real)2.3};
    check_grid_follows_hyperplane(TNN_ACT_SIGMOID, w_sig, (tnn_real)0.3);
    const tnn_real w_step[] = {(tnn_real)0.05, (tnn_real)-0.08};
    check_grid_follows_hyperplane(TNN_ACT_STEP, w_step, (tnn_real)0.01);
    const tnn_real w_lin[] = {(tnn_real)0.9, (tnn_real)1.1};
    check_grid_follows_hyperplane(TNN_ACT_LINEAR, w_lin, (tnn_real)-0.25);
    check_grid_follows_hyperplane(TNN_ACT_TANH, w_lin, (tnn_real)-0.25);
    check_grid_follows_hyperplane(TNN_ACT_RELU, w_lin, (tnn_real)-0.25);
}
END_TEST

START_TEST(grid_bad_arguments)
{
    tnn_model *m = relu_sigmoid_model();
    const double x1[] = {0, 1, 2}, x2[] = {0, 1};
    const double bad[] = {0, (double)NAN, 1};
    int32_t classes[8];
    tnn_real scores[8];
    fill_classes(classes, 8);
    fill_reals(scores, 8);
    size_t ws;
    ck_assert_ok(tnn_grid_workspace_size(m, 8, &ws));
    unsigned char *work = new_work(ws + 8);

#define GRID_FAILS(expected, model, a, na, b, nb, slice, n_cells, w, w_size)                   \
    ck_assert_status(tnn_grid_sample(model, a, na, b, nb, slice, classes, scores, n_cells, w,  \
                                     w_size),                                                  \
                     expected)
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, NULL, x1, 3, x2, 2, NULL, 8, work, ws);
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m, x1, 0, x2, 2, NULL, 8, work, ws); /* zero-size */
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m, x1, 3, x2, 0, NULL, 8, work, ws);
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m, NULL, 3, x2, 2, NULL, 8, work, ws);
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m, x1, 3, x2, 2, NULL, 8, NULL, ws);
    GRID_FAILS(TNN_E_NON_FINITE, m, bad, 3, x2, 2, NULL, 8, work, ws); /* NaN bound */
    GRID_FAILS(TNN_E_NON_FINITE, m, x1, 3, bad, 2, NULL, 8, work, ws);
    const double huge[] = {1e300};
#if !TNN_REAL_IS_DOUBLE
    GRID_FAILS(TNN_E_NON_FINITE, m, huge, 1, x2, 2, NULL, 8, work, ws); /* no float for it */
#else
    (void)huge;
#endif
    GRID_FAILS(TNN_E_BUFFER_TOO_SMALL, m, x1, 3, x2, 2, NULL, 5, work, ws);
    GRID_FAILS(TNN_E_BUFFER_TOO_SMALL, m, x1, 3, x2, 2, NULL, 8, work, ws / 8 - 1);
    GRID_FAILS(TNN_E_MISALIGNED, m, x1, 3, x2, 2, NULL, 8, work + 1, ws);
    const tnn_grid_slice same = {sizeof same, 1, 1, NULL, 0},
                         out_of_range = {sizeof out_of_range, 0, 2, NULL, 0};
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m, x1, 3, x2, 2, &same, 8, work, ws);
    GRID_FAILS(TNN_E_OUT_OF_RANGE, m, x1, 3, x2, 2, &out_of_range, 8, work, ws);
    ck_assert_status(tnn_grid_sample(m, x1, 3, x2, 2, NULL, NULL, NULL, 8, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    assert_classes_untouched(classes, 8);
    assert_reals_untouched(scores, 8);

    /* three inputs: the fixed values must be there, of the right length, finite */
    const tnn_layer_spec spec3[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m3 = new_model(3, spec3, 1);
    const tnn_real fixed[] = {0, 0, 1}, nan_fixed[] = {0, 0, (tnn_real)NAN};
    const size_t ss = sizeof(tnn_grid_slice);
    const tnn_grid_slice no_values = {ss, 0, 1, NULL, 3}, short_values = {ss, 0, 1, fixed, 2},
                         nan_values = {ss, 0, 1, nan_fixed, 3}, good = {ss, 0, 1, fixed, 3};
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m3, x1, 3, x2, 2, NULL, 8, work, ws);
    GRID_FAILS(TNN_E_INVALID_ARGUMENT, m3, x1, 3, x2, 2, &no_values, 8, work, ws);
    GRID_FAILS(TNN_E_SHAPE_MISMATCH, m3, x1, 3, x2, 2, &short_values, 8, work, ws);
    GRID_FAILS(TNN_E_NON_FINITE, m3, x1, 3, x2, 2, &nan_values, 8, work, ws);
    assert_classes_untouched(classes, 8);
    assert_reals_untouched(scores, 8);
    ck_assert_ok(tnn_grid_sample(m3, x1, 3, x2, 2, &good, classes, scores, 8, work, ws));

    /* one input: no 2-D grid */
    const tnn_layer_spec spec1[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m1 = new_model(1, spec1, 1);
    size_t ws1;
    ck_assert_ok(tnn_grid_workspace_size(m1, 8, &ws1));
    fill_classes(classes, 8);
    GRID_FAILS(TNN_E_SHAPE_MISMATCH, m1, x1, 3, x2, 2, NULL, 8, work, ws1);
    assert_classes_untouched(classes, 8);
#undef GRID_FAILS

    size_t size = 42;
    ck_assert_status(tnn_grid_workspace_size(m, 0, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_grid_workspace_size(NULL, 1, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_grid_workspace_size(m, SIZE_MAX / 2, &size), TNN_E_OVERFLOW);
    ck_assert_uint_eq(size, 42);
    free(work);
    tnn_model_free(m);
    tnn_model_free(m3);
    tnn_model_free(m1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* activations */

/* Hand-computed pass through relu_sigmoid_model() for x = (1, 2), (-1, 0.5),
 * (0, 0), (2, -1):
 * z0 = x K0 + b0 with K0 rows (1.5, -0.7, 0.3) and (0.4, 1.2, -1.1). */
static const double hand_x[4][2] = {{1, 2}, {-1, 0.5}, {0, 0}, {2, -1}};
static const double hand_z0[4][3] = {
    {1.5 + 0.8 + 0.2, -0.7 + 2.4 - 0.3, 0.3 - 2.2 + 0.5},   /* 2.5, 1.4, -1.4 */
    {-1.5 + 0.2 + 0.2, 0.7 + 0.6 - 0.3, -0.3 - 0.55 + 0.5}, /* -1.1, 1.0, -0.35 */
    {0.2, -0.3, 0.5},
    {3.0 - 0.4 + 0.2, -1.4 - 1.2 - 0.3, 0.6 + 1.1 + 0.5}, /* 2.8, -2.9, 2.2 */
};

START_TEST(activations_by_hand)
{
    tnn_model *m = relu_sigmoid_model();
    tnn_real x[8];
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 2; i++)
            x[r * 2 + i] = (tnn_real)hand_x[r][i];
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 1, &ws)); /* one row per block */
    void *work = new_work(ws);
    tnn_real a0[13], z0[13], a1[5], z1[5];
    fill_reals(a0, 13);
    fill_reals(z0, 13);
    ck_assert_ok(tnn_layer_activations(m, 0, x, 4, a0, z0, 12, work, ws));
    for (int r = 0; r < 4; r++)
        for (int j = 0; j < 3; j++) {
            const double z = hand_z0[r][j];
            ck_assert_close(z0[r * 3 + j], z, 4 * TNN_TEST_EPS);
            ck_assert_close(a0[r * 3 + j], z > 0 ? z : 0.0, 4 * TNN_TEST_EPS);
        }
    ck_assert(a0[12] == REAL_SENTINEL && z0[12] == REAL_SENTINEL);

    /* layer 1: z1 = 1.8 a1 + 1.6 a2 - 2.0 a3 - 0.9, a = sigmoid(z1) */
    ck_assert_ok(tnn_layer_activations(m, 1, x, 4, a1, z1, 4, work, ws));
    for (int r = 0; r < 4; r++) {
        const double h[3] = {fmax(hand_z0[r][0], 0), fmax(hand_z0[r][1], 0),
                             fmax(hand_z0[r][2], 0)};
        const double z = 1.8 * h[0] + 1.6 * h[1] - 2.0 * h[2] - 0.9;
        ck_assert_close(z1[r], z, 8 * TNN_TEST_EPS);
        ck_assert_close(a1[r], 1 / (1 + exp(-z)), 8 * TNN_TEST_EPS);
    }
    /* row 0 in full: h = (2.5, 1.4, 0), z = 4.5 + 2.24 - 0.9 = 5.84 */
    ck_assert_close(z1[0], 5.84, 8 * TNN_TEST_EPS);

    /* the last layer's activations are the predictions, bit for bit */
    tnn_real y[4], only_a[4], only_z[4];
    ck_assert_ok(tnn_predict(m, x, 4, y, work, ws));
    ck_assert_ok(tnn_layer_activations(m, 1, x, 4, only_a, NULL, 4, work, ws));
    ck_assert_ok(tnn_layer_activations(m, 1, x, 4, NULL, only_z, 4, work, ws));
    for (int r = 0; r < 4; r++) {
        ck_assert(y[r] == a1[r]);
        ck_assert(only_a[r] == a1[r]);
        ck_assert(only_z[r] == z1[r]);
    }
    free(work);
    tnn_model_free(m);
}
END_TEST

START_TEST(activations_bad_arguments)
{
    tnn_model *m = relu_sigmoid_model();
    const tnn_real x[4] = {1, 2, 3, 4};
    tnn_real a[6], z[6];
    fill_reals(a, 6);
    fill_reals(z, 6);
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 2, &ws));
    unsigned char *work = new_work(ws + 8);
    ck_assert_status(tnn_layer_activations(m, 2, x, 2, a, z, 6, work, ws), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_layer_activations(NULL, 0, x, 2, a, z, 6, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_activations(m, 0, NULL, 2, a, z, 6, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_activations(m, 0, x, 2, NULL, NULL, 6, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_activations(m, 0, x, 2, a, z, 5, work, ws),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_layer_activations(m, 0, x, 2, a, z, 6, work, 4), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_layer_activations(m, 0, x, 2, a, z, 6, work + 1, ws), TNN_E_MISALIGNED);
    ck_assert_status(tnn_layer_activations(m, 0, x, 2, a, z, 6, NULL, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_activations(m, 0, x, SIZE_MAX / 2, a, z, 6, work, ws),
                     TNN_E_OVERFLOW);
    assert_reals_untouched(a, 6);
    assert_reals_untouched(z, 6);
    ck_assert_ok(tnn_layer_activations(m, 0, x, 0, NULL, NULL, 0, work, ws));
    free(work);
    tnn_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* geometry */

START_TEST(softmax_boundary_perpendicular)
{
    tnn_model *m = softmax_model();
    tnn_real n[2], off;
    ck_assert_ok(tnn_class_boundary(m, 0, 1, 0, n, 2, &off));
    /* w_1 - w_0 = (2, 0) - (0, -2), b_1 - b_0 = -0.5 */
    ck_assert(n[0] == 2 && n[1] == 2 && off == (tnn_real)-0.5);
    ck_assert_ok(tnn_class_boundary(m, 0, 2, 1, n, 2, &off));
    ck_assert(n[0] == -3 && n[1] == 2 && off == 0);

    /* Find two points where the model's p_1 = p_0, by bisection on
     * tnn_predict along x2 = -2 and x2 = -1, then check that the line
     * through them is perpendicular to w_1 - w_0 and lies on the plane. */
    ck_assert_ok(tnn_class_boundary(m, 0, 1, 0, n, 2, &off));
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 1, &ws));
    void *work = new_work(ws);
    double pts[2][2];
    const double rows[2] = {-2, -1};
    for (int k = 0; k < 2; k++) {
        double lo = -2, hi = 2.4; /* class 0 at lo, class 1 at hi */
        for (int it = 0; it < 60; it++) {
            const double mid = 0.5 * (lo + hi);
            const tnn_real x[2] = {(tnn_real)mid, (tnn_real)rows[k]};
            tnn_real p[3];
            ck_assert_ok(tnn_predict(m, x, 1, p, work, ws));
            if (p[1] >= p[0])
                hi = mid;
            else
                lo = mid;
        }
        pts[k][0] = 0.5 * (lo + hi);
        pts[k][1] = rows[k];
        ck_assert_close((double)off + (double)n[0] * pts[k][0] + (double)n[1] * pts[k][1], 0,
                        1e-5);
    }
    const double d[2] = {pts[1][0] - pts[0][0], pts[1][1] - pts[0][1]};
    const double dot = d[0] * (double)n[0] + d[1] * (double)n[1];
    ck_assert_double_le(fabs(dot), 1e-5 * hypot(d[0], d[1]) * hypot((double)n[0], (double)n[1]));
    ck_assert_close(pts[0][0], 2.25, 1e-5); /* by hand: x1 + x2 = 0.25 */
    ck_assert_close(pts[1][0], 1.25, 1e-5);
    free(work);

    /* errors */
    fill_reals(n, 2);
    off = REAL_SENTINEL;
    ck_assert_status(tnn_class_boundary(m, 0, 1, 1, n, 2, &off), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_class_boundary(m, 0, 1, 3, n, 2, &off), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_class_boundary(m, 1, 1, 0, n, 2, &off), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_class_boundary(m, 0, 1, 0, n, 1, &off), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_class_boundary(m, 0, 1, 0, NULL, 0, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_unit_hyperplane(m, 0, 0, n, 2, &off), TNN_E_UNSUPPORTED);
    assert_reals_untouched(n, 2);
    ck_assert(off == REAL_SENTINEL);
    tnn_model_free(m);

    const tnn_layer_spec relu[] = {TNN_DENSE(3, TNN_ACT_RELU)};
    m = new_model(2, relu, 1);
    ck_assert_status(tnn_class_boundary(m, 0, 1, 0, n, 2, &off), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_unit_hyperplane(m, 0, 3, n, 2, &off), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_unit_hyperplane(m, 1, 0, n, 2, &off), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_unit_hyperplane(m, 0, 0, n, 1, &off), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_unit_hyperplane(NULL, 0, 0, n, 2, &off), TNN_E_INVALID_ARGUMENT);
    assert_reals_untouched(n, 2);
    tnn_model_free(m);
}
END_TEST

START_TEST(hidden_space_plane)
{
    /* The output plane of the 2-3-1 network in its hidden space: z = 0 of
     * the output unit, a3 = -(w0 + w1 a1 + w2 a2) / w3. */
    tnn_model *m = relu_sigmoid_model();
    tnn_real w[3], w0;
    ck_assert_ok(tnn_unit_hyperplane(m, 1, 0, w, 3, &w0));
    ck_assert(w[0] == (tnn_real)1.8 && w[1] == (tnn_real)1.6 && w[2] == (tnn_real)-2.0);
    ck_assert(w0 == (tnn_real)-0.9);
    /* a hidden unit's own plane: column 1 of K0 and its bias */
    tnn_real h[2], h0;
    ck_assert_ok(tnn_unit_hyperplane(m, 0, 1, h, 2, &h0));
    ck_assert(h[0] == (tnn_real)-0.7 && h[1] == (tnn_real)1.2 && h0 == (tnn_real)-0.3);

    double a1[50], a2[40];
    ck_assert_ok(tnn_linspace(0, 3, a1, 50));
    ck_assert_ok(tnn_linspace(0, 2.5, a2, 40));
    tnn_real a3[2001];
    fill_reals(a3, 2001);
    ck_assert_ok(tnn_plane_surface(w, 3, w0, a1, 50, a2, 40, a3, 2001));
    for (size_t r = 0; r < 40; r++)
        for (size_t c = 0; c < 50; c++) {
            const double v = (double)a3[r * 50 + c];
            /* on the plane, so the output unit sits exactly at p = 0.5 */
            const double s = (double)w0 + (double)w[0] * a1[c] + (double)w[1] * a2[r] +
                             (double)w[2] * v;
            ck_assert_double_le(fabs(s), 8 * TNN_TEST_EPS * (1 + fabs(v)));
            /* by hand: a3 = (1.8 a1 + 1.6 a2 - 0.9) / 2 */
            ck_assert_close(v, (1.8 * a1[c] + 1.6 * a2[r] - 0.9) / 2, 4 * TNN_TEST_EPS);
        }
    ck_assert(a3[2000] == REAL_SENTINEL);
    tnn_model_free(m);
}
END_TEST

START_TEST(plane_surface_input_space)
{
    /* Listing 11: a sigmoid unit on 3 inputs, plane over [-2, 2]^2 (500 x 500) */
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = new_model(3, spec, 1);
    const tnn_real k[] = {(tnn_real)1.3, (tnn_real)-0.6, (tnn_real)2.1}, b[] = {(tnn_real)0.4};
    set_layer(m, 0, k, 3, b, 1);
    tnn_real w[3], w0;
    ck_assert_ok(tnn_unit_hyperplane(m, 0, 0, w, 3, &w0));
    size_t n1, n2;
    double *x1 = article_axis(-2, 2, &n1), *x2 = article_axis(-2, 2, &n2);
    tnn_real *x3 = malloc(n1 * n2 * sizeof *x3);
    ck_assert_ptr_nonnull(x3);
    ck_assert_ok(tnn_plane_surface(w, 3, w0, x1, n1, x2, n2, x3, n1 * n2));
    /* every point is on the boundary: the model gives p = 0.5 there */
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 1, &ws));
    void *work = new_work(ws);
    for (size_t r = 0; r < n2; r += 7)
        for (size_t c = 0; c < n1; c += 5) {
            const double v = (double)x3[r * n1 + c];
            const double s = 0.4 + 1.3 * x1[c] - 0.6 * x2[r] + 2.1 * v;
            ck_assert_double_le(fabs(s), 16 * TNN_TEST_EPS * (1 + fabs(v)));
            const tnn_real x[3] = {(tnn_real)x1[c], (tnn_real)x2[r], (tnn_real)v};
            tnn_real p;
            ck_assert_ok(tnn_predict(m, x, 1, &p, work, ws));
            ck_assert_close(p, 0.5, 16 * TNN_TEST_EPS);
        }
    free(work);

    /* errors: w3 == 0, NaNs, wrong shapes; nothing written */
    const double ax[2] = {0, 1}, nan_ax[2] = {0, (double)NAN};
    tnn_real out[4];
    fill_reals(out, 4);
    const tnn_real vertical[3] = {1, 2, 0}, nan_w[3] = {1, (tnn_real)NAN, 1};
    const tnn_real tiny[3] = {1, 1, (tnn_real)1e-30};
    ck_assert_status(tnn_plane_surface(vertical, 3, 1, ax, 2, ax, 2, out, 4), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_plane_surface(nan_w, 3, 1, ax, 2, ax, 2, out, 4), TNN_E_NON_FINITE);
    ck_assert_status(tnn_plane_surface(w, 3, (tnn_real)NAN, ax, 2, ax, 2, out, 4),
                     TNN_E_NON_FINITE);
    ck_assert_status(tnn_plane_surface(w, 3, 1, nan_ax, 2, ax, 2, out, 4), TNN_E_NON_FINITE);
    ck_assert_status(tnn_plane_surface(w, 3, 1, ax, 2, nan_ax, 2, out, 4), TNN_E_NON_FINITE);
    ck_assert_status(tnn_plane_surface(w, 2, 1, ax, 2, ax, 2, out, 4), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_plane_surface(w, 3, 1, ax, 2, ax, 2, out, 3), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_plane_surface(w, 3, 1, ax, 0, ax, 2, out, 4), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_plane_surface(NULL, 3, 1, ax, 2, ax, 2, out, 4), TNN_E_INVALID_ARGUMENT);
    assert_reals_untouched(out, 4);
    /* heights beyond the range of tnn_real (1e40 > FLT_MAX) are refused */
#if TNN_REAL_IS_DOUBLE
    ck_assert_ok(tnn_plane_surface(tiny, 3, (tnn_real)1e10, ax, 2, ax, 2, out, 4));
    ck_assert_close(out[0], -1e40, 1e-12);
#else
    ck_assert_status(tnn_plane_surface(tiny, 3, (tnn_real)1e10, ax, 2, ax, 2, out, 4),
                     TNN_E_NON_FINITE);
    assert_reals_untouched(out, 4);
#endif
    free(x1);
    free(x2);
    free(x3);
    tnn_model_free(m);
}
END_TEST

START_TEST(linear_hidden_layer_span)
{
    /* Listing 24: 2 -> Dense(3, linear) -> Dense(1, sigmoid) */
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_LINEAR), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = new_model(2, spec, 2);
    const tnn_real k0[] = {(tnn_real)0.8, (tnn_real)-0.4, (tnn_real)1.1,
                           (tnn_real)0.3, (tnn_real)0.9,  (tnn_real)-0.6};
    const tnn_real b0[] = {(tnn_real)0.1, (tnn_real)-0.2, (tnn_real)0.05};
    set_layer(m, 0, k0, 6, b0, 3);
    tnn_real v[7], off[4];
    fill_reals(v, 7);
    fill_reals(off, 4);
    ck_assert_ok(tnn_linear_layer_span(m, 0, v, 7, off, 4));
    for (int i = 0; i < 6; i++)
        ck_assert(v[i] == k0[i]); /* v_1 = row 0, v_2 = row 1 */
    for (int j = 0; j < 3; j++)
        ck_assert(off[j] == b0[j]);
    ck_assert(v[6] == REAL_SENTINEL && off[3] == REAL_SENTINEL);

    /* hidden activations minus the offset lie in span{v_1, v_2}: normal to
     * the plane n = v_1 x v_2, and the coordinates are the inputs */
    const double n[3] = {(double)v[1] * (double)v[5] - (double)v[2] * (double)v[4],
                         (double)v[2] * (double)v[3] - (double)v[0] * (double)v[5],
                         (double)v[0] * (double)v[4] - (double)v[1] * (double)v[3]};
    enum { ROWS = 64 };
    tnn_real x[ROWS * 2], h[ROWS * 3];
    for (int r = 0; r < ROWS; r++) {
        x[2 * r] = (tnn_real)(-2.0 + 4.0 * r / ROWS);
        x[2 * r + 1] = (tnn_real)(1.5 - 0.05 * r * (r % 3));
    }
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 16, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_layer_activations(m, 0, x, ROWS, h, NULL, ROWS * 3, work, ws));
    for (int r = 0; r < ROWS; r++) {
        double d[3], dot = 0;
        for (int j = 0; j < 3; j++) {
            d[j] = (double)h[3 * r + j] - (double)off[j];
            dot += d[j] * n[j];
            const double in_span = (double)x[2 * r] * (double)v[j] +
                                   (double)x[2 * r + 1] * (double)v[3 + j];
            ck_assert_close(d[j], in_span, 8 * TNN_TEST_EPS);
        }
        ck_assert_double_le(fabs(dot),
                            16 * TNN_TEST_EPS * (1 + fabs(d[0]) + fabs(d[1]) + fabs(d[2])));
    }
    free(work);

    fill_reals(v, 7);
    ck_assert_status(tnn_linear_layer_span(m, 1, v, 7, off, 4), TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_linear_layer_span(m, 2, v, 7, off, 4), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_linear_layer_span(m, 0, v, 5, off, 4), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_linear_layer_span(m, 0, v, 7, off, 2), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_linear_layer_span(m, 0, NULL, 0, NULL, 0), TNN_E_INVALID_ARGUMENT);
    assert_reals_untouched(v, 7);
    tnn_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* contributions */

START_TEST(contributions_by_hand)
{
    /* 1 -> 3 relu -> 1 linear; x = 0.5: z = (0.5 - 0.25, -0.5 + 0.1, 1.0 - 0.2)
     * = (0.25, -0.4, 0.8), a = (0.25, 0, 0.8), w = (2, 3, -0.5), b = 0.125:
     * contributions (0.5, 0, -0.4), sum 0.225 */
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(1, spec, 2);
    const tnn_real k0[] = {1, -1, 2}, b0[] = {(tnn_real)-0.25, (tnn_real)0.1, (tnn_real)-0.2};
    const tnn_real k1[] = {2, 3, (tnn_real)-0.5}, b1[] = {(tnn_real)0.125};
    set_layer(m, 0, k0, 3, b0, 3);
    set_layer(m, 1, k1, 3, b1, 1);
    const tnn_real x[] = {(tnn_real)0.5};
    tnn_real a[3], c[3], bias, sum;
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 1, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_output_contributions(m, x, 1, a, c, 3, &bias, &sum, work, ws));
    const double want_a[] = {0.25, 0, 0.8}, want_c[] = {0.5, 0, -0.4};
    for (int i = 0; i < 3; i++) {
        ck_assert_close(a[i], want_a[i], TNN_TEST_EPS);
        ck_assert_close(c[i], want_c[i], TNN_TEST_EPS);
    }
    ck_assert(bias == (tnn_real)0.125);
    ck_assert_close(sum, 0.225, TNN_TEST_EPS);
    free(work);
    tnn_model_free(m);
}
END_TEST

START_TEST(contributions_sum_to_prediction)
{
    /* Listing 30's shape: 1 -> Dense(10, relu) -> Dense(1, linear) on
     * X5_test = linspace(0, 1, 1000) */
    const tnn_layer_spec spec[] = {TNN_DENSE(10, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(1, spec, 2);
    tnn_rng *rng;
    ck_assert_ok(tnn_rng_new(&rng, 15, NULL));
    ck_assert_ok(tnn_model_draw_glorot(m, rng));
    tnn_real b0[10];
    for (int j = 0; j < 10; j++)
        b0[j] = (tnn_real)(0.1 * (j - 5)); /* spread the kinks over [0, 1] */
    set_layer(m, 0, NULL, 0, b0, 10);
    const tnn_real b1[] = {(tnn_real)0.3};
    set_layer(m, 1, NULL, 0, b1, 1);
    tnn_real w[10];
    ck_assert_ok(tnn_model_get_weights(m, 1, w, 10, NULL, 0));

    enum { N = 1000 };
    double xs[N];
    ck_assert_ok(tnn_linspace(0, 1, xs, N));
    tnn_real *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    tnn_real *a = malloc(N * 10 * sizeof *a), *c = malloc(N * 10 * sizeof *c);
    tnn_real *h = malloc(N * 10 * sizeof *h), *sums = malloc(N * sizeof *sums);
    ck_assert(x && y && a && c && h && sums);
    for (int i = 0; i < N; i++)
        x[i] = (tnn_real)xs[i];
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m, 37, &ws));
    void *work = new_work(ws);
    ck_assert_ok(tnn_predict(m, x, N, y, work, ws));
    ck_assert_ok(tnn_layer_activations(m, 0, x, N, h, NULL, N * 10, work, ws));
    tnn_real bias;
    ck_assert_ok(tnn_output_contributions(m, x, N, a, c, N * 10, &bias, sums, work, ws));
    ck_assert(bias == (tnn_real)0.3);
    size_t active = 0;
    for (int i = 0; i < N; i++) {
        double total = (double)bias;
        for (int k = 0; k < 10; k++) {
            ck_assert(a[i * 10 + k] == h[i * 10 + k]);
            ck_assert(c[i * 10 + k] == a[i * 10 + k] * w[k]);
            total += (double)c[i * 10 + k];
            active += a[i * 10 + k] > 0;
        }
        ck_assert_close(sums[i], y[i], 1e-6);
        ck_assert_close(total, y[i], 1e-6);
    }
    ck_assert_uint_gt(active, N); /* the pieces are not all zero */

    /* sums alone, and a one-layer linear model: contributions of the inputs */
    ck_assert_ok(tnn_output_contributions(m, x, N, NULL, NULL, 0, NULL, sums, work, ws));
    const tnn_layer_spec lin_spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *lin = new_model(2, lin_spec, 1);
    const tnn_real lk[] = {3, -2}, lb[] = {(tnn_real)0.5};
    set_layer(lin, 0, lk, 2, lb, 1);
    const tnn_real lx[] = {1, 2};
    tnn_real lc[2], ls;
    size_t lws;
    ck_assert_ok(tnn_predict_workspace_size(lin, 1, &lws));
    void *lwork = new_work(lws);
    ck_assert_ok(tnn_output_contributions(lin, lx, 1, NULL, lc, 2, NULL, &ls, lwork, lws));
    ck_assert(lc[0] == 3 && lc[1] == -4 && ls == (tnn_real)-0.5);
    free(lwork);
    tnn_model_free(lin);

    free(work);
    free(x);
    free(y);
    free(a);
    free(c);
    free(h);
    free(sums);
    tnn_rng_free(rng);
    tnn_model_free(m);
}
END_TEST

START_TEST(contributions_bad_arguments)
{
    const tnn_layer_spec sig[] = {TNN_DENSE(4, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    const tnn_layer_spec two[] = {TNN_DENSE(4, TNN_ACT_RELU), TNN_DENSE(2, TNN_ACT_LINEAR)};
    const tnn_layer_spec ok[] = {TNN_DENSE(4, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m_sig = new_model(2, sig, 2), *m_two = new_model(2, two, 2);
    tnn_model *m = new_model(2, ok, 2);
    const tnn_real x[4] = {1, 2, 3, 4};
    tnn_real a[8], c[8], bias = REAL_SENTINEL, sums[2];
    fill_reals(a, 8);
    fill_reals(c, 8);
    fill_reals(sums, 2);
    size_t ws;
    ck_assert_ok(tnn_predict_workspace_size(m_two, 2, &ws));
    unsigned char *work = new_work(ws + 8);
    ck_assert_status(tnn_output_contributions(m_sig, x, 2, a, c, 8, &bias, sums, work, ws),
                     TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_output_contributions(m_two, x, 2, a, c, 8, &bias, sums, work, ws),
                     TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_output_contributions(m, x, 2, a, c, 7, &bias, sums, work, ws),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_output_contributions(m, x, 2, a, c, 8, &bias, sums, work, 3),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_output_contributions(m, x, 2, a, c, 8, &bias, sums, work + 1, ws),
                     TNN_E_MISALIGNED);
    ck_assert_status(tnn_output_contributions(m, NULL, 2, a, c, 8, &bias, sums, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_output_contributions(NULL, x, 2, a, c, 8, &bias, sums, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_output_contributions(m, x, 2, a, c, 8, &bias, sums, NULL, ws),
                     TNN_E_INVALID_ARGUMENT);
    assert_reals_untouched(a, 8);
    assert_reals_untouched(c, 8);
    assert_reals_untouched(sums, 2);
    ck_assert(bias == REAL_SENTINEL);
    free(work);
    tnn_model_free(m_sig);
    tnn_model_free(m_two);
    tnn_model_free(m);
}
END_TEST

static Suite *inspect_suite(void)
{
    Suite *s = suite_create("inspect");
    TCase *axes = tcase_create("axes");
    tcase_add_test(axes, arange_matches_numpy);
    tcase_add_test(axes, arange_errors);
    suite_add_tcase(s, axes);

    TCase *grid = tcase_create("grid");
    tcase_add_test(grid, class_rule_single_outputs);
    tcase_add_test(grid, class_rule_argmax);
    tcase_add_test(grid, grid_equals_predict_softmax);
    tcase_add_test(grid, grid_equals_predict_sigmoid);
    tcase_add_test(grid, grid_equals_predict_for_every_block_size);
    tcase_add_test(grid, grid_classes_only_near_sigmoid_boundary);
    tcase_add_test(grid, grid_classes_only_equal_classes_with_scores);
    tcase_add_test(grid, grid_layout_by_hand);
    tcase_add_test(grid, grid_slice_of_three_inputs);
    tcase_add_test(grid, grid_agrees_with_hyperplane);
    tcase_add_test(grid, softmax_grid_agrees_with_boundaries);
    tcase_add_test(grid, grid_bad_arguments);
    suite_add_tcase(s, grid);

    TCase *act = tcase_create("activations");
    tcase_add_test(act, activations_by_hand);
    tcase_add_test(act, activations_bad_arguments);
    suite_add_tcase(s, act);

    TCase *geo = tcase_create("geometry");
    tcase_add_test(geo, softmax_boundary_perpendicular);
    tcase_add_test(geo, hidden_space_plane);
    tcase_add_test(geo, plane_surface_input_space);
    tcase_add_test(geo, linear_hidden_layer_span);
    suite_add_tcase(s, geo);

    TCase *contrib = tcase_create("contributions");
    tcase_add_test(contrib, contributions_by_hand);
    tcase_add_test(contrib, contributions_sum_to_prediction);
    tcase_add_test(contrib, contributions_bad_arguments);
    suite_add_tcase(s, contrib);
    return s;
}

int main(void)
{
    return tnn_test_run(inspect_suite());
}
