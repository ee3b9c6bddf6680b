/* Robustness: whatever a caller passes, the library answers with a status
 * code and never crashes, leaks, or writes to outputs on failure.
 *
 * - allocation failures: every allocation of a create-train-predict-free
 *   cycle is failed in turn;
 * - NULL for every pointer parameter of every public function (a table);
 * - caller memory one byte too small, or misaligned, for every sized object;
 * - NaN/Inf inputs and targets, targets outside [0, 1] for the
 *   cross-entropies, zero rows, zero-width layers, sizes that overflow;
 * - training that diverges, handles of the wrong kind or already freed.
 *
 * Outputs are filled with a sentinel byte before every failing call and
 * must still hold it afterwards. Run under ASan/UBSan and valgrind by
 * tests/ci/, which turns any overrun of the exact-size buffers into a
 * failure. */
#include <float.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tnn_test.h"

#ifndef TNN_HAVE_TRAINING
#define TNN_HAVE_TRAINING 1
#endif
#ifndef TNN_HAVE_LBFGS
#define TNN_HAVE_LBFGS TNN_HAVE_TRAINING
#endif

#define SENTINEL 0xA5
#define N_ROWS 8

/* ------------------------------------------------------------------ */
/* Fixture: small models, data, outputs filled with sentinels          */
/* ------------------------------------------------------------------ */

typedef struct outputs {
    tnn_real r[512];
    tnn_real r2[512];
    tnn_real r3[64];
    tnn_real r4[64];
    double d[512];
    double d2[64];
    int32_t c[512];
    size_t s[64];
    size_t size;
    double value, value2;
    int64_t i64;
    char text[4096];
    tnn_model *model;
    tnn_rng *rng;
#if TNN_HAVE_TRAINING
    tnn_optimizer *opt;
#endif
#if TNN_HAVE_LBFGS
    tnn_lbfgs_report report;
#endif
} outputs;

typedef struct fixture {
    tnn_model *cls;   /* 2 -> 3 tanh -> 1 sigmoid */
    tnn_model *lin;   /* 2 -> 3 tanh -> 1 linear */
    tnn_model *soft;  /* 2 -> 3 softmax */
    tnn_model *perc;  /* 2 -> 1 step */
    tnn_model *plane; /* 3 -> 2 linear: a linear layer of fan-in 3 */
    tnn_rng *rng;
#if TNN_HAVE_TRAINING
    tnn_optimizer *sgd; /* for cls */
#endif
    tnn_real x[N_ROWS * 2];
    tnn_real y[N_ROWS];
    tnn_real y3[N_ROWS * 3];
    double xd[N_ROWS * 2];
    double axis[16];
    void *work;
    size_t work_size;
    void *mem;
    size_t mem_size;
    outputs out;
} fixture;

static fixture F;

static const tnn_layer_spec spec_cls[] = {TNN_DENSE(3, TNN_ACT_TANH),
                                          TNN_DENSE(1, TNN_ACT_SIGMOID)};
static const tnn_layer_spec spec_lin[] = {TNN_DENSE(3, TNN_ACT_TANH),
                                          TNN_DENSE(1, TNN_ACT_LINEAR)};
static const tnn_layer_spec spec_soft[] = {TNN_DENSE(3, TNN_ACT_SOFTMAX)};
static const tnn_layer_spec spec_perc[] = {TNN_DENSE(1, TNN_ACT_STEP)};
static const tnn_layer_spec spec_plane[] = {TNN_DENSE(2, TNN_ACT_LINEAR)};

static tnn_model *make_model(size_t n_in, const tnn_layer_spec *spec, size_t n_layers)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, n_layers, NULL));
    ck_assert_ok(tnn_model_draw_glorot(m, F.rng));
    return m;
}

static void fixture_setup(void)
{
    memset(&F, 0, sizeof F);
    ck_assert_ok(tnn_rng_new(&F.rng, 7, NULL));
    F.cls = make_model(2, spec_cls, 2);
    F.lin = make_model(2, spec_lin, 2);
    F.soft = make_model(2, spec_soft, 1);
    F.perc = make_model(2, spec_perc, 1);
    F.plane = make_model(3, spec_plane, 1);
    for (size_t r = 0; r < N_ROWS; r++) {
        F.x[2 * r] = (tnn_real)r / (tnn_real)N_ROWS;
        F.x[2 * r + 1] = (tnn_real)(r % 3) - (tnn_real)1;
        F.y[r] = (tnn_real)(r % 2);
        for (size_t j = 0; j < 3; j++)
            F.y3[3 * r + j] = j == r % 3 ? (tnn_real)1 : (tnn_real)0;
        F.xd[2 * r] = (double)F.x[2 * r];
        F.xd[2 * r + 1] = (double)F.x[2 * r + 1];
    }
    for (size_t i = 0; i < 16; i++)
        F.axis[i] = -1.0 + 0.125 * (double)i;
    F.work_size = 1 << 16;
    F.work = malloc(F.work_size);
    F.mem_size = 1 << 16;
    F.mem = malloc(F.mem_size);
    ck_assert_ptr_nonnull(F.work);
    ck_assert_ptr_nonnull(F.mem);
#if TNN_HAVE_TRAINING
    ck_assert_ok(tnn_optimizer_new(&F.sgd, TNN_OPT_SGD, tnn_model_n_params(F.cls), NULL));
#endif
}

static void fixture_teardown(void)
{
#if TNN_HAVE_TRAINING
    tnn_optimizer_free(F.sgd);
#endif
    tnn_model_free(F.cls);
    tnn_model_free(F.lin);
    tnn_model_free(F.soft);
    tnn_model_free(F.perc);
    tnn_model_free(F.plane);
    tnn_rng_free(F.rng);
    free(F.work);
    free(F.mem);
}

/* Every model's parameters, to prove a failing call changed none. */
typedef struct params_snapshot {
    tnn_real p[5][64];
} params_snapshot;

static void snapshot(params_snapshot *s)
{
    tnn_model *all[5] = {F.cls, F.lin, F.soft, F.perc, F.plane};
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 5; i++) {
        size_t n = tnn_model_n_params(all[i]);
        ck_assert_uint_le(n, 64);
        ck_assert_ok(tnn_model_get_params(all[i], s->p[i], n));
    }
}

/* Sentinel bytes everywhere but in the report's struct_size, which the
 * caller sets. */
static void fill_outputs(outputs *out)
{
    memset(out, SENTINEL, sizeof *out);
#if TNN_HAVE_LBFGS
    out->report.struct_size = sizeof out->report;
#endif
}

static void fill_sentinel(void)
{
    fill_outputs(&F.out);
}

static void assert_sentinel(const char *what)
{
    static outputs ref;
    fill_outputs(&ref);
    ck_assert_msg(memcmp(&ref, &F.out, sizeof ref) == 0,
                  "%s: an output was written although the call failed", what);
}

/* Runs a call that must fail with `expected`, and checks that it wrote
 * nothing: neither an output nor a model parameter. */
#define ck_assert_fails_clean(call, expected)                                                  \
    do {                                                                                       \
        params_snapshot before_, after_;                                                       \
        snapshot(&before_);                                                                    \
        fill_sentinel();                                                                       \
        ck_assert_status(call, expected);                                                      \
        assert_sentinel(#call);                                                                \
        snapshot(&after_);                                                                     \
        ck_assert_msg(memcmp(&before_, &after_, sizeof before_) == 0,                          \
                      "%s changed a model although it failed", #call);                         \
    } while (0)

/* Aligned heap buffer of exactly `size` bytes (so ASan sees any overrun);
 * size 0 still gives a valid pointer. */
static void *exact(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq((uintptr_t)p % TNN_ALIGNMENT, 0);
    return p;
}

/* ------------------------------------------------------------------ */
/* NULL for every pointer parameter: a table of calls                   */
/* ------------------------------------------------------------------ */

/* The call's i-th pointer argument p, or NULL when it is the one nulled. */
#define ARG(i, p) (nul == (i) ? NULL : (p))

#if TNN_HAVE_LBFGS
static tnn_status quadratic(void *ctx, const double *x, size_t n, double *f, double *grad)
{
    (void)ctx;
    *f = 0;
    for (size_t i = 0; i < n; i++) {
        *f += (x[i] - 1) * (x[i] - 1);
        grad[i] = 2 * (x[i] - 1);
    }
    return TNN_OK;
}
#endif

static tnn_status c_rng_init(int nul)
{
    return tnn_rng_init(ARG(0, &F.out.rng), ARG(1, F.mem), F.mem_size, 1);
}
static tnn_status c_rng_new(int nul)
{
    counting_allocator ca;
    counting_allocator_init(&ca, 0);
    tnn_status st = tnn_rng_new(ARG(0, &F.out.rng), 1, ARG(1, &ca.hooks));
    if (st == TNN_OK)
        tnn_rng_free(F.out.rng);
    ck_assert_uint_eq(ca.live_blocks, 0);
    return st;
}
static tnn_status c_rng_uniform_fill(int nul)
{
    const double lo[2] = {0, 1}, hi[2] = {1, 2};
    return tnn_rng_uniform_fill(ARG(0, F.rng), ARG(1, lo), ARG(2, hi), 3, 2, ARG(3, F.out.d));
}
static tnn_status c_rng_randint(int nul)
{
    return tnn_rng_randint(ARG(0, F.rng), 0, 10, ARG(1, &F.out.i64));
}
static tnn_status c_rng_choice(int nul)
{
    return tnn_rng_choice(ARG(0, F.rng), 10, ARG(1, &F.out.s[0]));
}
static tnn_status c_rng_permutation(int nul)
{
    return tnn_rng_permutation(ARG(0, F.rng), ARG(1, F.out.s), 10);
}
static tnn_status c_linspace(int nul)
{
    return tnn_linspace(0, 1, ARG(0, F.out.d), 5);
}
static tnn_status c_scaler_fit(int nul)
{
    return tnn_scaler_fit(ARG(0, F.xd), N_ROWS, 2, ARG(1, F.out.d), ARG(2, F.out.d2));
}
static tnn_status c_scaler_transform(int nul)
{
    const double mean[2] = {0, 1}, scale[2] = {1, 2};
    return tnn_scaler_transform(ARG(0, mean), ARG(1, scale), ARG(2, F.xd), N_ROWS, 2,
                                ARG(3, F.out.d));
}
static tnn_status c_scaler_inverse(int nul)
{
    const double mean[2] = {0, 1}, scale[2] = {1, 2};
    return tnn_scaler_inverse_transform(ARG(0, mean), ARG(1, scale), ARG(2, F.xd), N_ROWS, 2,
                                        ARG(3, F.out.d));
}
static tnn_status c_model_size(int nul)
{
    return tnn_model_size(2, ARG(0, spec_cls), 2, ARG(1, &F.out.size));
}
static tnn_status c_model_init(int nul)
{
    return tnn_model_init(ARG(0, &F.out.model), ARG(1, F.mem), F.mem_size, 2, ARG(2, spec_cls),
                          2);
}
static tnn_status c_model_new(int nul)
{
    counting_allocator ca;
    counting_allocator_init(&ca, 0);
    tnn_status st = tnn_model_new(ARG(0, &F.out.model), 2, ARG(1, spec_cls), 2,
                                  ARG(2, &ca.hooks));
    if (st == TNN_OK)
        tnn_model_free(F.out.model);
    ck_assert_uint_eq(ca.live_blocks, 0);
    return st;
}
static tnn_status c_model_get_weights(int nul)
{
    return tnn_model_get_weights(ARG(0, F.cls), 0, ARG(1, F.out.r), 6, ARG(2, F.out.r2), 3);
}
static tnn_status c_model_set_weights(int nul)
{
    /* writes the layer's own weights back: a successful call changes nothing */
    tnn_real k[6], b[3];
    ck_assert_ok(tnn_model_get_weights(F.cls, 0, k, 6, b, 3));
    return tnn_model_set_weights(ARG(0, F.cls), 0, ARG(1, k), 6, ARG(2, b), 3);
}
static tnn_status c_model_get_params(int nul)
{
    return tnn_model_get_params(ARG(0, F.cls), ARG(1, F.out.r), tnn_model_n_params(F.cls));
}
static tnn_status c_model_set_params(int nul)
{
    tnn_real p[64];
    ck_assert_ok(tnn_model_get_params(F.cls, p, tnn_model_n_params(F.cls)));
    return tnn_model_set_params(ARG(0, F.cls), ARG(1, p), tnn_model_n_params(F.cls));
}
static tnn_status c_model_draw_glorot(int nul)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
    return tnn_model_draw_glorot(ARG(0, m), ARG(1, F.rng));
}
static tnn_status c_model_zero_params(int nul)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
    return tnn_model_zero_params(ARG(0, m));
}
static tnn_status c_predict_workspace_size(int nul)
{
    return tnn_predict_workspace_size(ARG(0, F.cls), 4, ARG(1, &F.out.size));
}
static tnn_status c_predict(int nul)
{
    return tnn_predict(ARG(0, F.cls), ARG(1, F.x), N_ROWS, ARG(2, F.out.r), ARG(3, F.work),
                       F.work_size);
}
static tnn_status c_model_summary(int nul)
{
    return tnn_model_summary(ARG(0, F.cls), ARG(1, F.out.text), sizeof F.out.text,
                             ARG(2, &F.out.size));
}
static tnn_status c_evaluate(int nul)
{
    return tnn_evaluate(ARG(0, F.cls), TNN_LOSS_BCE, TNN_METRIC_ACCURACY, ARG(1, F.x),
                        ARG(2, F.y), N_ROWS, ARG(3, &F.out.value), ARG(4, &F.out.value2),
                        ARG(5, F.work), F.work_size);
}
static tnn_status c_output_classes(int nul)
{
    return tnn_output_classes(ARG(0, F.soft), ARG(1, F.y3), N_ROWS, ARG(2, F.out.c),
                              ARG(3, F.out.r));
}
static tnn_status c_arange_count(int nul)
{
    return tnn_arange_count(0, 1, 0.25, ARG(0, &F.out.size));
}
static tnn_status c_arange(int nul)
{
    return tnn_arange(0, 1, 0.25, ARG(0, F.out.d), 4);
}
static tnn_status c_grid_workspace_size(int nul)
{
    return tnn_grid_workspace_size(ARG(0, F.cls), 16, ARG(1, &F.out.size));
}
static tnn_status c_grid_sample(int nul)
{
    tnn_grid_slice slice = {sizeof slice, 1, 0, NULL, 0};
    return tnn_grid_sample(ARG(0, F.cls), ARG(1, F.axis), 16, ARG(2, F.axis), 8, ARG(3, &slice),
                           ARG(4, F.out.c), ARG(5, F.out.r), 128, ARG(6, F.work), F.work_size);
}
static tnn_status c_grid_sample_slice(int nul)
{
    /* a 3-input model: the slice and its fixed values are required */
    const tnn_real fixed[3] = {0.5, 0, 0};
    tnn_grid_slice slice = {sizeof slice, 0, 2, ARG(2, fixed), 3};
    return tnn_grid_sample(ARG(0, F.plane), F.axis, 4, F.axis, 4, ARG(1, &slice), F.out.c, NULL,
                           16, F.work, F.work_size);
}
static tnn_status c_layer_activations(int nul)
{
    return tnn_layer_activations(ARG(0, F.cls), 0, ARG(1, F.x), N_ROWS, ARG(2, F.out.r),
                                 ARG(3, F.out.r2), 3 * N_ROWS, ARG(4, F.work), F.work_size);
}
static tnn_status c_unit_hyperplane(int nul)
{
    return tnn_unit_hyperplane(ARG(0, F.cls), 0, 1, ARG(1, F.out.r), 2, ARG(2, F.out.r2));
}
static tnn_status c_class_boundary(int nul)
{
    return tnn_class_boundary(ARG(0, F.soft), 0, 0, 2, ARG(1, F.out.r), 2, ARG(2, F.out.r2));
}
static tnn_status c_plane_surface(int nul)
{
    const tnn_real normal[3] = {1, 2, 4};
    return tnn_plane_surface(ARG(0, normal), 3, (tnn_real)0.5, ARG(1, F.axis), 4,
                             ARG(2, F.axis), 4, ARG(3, F.out.r), 16);
}
static tnn_status c_linear_layer_span(int nul)
{
    return tnn_linear_layer_span(ARG(0, F.plane), 0, ARG(1, F.out.r), 6, ARG(2, F.out.r2), 2);
}
static tnn_status c_output_contributions(int nul)
{
    return tnn_output_contributions(ARG(0, F.lin), ARG(1, F.x), N_ROWS, ARG(2, F.out.r),
                                    ARG(3, F.out.r2), 3 * N_ROWS, ARG(4, F.out.r3),
                                    ARG(5, F.out.r4), ARG(6, F.work), F.work_size);
}

