/* Training: trajectories against the independent numpy/PyTorch reference
 * (tests/data/gen_training_reference.py), Glorot initialisation against
 * numpy's draws, and the semantics of tnn_fit(). */
#include <stdbool.h>
#include <string.h>

#include "data/training_ref.h"
#include "tnn_test.h"

#if TNN_REAL_IS_DOUBLE
#define TRAJ_TOL 1e-9
#else
#define TRAJ_TOL 1e-4
#endif

typedef struct ref_case {
    size_t rows, n_in, hidden;
    tnn_activation out_act;
    tnn_loss loss;
    const double *x, *y, *k0, *b0, *k1, *b1, *loss_at, *history, *params100, *params_full;
    size_t full_epochs;
    double final_loss;
    unsigned glorot_seed;
} ref_case;

static const ref_case x4_case = {
    TRREF_X4_ROWS,        TRREF_X4_INPUTS,     TRREF_X4_HIDDEN,
    TNN_ACT_SIGMOID,      TNN_LOSS_BCE,        trref_x4_x,
    trref_x4_y,           trref_x4_kernel0,    trref_x4_bias0,
    trref_x4_kernel1,     trref_x4_bias1,      trref_x4_loss,
    trref_x4_history,     trref_x4_params100,  trref_x4_params_full,
    TRREF_X4_FULL_EPOCHS, TRREF_X4_FINAL_LOSS, 2};
static const ref_case x5_case = {
    TRREF_X5_ROWS,        TRREF_X5_INPUTS,     TRREF_X5_HIDDEN,
    TNN_ACT_LINEAR,       TNN_LOSS_MSE,        trref_x5_x,
    trref_x5_y,           trref_x5_kernel0,    trref_x5_bias0,
    trref_x5_kernel1,     trref_x5_bias1,      trref_x5_loss,
    trref_x5_history,     trref_x5_params100,  trref_x5_params_full,
    TRREF_X5_FULL_EPOCHS, TRREF_X5_FINAL_LOSS, 15};

typedef struct fixture {
    tnn_model *model;
    tnn_optimizer *opt;
    tnn_real *x, *y;
    size_t rows;
} fixture;

static tnn_real *to_real(const double *v, size_t n)
{
    tnn_real *out = malloc(n * sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++)
        out[i] = (tnn_real)v[i];
    return out;
}

static fixture setup(const ref_case *c)
{
    fixture f;
    const tnn_layer_spec spec[] = {TNN_DENSE(c->hidden, TNN_ACT_RELU), TNN_DENSE(1, c->out_act)};
    ck_assert_ok(tnn_model_new(&f.model, c->n_in, spec, 2, NULL));
    size_t nk = c->n_in * c->hidden;
    tnn_real *k0 = to_real(c->k0, nk), *b0 = to_real(c->b0, c->hidden);
    tnn_real *k1 = to_real(c->k1, c->hidden), *b1 = to_real(c->b1, 1);
    ck_assert_ok(tnn_model_set_weights(f.model, 0, k0, nk, b0, c->hidden));
    ck_assert_ok(tnn_model_set_weights(f.model, 1, k1, c->hidden, b1, 1));
    free(k0);
    free(b0);
    free(k1);
    free(b1);
    ck_assert_ok(tnn_optimizer_new(&f.opt, TNN_OPT_ADAM, tnn_model_n_params(f.model), NULL));
    f.x = to_real(c->x, c->rows * c->n_in);
    f.y = to_real(c->y, c->rows);
    f.rows = c->rows;
    return f;
}

static void teardown(fixture *f)
{
    tnn_model_free(f->model);
    tnn_optimizer_free(f->opt);
    free(f->x);
    free(f->y);
}

static tnn_status fit(fixture *f, tnn_fit_options *o, size_t *epochs_run)
{
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(f->model, o, f->rows, &ws));
    void *work = malloc(ws);
    tnn_status st = tnn_fit(f->model, f->opt, o, f->x, f->y, f->rows, work, ws, epochs_run);
    free(work);
    return st;
}

static double evaluate(fixture *f, tnn_loss loss, tnn_metric metric, double *metric_value)
{
    _Alignas(8) unsigned char work[4096];
    double l;
    ck_assert_ok(tnn_evaluate(f->model, loss, metric, f->x, f->y, f->rows, &l, metric_value,
                              work, sizeof work));
    return l;
}

/* Loss after 1, 10 and 100 full-batch Keras-Adam steps, the history of the
 * first 100 epochs, and the weights after 100 steps. */