#if TNN_HAVE_TRAINING
static tnn_status c_gradient_workspace_size(int nul)
{
    return tnn_gradient_workspace_size(ARG(0, F.cls), 4, ARG(1, &F.out.size));
}
static tnn_status c_gradient(int nul)
{
    memset(F.out.r, 0, sizeof F.out.r); /* the gradient is accumulated */
    F.out.value = 0;
    if (nul >= 0) /* the sentinel check needs them untouched from here on */
        fill_sentinel();
    return tnn_gradient(ARG(0, F.cls), TNN_LOSS_BCE, ARG(1, F.x), ARG(2, F.y), N_ROWS,
                        ARG(3, F.out.r), tnn_model_n_params(F.cls), ARG(4, &F.out.value),
                        ARG(5, F.work), F.work_size);
}
static tnn_status c_optimizer_size(int nul)
{
    return tnn_optimizer_size(TNN_OPT_ADAM, 10, ARG(0, &F.out.size));
}
static tnn_status c_optimizer_init(int nul)
{
    return tnn_optimizer_init(ARG(0, &F.out.opt), ARG(1, F.mem), F.mem_size, TNN_OPT_ADAM, 10);
}
static tnn_status c_optimizer_new(int nul)
{
    counting_allocator ca;
    counting_allocator_init(&ca, 0);
    tnn_status st = tnn_optimizer_new(ARG(0, &F.out.opt), TNN_OPT_ADAM, 10, ARG(1, &ca.hooks));
    if (st == TNN_OK)
        tnn_optimizer_free(F.out.opt);
    ck_assert_uint_eq(ca.live_blocks, 0);
    return st;
}
static tnn_status c_optimizer_set(int nul)
{
    return tnn_optimizer_set(ARG(0, F.sgd), TNN_PARAM_LEARNING_RATE, 0.01);
}
static tnn_status c_optimizer_get(int nul)
{
    return tnn_optimizer_get(ARG(0, F.sgd), TNN_PARAM_LEARNING_RATE, ARG(1, &F.out.value));
}
static tnn_status c_optimizer_reset(int nul)
{
    return tnn_optimizer_reset(ARG(0, F.sgd));
}
static tnn_status c_optimizer_step(int nul)
{
    /* a zero gradient: a successful step leaves the weights as they are */
    tnn_real g[64] = {0};
    return tnn_optimizer_step(ARG(0, F.sgd), ARG(1, F.cls), ARG(2, g),
                              tnn_model_n_params(F.cls), 1);
}
static tnn_status c_fit_workspace_size(int nul)
{
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    return tnn_fit_workspace_size(ARG(0, F.cls), ARG(1, &o), N_ROWS, ARG(2, &F.out.size));
}
static tnn_status c_fit(int nul)
{
    /* trains a copy, placed in caller memory, so F.cls stays as it is */
    tnn_model *m = NULL;
    tnn_real p[64];
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
    ck_assert_ok(tnn_model_get_params(F.cls, p, tnn_model_n_params(F.cls)));
    ck_assert_ok(tnn_model_set_params(m, p, tnn_model_n_params(m)));
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 2;
    o.shuffle = F.rng;
    return tnn_fit(ARG(0, m), ARG(1, F.sgd), ARG(2, &o), ARG(3, F.x), ARG(4, F.y), N_ROWS,
                   ARG(5, F.work), F.work_size, ARG(6, &F.out.size));
}
static tnn_status c_perceptron_workspace_size(int nul)
{
    return tnn_perceptron_workspace_size(ARG(0, F.perc), ARG(1, &F.out.size));
}
static tnn_status c_perceptron_fit(int nul)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_perc, 1));
    return tnn_perceptron_fit(ARG(0, m), ARG(1, F.x), ARG(2, F.y), N_ROWS, 0.1, 3,
                              ARG(3, F.out.s), ARG(4, F.work), F.work_size);
}
#endif
#if TNN_HAVE_LBFGS
static tnn_status c_lbfgs_workspace_size(int nul)
{
    return tnn_lbfgs_workspace_size(4, 5, ARG(0, &F.out.size));
}
static tnn_status c_lbfgs_minimize(int nul)
{
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    double x[4] = {0, 0, 0, 0};
    tnn_status st = tnn_lbfgs_minimize(ARG(0, quadratic), ARG(1, &F), ARG(2, x), 4, ARG(3, &o),
                                       ARG(4, F.work), F.work_size, ARG(5, &F.out.report));
    if (nul >= 0 && st != TNN_OK)
        for (int i = 0; i < 4; i++)
            ck_assert(x[i] == 0); /* "x is untouched on argument errors" */
    return st;
}
static tnn_status c_logreg_workspace_size(int nul)
{
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;
    return tnn_logreg_workspace_size(ARG(0, F.soft), ARG(1, &o), ARG(2, &F.out.size));
}
static tnn_status c_logreg_fit(int nul)
{
    tnn_model *m = NULL;
    tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_soft, 1));
    return tnn_logreg_fit(ARG(0, m), ARG(1, &o), ARG(2, F.x), ARG(3, F.y3), N_ROWS,
                          ARG(4, F.work), F.work_size, ARG(5, &F.out.report));
}
#endif

typedef struct null_case {
    const char *name;
    tnn_status (*call)(int nul);
    int n_ptrs;
    unsigned optional; /* bit i: argument i may be NULL on its own */
} null_case;

#define OPT(i) (1u << (i))

static const null_case null_cases[] = {
    {"tnn_rng_init", c_rng_init, 2, 0},
    {"tnn_rng_new", c_rng_new, 2, OPT(1)},
    {"tnn_rng_uniform_fill", c_rng_uniform_fill, 4, 0},
    {"tnn_rng_randint", c_rng_randint, 2, 0},
    {"tnn_rng_choice", c_rng_choice, 2, 0},
    {"tnn_rng_permutation", c_rng_permutation, 2, 0},
    {"tnn_linspace", c_linspace, 1, 0},
    {"tnn_scaler_fit", c_scaler_fit, 3, 0},
    {"tnn_scaler_transform", c_scaler_transform, 4, 0},
    {"tnn_scaler_inverse_transform", c_scaler_inverse, 4, 0},
    {"tnn_model_size", c_model_size, 2, 0},
    {"tnn_model_init", c_model_init, 3, 0},
    {"tnn_model_new", c_model_new, 3, OPT(2)},
    {"tnn_model_get_weights", c_model_get_weights, 3, OPT(1) | OPT(2)},
    {"tnn_model_set_weights", c_model_set_weights, 3, OPT(1) | OPT(2)},
    {"tnn_model_get_params", c_model_get_params, 2, 0},
    {"tnn_model_set_params", c_model_set_params, 2, 0},
    {"tnn_model_draw_glorot", c_model_draw_glorot, 2, 0},
    {"tnn_model_zero_params", c_model_zero_params, 1, 0},
    {"tnn_predict_workspace_size", c_predict_workspace_size, 2, 0},
    {"tnn_predict", c_predict, 4, 0},
    {"tnn_model_summary", c_model_summary, 3, OPT(2)},
    {"tnn_evaluate", c_evaluate, 6, OPT(3) | OPT(4)},
    {"tnn_output_classes", c_output_classes, 4, OPT(2) | OPT(3)},
    {"tnn_arange_count", c_arange_count, 1, 0},
    {"tnn_arange", c_arange, 1, 0},
    {"tnn_grid_workspace_size", c_grid_workspace_size, 2, 0},
    {"tnn_grid_sample", c_grid_sample, 7, OPT(3) | OPT(4) | OPT(5)},
    {"tnn_grid_sample (3 inputs)", c_grid_sample_slice, 3, 0},
    {"tnn_layer_activations", c_layer_activations, 5, OPT(2) | OPT(3)},
    {"tnn_unit_hyperplane", c_unit_hyperplane, 3, OPT(1) | OPT(2)},
    {"tnn_class_boundary", c_class_boundary, 3, OPT(1) | OPT(2)},
    {"tnn_plane_surface", c_plane_surface, 4, 0},
    {"tnn_linear_layer_span", c_linear_layer_span, 3, OPT(1) | OPT(2)},
    {"tnn_output_contributions", c_output_contributions, 7, OPT(2) | OPT(3) | OPT(4) | OPT(5)},
#if TNN_HAVE_TRAINING
    {"tnn_gradient_workspace_size", c_gradient_workspace_size, 2, 0},
    {"tnn_gradient", c_gradient, 6, OPT(4)},
    {"tnn_optimizer_size", c_optimizer_size, 1, 0},
    {"tnn_optimizer_init", c_optimizer_init, 2, 0},
    {"tnn_optimizer_new", c_optimizer_new, 2, OPT(1)},
    {"tnn_optimizer_set", c_optimizer_set, 1, 0},
    {"tnn_optimizer_get", c_optimizer_get, 2, 0},
    {"tnn_optimizer_reset", c_optimizer_reset, 1, 0},
    {"tnn_optimizer_step", c_optimizer_step, 3, 0},
    {"tnn_fit_workspace_size", c_fit_workspace_size, 3, 0},
    {"tnn_fit", c_fit, 7, OPT(6)},
    {"tnn_perceptron_workspace_size", c_perceptron_workspace_size, 2, 0},
    {"tnn_perceptron_fit", c_perceptron_fit, 5, OPT(3)},
#endif
#if TNN_HAVE_LBFGS
    {"tnn_lbfgs_workspace_size", c_lbfgs_workspace_size, 1, 0},
    {"tnn_lbfgs_minimize", c_lbfgs_minimize, 6, OPT(1) | OPT(3) | OPT(5)},
    {"tnn_logreg_workspace_size", c_logreg_workspace_size, 3, OPT(1)},
    {"tnn_logreg_fit", c_logreg_fit, 6, OPT(1) | OPT(5)},
#endif
};

#define N_NULL_CASES (sizeof null_cases / sizeof null_cases[0])

START_TEST(null_pointers_table)
{
    size_t nulled = 0;
    for (size_t i = 0; i < N_NULL_CASES; i++) {
        const null_case *c = &null_cases[i];
        /* the call itself is valid: a failure below is the NULL's doing */
        fill_sentinel();
        tnn_status st = c->call(-1);
        ck_assert_msg(st == TNN_OK, "%s: baseline call returned %d (%s)", c->name, (int)st,
                      tnn_status_message(st));
        for (int a = 0; a < c->n_ptrs; a++) {
            params_snapshot before, after;
            snapshot(&before);
            fill_sentinel();
            st = c->call(a);
            snapshot(&after);
            if (c->optional & OPT(a)) {
                ck_assert_msg(st == TNN_OK, "%s: optional pointer %d NULL gave %d (%s)",
                              c->name, a, (int)st, tnn_status_message(st));
                continue;
            }
            ck_assert_msg(st == TNN_E_INVALID_ARGUMENT,
                          "%s: pointer argument %d NULL gave %d (%s)", c->name, a, (int)st,
                          tnn_status_message(st));
            char what[96];
            snprintf(what, sizeof what, "%s with pointer %d NULL", c->name, a);
            assert_sentinel(what);
            ck_assert_msg(memcmp(&before, &after, sizeof before) == 0, "%s changed a model",
                          what);
            nulled++;
        }
    }
    ck_assert_uint_gt(nulled, TNN_HAVE_TRAINING ? 100 : 70);
    printf("NULL pointer arguments refused: %zu in %zu functions\n", nulled, N_NULL_CASES);
}
END_TEST

START_TEST(null_both_optional_outputs)
{
    /* where either output may be NULL, both NULL is an error */
    ck_assert_fails_clean(tnn_model_get_weights(F.cls, 0, NULL, 6, NULL, 3),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_model_set_weights(F.cls, 0, NULL, 6, NULL, 3),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_output_classes(F.soft, F.y3, N_ROWS, NULL, NULL),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_grid_sample(F.cls, F.axis, 4, F.axis, 4, NULL, NULL, NULL, 16,
                                          F.work, F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_layer_activations(F.cls, 0, F.x, N_ROWS, NULL, NULL, 24, F.work,
                                                F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_unit_hyperplane(F.cls, 0, 0, NULL, 2, NULL),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_class_boundary(F.soft, 0, 0, 1, NULL, 2, NULL),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_linear_layer_span(F.plane, 0, NULL, 6, NULL, 2),
                          TNN_E_INVALID_ARGUMENT);
    /* summary: NULL buffer with a non-zero size */
    ck_assert_fails_clean(tnn_model_summary(F.cls, NULL, 10, NULL), TNN_E_INVALID_ARGUMENT);
    /* rows asked for, zero rows: NULL arrays are fine with no rows */
    ck_assert_ok(tnn_predict(F.cls, NULL, 0, NULL, F.work, F.work_size));
    ck_assert_ok(tnn_output_classes(F.cls, NULL, 0, NULL, NULL));
}
END_TEST

START_TEST(null_and_dead_handles_in_accessors)
{
    /* accessors and void functions take NULL quietly */
    tnn_model_free(NULL);
    tnn_rng_free(NULL);
    tnn_rng_seed(NULL, 1);
    ck_assert_uint_eq(tnn_model_n_inputs(NULL), 0);
    ck_assert_uint_eq(tnn_model_n_outputs(NULL), 0);
    ck_assert_uint_eq(tnn_model_n_layers(NULL), 0);
    ck_assert_uint_eq(tnn_model_n_params(NULL), 0);
    ck_assert_ptr_null(tnn_model_layer(NULL, 0));
    ck_assert_uint_eq(tnn_layer_units(NULL), 0);
    ck_assert_uint_eq(tnn_layer_n_inputs(NULL), 0);
    ck_assert_int_eq(tnn_layer_activation(NULL), TNN_ACT_LINEAR);
    ck_assert_uint_eq(tnn_rng_next_u32(NULL), 0);
    ck_assert(isnan(tnn_rng_random_sample(NULL)));
    ck_assert(isnan(tnn_rng_standard_normal(NULL)));
    ck_assert(isnan(tnn_rng_uniform(NULL, 0, 1)));
    ck_assert_ptr_nonnull(tnn_status_message((tnn_status)12345));
    ck_assert_str_eq(tnn_activation_name((tnn_activation)99), "unknown");
#if TNN_HAVE_TRAINING
    tnn_optimizer_free(NULL);
    ck_assert_status(tnn_optimizer_reset(NULL), TNN_E_INVALID_ARGUMENT);
#endif
}
END_TEST

/* ------------------------------------------------------------------ */
/* Caller memory one byte too small, and misaligned                     */
/* ------------------------------------------------------------------ */

/* An object placed in caller memory: its size query and its placement. */
typedef struct sized_case {
    const char *name;
    size_t (*size)(void);
    tnn_status (*use)(void *mem, size_t size); /* TNN_OK when it fits */
} sized_case;

static size_t s_rng(void)
{
    return tnn_rng_size();
}
static tnn_status u_rng(void *mem, size_t size)
{
    F.out.rng = NULL;
    return tnn_rng_init(&F.out.rng, mem, size, 3);
}
static size_t s_model(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_model_size(2, spec_cls, 2, &n));
    return n;
}
static tnn_status u_model(void *mem, size_t size)
{
    tnn_model *m = NULL;
    tnn_status st = tnn_model_init(&m, mem, size, 2, spec_cls, 2);
    if (st == TNN_OK) { /* the whole model is usable, up to its last parameter */
        tnn_real p[13];
        for (int i = 0; i < 13; i++)
            p[i] = (tnn_real)i;
        ck_assert_ok(tnn_model_set_params(m, p, 13));
        ck_assert_ok(tnn_predict(m, F.x, N_ROWS, F.out.r, F.work, F.work_size));
    } else {
        ck_assert_ptr_null(m);
    }
    return st;
}
static size_t s_predict(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_predict_workspace_size(F.cls, 1, &n));
    return n;
}
static tnn_status u_predict(void *mem, size_t size)
{
    return tnn_predict(F.cls, F.x, N_ROWS, F.out.r, mem, size);
}
static tnn_status u_evaluate(void *mem, size_t size)
{
    return tnn_evaluate(F.cls, TNN_LOSS_MSE, TNN_METRIC_MSE, F.x, F.y, N_ROWS, &F.out.value,
                        &F.out.value2, mem, size);
}
static tnn_status u_activations(void *mem, size_t size)
{
    return tnn_layer_activations(F.cls, 1, F.x, N_ROWS, F.out.r, F.out.r2, N_ROWS, mem, size);
}
static size_t s_predict_lin(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_predict_workspace_size(F.lin, 1, &n));
    return n;
}
static tnn_status u_contributions(void *mem, size_t size)
{
    return tnn_output_contributions(F.lin, F.x, N_ROWS, F.out.r, F.out.r2, 3 * N_ROWS, F.out.r3,
                                    F.out.r4, mem, size);
}
static size_t s_grid(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_grid_workspace_size(F.cls, 1, &n));
    return n;
}
static tnn_status u_grid(void *mem, size_t size)
{
    return tnn_grid_sample(F.cls, F.axis, 16, F.axis, 8, NULL, F.out.c, F.out.r, 128, mem, size);
}
#if TNN_HAVE_TRAINING
static size_t s_gradient(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_gradient_workspace_size(F.cls, 1, &n));
    return n;
}
static tnn_status u_gradient(void *mem, size_t size)
{
    tnn_real g[13] = {0};
    tnn_status st = tnn_gradient(F.cls, TNN_LOSS_MSE, F.x, F.y, N_ROWS, g, 13, NULL, mem, size);
    if (st != TNN_OK)
        for (int i = 0; i < 13; i++)
            ck_assert(g[i] == 0);
    return st;
}
static size_t optimizer_bytes(tnn_optimizer_kind kind)
{
    size_t n = 0;
    ck_assert_ok(tnn_optimizer_size(kind, 13, &n));
    return n;
}
static tnn_status place_optimizer(tnn_optimizer_kind kind, void *mem, size_t size)
{
    tnn_optimizer *o = NULL;
    tnn_status st = tnn_optimizer_init(&o, mem, size, kind, 13);
    if (st == TNN_OK) { /* usable: train a model with it */
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
        ck_assert_ok(tnn_model_draw_glorot(m, F.rng));
        tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
        fo.epochs = 2;
        ck_assert_ok(tnn_fit(m, o, &fo, F.x, F.y, N_ROWS, F.work, F.work_size, NULL));
    } else {
        ck_assert_ptr_null(o);
    }
    return st;
}
static size_t s_sgd(void)
{
    return optimizer_bytes(TNN_OPT_SGD);
}
static tnn_status u_sgd(void *mem, size_t size)
{
    return place_optimizer(TNN_OPT_SGD, mem, size);
}
static size_t s_adam(void)
{
    return optimizer_bytes(TNN_OPT_ADAM);
}
static tnn_status u_adam(void *mem, size_t size)
{
    return place_optimizer(TNN_OPT_ADAM, mem, size);
}
static tnn_fit_options fit_opts(bool shuffle)
{
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 2;
    o.batch_size = 3;
    o.shuffle = shuffle ? F.rng : NULL;
    return o;
}
static size_t fit_bytes(bool shuffle)
{
    size_t n = 0;
    tnn_fit_options o = fit_opts(shuffle);
    ck_assert_ok(tnn_fit_workspace_size(F.cls, &o, N_ROWS, &n));
    return n;
}
static tnn_status run_fit(bool shuffle, void *mem, size_t size)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
    ck_assert_ok(tnn_model_draw_glorot(m, F.rng));
    tnn_fit_options o = fit_opts(shuffle);
    F.out.size = 12345;
    tnn_status st = tnn_fit(m, F.sgd, &o, F.x, F.y, N_ROWS, mem, size, &F.out.size);
    if (st != TNN_OK)
        ck_assert_uint_eq(F.out.size, 12345);
    return st;
}
static size_t s_fit(void)
{
    return fit_bytes(false);
}
static tnn_status u_fit(void *mem, size_t size)
{
    return run_fit(false, mem, size);
}
static size_t s_fit_shuffle(void)
{
    return fit_bytes(true);
}
static tnn_status u_fit_shuffle(void *mem, size_t size)
{
    return run_fit(true, mem, size);
}
static size_t s_perceptron(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_perceptron_workspace_size(F.perc, &n));
    return n;
}
static tnn_status u_perceptron(void *mem, size_t size)
{
    return tnn_perceptron_fit(F.perc, F.x, F.y, N_ROWS, 0.1, 2, NULL, mem, size);
}
#endif
#if TNN_HAVE_LBFGS
static size_t s_lbfgs_opt(void)
{
    return optimizer_bytes(TNN_OPT_LBFGS);
}
static tnn_status u_lbfgs_opt(void *mem, size_t size)
{
    return place_optimizer(TNN_OPT_LBFGS, mem, size);
}
static size_t s_lbfgs(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_lbfgs_workspace_size(4, 3, &n));
    return n;
}
static tnn_status u_lbfgs(void *mem, size_t size)
{
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    o.history = 3;
    double x[4] = {0, 0, 0, 0};
    return tnn_lbfgs_minimize(quadratic, NULL, x, 4, &o, mem, size, NULL);
}
static size_t s_logreg(void)
{
    size_t n = 0;
    ck_assert_ok(tnn_logreg_workspace_size(F.soft, NULL, &n));
    return n;
}
static tnn_status u_logreg(void *mem, size_t size)
{
    return tnn_logreg_fit(F.soft, NULL, F.x, F.y3, N_ROWS, mem, size, NULL);
}
#endif