static void check_trajectory(const ref_case *c)
{
    fixture f = setup(c);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = c->loss;
    ck_assert_close(evaluate(&f, c->loss, TNN_METRIC_NONE, NULL), c->loss_at[0], TRAJ_TOL);
    double history[100];
    const size_t stops[3] = {1, 10, 100};
    size_t done = 0;
    for (int s = 0; s < 3; s++) {
        o.epochs = stops[s] - done;
        o.history_loss = history + done;
        size_t run = 0;
        ck_assert_ok(fit(&f, &o, &run));
        ck_assert_uint_eq(run, o.epochs);
        done = stops[s];
        ck_assert_close(evaluate(&f, c->loss, TNN_METRIC_NONE, NULL), c->loss_at[s + 1],
                        TRAJ_TOL);
    }
    for (int e = 0; e < 100; e++)
        ck_assert_close(history[e], c->history[e], TRAJ_TOL);
    size_t np = tnn_model_n_params(f.model);
    tnn_real p[64];
    ck_assert_ok(tnn_model_get_params(f.model, p, np));
    for (size_t i = 0; i < np; i++)
        ck_assert_close(p[i], c->params100[i], TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-3);
    teardown(&f);
}

START_TEST(x4_trajectory_matches_reference)
{
    check_trajectory(&x4_case);
}
END_TEST

START_TEST(x5_trajectory_matches_reference)
{
    check_trajectory(&x5_case);
}
END_TEST

/* The article's whole runs: 2200 epochs on X4, 1500 on X5. */
static void check_full_run(const ref_case *c, double tol)
{
    fixture f = setup(c);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = c->loss;
    o.metric = c->loss == TNN_LOSS_BCE ? TNN_METRIC_ACCURACY : TNN_METRIC_MSE;
    o.epochs = c->full_epochs;
    ck_assert_ok(fit(&f, &o, NULL));
    double metric;
    ck_assert_close(evaluate(&f, c->loss, o.metric, &metric), c->final_loss, tol);
    if (c->loss == TNN_LOSS_BCE)
        ck_assert_close(metric, TRREF_X4_FINAL_ACCURACY, 1e-12);
    size_t np = tnn_model_n_params(f.model);
    tnn_real p[64];
    ck_assert_ok(tnn_model_get_params(f.model, p, np));
    for (size_t i = 0; i < np; i++)
        ck_assert_close(p[i], c->params_full[i], TNN_REAL_IS_DOUBLE ? 1e-8 : 1e-2);
    teardown(&f);
}

START_TEST(full_article_runs_match_reference)
{
    check_full_run(&x4_case, TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-4);
    check_full_run(&x5_case, TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-4);
}
END_TEST

/* Glorot-uniform draws equal numpy's: np.random.seed(s), then per layer
 * uniform(-limit, limit, size=(fan_in, units)). */
START_TEST(glorot_matches_numpy)
{
    const ref_case *cases[2] = {&x4_case, &x5_case};
    for (int c = 0; c < 2; c++) {
        const ref_case *rc = cases[c];
        const tnn_layer_spec spec[] = {TNN_DENSE(rc->hidden, TNN_ACT_RELU),
                                       TNN_DENSE(1, rc->out_act)};
        tnn_model *m = NULL;
        tnn_rng *rng = NULL;
        ck_assert_ok(tnn_model_new(&m, rc->n_in, spec, 2, NULL));
        ck_assert_ok(tnn_rng_new(&rng, rc->glorot_seed, NULL));
        ck_assert_ok(tnn_model_draw_glorot(m, rng));
        tnn_real k0[64], b0[16], k1[16], b1[1];
        ck_assert_ok(tnn_model_get_weights(m, 0, k0, rc->n_in * rc->hidden, b0, rc->hidden));
        ck_assert_ok(tnn_model_get_weights(m, 1, k1, rc->hidden, b1, 1));
        /* the reference holds numpy's draws rounded to float32 */
        for (size_t i = 0; i < rc->n_in * rc->hidden; i++)
            ck_assert((float)k0[i] == (float)rc->k0[i]);
        for (size_t j = 0; j < rc->hidden; j++) {
            ck_assert(b0[j] == 0);
            ck_assert((float)k1[j] == (float)rc->k1[j]);
        }
        ck_assert(b1[0] == 0);
        ck_assert_status(tnn_model_draw_glorot(m, NULL), TNN_E_INVALID_ARGUMENT);
        tnn_rng_free(rng);
        tnn_model_free(m);
    }
}
END_TEST

static int stop_after_five(void *ctx, size_t epoch, double loss, double metric)
{
    size_t *calls = ctx;
    (void)loss;
    (void)metric;
    ck_assert_uint_eq(epoch, *calls);
    (*calls)++;
    return epoch == 5;
}

START_TEST(callback_stops_training)
{
    fixture f = setup(&x4_case);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 100;
    size_t calls = 0, run = 0;
    o.callback = stop_after_five;
    o.callback_ctx = &calls;
    ck_assert_ok(fit(&f, &o, &run));
    ck_assert_uint_eq(calls, 6);
    ck_assert_uint_eq(run, 6);
    /* six steps were taken: the next loss is the reference's after 6 steps */
    ck_assert_close(evaluate(&f, TNN_LOSS_BCE, TNN_METRIC_NONE, NULL), trref_x4_history[6],
                    TRAJ_TOL);
    teardown(&f);
}
END_TEST

/* Training in chunks of 32 rows through tnn_gradient() + tnn_optimizer_step()
 * gives the same weights as tnn_fit() on the full batch. */
START_TEST(chunked_training_equals_fit)
{
    fixture a = setup(&x4_case), b = setup(&x4_case);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 20;
    ck_assert_ok(fit(&a, &o, NULL));

    size_t ws;
    ck_assert_ok(tnn_gradient_workspace_size(b.model, 32, &ws));
    void *work = malloc(ws);
    tnn_real grad[13];
    for (int e = 0; e < 20; e++) {
        memset(grad, 0, sizeof grad);
        for (size_t first = 0; first < b.rows; first += 32) {
            size_t n = b.rows - first < 32 ? b.rows - first : 32;
            ck_assert_ok(tnn_gradient(b.model, TNN_LOSS_BCE, b.x + first * 2, b.y + first, n,
                                      grad, 13, NULL, work, ws));
        }
        ck_assert_ok(tnn_optimizer_step(b.opt, b.model, grad, 13, b.rows));
    }
    free(work);
    tnn_real pa[13], pb[13];
    ck_assert_ok(tnn_model_get_params(a.model, pa, 13));
    ck_assert_ok(tnn_model_get_params(b.model, pb, 13));
    ck_assert_mem_eq(pa, pb, sizeof pa);
    teardown(&a);
    teardown(&b);
}
END_TEST

/* Mini-batches: batch_size = rows is full batch; smaller batches take more
 * steps per epoch and report the row-weighted mean of the batch losses. */
START_TEST(mini_batches)
{
    fixture a = setup(&x4_case), b = setup(&x4_case);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 3;
    double ha[3], hb[3];
    o.history_loss = ha;
    ck_assert_ok(fit(&a, &o, NULL));
    o.batch_size = a.rows;
    o.history_loss = hb;
    ck_assert_ok(fit(&b, &o, NULL));
    ck_assert_mem_eq(ha, hb, sizeof ha);
    teardown(&a);
    teardown(&b);

    /* batch 500 on 1250 rows: steps of 500, 500 and 250 rows. The first
     * epoch's first batch loss is the loss of rows 0..499 at the start. */
    fixture c = setup(&x4_case);
    o.batch_size = 500;
    o.epochs = 1;
    o.history_loss = ha;
    _Alignas(8) unsigned char work[4096];
    double first_batch;
    ck_assert_ok(tnn_evaluate(c.model, TNN_LOSS_BCE, TNN_METRIC_NONE, c.x, c.y, 500,
                              &first_batch, NULL, work, sizeof work));
    ck_assert_ok(fit(&c, &o, NULL));
    double second, third;
    /* replay independently: three steps by hand on a second copy */
    fixture d = setup(&x4_case);
    size_t ws;
    ck_assert_ok(tnn_gradient_workspace_size(d.model, 64, &ws));
    void *gw = malloc(ws);
    double sums[3] = {0, 0, 0};
    const size_t starts[3] = {0, 500, 1000}, sizes[3] = {500, 500, 250};
    for (int s = 0; s < 3; s++) {
        tnn_real grad[13] = {0};
        ck_assert_ok(tnn_gradient(d.model, TNN_LOSS_BCE, d.x + starts[s] * 2, d.y + starts[s],
                                  sizes[s], grad, 13, &sums[s], gw, ws));
        ck_assert_ok(tnn_optimizer_step(d.opt, d.model, grad, 13, sizes[s]));
    }
    free(gw);
    second = sums[1];
    third = sums[2];
    /* evaluate computes the loss outside the vector kernels: rounding apart */
    ck_assert_close(sums[0] / 500, first_batch, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-6);
    ck_assert_close(ha[0], (sums[0] + second + third) / 1250, 1e-12);
    tnn_real pc[13], pd[13];
    ck_assert_ok(tnn_model_get_params(c.model, pc, 13));
    ck_assert_ok(tnn_model_get_params(d.model, pd, 13));
    ck_assert_mem_eq(pc, pd, sizeof pc);
    teardown(&c);
    teardown(&d);
}
END_TEST