static const sized_case sized_cases[] = {
    {"rng", s_rng, u_rng},
    {"model", s_model, u_model},
    {"predict work", s_predict, u_predict},
    {"evaluate work", s_predict, u_evaluate},
    {"layer activations work", s_predict, u_activations},
    {"contributions work", s_predict_lin, u_contributions},
    {"grid work", s_grid, u_grid},
#if TNN_HAVE_TRAINING
    {"gradient work", s_gradient, u_gradient},
    {"SGD optimizer", s_sgd, u_sgd},
    {"Adam optimizer", s_adam, u_adam},
    {"fit work", s_fit, u_fit},
    {"fit work (shuffled)", s_fit_shuffle, u_fit_shuffle},
    {"perceptron work", s_perceptron, u_perceptron},
#endif
#if TNN_HAVE_LBFGS
    {"L-BFGS optimizer", s_lbfgs_opt, u_lbfgs_opt},
    {"L-BFGS work", s_lbfgs, u_lbfgs},
    {"logreg work", s_logreg, u_logreg},
#endif
};

#define N_SIZED (sizeof sized_cases / sizeof sized_cases[0])

START_TEST(one_byte_too_small)
{
    for (size_t i = 0; i < N_SIZED; i++) {
        const sized_case *c = &sized_cases[i];
        size_t n = c->size();
        ck_assert_uint_gt(n, 0);
        /* exactly the size asked for works (ASan checks nothing beyond it) */
        void *mem = exact(n);
        tnn_status st = c->use(mem, n);
        ck_assert_msg(st == TNN_OK, "%s: %zu bytes gave %s", c->name, n, tnn_status_message(st));
        free(mem);
        /* one byte less: refused, nothing written */
        mem = exact(n - 1);
        params_snapshot before, after;
        snapshot(&before);
        st = c->use(mem, n - 1);
        snapshot(&after);
        ck_assert_msg(st == TNN_E_BUFFER_TOO_SMALL, "%s: %zu bytes gave %s", c->name, n - 1,
                      tnn_status_message(st));
        ck_assert_msg(memcmp(&before, &after, sizeof before) == 0, "%s changed a model", c->name);
        free(mem);
        /* and no memory at all */
        st = c->use(F.mem, 0);
        ck_assert_msg(st == TNN_E_BUFFER_TOO_SMALL, "%s: 0 bytes gave %s", c->name,
                      tnn_status_message(st));
    }
}
END_TEST

START_TEST(misaligned_memory)
{
    for (size_t i = 0; i < N_SIZED; i++) {
        const sized_case *c = &sized_cases[i];
        size_t n = c->size();
        unsigned char *mem = exact(n + TNN_ALIGNMENT);
        for (size_t off = 1; off < TNN_ALIGNMENT; off++) {
            params_snapshot before, after;
            snapshot(&before);
            tnn_status st = c->use(mem + off, n);
            snapshot(&after);
            ck_assert_msg(st == TNN_E_MISALIGNED, "%s at offset %zu gave %s", c->name, off,
                          tnn_status_message(st));
            ck_assert_msg(memcmp(&before, &after, sizeof before) == 0, "%s changed a model",
                          c->name);
        }
        free(mem);
    }
}
END_TEST

/* An allocator that returns memory off by `skew` bytes from malloc's. */
typedef struct skewed {
    size_t skew, live;
} skewed;

static void *skewed_alloc(void *ctx, size_t size)
{
    skewed *s = ctx;
    unsigned char *p = malloc(size + s->skew);
    if (p == NULL)
        return NULL;
    s->live++;
    return p + s->skew;
}

static void skewed_free(void *ctx, void *ptr, size_t size)
{
    skewed *s = ctx;
    (void)size;
    s->live--;
    free((unsigned char *)ptr - s->skew);
}

START_TEST(allocator_returns_misaligned_memory)
{
    skewed sk = {4, 0};
    tnn_allocator hooks = {skewed_alloc, skewed_free, &sk};
    fill_sentinel();
    ck_assert_status(tnn_model_new(&F.out.model, 2, spec_cls, 2, &hooks), TNN_E_MISALIGNED);
    ck_assert_status(tnn_rng_new(&F.out.rng, 1, &hooks), TNN_E_MISALIGNED);
#if TNN_HAVE_TRAINING
    ck_assert_status(tnn_optimizer_new(&F.out.opt, TNN_OPT_ADAM, 13, &hooks), TNN_E_MISALIGNED);
#endif
    assert_sentinel("*_new with a misaligning allocator");
    ck_assert_uint_eq(sk.live, 0); /* each gave its block back */
}
END_TEST