/* Shuffling draws numpy's permutation each epoch: the same seed gives the
 * same run, another seed another run; all rows are still seen once. */
START_TEST(shuffling_is_seeded)
{
    tnn_real p[3][13];
    const unsigned seeds[3] = {7, 7, 8};
    for (int r = 0; r < 3; r++) {
        fixture f = setup(&x4_case);
        tnn_rng *rng = NULL;
        ck_assert_ok(tnn_rng_new(&rng, seeds[r], NULL));
        tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
        o.loss = TNN_LOSS_BCE;
        o.epochs = 5;
        o.batch_size = 100;
        o.shuffle = rng;
        ck_assert_ok(fit(&f, &o, NULL));
        ck_assert_ok(tnn_model_get_params(f.model, p[r], 13));
        tnn_rng_free(rng);
        teardown(&f);
    }
    ck_assert_mem_eq(p[0], p[1], sizeof p[0]);
    ck_assert(memcmp(p[0], p[2], sizeof p[0]) != 0);
}
END_TEST

/* A learning rate of 1e6 blows SGD up: the dedicated status, finite weights. */
START_TEST(divergence_is_reported)
{
    fixture f = setup(&x5_case);
    tnn_optimizer_free(f.opt);
    ck_assert_ok(tnn_optimizer_new(&f.opt, TNN_OPT_SGD, 31, NULL));
    ck_assert_ok(tnn_optimizer_set(f.opt, TNN_PARAM_LEARNING_RATE, 1e6));
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_MSE;
    o.epochs = 1000;
    size_t run = 12345;
    ck_assert_status(fit(&f, &o, &run), TNN_E_DIVERGED);
    ck_assert_uint_lt(run, 1000);
    tnn_real p[31];
    ck_assert_ok(tnn_model_get_params(f.model, p, 31));
    for (int i = 0; i < 31; i++)
        ck_assert(isfinite((double)p[i]));
    teardown(&f);
}
END_TEST

START_TEST(fit_errors)
{
    fixture f = setup(&x4_case);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(f.model, &o, f.rows, &ws));
    unsigned char *work = malloc(ws + 8);
    size_t run = 99;
    tnn_real before[13], after[13];
    ck_assert_ok(tnn_model_get_params(f.model, before, 13));

    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, f.rows, work, ws - 1, &run),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, f.rows, work + 4, ws, &run),
                     TNN_E_MISALIGNED);
    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, 0, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_fit(f.model, NULL, &o, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_fit(f.model, f.opt, NULL, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);
    tnn_fit_options bad = o;
    bad.epochs = 0;
    ck_assert_status(tnn_fit(f.model, f.opt, &bad, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);
    bad = o;
    bad.loss = TNN_LOSS_CCE;
    ck_assert_status(tnn_fit(f.model, f.opt, &bad, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_UNSUPPORTED);
    bad = o;
    bad.metric = (tnn_metric)5;
    ck_assert_status(tnn_fit(f.model, f.opt, &bad, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);
    bad = o;
    bad.shuffle = (tnn_rng *)(void *)work; /* not a generator */
    memset(work, 0, 16);
    ck_assert_status(tnn_fit(f.model, f.opt, &bad, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_INVALID_ARGUMENT);

    /* an optimizer bound to another parameter count */
    tnn_optimizer *other = NULL;
    ck_assert_ok(tnn_optimizer_new(&other, TNN_OPT_ADAM, 12, NULL));
    ck_assert_status(tnn_fit(f.model, other, &o, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_SHAPE_MISMATCH);
    tnn_optimizer_free(other);

    /* bad data */
    f.y[3] = (tnn_real)1.5;
    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_OUT_OF_RANGE);
    f.y[3] = (tnn_real)NAN;
    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_NON_FINITE);
    f.y[3] = 1;
    f.x[7] = (tnn_real)INFINITY;
    ck_assert_status(tnn_fit(f.model, f.opt, &o, f.x, f.y, f.rows, work, ws, &run),
                     TNN_E_NON_FINITE);

    ck_assert_uint_eq(run, 99); /* untouched */
    ck_assert_ok(tnn_model_get_params(f.model, after, 13));
    ck_assert_mem_eq(before, after, sizeof before);
    ck_assert_status(tnn_fit_workspace_size(f.model, &o, f.rows, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_fit_workspace_size(f.model, &o, 0, &ws), TNN_E_INVALID_ARGUMENT);
    free(work);
    teardown(&f);
}
END_TEST

/* Runaway training (tnn_fit's definition of divergence, tinynn.h): a loss
 * that stays finite but ends orders of magnitude above where training
 * started is reported as divergence too. Three classes of overlapping
 * Gaussians in 4 inputs, a 4 -> 8 relu -> 3 softmax classifier, and a
 * 4 -> 8 tanh -> 1 linear regression. */
enum { RUN_ROWS = 150 };

typedef struct runaway_data {
    tnn_real x[RUN_ROWS * 4], y3[RUN_ROWS * 3], y1[RUN_ROWS];
} runaway_data;

static void runaway_data_make(runaway_data *d)
{
    tnn_rng *r = NULL;
    ck_assert_ok(tnn_rng_new(&r, 5, NULL));
    for (size_t i = 0; i < RUN_ROWS; i++) {
        const size_t c = i % 3;
        for (size_t j = 0; j < 4; j++)
            d->x[i * 4 + j] = (tnn_real)(tnn_rng_standard_normal(r) +
                                         0.8 * (double)c * (j % 2 ? 1 : -1) + 3.0);
        for (size_t j = 0; j < 3; j++)
            d->y3[i * 3 + j] = j == c ? (tnn_real)1 : (tnn_real)0;
        d->y1[i] = (tnn_real)(0.5 * (double)d->x[i * 4] - 0.3 * (double)d->x[i * 4 + 1] +
                              0.1 * tnn_rng_standard_normal(r));
    }
    tnn_rng_free(r);
}

static tnn_status runaway_fit(const runaway_data *d, bool classifier, double lr, size_t epochs,
                              size_t batch, double *history, size_t *run)
{
    const tnn_layer_spec cls[] = {TNN_DENSE(8, TNN_ACT_RELU), TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    const tnn_layer_spec reg[] = {TNN_DENSE(8, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 4, classifier ? cls : reg, 2, NULL));
    tnn_rng *r = NULL;
    ck_assert_ok(tnn_rng_new(&r, 1, NULL));
    ck_assert_ok(tnn_model_draw_glorot(m, r));
    tnn_optimizer *o = NULL;
    ck_assert_ok(tnn_optimizer_new(&o, TNN_OPT_SGD, tnn_model_n_params(m), NULL));
    ck_assert_ok(tnn_optimizer_set(o, TNN_PARAM_LEARNING_RATE, lr));
    tnn_fit_options fo = TNN_FIT_OPTIONS_INIT;
    fo.loss = classifier ? TNN_LOSS_CCE : TNN_LOSS_MSE;
    fo.epochs = epochs;
    fo.batch_size = batch;
    fo.history_loss = history;
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(m, &fo, RUN_ROWS, &ws));
    void *work = malloc(ws);
    ck_assert_ptr_nonnull(work);
    tnn_status st = tnn_fit(m, o, &fo, d->x, classifier ? d->y3 : d->y1, RUN_ROWS, work, ws, run);
    tnn_real p[67];
    const size_t n = tnn_model_n_params(m);
    ck_assert_ok(tnn_model_get_params(m, p, n));
    for (size_t i = 0; i < n; i++)
        ck_assert(isfinite((double)p[i]));
    free(work);
    tnn_optimizer_free(o);
    tnn_model_free(m);
    tnn_rng_free(r);
    return st;
}

START_TEST(runaway_loss_is_divergence)
{
    static runaway_data d;
    runaway_data_make(&d);
    double history[200];
    size_t run;
    /* softmax / cross-entropy at lr 1e6: the loss jumps from 1.4 to 1e5-1e11
     * and cycles there, finite, for ever: divergence all the same */
    for (size_t batch = 0; batch <= 16; batch += 16) {
        run = 999;
        ck_assert_status(runaway_fit(&d, true, 1e6, 200, batch, history, &run), TNN_E_DIVERGED);
        ck_assert_uint_lt(run, 3);
        for (size_t e = 0; e < run; e++)
            ck_assert(isfinite(history[e]));
    }
    /* MSE at lr 10: the loss grows geometrically; in the double build it is
     * still finite after 30 epochs (near 1e130), and still divergence */
    run = 999;
    ck_assert_status(runaway_fit(&d, false, 10, 30, 0, history, &run), TNN_E_DIVERGED);
    ck_assert_uint_lt(run, 3);
    /* sound rates train all their epochs, and the loss falls */
    ck_assert_ok(runaway_fit(&d, true, 0.01, 200, 0, history, &run));
    ck_assert_uint_eq(run, 200);
    ck_assert(history[199] < history[0]);
    ck_assert_ok(runaway_fit(&d, false, 0.1, 200, 0, history, &run));
    ck_assert_uint_eq(run, 200);
    ck_assert(history[199] < history[0]);
}
END_TEST


/* A caller built against an older, smaller tnn_fit_options: the library
 * reads only the fields its struct_size covers and defaults the rest, so
 * garbage after the struct is never read. */
typedef struct old_fit_options {
    size_t struct_size;
    uint32_t loss;
    uint32_t metric;
    size_t epochs;
} old_fit_options;

START_TEST(fit_options_of_an_older_caller)
{
    old_fit_options old = {sizeof old, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 10};
    _Alignas(8) unsigned char caller[sizeof(tnn_fit_options) + 64];
    memset(caller, 0xA5, sizeof caller); /* what follows the old struct */
    memcpy(caller, &old, sizeof old);
    const tnn_fit_options *o = (const tnn_fit_options *)(void *)caller;

    fixture f = setup(&x4_case);
    size_t run = 0;
    ck_assert_ok(fit(&f, (tnn_fit_options *)(void *)caller, &run));
    ck_assert_uint_eq(run, 10);
    /* full batch, as the default says: the reference's loss after 10 steps */
    ck_assert_close(evaluate(&f, TNN_LOSS_BCE, TNN_METRIC_NONE, NULL), trref_x4_history[10],
                    TRAJ_TOL);
    teardown(&f);

    /* sizes that no header has: nothing runs, the model is untouched */
    f = setup(&x4_case);
    const size_t n = tnn_model_n_params(f.model);
    tnn_real before[64], after[64];
    ck_assert_uint_le(n, 64);
    ck_assert_ok(tnn_model_get_params(f.model, before, n));
    static _Alignas(8) unsigned char work[1 << 16];
    tnn_fit_options full = TNN_FIT_OPTIONS_INIT;
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(f.model, &full, f.rows, &ws));
    ck_assert_uint_le(ws, sizeof work);
    const size_t bad[] = {0, sizeof(size_t) - 1, sizeof(tnn_fit_options) + 8};
    const tnn_status expected[] = {TNN_E_INVALID_ARGUMENT, TNN_E_INVALID_ARGUMENT,
                                   TNN_E_UNSUPPORTED};
    for (size_t i = 0; i < 3; i++) {
        memcpy(caller, &bad[i], sizeof bad[i]);
        ck_assert_status(tnn_fit(f.model, f.opt, o, f.x, f.y, f.rows, work, sizeof work, NULL),
                         expected[i]);
        ck_assert_status(tnn_fit_workspace_size(f.model, o, f.rows, &ws), expected[i]);
    }
    ck_assert_ok(tnn_model_get_params(f.model, after, n));
    ck_assert_mem_eq(before, after, n * sizeof *before);
    full.struct_size = 0; /* = {0} or memset, not TNN_FIT_OPTIONS_INIT */
    ck_assert_status(tnn_fit(f.model, f.opt, &full, f.x, f.y, f.rows, work, sizeof work, NULL),
                     TNN_E_INVALID_ARGUMENT);
    teardown(&f);
}
END_TEST

static Suite *training_suite(void)
{
    Suite *s = suite_create("training");
    TCase *tc = tcase_create("training");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, x4_trajectory_matches_reference);
    tcase_add_test(tc, x5_trajectory_matches_reference);
    tcase_add_test(tc, full_article_runs_match_reference);
    tcase_add_test(tc, glorot_matches_numpy);
    tcase_add_test(tc, callback_stops_training);
    tcase_add_test(tc, chunked_training_equals_fit);
    tcase_add_test(tc, mini_batches);
    tcase_add_test(tc, shuffling_is_seeded);
    tcase_add_test(tc, divergence_is_reported);
    tcase_add_test(tc, runaway_loss_is_divergence);
    tcase_add_test(tc, fit_errors);
    tcase_add_test(tc, fit_options_of_an_older_caller);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(training_suite());
}