START_TEST(allocator_hooks_half_set)
{
    /* hooks must be both set: a missing free would leak, a missing alloc is no allocator */
    counting_allocator ca;
    counting_allocator_init(&ca, 0);
    tnn_allocator no_free = {counting_alloc, NULL, &ca};
    tnn_allocator no_alloc = {NULL, counting_free, &ca};
    fill_sentinel();
    ck_assert_status(tnn_rng_new(&F.out.rng, 1, &no_free), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_rng_new(&F.out.rng, 1, &no_alloc), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_new(&F.out.model, 2, spec_cls, 2, &no_free),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_new(&F.out.model, 2, spec_cls, 2, &no_alloc),
                     TNN_E_INVALID_ARGUMENT);
#if TNN_HAVE_TRAINING
    ck_assert_status(tnn_optimizer_new(&F.out.opt, TNN_OPT_SGD, 13, &no_free),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_new(&F.out.opt, TNN_OPT_SGD, 13, &no_alloc),
                     TNN_E_INVALID_ARGUMENT);
#endif
    assert_sentinel("*_new with half-set hooks");
    ck_assert_uint_eq(ca.live_blocks, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Allocation failures                                                  */
/* ------------------------------------------------------------------ */

/* Fails exactly the fail_at-th allocation (1-based; 0: none), or every one
 * from it on when `from_on`; counts live blocks. */
typedef struct failing {
    size_t calls, fail_at, live;
    bool from_on;
} failing;

static void *failing_alloc(void *ctx, size_t size)
{
    failing *f = ctx;
    f->calls++;
    if (f->fail_at != 0 && (f->calls == f->fail_at || (f->from_on && f->calls > f->fail_at)))
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        f->live++;
    return p;
}

static void failing_free(void *ctx, void *ptr, size_t size)
{
    failing *f = ctx;
    (void)size;
    ck_assert_uint_gt(f->live, 0);
    f->live--;
    free(ptr);
}

/* A full create-train-predict-free cycle through the allocator. Every *_new
 * that fails must return TNN_E_OUT_OF_MEMORY and leave its out-parameter
 * alone; the objects made before it must still work. Returns the number of
 * allocation failures seen. */
static size_t alloc_cycle(failing *f)
{
    const tnn_allocator hooks = {failing_alloc, failing_free, f};
    size_t failures = 0;
    tnn_rng *rng = NULL;
    tnn_model *models[2] = {NULL, NULL};
    const tnn_layer_spec *specs[2] = {spec_cls, spec_soft};
    const size_t n_layers[2] = {2, 1};
#if TNN_HAVE_TRAINING
    tnn_optimizer *opts[3] = {NULL, NULL, NULL};
    const tnn_optimizer_kind kinds[3] = {TNN_OPT_SGD, TNN_OPT_ADAM,
                                         TNN_HAVE_LBFGS ? TNN_OPT_LBFGS : TNN_OPT_SGD};
#endif
    tnn_rng *const rng_sentinel = (tnn_rng *)(void *)&F.out;
    tnn_model *const model_sentinel = (tnn_model *)(void *)&F.out;

    /* (1) a generator */
    rng = rng_sentinel;
    tnn_status st = tnn_rng_new(&rng, 5, &hooks);
    if (st != TNN_OK) {
        ck_assert_status(st, TNN_E_OUT_OF_MEMORY);
        ck_assert_ptr_eq(rng, rng_sentinel);
        failures++;
        rng = NULL;
        /* carry on with caller memory */
        ck_assert_ok(tnn_rng_init(&rng, F.mem, tnn_rng_size(), 5));
    }
    /* (2) two models */
    for (int i = 0; i < 2; i++) {
        models[i] = model_sentinel;
        st = tnn_model_new(&models[i], 2, specs[i], n_layers[i], &hooks);
        if (st != TNN_OK) {
            ck_assert_status(st, TNN_E_OUT_OF_MEMORY);
            ck_assert_ptr_eq(models[i], model_sentinel);
            failures++;
            models[i] = NULL;
            continue;
        }
        ck_assert_ok(tnn_model_draw_glorot(models[i], rng)); /* the generator still works */
    }
#if TNN_HAVE_TRAINING
    /* (3) three optimizers for the first model's 13 parameters */
    tnn_model *m = models[0];
    tnn_optimizer *const opt_sentinel = (tnn_optimizer *)(void *)&F.out;
    for (int i = 0; i < 3; i++) {
        opts[i] = opt_sentinel;
        st = tnn_optimizer_new(&opts[i], kinds[i], 13, &hooks);
        if (st != TNN_OK) {
            ck_assert_status(st, TNN_E_OUT_OF_MEMORY);
            ck_assert_ptr_eq(opts[i], opt_sentinel);
            failures++;
            opts[i] = NULL;
        }
    }
    /* (4) train with every optimizer that exists: no allocation happens */
    size_t calls_before_training = f->calls;
    if (m != NULL) {
        tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
        o.loss = TNN_LOSS_BCE;
        o.epochs = 3;
        size_t need = 0;
        ck_assert_ok(tnn_fit_workspace_size(m, &o, N_ROWS, &need));
        ck_assert_uint_le(need, F.work_size);
        for (int i = 0; i < 3; i++)
            if (opts[i] != NULL)
                ck_assert_ok(tnn_fit(m, opts[i], &o, F.x, F.y, N_ROWS, F.work, F.work_size, NULL));
    }
    ck_assert_uint_eq(f->calls, calls_before_training);
#endif
    /* (5) predict with every model that exists */
    for (int i = 0; i < 2; i++)
        if (models[i] != NULL)
            ck_assert_ok(tnn_predict(models[i], F.x, N_ROWS, F.out.r, F.work, F.work_size));
#if defined(TNN_HAVE_SERIALIZE) && TNN_HAVE_SERIALIZE
    /* (5b) a model loaded from a file through the hooks */
    unsigned char file[512];
    size_t file_size = 0;
    ck_assert_ok(tnn_model_save_size(F.cls, TNN_FORMAT_FLOAT32, &file_size));
    ck_assert_uint_le(file_size, sizeof file);
    ck_assert_ok(tnn_model_save(F.cls, TNN_FORMAT_FLOAT32, file, sizeof file, NULL));
    tnn_model *loaded = model_sentinel;
    st = tnn_model_load_new(&loaded, file, file_size, &hooks);
    if (st != TNN_OK) {
        ck_assert_status(st, TNN_E_OUT_OF_MEMORY);
        ck_assert_ptr_eq(loaded, model_sentinel);
        failures++;
    } else {
        ck_assert_ok(tnn_predict(loaded, F.x, N_ROWS, F.out.r, F.work, F.work_size));
        tnn_model_free(loaded);
    }
#endif
    /* (6) free everything */
#if TNN_HAVE_TRAINING
    for (int i = 0; i < 3; i++)
        tnn_optimizer_free(opts[i]);
#endif
    for (int i = 0; i < 2; i++)
        tnn_model_free(models[i]);
    tnn_rng_free(rng); /* ignores a generator in caller memory */
    ck_assert_uint_eq(f->live, 0);
    return failures;
}

START_TEST(allocation_failures)
{
    failing f = {0, 0, 0, false};
    ck_assert_uint_eq(alloc_cycle(&f), 0);
    const size_t total = f.calls;
    ck_assert_uint_ge(total, 3);
    for (size_t k = 1; k <= total; k++) {
        for (int mode = 0; mode < 2; mode++) {
            failing g = {0, k, 0, mode == 1};
            size_t failures = alloc_cycle(&g);
            ck_assert_uint_eq(g.calls, total); /* a failure never causes retries */
            ck_assert_uint_eq(failures, mode == 0 ? 1 : total - k + 1);
        }
    }
    /* the figure reported in the README */
    printf("allocation failure points covered: %zu (each failed alone and from it on)\n", total);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Bad values                                                           */
/* ------------------------------------------------------------------ */

static tnn_real nan_real(void)
{
    return (tnn_real)NAN;
}

START_TEST(non_finite_inputs_and_targets)
{
    const tnn_real bad[3] = {nan_real(), (tnn_real)INFINITY, -(tnn_real)INFINITY};
    for (int b = 0; b < 3; b++) {
        tnn_real x[N_ROWS * 2], y[N_ROWS], y3[N_ROWS * 3];
        /* a bad input value */
        memcpy(x, F.x, sizeof x);
        x[5] = bad[b];
#if TNN_HAVE_TRAINING
        tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
        o.loss = TNN_LOSS_BCE;
        ck_assert_fails_clean(tnn_fit(F.cls, F.sgd, &o, x, F.y, N_ROWS, F.work, F.work_size,
                                      &F.out.size),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_gradient(F.cls, TNN_LOSS_BCE, x, F.y, N_ROWS, F.out.r, 13,
                                           &F.out.value, F.work, F.work_size),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_perceptron_fit(F.perc, x, F.y, N_ROWS, 0.1, 2, F.out.s,
                                                 F.work, F.work_size),
                              TNN_E_NON_FINITE);
#endif
#if TNN_HAVE_LBFGS
        ck_assert_fails_clean(tnn_logreg_fit(F.soft, NULL, x, F.y3, N_ROWS, F.work, F.work_size,
                                             &F.out.report),
                              TNN_E_NON_FINITE);
#endif
        ck_assert_fails_clean(tnn_evaluate(F.cls, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, x, F.y,
                                           N_ROWS, &F.out.value, &F.out.value2, F.work,
                                           F.work_size),
                              TNN_E_NON_FINITE);
        /* a bad target value */
        memcpy(y, F.y, sizeof y);
        y[3] = bad[b];
        memcpy(y3, F.y3, sizeof y3);
        y3[4] = bad[b];
#if TNN_HAVE_TRAINING
        o.loss = TNN_LOSS_MSE;
        ck_assert_fails_clean(tnn_fit(F.cls, F.sgd, &o, F.x, y, N_ROWS, F.work, F.work_size,
                                      &F.out.size),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_gradient(F.cls, TNN_LOSS_BCE, F.x, y, N_ROWS, F.out.r, 13,
                                           &F.out.value, F.work, F.work_size),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, y, N_ROWS, 0.1, 2, F.out.s,
                                                 F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE); /* documented: any target but 0 and 1 */
#endif
#if TNN_HAVE_LBFGS
        ck_assert_fails_clean(tnn_logreg_fit(F.soft, NULL, F.x, y3, N_ROWS, F.work, F.work_size,
                                             &F.out.report),
                              TNN_E_NON_FINITE);
#endif
        ck_assert_fails_clean(tnn_evaluate(F.cls, TNN_LOSS_MSE, TNN_METRIC_MSE, F.x, y, N_ROWS,
                                           &F.out.value, &F.out.value2, F.work, F.work_size),
                              TNN_E_NON_FINITE);
        /* bad weights, axes, settings */
        tnn_real p[13];
        ck_assert_ok(tnn_model_get_params(F.cls, p, 13));
        p[7] = bad[b];
        ck_assert_fails_clean(tnn_model_set_params(F.cls, p, 13), TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_model_set_weights(F.cls, 1, p + 6, 3, NULL, 0),
                              TNN_E_NON_FINITE);
        double axis[4] = {0, 1, 2, 3};
        axis[2] = (double)bad[b];
        ck_assert_fails_clean(tnn_grid_sample(F.cls, axis, 4, F.axis, 4, NULL, F.out.c, F.out.r,
                                              16, F.work, F.work_size),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_grid_sample(F.cls, F.axis, 4, axis, 4, NULL, F.out.c, F.out.r,
                                              16, F.work, F.work_size),
                              TNN_E_NON_FINITE);
        const tnn_real normal[3] = {1, bad[b], 1};
        ck_assert_fails_clean(tnn_plane_surface(normal, 3, 0, F.axis, 4, F.axis, 4, F.out.r, 16),
                              TNN_E_NON_FINITE);
        const tnn_real normal3[3] = {1, 1, bad[b]};
        ck_assert_fails_clean(tnn_plane_surface(normal3, 3, 0, F.axis, 4, F.axis, 4, F.out.r, 16),
                              TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_plane_surface((const tnn_real[3]){1, 1, 1}, 3, bad[b], F.axis,
                                                4, F.axis, 4, F.out.r, 16),
                              TNN_E_NON_FINITE);
        double xd[4] = {1, 2, 3, 4};
        xd[1] = (double)bad[b];
        ck_assert_fails_clean(tnn_scaler_fit(xd, 2, 2, F.out.d, F.out.d2), TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_linspace(0, (double)bad[b], F.out.d, 4), TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_arange(0, (double)bad[b], 1, F.out.d, 512), TNN_E_NON_FINITE);
        ck_assert_fails_clean(tnn_arange_count((double)bad[b], 1, 1, &F.out.size),
                              TNN_E_NON_FINITE);
        const double lo[2] = {0, (double)bad[b]}, hi[2] = {1, 1};
        ck_assert_fails_clean(tnn_rng_uniform_fill(F.rng, lo, hi, 2, 2, F.out.d),
                              TNN_E_NON_FINITE);
#if TNN_HAVE_TRAINING
        ck_assert_fails_clean(tnn_optimizer_set(F.sgd, TNN_PARAM_LEARNING_RATE, (double)bad[b]),
                              TNN_E_OUT_OF_RANGE);
        ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, F.y, N_ROWS, (double)bad[b], 2,
                                                 F.out.s, F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE);
#endif
    }
    /* a generator gives no draws for a non-finite range */
    ck_assert(isnan(tnn_rng_uniform(F.rng, -DBL_MAX, DBL_MAX)));
    /* inference does not check its inputs: a NaN input gives NaN outputs,
     * never a crash; the class rule maps a NaN row to class 0 */
    tnn_real x[2] = {nan_real(), 0}, y1[1];
    ck_assert_ok(tnn_predict(F.cls, x, 1, y1, F.work, F.work_size));
    ck_assert(isnan((double)y1[0]));
    int32_t cls = 7;
    ck_assert_ok(tnn_output_classes(F.cls, y1, 1, &cls, NULL));
    ck_assert_int_eq(cls, 0);
}
END_TEST

START_TEST(targets_outside_unit_interval)
{
    /* BCE: a target outside [0, 1]; CCE: a label index written as 2 or -1 */
    const tnn_real bad[4] = {(tnn_real)-0.5, (tnn_real)1.5, (tnn_real)2, (tnn_real)-1};
    for (int b = 0; b < 4; b++) {
        tnn_real y[N_ROWS], y3[N_ROWS * 3];
        memcpy(y, F.y, sizeof y);
        y[2] = bad[b];
        memcpy(y3, F.y3, sizeof y3);
        y3[7] = bad[b];
#if TNN_HAVE_TRAINING
        tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
        o.loss = TNN_LOSS_BCE;
        ck_assert_fails_clean(tnn_fit(F.cls, F.sgd, &o, F.x, y, N_ROWS, F.work, F.work_size,
                                      &F.out.size),
                              TNN_E_OUT_OF_RANGE);
        ck_assert_fails_clean(tnn_gradient(F.cls, TNN_LOSS_BCE, F.x, y, N_ROWS, F.out.r, 13,
                                           &F.out.value, F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE);
        tnn_optimizer *o3 = NULL;
        ck_assert_ok(tnn_optimizer_new(&o3, TNN_OPT_ADAM, tnn_model_n_params(F.soft), NULL));
        o.loss = TNN_LOSS_CCE;
        ck_assert_fails_clean(tnn_fit(F.soft, o3, &o, F.x, y3, N_ROWS, F.work, F.work_size,
                                      &F.out.size),
                              TNN_E_OUT_OF_RANGE);
        ck_assert_fails_clean(tnn_gradient(F.soft, TNN_LOSS_CCE, F.x, y3, N_ROWS, F.out.r, 9,
                                           &F.out.value, F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE);
        tnn_optimizer_free(o3);
        ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, y, N_ROWS, 0.1, 2, F.out.s,
                                                 F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE);
#endif
#if TNN_HAVE_LBFGS
        ck_assert_fails_clean(tnn_logreg_fit(F.soft, NULL, F.x, y3, N_ROWS, F.work, F.work_size,
                                             &F.out.report),
                              TNN_E_OUT_OF_RANGE);
#endif
        ck_assert_fails_clean(tnn_evaluate(F.cls, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, F.x, y,
                                           N_ROWS, &F.out.value, &F.out.value2, F.work,
                                           F.work_size),
                              TNN_E_OUT_OF_RANGE);
        ck_assert_fails_clean(tnn_evaluate(F.soft, TNN_LOSS_CCE, TNN_METRIC_ACCURACY, F.x, y3,
                                           N_ROWS, &F.out.value, &F.out.value2, F.work,
                                           F.work_size),
                              TNN_E_OUT_OF_RANGE);
    }
    /* MSE takes any finite target */
    tnn_real y[N_ROWS];
    memcpy(y, F.y, sizeof y);
    y[0] = (tnn_real)-7;
    ck_assert_ok(tnn_evaluate(F.lin, TNN_LOSS_MSE, TNN_METRIC_MSE, F.x, y, N_ROWS, &F.out.value,
                              NULL, F.work, F.work_size));
}
END_TEST

START_TEST(zero_rows_and_zero_sizes)
{
    /* rows: 0 is refused where a mean is taken, a no-op elsewhere */
#if TNN_HAVE_TRAINING
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    ck_assert_fails_clean(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, 0, F.work, F.work_size, &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_fit_workspace_size(F.cls, &o, 0, &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
    o.epochs = 0;
    ck_assert_fails_clean(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, N_ROWS, F.work, F.work_size,
                                  &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, F.y, 0, 0.1, 2, F.out.s, F.work,
                                             F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, F.y, N_ROWS, 0.1, 0, F.out.s, F.work,
                                             F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    tnn_real g[13] = {0};
    ck_assert_ok(tnn_gradient(F.cls, TNN_LOSS_MSE, NULL, NULL, 0, g, 13, NULL, F.work,
                              F.work_size));
    for (int i = 0; i < 13; i++)
        ck_assert(g[i] == 0);
    ck_assert_fails_clean(tnn_gradient_workspace_size(F.cls, 0, &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_optimizer_step(F.sgd, F.cls, g, 13, 0), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_optimizer_size(TNN_OPT_SGD, 0, &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
#endif
#if TNN_HAVE_LBFGS
    ck_assert_fails_clean(tnn_logreg_fit(F.soft, NULL, F.x, F.y3, 0, F.work, F.work_size,
                                         &F.out.report),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_lbfgs_workspace_size(0, 3, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_lbfgs_workspace_size(3, 0, &F.out.size), TNN_E_INVALID_ARGUMENT);
#endif
    ck_assert_fails_clean(tnn_evaluate(F.cls, TNN_LOSS_MSE, TNN_METRIC_NONE, F.x, F.y, 0,
                                       &F.out.value, &F.out.value2, F.work, F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_predict_workspace_size(F.cls, 0, &F.out.size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_grid_workspace_size(F.cls, 0, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_grid_sample(F.cls, F.axis, 0, F.axis, 4, NULL, F.out.c, NULL, 16,
                                          F.work, F.work_size),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_plane_surface((const tnn_real[3]){1, 1, 1}, 3, 0, F.axis, 4,
                                            F.axis, 0, F.out.r, 16),
                          TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_scaler_fit(F.xd, 0, 2, F.out.d, F.out.d2), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_scaler_fit(F.xd, 2, 0, F.out.d, F.out.d2), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_linspace(0, 1, F.out.d, 0), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_rng_permutation(F.rng, F.out.s, 0), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_rng_choice(F.rng, 0, F.out.s), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_rng_randint(F.rng, 5, 5, &F.out.i64), TNN_E_INVALID_ARGUMENT);
    ck_assert_fails_clean(tnn_rng_uniform_fill(F.rng, F.axis, F.axis, 0, 2, F.out.d),
                          TNN_E_INVALID_ARGUMENT);
    /* zero rows where allowed: nothing written */
    fill_sentinel();
    ck_assert_ok(tnn_predict(F.cls, F.x, 0, F.out.r, F.work, F.work_size));
    ck_assert_ok(tnn_layer_activations(F.cls, 0, F.x, 0, F.out.r, NULL, 0, F.work, F.work_size));
    ck_assert_ok(tnn_output_classes(F.cls, F.y, 0, F.out.c, NULL));
    assert_sentinel("zero-row calls");
}
END_TEST

START_TEST(zero_width_layers)
{
    const tnn_layer_spec zero_mid[] = {TNN_DENSE(3, TNN_ACT_TANH), TNN_DENSE(0, TNN_ACT_TANH),
                                       TNN_DENSE(1, TNN_ACT_LINEAR)};
    const tnn_layer_spec zero_last[] = {TNN_DENSE(3, TNN_ACT_TANH), TNN_DENSE(0, TNN_ACT_LINEAR)};
    const tnn_layer_spec bad_act[] = {TNN_DENSE(3, (tnn_activation)6)};
    const tnn_layer_spec neg_act[] = {TNN_DENSE(3, (tnn_activation)-1)};
    fill_sentinel();
    ck_assert_status(tnn_model_size(2, zero_mid, 3, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, zero_last, 2, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(0, spec_cls, 2, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, spec_cls, 0, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, bad_act, 1, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, neg_act, 1, &F.out.size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_new(&F.out.model, 2, zero_mid, 3, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_new(&F.out.model, 0, spec_cls, 2, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_init(&F.out.model, F.mem, F.mem_size, 2, zero_last, 2),
                     TNN_E_INVALID_ARGUMENT);
    assert_sentinel("zero-width models");
}
END_TEST

START_TEST(sizes_that_overflow)
{
    const size_t huge = SIZE_MAX / 2 + 1;
    const tnn_layer_spec wide[] = {TNN_DENSE(huge, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    const tnn_layer_spec wide2[] = {TNN_DENSE(SIZE_MAX / 16, TNN_ACT_RELU),
                                    TNN_DENSE(SIZE_MAX / 16, TNN_ACT_RELU)};
    const tnn_layer_spec widest[] = {TNN_DENSE(SIZE_MAX, TNN_ACT_LINEAR)};
    const tnn_layer_spec params_bytes[] = {TNN_DENSE(SIZE_MAX / 8, TNN_ACT_LINEAR)};
    fill_sentinel();
    ck_assert_status(tnn_model_size(4, wide, 2, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_size(1, wide2, 2, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_size(1, widest, 1, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_size(1, params_bytes, 1, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_new(&F.out.model, 4, wide, 2, NULL), TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_init(&F.out.model, F.mem, F.mem_size, 4, wide, 2), TNN_E_OVERFLOW);
    /* more layers than a size_t of layer records holds */
    ck_assert_status(tnn_predict_workspace_size(F.cls, SIZE_MAX / 4, &F.out.size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_grid_workspace_size(F.cls, SIZE_MAX / 4, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_layer_activations(F.cls, 0, F.x, huge, F.out.r, NULL, SIZE_MAX, F.work,
                                           F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_output_contributions(F.lin, F.x, huge, F.out.r, NULL, SIZE_MAX, NULL,
                                              NULL, F.work, F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_grid_sample(F.cls, F.axis, huge, F.axis, 2, NULL, F.out.c, NULL,
                                     SIZE_MAX, F.work, F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_plane_surface((const tnn_real[3]){1, 1, 1}, 3, 0, F.axis, huge, F.axis,
                                       2, F.out.r, SIZE_MAX),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_rng_uniform_fill(F.rng, F.axis, F.axis, huge, 2, F.out.d),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_scaler_fit(F.xd, huge, 2, F.out.d, F.out.d2), TNN_E_OVERFLOW);
    ck_assert_status(tnn_scaler_transform(F.axis, F.axis + 8, F.xd, huge, 2, F.out.d),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_scaler_inverse_transform(F.axis, F.axis, F.xd, huge, 2, F.out.d),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_arange_count(0, 1e300, 1e-300, &F.out.size), TNN_E_OVERFLOW);
    /* row counts whose element counts (rows x inputs or outputs) overflow:
     * the library cannot be given such arrays, so it refuses instead of
     * reading past what it was given */
    ck_assert_status(tnn_predict(F.cls, F.x, huge, F.out.r, F.work, F.work_size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_evaluate(F.cls, TNN_LOSS_MSE, TNN_METRIC_NONE, F.x, F.y, huge,
                                  &F.out.value, NULL, F.work, F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_output_classes(F.soft, F.y3, SIZE_MAX / 3 + 1, F.out.c, NULL),
                     TNN_E_OVERFLOW);
#if TNN_HAVE_TRAINING
    ck_assert_status(tnn_gradient_workspace_size(F.cls, SIZE_MAX / 4, &F.out.size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_optimizer_size(TNN_OPT_ADAM, huge, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_optimizer_size(TNN_OPT_SGD, SIZE_MAX / 2, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_optimizer_new(&F.out.opt, TNN_OPT_SGD, huge, NULL), TNN_E_OVERFLOW);
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.shuffle = F.rng;
    ck_assert_status(tnn_fit_workspace_size(F.cls, &o, SIZE_MAX / 4, &F.out.size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, SIZE_MAX / 4, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_OVERFLOW);
    o.shuffle = NULL;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, huge, F.work, F.work_size, &F.out.size),
                     TNN_E_OVERFLOW);
    tnn_real g[13] = {0};
    ck_assert_status(tnn_gradient(F.cls, TNN_LOSS_MSE, F.x, F.y, huge, g, 13, NULL, F.work,
                                  F.work_size),
                     TNN_E_OVERFLOW);
    for (int i = 0; i < 13; i++)
        ck_assert(g[i] == 0);
    ck_assert_status(tnn_perceptron_fit(F.perc, F.x, F.y, huge, 0.1, 1, NULL, F.work, F.work_size),
                     TNN_E_OVERFLOW);
#endif
#if TNN_HAVE_LBFGS
    ck_assert_status(tnn_lbfgs_workspace_size(huge, 2, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_lbfgs_workspace_size(4, SIZE_MAX / 4, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_optimizer_size(TNN_OPT_LBFGS, SIZE_MAX / 64, &F.out.size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_logreg_fit(F.soft, NULL, F.x, F.y3, huge, F.work, F.work_size, NULL),
                     TNN_E_OVERFLOW);
#endif
    assert_sentinel("overflowing sizes");
}
END_TEST

START_TEST(bad_enums_and_indices)
{
    fill_sentinel();
    ck_assert_status(tnn_evaluate(F.cls, (tnn_loss)3, TNN_METRIC_NONE, F.x, F.y, N_ROWS,
                                  &F.out.value, NULL, F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_evaluate(F.cls, TNN_LOSS_MSE, (tnn_metric)-1, F.x, F.y, N_ROWS,
                                  &F.out.value, NULL, F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_evaluate(F.cls, TNN_LOSS_CCE, TNN_METRIC_NONE, F.x, F.y, N_ROWS,
                                  &F.out.value, NULL, F.work, F.work_size),
                     TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_loss_supported((tnn_loss)-1, TNN_ACT_LINEAR), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_loss_supported(TNN_LOSS_MSE, (tnn_activation)77),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_activations(F.cls, 2, F.x, N_ROWS, F.out.r, NULL, 512, F.work,
                                           F.work_size),
                     TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_unit_hyperplane(F.cls, 0, 3, F.out.r, 2, NULL), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_unit_hyperplane(F.cls, 5, 0, F.out.r, 2, NULL), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_class_boundary(F.soft, 0, 0, 3, F.out.r, 2, NULL), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_class_boundary(F.soft, 0, 1, 1, F.out.r, 2, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_set_weights(F.cls, 2, F.x, 6, NULL, 0), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_model_set_params(F.cls, F.x, 12), TNN_E_SHAPE_MISMATCH);
    ck_assert_ptr_null(tnn_model_layer(F.cls, 2));
    ck_assert_ptr_null(tnn_model_layer(F.cls, SIZE_MAX));
    tnn_grid_slice same = {sizeof same, 1, 1, NULL, 0}, outside = {sizeof outside, 0, 2, NULL, 0};
    ck_assert_status(tnn_grid_sample(F.cls, F.axis, 2, F.axis, 2, &same, F.out.c, NULL, 4,
                                     F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_grid_sample(F.cls, F.axis, 2, F.axis, 2, &outside, F.out.c, NULL, 4,
                                     F.work, F.work_size),
                     TNN_E_OUT_OF_RANGE);
#if TNN_HAVE_TRAINING
    ck_assert_status(tnn_optimizer_size((tnn_optimizer_kind)9, 4, &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_set(F.sgd, (tnn_optimizer_param)99, 1),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_get(F.sgd, (tnn_optimizer_param)-3, &F.out.value),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_set(F.sgd, TNN_PARAM_MOMENTUM, 1.0), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_optimizer_set(F.sgd, TNN_PARAM_LEARNING_RATE, -1.0), TNN_E_OUT_OF_RANGE);
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.loss = (tnn_loss)12;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, N_ROWS, F.work, F.work_size, &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    o.loss = TNN_LOSS_MSE;
    o.metric = (tnn_metric)12;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, N_ROWS, F.work, F.work_size, &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
#endif
    assert_sentinel("bad enums and indices");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Divergence                                                           */
/* ------------------------------------------------------------------ */

#if TNN_HAVE_TRAINING
static int count_epochs(void *ctx, size_t epoch, double loss, double metric)
{
    (void)epoch;
    (void)metric;
    ck_assert(isfinite(loss)); /* the callback only ever sees finite losses */
    (*(size_t *)ctx)++;
    return 0;
}

START_TEST(training_diverges)
{
    for (int kind = 0; kind < 2; kind++) {
        for (size_t batch = 0; batch <= 3; batch += 3) {
            tnn_model *m = NULL;
            ck_assert_ok(tnn_model_new(&m, 2, spec_lin, 2, NULL));
            ck_assert_ok(tnn_model_draw_glorot(m, F.rng));
            tnn_optimizer *o = NULL;
            ck_assert_ok(tnn_optimizer_new(&o, kind == 0 ? TNN_OPT_SGD : TNN_OPT_ADAM,
                                           tnn_model_n_params(m), NULL));
            ck_assert_ok(tnn_optimizer_set(o, TNN_PARAM_LEARNING_RATE, 1e6));
            tnn_real y[N_ROWS];
            for (size_t r = 0; r < N_ROWS; r++)
                y[r] = (tnn_real)(100.0 * (double)r);
            double history[200];
            for (int i = 0; i < 200; i++)
                history[i] = -1;
            size_t epochs_run = 999, seen = 0;
            tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
            fo.epochs = 200;
            fo.batch_size = batch;
            fo.history_loss = history;
            fo.callback = count_epochs;
            fo.callback_ctx = &seen;
            tnn_status st = tnn_fit(m, o, &fo, F.x, y, N_ROWS, F.work, F.work_size, &epochs_run);
            tnn_real p[64];
            const size_t n = tnn_model_n_params(m);
            ck_assert_ok(tnn_model_get_params(m, p, n));
            if (kind == 0) /* SGD at 1e6 on targets of 100s always blows up */
                ck_assert_status(st, TNN_E_DIVERGED);
            else /* Adam's steps are bounded by the rate: diverged or finite */
                ck_assert(st == TNN_E_DIVERGED || st == TNN_OK);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(isfinite((double)p[i]), "weight %zu is %g after divergence", i,
                              (double)p[i]);
            ck_assert_uint_lt(epochs_run, 200 + (st == TNN_OK));
            ck_assert_uint_eq(seen, epochs_run);
            for (size_t e = 0; e < epochs_run; e++)
                ck_assert(isfinite(history[e]));
            /* and the model still predicts */
            ck_assert_ok(tnn_predict(m, F.x, N_ROWS, F.out.r, F.work, F.work_size));
            tnn_optimizer_free(o);
            tnn_model_free(m);
        }
    }
}
END_TEST
#endif

/* ------------------------------------------------------------------ */
/* Wrong handles: wrong kind, wrong optimizer, after free               */
/* ------------------------------------------------------------------ */

/* An allocator whose free only marks the block dead, so a stale handle
 * still points at readable memory: that is what lets a test use a handle
 * after free without itself being undefined. */
typedef struct keeping {
    void *blocks[8];
    size_t sizes[8];
    size_t n, frees;
} keeping;

static void *keeping_alloc(void *ctx, size_t size)
{
    keeping *k = ctx;
    ck_assert_uint_lt(k->n, 8);
    void *p = malloc(size);
    k->blocks[k->n] = p;
    k->sizes[k->n++] = size;
    return p;
}

static void keeping_free(void *ctx, void *ptr, size_t size)
{
    keeping *k = ctx;
    (void)ptr;
    (void)size;
    k->frees++;
}

static void keeping_release(keeping *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->blocks[i]);
}

START_TEST(handles_after_free)
{
    keeping k = {{0}, {0}, 0, 0};
    const tnn_allocator hooks = {keeping_alloc, keeping_free, &k};
    tnn_model *m = NULL;
    tnn_rng *rng = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec_cls, 2, &hooks));
    ck_assert_ok(tnn_rng_new(&rng, 3, &hooks));
    const tnn_layer *l0 = tnn_model_layer(m, 0);
    tnn_model_free(m);
    tnn_rng_free(rng);
    ck_assert_uint_eq(k.frees, 2);
    /* a second free is ignored, not a double free */
    tnn_model_free(m);
    tnn_rng_free(rng);
    ck_assert_uint_eq(k.frees, 2);
    /* every use of the dead handles is refused */
    fill_sentinel();
    ck_assert_uint_eq(tnn_model_n_inputs(m), 0);
    ck_assert_uint_eq(tnn_model_n_params(m), 0);
    ck_assert_ptr_null(tnn_model_layer(m, 0));
    ck_assert_uint_eq(tnn_layer_units(l0), 0); /* a view of a dead model too */
    ck_assert_status(tnn_model_get_weights(m, 0, F.out.r, 6, NULL, 0), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_predict(m, F.x, N_ROWS, F.out.r, F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_get_params(m, F.out.r, 13), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_set_params(m, F.x, 13), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_draw_glorot(F.cls, rng), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_summary(m, F.out.text, sizeof F.out.text, &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_grid_sample(m, F.axis, 2, F.axis, 2, NULL, F.out.c, NULL, 4, F.work,
                                     F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_rng_permutation(rng, F.out.s, 4), TNN_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(tnn_rng_next_u32(rng), 0);
#if TNN_HAVE_TRAINING
    tnn_optimizer *o = NULL;
    ck_assert_ok(tnn_optimizer_new(&o, TNN_OPT_ADAM, 13, &hooks));
    tnn_optimizer_free(o);
    tnn_optimizer_free(o);
    ck_assert_uint_eq(k.frees, 3);
    tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    ck_assert_status(tnn_fit(F.cls, o, &fo, F.x, F.y, N_ROWS, F.work, F.work_size, &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_set(o, TNN_PARAM_LEARNING_RATE, 0.1), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_get(o, TNN_PARAM_LEARNING_RATE, &F.out.value),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_reset(o), TNN_E_INVALID_ARGUMENT);
    tnn_real g[13] = {0};
    ck_assert_status(tnn_optimizer_step(o, F.cls, g, 13, 1), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_step(F.sgd, m, g, 13, 1), TNN_E_INVALID_ARGUMENT);
    fo.shuffle = rng; /* a dead generator in the options */
    ck_assert_status(tnn_fit(F.cls, F.sgd, &fo, F.x, F.y, N_ROWS, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
#endif
    assert_sentinel("dead handles");
    keeping_release(&k);
}
END_TEST

START_TEST(caller_memory_reused)
{
    /* a model in caller memory that the caller then overwrote is refused */
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, F.mem, F.mem_size, 2, spec_cls, 2));
    tnn_model_free(m); /* caller memory: ignored */
    ck_assert_uint_eq(tnn_model_n_inputs(m), 2);
    memset(F.mem, 0, F.mem_size);
    fill_sentinel();
    ck_assert_uint_eq(tnn_model_n_inputs(m), 0);
    ck_assert_status(tnn_predict(m, F.x, N_ROWS, F.out.r, F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    assert_sentinel("overwritten model");
}
END_TEST

START_TEST(handles_of_the_wrong_kind)
{
    /* every handle starts with a magic word of its kind */
    fill_sentinel();
    tnn_model *rng_as_model = (tnn_model *)(void *)F.rng;
    tnn_rng *model_as_rng = (tnn_rng *)(void *)F.cls;
    ck_assert_uint_eq(tnn_model_n_params(rng_as_model), 0);
    ck_assert_status(tnn_predict(rng_as_model, F.x, N_ROWS, F.out.r, F.work, F.work_size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_draw_glorot(F.cls, model_as_rng), TNN_E_INVALID_ARGUMENT);
    ck_assert(isnan(tnn_rng_random_sample(model_as_rng)));
    /* a layer view is not a model, nor a model a layer view */
    ck_assert_uint_eq(tnn_model_n_params((const tnn_model *)(const void *)tnn_model_layer(F.cls,
                                                                                          0)),
                      0);
#if TNN_HAVE_TRAINING
    tnn_optimizer *model_as_opt = (tnn_optimizer *)(void *)F.cls;
    tnn_model *opt_as_model = (tnn_model *)(void *)F.sgd;
    tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    ck_assert_status(tnn_fit(F.cls, model_as_opt, &fo, F.x, F.y, N_ROWS, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_fit(opt_as_model, F.sgd, &fo, F.x, F.y, N_ROWS, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_optimizer_reset(model_as_opt), TNN_E_INVALID_ARGUMENT);
    fo.shuffle = (tnn_rng *)(void *)F.sgd;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &fo, F.x, F.y, N_ROWS, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_INVALID_ARGUMENT);
    /* the wrong optimizer state: one sized for another model */
    tnn_optimizer *other = NULL;
    ck_assert_ok(tnn_optimizer_new(&other, TNN_OPT_ADAM, tnn_model_n_params(F.soft), NULL));
    fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    ck_assert_status(tnn_fit(F.cls, other, &fo, F.x, F.y, N_ROWS, F.work, F.work_size,
                             &F.out.size),
                     TNN_E_SHAPE_MISMATCH);
    tnn_real g[13] = {0};
    ck_assert_status(tnn_optimizer_step(other, F.cls, g, 13, 1), TNN_E_SHAPE_MISMATCH);
    tnn_optimizer_free(other);
#endif
    assert_sentinel("handles of the wrong kind");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Counts whose byte counts overflow size_t                             */
/* ------------------------------------------------------------------ */

/* Every public function taking an element count refuses one whose byte
 * count (count x element size) overflows size_t: no caller can hold such an
 * array, so reading or writing it would run past what was given. The
 * counts below fit size_t as element counts; only their byte counts do
 * not. Nothing is read (ASan would see it: the arrays are small) and
 * nothing is written. */
START_TEST(byte_counts_that_overflow)
{
    const size_t bytes_overflow_2 = SIZE_MAX / 8 + 1; /* x 2 columns fits, x 16 bytes not */
    const size_t quarter = SIZE_MAX / 4;              /* fits, x 8 bytes not */
    fill_sentinel();
    /* scaler: SIZE_MAX / 8 rows x 2 columns of doubles */
    ck_assert_status(tnn_scaler_fit(F.xd, SIZE_MAX / 8, 2, F.out.d, F.out.d2), TNN_E_OVERFLOW);
    ck_assert_status(tnn_scaler_transform(F.axis, F.axis + 9, F.xd, SIZE_MAX / 8, 2, F.out.d),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_scaler_inverse_transform(F.axis, F.axis + 9, F.xd, SIZE_MAX / 8, 2,
                                                  F.out.d),
                     TNN_E_OVERFLOW);
    /* generator: the same shape, a permutation of SIZE_MAX / 4 indices */
    ck_assert_status(tnn_rng_uniform_fill(F.rng, F.axis, F.axis + 8, SIZE_MAX / 8, 2, F.out.d),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_rng_permutation(F.rng, F.out.s, quarter), TNN_E_OVERFLOW);
    ck_assert_status(tnn_linspace(0, 1, F.out.d, quarter), TNN_E_OVERFLOW);
    /* grids and planes: an axis of SIZE_MAX / 4 doubles (cells would fit) */
    ck_assert_status(tnn_grid_sample(F.cls, F.axis, quarter, F.axis, 1, NULL, F.out.c, NULL,
                                     SIZE_MAX, F.work, F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_grid_sample(F.cls, F.axis, 1, F.axis, quarter, NULL, F.out.c, NULL,
                                     SIZE_MAX, F.work, F.work_size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_plane_surface((const tnn_real[3]){1, 1, 1}, 3, 0, F.axis,
                                       bytes_overflow_2, F.axis, 1, F.out.r, SIZE_MAX),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_plane_surface((const tnn_real[3]){1, 1, 1}, 3, 0, F.axis, 1, F.axis,
                                       bytes_overflow_2, F.out.r, SIZE_MAX),
                     TNN_E_OVERFLOW);
    /* more layer shapes than memory holds: refused before any is read */
    ck_assert_status(tnn_model_size(2, spec_cls, SIZE_MAX / sizeof(tnn_layer_spec) + 1,
                                    &F.out.size),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_init(&F.out.model, F.mem, F.mem_size, 2, spec_cls,
                                    SIZE_MAX / sizeof(tnn_layer_spec) + 1),
                     TNN_E_OVERFLOW);
    ck_assert_status(tnn_model_new(&F.out.model, 2, spec_cls,
                                   SIZE_MAX / sizeof(tnn_layer_spec) + 1, NULL),
                     TNN_E_OVERFLOW);
#if TNN_HAVE_TRAINING
    /* 2^62 rows of 2 inputs: 2^63 values, 2^65 or 2^66 bytes */
    const size_t rows62 = (size_t)1 << (sizeof(size_t) * 8 - 2);
    ck_assert_status(tnn_perceptron_fit(F.perc, F.x, F.y, rows62, 0.1, 1, NULL, F.work,
                                        F.work_size),
                     TNN_E_OVERFLOW);
    /* one error count per epoch: SIZE_MAX / 4 epochs cannot be counted */
    ck_assert_status(tnn_perceptron_fit(F.perc, F.x, F.y, N_ROWS, 0.1, quarter, F.out.s, F.work,
                                        F.work_size),
                     TNN_E_OVERFLOW);
    /* one history value per epoch */
    tnn_fit_options o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    o.epochs = quarter;
    o.history_loss = F.out.d;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, N_ROWS, F.work, F.work_size, &F.out.size),
                     TNN_E_OVERFLOW);
    o.history_loss = NULL;
    o.history_metric = F.out.d;
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, N_ROWS, F.work, F.work_size, &F.out.size),
                     TNN_E_OVERFLOW);
    /* the workspace size refuses the row counts tnn_fit refuses */
    o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    ck_assert_status(tnn_fit_workspace_size(F.cls, &o, rows62, &F.out.size), TNN_E_OVERFLOW);
    ck_assert_status(tnn_fit(F.cls, F.sgd, &o, F.x, F.y, rows62, F.work, F.work_size, &F.out.size),
                     TNN_E_OVERFLOW);
#endif
#if TNN_HAVE_LBFGS
    {
        const tnn_layer_spec one[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_new(&m, 2, one, 1, NULL));
        ck_assert_status(tnn_logreg_fit(m, NULL, F.x, F.y, rows62, F.work, F.work_size, NULL),
                         TNN_E_OVERFLOW);
        tnn_model_free(m);
    }
#endif
    assert_sentinel("byte counts that overflow");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Finite inputs whose values overflow inside the network               */
/* ------------------------------------------------------------------ */

/* A model of these layers with the given kernels and biases (NULL: zero). */
static tnn_model *model_with(size_t n_in, const tnn_layer_spec *spec, size_t n_layers,
                             const tnn_real *const *kernels, const tnn_real *const *biases)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, n_layers, NULL));
    for (size_t k = 0; k < n_layers; k++) {
        const tnn_layer *l = tnn_model_layer(m, k);
        ck_assert_ok(tnn_model_set_weights(m, k, kernels[k],
                                           tnn_layer_n_inputs(l) * tnn_layer_units(l), biases[k],
                                           biases[k] != NULL ? tnn_layer_units(l) : 0));
    }
    return m;
}

/* One input, a 2-unit softmax with kernel {1e30, -1e30}, x = 1e10. The
 * logits are +-1e40: beyond float (the loss would be NaN), within double
 * (where the loss is exact). Either the right value or TNN_E_NON_FINITE,
 * never OK with a wrong one. */
START_TEST(softmax_logits_that_overflow)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(2, TNN_ACT_SOFTMAX)};
    const tnn_real kernel[2] = {(tnn_real)1e30, (tnn_real)-1e30};
    const tnn_real *k[1] = {kernel}, *b[1] = {NULL};
    tnn_model *m = model_with(1, spec, 1, k, b);
    const tnn_real x[1] = {(tnn_real)1e10};
    const tnn_real right[2] = {1, 0}, wrong[2] = {0, 1};
    const tnn_real *ys[2] = {right, wrong};
    const double expected[2] = {0, 2e40};
    for (int c = 0; c < 2; c++) {
        fill_sentinel();
        tnn_status st = tnn_evaluate(m, TNN_LOSS_CCE, TNN_METRIC_ACCURACY, x, ys[c], 1,
                                     &F.out.value, &F.out.value2, F.work, F.work_size);
        if (TNN_REAL_IS_DOUBLE) {
            ck_assert_ok(st);
            ck_assert_close(F.out.value, expected[c], 1e-15);
            ck_assert(F.out.value2 == (c == 0 ? 1.0 : 0.0));
        } else {
            ck_assert_status(st, TNN_E_NON_FINITE);
            assert_sentinel("evaluate of overflowing logits");
        }
#if TNN_HAVE_TRAINING
        fill_sentinel();
        memset(F.out.r, 0, 4 * sizeof(tnn_real));
        F.out.value = 0;
        st = tnn_gradient(m, TNN_LOSS_CCE, x, ys[c], 1, F.out.r, 4, &F.out.value, F.work,
                          F.work_size);
        if (TNN_REAL_IS_DOUBLE) {
            ck_assert_ok(st);
            ck_assert_close(F.out.value, expected[c], 1e-15);
            for (int i = 0; i < 4; i++)
                ck_assert(isfinite((double)F.out.r[i]));
        } else {
            ck_assert_status(st, TNN_E_NON_FINITE);
            for (int i = 0; i < 4; i++)
                ck_assert(F.out.r[i] == 0);
            ck_assert(F.out.value == 0);
        }
        /* training from there: a finite history, or the dedicated status */
        tnn_optimizer *opt = NULL;
        ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_SGD, 4, NULL));
        double history[3] = {-1, -1, -1};
        tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
        fo.loss = TNN_LOSS_CCE;
        fo.epochs = 3;
        fo.history_loss = history;
        size_t run = 99;
        st = tnn_fit(m, opt, &fo, x, ys[c], 1, F.work, F.work_size, &run);
        if (TNN_REAL_IS_DOUBLE) {
            ck_assert(st == TNN_OK || st == TNN_E_DIVERGED);
        } else {
            ck_assert_status(st, TNN_E_DIVERGED);
            ck_assert_uint_eq(run, 0);
        }
        for (size_t e = 0; e < run; e++)
            ck_assert(isfinite(history[e]));
        tnn_optimizer_free(opt);
        /* back to the starting weights for the next targets */
        ck_assert_ok(tnn_model_set_weights(m, 0, kernel, 2, (const tnn_real[2]){0, 0}, 2));
#endif
    }
    tnn_model_free(m);
}
END_TEST

/* A hidden ReLU whose pre-activation is inf - inf = NaN although its exact
 * value, MAX / 2, is positive: relu(NaN) gives 0, so the output, loss and
 * gradient would come out finite and wrong (loss 0 where the exact one is
 * about (MAX / 2 * w)^2). Every function that reports a computed value
 * refuses instead, and leaves its outputs alone. */
START_TEST(masked_overflow_in_a_hidden_layer)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    const tnn_real big = TNN_REAL_IS_DOUBLE ? (tnn_real)(DBL_MAX / 2) : (tnn_real)(FLT_MAX / 2);
    const tnn_real k0[2] = {big, big}, k1[1] = {(tnn_real)1e-30};
    const tnn_real *k[2] = {k0, k1}, *b[2] = {NULL, NULL};
    tnn_model *m = model_with(2, spec, 2, k, b);
    /* 4 big = 2 MAX overflows, -3 big = -1.5 MAX too: inf - inf */
    const tnn_real x[2] = {4, -3}, y[1] = {0};
    ck_assert_fails_clean(tnn_evaluate(m, TNN_LOSS_MSE, TNN_METRIC_MSE, x, y, 1, &F.out.value,
                                       &F.out.value2, F.work, F.work_size),
                          TNN_E_NON_FINITE);
#if TNN_HAVE_TRAINING
    memset(F.out.r, 0, 5 * sizeof(tnn_real));
    F.out.value = 0;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_MSE, x, y, 1, F.out.r, 5, &F.out.value, F.work,
                                  F.work_size),
                     TNN_E_NON_FINITE);
    for (int i = 0; i < 5; i++)
        ck_assert(F.out.r[i] == 0);
    ck_assert(F.out.value == 0);
    tnn_optimizer *opt = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_SGD, 5, NULL));
    tnn_fit_options fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    fo.epochs = 2;
    size_t run = 99;
    ck_assert_status(tnn_fit(m, opt, &fo, x, y, 1, F.work, F.work_size, &run), TNN_E_DIVERGED);
    ck_assert_uint_eq(run, 0);
    tnn_optimizer_free(opt);
#if TNN_HAVE_LBFGS
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_LBFGS, 5, NULL));
    run = 99;
    ck_assert_status(tnn_fit(m, opt, &fo, x, y, 1, F.work, F.work_size, &run), TNN_E_DIVERGED);
    ck_assert_uint_eq(run, 0);
    tnn_optimizer_free(opt);
#endif
#endif
    tnn_model_free(m);
}
END_TEST

#if TNN_HAVE_TRAINING
/* A finite forward pass and loss whose gradient overflows: h = MAX / 2,
 * output 4, loss 16, but dLoss/dw2 = 8 h = 4 MAX. tnn_gradient refuses it
 * rather than add infinity to the caller's gradient. */
START_TEST(gradient_that_overflows)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR), TNN_DENSE(1, TNN_ACT_LINEAR)};
    const tnn_real max = TNN_REAL_IS_DOUBLE ? (tnn_real)DBL_MAX : (tnn_real)FLT_MAX;
    const tnn_real k0[1] = {max / 2}, k1[1] = {8 / max};
    const tnn_real *k[2] = {k0, k1}, *b[2] = {NULL, NULL};
    tnn_model *m = model_with(1, spec, 2, k, b);
    const tnn_real x[1] = {1}, y[1] = {0};
    double loss = -1;
    ck_assert_ok(tnn_evaluate(m, TNN_LOSS_MSE, TNN_METRIC_NONE, x, y, 1, &loss, NULL, F.work,
                              F.work_size));
    ck_assert_close(loss, 16, 1e-5);
    tnn_real g[4] = {1, 2, 3, 4};
    double sum = 7;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_MSE, x, y, 1, g, 4, &sum, F.work, F.work_size),
                     TNN_E_NON_FINITE);
    for (int i = 0; i < 4; i++) /* untouched */
        ck_assert(g[i] == (tnn_real)(i + 1));
    ck_assert(sum == 7);
    tnn_model_free(m);
}
END_TEST
#endif

#if TNN_HAVE_TRAINING
/* The perceptron rule: a learning rate that is 0 or subnormal once in
 * tnn_real (where the weights end) is refused, like an optimizer's; and a
 * unit's sum w . x + b that overflows a double (inf - inf = NaN, which
 * "predicted" class 0) ends in TNN_E_DIVERGED, not in OK with weights
 * trained on it. */
START_TEST(perceptron_rate_and_overflowing_sums)
{
    const double real_min = TNN_REAL_IS_DOUBLE ? DBL_MIN : (double)FLT_MIN;
    const double bad_eta[3] = {real_min / 2, TNN_REAL_IS_DOUBLE ? 4.9e-324 : 1e-300,
                               TNN_REAL_IS_DOUBLE ? 1e-320 : 1e300};
    for (int i = 0; i < 3; i++)
        ck_assert_fails_clean(tnn_perceptron_fit(F.perc, F.x, F.y, N_ROWS, bad_eta[i], 2,
                                                 F.out.s, F.work, F.work_size),
                              TNN_E_OUT_OF_RANGE);
#if TNN_REAL_IS_DOUBLE
    /* row 0 (class 0, predicted 1) sets w = -0.1 x0; row 1 then sums
     * -1e399 + 1e399 */
    const tnn_real x[4] = {1e200, -1e200, 1e200, 1e200}, y[2] = {0, 1};
    ck_assert_fails_clean(tnn_perceptron_fit(F.perc, x, y, 2, 0.1, 1, NULL, F.work, F.work_size),
                          TNN_E_DIVERGED);
#endif
}
END_TEST
#endif

static Suite *robustness_suite(void)
{
    Suite *s = suite_create("robustness");
    TCase *tc = tcase_create("robustness");
    tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, null_pointers_table);
    tcase_add_test(tc, null_both_optional_outputs);
    tcase_add_test(tc, null_and_dead_handles_in_accessors);
    tcase_add_test(tc, one_byte_too_small);
    tcase_add_test(tc, misaligned_memory);
    tcase_add_test(tc, allocator_returns_misaligned_memory);
    tcase_add_test(tc, allocator_hooks_half_set);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, non_finite_inputs_and_targets);
    tcase_add_test(tc, targets_outside_unit_interval);
    tcase_add_test(tc, zero_rows_and_zero_sizes);
    tcase_add_test(tc, zero_width_layers);
    tcase_add_test(tc, sizes_that_overflow);
    tcase_add_test(tc, byte_counts_that_overflow);
    tcase_add_test(tc, softmax_logits_that_overflow);
    tcase_add_test(tc, masked_overflow_in_a_hidden_layer);
#if TNN_HAVE_TRAINING
    tcase_add_test(tc, gradient_that_overflows);
    tcase_add_test(tc, perceptron_rate_and_overflowing_sums);
#endif
    tcase_add_test(tc, bad_enums_and_indices);
#if TNN_HAVE_TRAINING
    tcase_add_test(tc, training_diverges);
#endif
    tcase_add_test(tc, handles_after_free);
    tcase_add_test(tc, caller_memory_reused);
    tcase_add_test(tc, handles_of_the_wrong_kind);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(robustness_suite());
}
