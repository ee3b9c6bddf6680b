/* tnn_fit()'s validation rows, L2 kernel penalty and early stopping:
 * runs against the independent PyTorch reference
 * (tests/data/gen_fit_options_reference.py), cases checked by hand, and the
 * combinations it refuses. */
#include <stdbool.h>
#include <string.h>

#include "data/fit_options_ref.h"
#include "tnn_test.h"

#if TNN_REAL_IS_DOUBLE
#define TOL 1e-9
#define PARAM_TOL 1e-9
#else
#define TOL 1e-4
#define PARAM_TOL 1e-3
#endif

enum { MAX_PARAMS = 64, MAX_EPOCHS = 64 };

typedef struct run {
    tnn_model *model;
    tnn_optimizer *opt;
    tnn_real *x, *y, *vx, *vy;
    size_t rows, val_rows;
} run;

static tnn_real *to_real(const double *v, size_t n)
{
    tnn_real *out = malloc(n * sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++)
        out[i] = (tnn_real)v[i];
    return out;
}

/* The binary case (2-4 tanh-1 sigmoid) or the three-class case (3-5 tanh-3
 * softmax) at the reference's initial weights. */
static run setup(bool three_class, tnn_optimizer_kind kind, double lr)
{
    run r;
    const size_t n_in = three_class ? 3 : 2, hidden = three_class ? 5 : 4;
    const size_t n_out = three_class ? 3 : 1;
    const tnn_layer_spec spec[] = {TNN_DENSE(hidden, TNN_ACT_TANH),
                                   TNN_DENSE(n_out,
                                             three_class ? TNN_ACT_SOFTMAX : TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&r.model, n_in, spec, 2, NULL));
    const size_t np = tnn_model_n_params(r.model);
    ck_assert_uint_eq(np, three_class ? FOREF_CLS_N_PARAMS : FOREF_BIN_N_PARAMS);
    tnn_real *p = to_real(three_class ? foref_cls_params0 : foref_bin_params0, np);
    ck_assert_ok(tnn_model_set_params(r.model, p, np));
    free(p);
    ck_assert_ok(tnn_optimizer_new(&r.opt, kind, np, NULL));
    if (kind == TNN_OPT_SGD) {
        ck_assert_ok(tnn_optimizer_set(r.opt, TNN_PARAM_LEARNING_RATE, lr));
        ck_assert_ok(tnn_optimizer_set(r.opt, TNN_PARAM_MOMENTUM, 0.9));
    } else if (kind == TNN_OPT_ADAM) {
        ck_assert_ok(tnn_optimizer_set(r.opt, TNN_PARAM_LEARNING_RATE, lr));
    }
    r.rows = three_class ? FOREF_CLS_ROWS : FOREF_BIN_ROWS;
    r.val_rows = three_class ? FOREF_CLS_VAL_ROWS : FOREF_BIN_VAL_ROWS;
    r.x = to_real(three_class ? foref_cls_x : foref_bin_x, r.rows * n_in);
    r.y = to_real(three_class ? foref_cls_y : foref_bin_y, r.rows * n_out);
    r.vx = to_real(three_class ? foref_cls_val_x : foref_bin_val_x, r.val_rows * n_in);
    r.vy = to_real(three_class ? foref_cls_val_y : foref_bin_val_y, r.val_rows * n_out);
    return r;
}

static void teardown(run *r)
{
    tnn_model_free(r->model);
    tnn_optimizer_free(r->opt);
    free(r->x);
    free(r->y);
    free(r->vx);
    free(r->vy);
}

/* Options with the run's validation rows. */
static tnn_fit_options options_of(const run *r, tnn_loss loss, size_t epochs)
{
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = loss;
    o.metric = TNN_METRIC_ACCURACY;
    o.epochs = epochs;
    o.val_x = r->vx;
    o.val_y = r->vy;
    o.val_rows = r->val_rows;
    return o;
}

static tnn_status fit(run *r, const tnn_fit_options *o, size_t *epochs_run)
{
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(r->model, o, r->rows, &ws));
    void *work = malloc(ws);
    ck_assert_ptr_nonnull(work);
    tnn_status st = tnn_fit(r->model, r->opt, o, r->x, r->y, r->rows, work, ws, epochs_run);
    free(work);
    return st;
}

static void params_of(const run *r, tnn_real *p)
{
    ck_assert_ok(tnn_model_get_params(r->model, p, tnn_model_n_params(r->model)));
}

static void check_params(const run *r, const double *expected)
{
    tnn_real p[MAX_PARAMS];
    params_of(r, p);
    for (size_t i = 0; i < tnn_model_n_params(r->model); i++)
        ck_assert_close(p[i], expected[i], PARAM_TOL);
}

typedef struct history {
    double loss[MAX_EPOCHS], metric[MAX_EPOCHS], val_loss[MAX_EPOCHS], val_metric[MAX_EPOCHS];
} history;

static void record_into(tnn_fit_options *o, history *h)
{
    o->history_loss = h->loss;
    o->history_metric = h->metric;
    o->history_val_loss = h->val_loss;
    o->history_val_metric = h->val_metric;
}

static void check_history(const history *h, size_t epochs, const double *loss,
                          const double *accuracy, const double *val_loss,
                          const double *val_accuracy)
{
    for (size_t e = 0; e < epochs; e++) {
        ck_assert_close(h->loss[e], loss[e], TOL);
        ck_assert_close(h->val_loss[e], val_loss[e], TOL);
        ck_assert_double_eq(h->metric[e], accuracy[e]);
        ck_assert_double_eq(h->val_metric[e], val_accuracy[e]);
    }
}

/* Adam, full batch, l2 0.01: the loss with the penalty, val_loss with it
 * too, and the weights. */
START_TEST(l2_and_validation_adam)
{
    run r = setup(false, TNN_OPT_ADAM, 0.02);
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, FOREF_BIN_ADAM_L2_EPOCHS);
    o.l2 = 0.01;
    history h;
    record_into(&o, &h);
    size_t epochs = 0;
    ck_assert_ok(fit(&r, &o, &epochs));
    ck_assert_uint_eq(epochs, FOREF_BIN_ADAM_L2_EPOCHS);
    check_history(&h, epochs, foref_bin_adam_l2_loss, foref_bin_adam_l2_accuracy,
                  foref_bin_adam_l2_val_loss, foref_bin_adam_l2_val_accuracy);
    check_params(&r, foref_bin_adam_l2_params);

    /* val_loss at the final weights is tnn_evaluate's plus l2 sum(kernel^2) */
    _Alignas(8) unsigned char work[4096];
    double val_loss, val_acc;
    ck_assert_ok(tnn_evaluate(r.model, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, r.vx, r.vy,
                              r.val_rows, &val_loss, &val_acc, work, sizeof work));
    tnn_real p[MAX_PARAMS];
    params_of(&r, p);
    double sq = 0;
    for (size_t i = 0; i < 8; i++) /* kernel0 */
        sq += (double)p[i] * (double)p[i];
    for (size_t i = 12; i < 16; i++) /* kernel1 */
        sq += (double)p[i] * (double)p[i];
    ck_assert_close(h.val_loss[epochs - 1], val_loss + 0.01 * sq, 1e-12);
    ck_assert_double_eq(h.val_metric[epochs - 1], val_acc);
    teardown(&r);
}
END_TEST

/* SGD with momentum, batches of 10, 10 and 4 rows: the epoch's loss is the
 * row-weighted mean of the batch losses with their penalties. */
START_TEST(l2_and_validation_sgd_mini_batches)
{
    run r = setup(false, TNN_OPT_SGD, 0.2);
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, FOREF_BIN_SGD_L2_EPOCHS);
    o.l2 = 0.03;
    o.batch_size = 10;
    history h;
    record_into(&o, &h);
    ck_assert_ok(fit(&r, &o, NULL));
    check_history(&h, FOREF_BIN_SGD_L2_EPOCHS, foref_bin_sgd_l2_loss, foref_bin_sgd_l2_accuracy,
                  foref_bin_sgd_l2_val_loss, foref_bin_sgd_l2_val_accuracy);
    check_params(&r, foref_bin_sgd_l2_params);
    teardown(&r);
}
END_TEST

START_TEST(l2_and_validation_softmax)
{
    run r = setup(true, TNN_OPT_SGD, 0.1);
    tnn_fit_options o = options_of(&r, TNN_LOSS_CCE, FOREF_CLS_EPOCHS);
    o.l2 = 0.005;
    o.batch_size = 8;
    history h;
    record_into(&o, &h);
    ck_assert_ok(fit(&r, &o, NULL));
    check_history(&h, FOREF_CLS_EPOCHS, foref_cls_loss, foref_cls_accuracy, foref_cls_val_loss,
                  foref_cls_val_accuracy);
    check_params(&r, foref_cls_params);
    teardown(&r);
}
END_TEST

/* Early stopping on val_loss: the reference's run stops after epoch
 * FOREF_ES_STOPPED with the weights of epoch FOREF_ES_BEST. */
START_TEST(early_stopping_matches_reference)
{
    run r = setup(false, TNN_OPT_ADAM, FOREF_ES_LR);
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, FOREF_ES_MAX_EPOCHS);
    o.monitor = TNN_MONITOR_VAL_LOSS;
    o.patience = FOREF_ES_PATIENCE;
    o.restore_best = 1;
    size_t best = 999, epochs = 0;
    o.best_epoch = &best;
    history h;
    record_into(&o, &h);
    ck_assert_ok(fit(&r, &o, &epochs));
    ck_assert_uint_eq(epochs, FOREF_ES_STOPPED + 1);
    ck_assert_uint_eq(best, FOREF_ES_BEST);
    check_history(&h, epochs, foref_es_loss, foref_es_accuracy, foref_es_val_loss,
                  foref_es_val_accuracy);
    check_params(&r, foref_es_params);
    teardown(&r);

    /* patience beyond the epochs: every epoch runs, and the best weights
     * are restored at the end all the same (Keras 3) */
    r = setup(false, TNN_OPT_ADAM, FOREF_ES_LR);
    o = options_of(&r, TNN_LOSS_BCE, FOREF_ES_MAX_EPOCHS);
    o.monitor = TNN_MONITOR_VAL_LOSS;
    o.patience = 1000;
    o.restore_best = 1;
    o.best_epoch = &best;
    ck_assert_ok(fit(&r, &o, &epochs));
    ck_assert_uint_eq(epochs, FOREF_ES_MAX_EPOCHS);
    ck_assert_uint_eq(best, FOREF_ES_LONG_BEST);
    check_params(&r, foref_es_long_params);
    teardown(&r);
}
END_TEST

/* The weights after `epochs` epochs of a plain run (no early stopping). */
static void plain_run(size_t epochs, tnn_real *p, double *loss)
{
    run r = setup(false, TNN_OPT_ADAM, 0.001);
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, epochs);
    o.history_loss = loss;
    ck_assert_ok(fit(&r, &o, NULL));
    params_of(&r, p);
    teardown(&r);
}

static size_t n_bin = FOREF_BIN_N_PARAMS;

/* An early-stopped run of the binary case at Adam's default rate. */
static void stopped_run(tnn_fit_options *o, run *r, size_t *epochs, size_t *best)
{
    *r = setup(false, TNN_OPT_ADAM, 0.001);
    o->val_x = r->vx;
    o->val_y = r->vy;
    o->val_rows = r->val_rows;
    o->best_epoch = best;
    ck_assert_ok(fit(r, o, epochs));
}

/* Cases whose outcome follows from the rules alone. At Adam's default rate
 * the training loss falls every epoch of the first 20. */
START_TEST(early_stopping_rules)
{
    tnn_real after[6][MAX_PARAMS], p[MAX_PARAMS];
    double loss[20];
    for (size_t e = 1; e <= 5; e++)
        plain_run(e, after[e], loss);
    plain_run(20, after[0], loss);
    for (size_t e = 1; e < 20; e++)
        ck_assert(loss[e] < loss[e - 1]);

    /* a min_delta no epoch can beat: epoch 0 is the best (it beats +inf),
     * and training stops after patience more epochs */
    for (size_t patience = 0; patience <= 3; patience++) {
        tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
        o.loss = TNN_LOSS_BCE;
        o.epochs = 20;
        o.monitor = TNN_MONITOR_LOSS;
        o.patience = patience;
        o.min_delta = 1e9;
        o.restore_best = 1;
        run r;
        size_t epochs = 0, best = 99;
        stopped_run(&o, &r, &epochs, &best);
        /* patience 0 still runs epoch 1: Keras never stops at epoch 0 */
        ck_assert_uint_eq(epochs, patience + 1 + (patience == 0));
        ck_assert_uint_eq(best, 0);
        params_of(&r, p); /* restored: the weights after one epoch */
        ck_assert_mem_eq(p, after[1], n_bin * sizeof *p);
        teardown(&r);

        /* without restore_best: the last epoch's weights */
        o.restore_best = 0;
        stopped_run(&o, &r, &epochs, &best);
        params_of(&r, p);
        ck_assert_mem_eq(p, after[epochs], n_bin * sizeof *p);
        teardown(&r);
    }

    /* a falling loss with patience 0: every epoch improves, none stops it;
     * the best is the last, and restoring it changes nothing */
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.epochs = 20;
    o.monitor = TNN_MONITOR_LOSS;
    o.restore_best = 1;
    run r;
    size_t epochs = 0, best = 99;
    stopped_run(&o, &r, &epochs, &best);
    ck_assert_uint_eq(epochs, 20);
    ck_assert_uint_eq(best, 19);
    params_of(&r, p);
    ck_assert_mem_eq(p, after[0], n_bin * sizeof *p);
    teardown(&r);

    /* min_delta: improvements smaller than it do not count. The loss falls
     * by d1 = loss[0] - loss[1] in epoch 1; a min_delta just above d1
     * makes epoch 1 no improvement, so patience 0 stops there */
    const double d1 = loss[0] - loss[1];
    o.patience = 0;
    o.min_delta = d1 * 1.5;
    stopped_run(&o, &r, &epochs, &best);
    ck_assert_uint_eq(epochs, 2);
    ck_assert_uint_eq(best, 0);
    teardown(&r);
    o.min_delta = d1 * 0.5; /* below it: epoch 1 improves */
    stopped_run(&o, &r, &epochs, &best);
    ck_assert_uint_gt(epochs, 2);
    ck_assert_uint_ge(best, 1);
    teardown(&r);
}
END_TEST

/* The callback runs after validation, history and early stopping: it sees
 * this epoch's validation values and best epoch; when it stops training
 * the best weights are restored all the same. */
typedef struct watch {
    const tnn_fit_options *o;
    size_t calls;
} watch;

static int check_epoch(void *ctx, size_t epoch, double loss, double metric)
{
    watch *w = ctx;
    ck_assert_uint_eq(epoch, w->calls);
    ck_assert_double_eq(loss, w->o->history_loss[epoch]);
    ck_assert_double_eq(metric, w->o->history_metric[epoch]);
    ck_assert_close(w->o->history_val_loss[epoch], foref_es_val_loss[epoch], TOL);
    ck_assert_uint_le(*w->o->best_epoch, epoch);
    ck_assert_uint_eq(*w->o->best_epoch, epoch <= 2 ? epoch : 2);
    w->calls++;
    return epoch == 4; /* stop after epoch 4; the best was epoch 2 */
}

START_TEST(callback_sees_validation_and_best_epoch)
{
    run r = setup(false, TNN_OPT_ADAM, FOREF_ES_LR);
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, FOREF_ES_MAX_EPOCHS);
    o.monitor = TNN_MONITOR_VAL_LOSS;
    o.patience = 100;
    o.restore_best = 1;
    size_t best = 99, epochs = 0;
    o.best_epoch = &best;
    history h;
    record_into(&o, &h);
    for (size_t e = 0; e < 5; e++)
        h.val_loss[e] = -1;
    watch w = {&o, 0};
    o.callback = check_epoch;
    o.callback_ctx = &w;
    ck_assert_ok(fit(&r, &o, &epochs));
    ck_assert_uint_eq(w.calls, 5);
    ck_assert_uint_eq(epochs, 5);
    ck_assert_uint_eq(best, 2);
    teardown(&r);

    /* the weights now are those after epoch 2: a plain 3-epoch run's */
    run plain = setup(false, TNN_OPT_ADAM, FOREF_ES_LR);
    tnn_fit_options po = options_of(&plain, TNN_LOSS_BCE, 3);
    ck_assert_ok(fit(&plain, &po, NULL));
    r = setup(false, TNN_OPT_ADAM, FOREF_ES_LR);
    o.val_x = r.vx; /* the first run's rows are freed */
    o.val_y = r.vy;
    w.calls = 0;
    ck_assert_ok(fit(&r, &o, &epochs));
    tnn_real a[MAX_PARAMS], b[MAX_PARAMS];
    params_of(&r, a);
    params_of(&plain, b);
    ck_assert_mem_eq(a, b, n_bin * sizeof *a);
    teardown(&r);
    teardown(&plain);
}
END_TEST

/* Every refused combination: the status, and nothing written. */
START_TEST(refused_combinations)
{
    run r = setup(false, TNN_OPT_ADAM, 0.01);
    tnn_fit_options good = options_of(&r, TNN_LOSS_BCE, 3);
    good.monitor = TNN_MONITOR_VAL_LOSS;
    good.restore_best = 1;
    size_t ws;
    ck_assert_ok(tnn_fit_workspace_size(r.model, &good, r.rows, &ws));
    unsigned char *work = malloc(ws);
    ck_assert_ptr_nonnull(work);
    tnn_real before[MAX_PARAMS], now[MAX_PARAMS];
    params_of(&r, before);
    history h;
    memset(&h, 0x5A, sizeof h);
    const history untouched = h;
    size_t epochs = 77, best = 88;
    tnn_real nan_row[2] = {0, (tnn_real)NAN}, two[1] = {2};

    enum { N_BAD = 20 };
    tnn_fit_options bad[N_BAD];
    tnn_status expected[N_BAD];
    size_t n = 0;
#define BAD(status, change)                                                                    \
    do {                                                                                       \
        bad[n] = good;                                                                         \
        record_into(&bad[n], &h);                                                              \
        bad[n].best_epoch = &best;                                                             \
        {                                                                                      \
            tnn_fit_options *b = &bad[n];                                                      \
            change;                                                                            \
        }                                                                                      \
        expected[n++] = (status);                                                              \
    } while (0)
    BAD(TNN_E_INVALID_ARGUMENT, b->val_x = NULL);
    BAD(TNN_E_INVALID_ARGUMENT, b->val_y = NULL);
    BAD(TNN_E_INVALID_ARGUMENT, (b->val_rows = 0, b->monitor = TNN_MONITOR_LOSS));
    BAD(TNN_E_INVALID_ARGUMENT,
        (b->val_rows = 0, b->val_x = NULL, b->val_y = NULL, b->monitor = TNN_MONITOR_LOSS));
    BAD(TNN_E_INVALID_ARGUMENT, (b->val_rows = 0, b->val_x = NULL, b->val_y = NULL,
                                 b->history_val_loss = NULL, b->monitor = TNN_MONITOR_LOSS));
    BAD(TNN_E_INVALID_ARGUMENT,
        (b->val_rows = 0, b->val_x = NULL, b->val_y = NULL, b->history_val_loss = NULL,
         b->history_val_metric = NULL)); /* monitoring val_loss without rows */
    BAD(TNN_E_INVALID_ARGUMENT, b->l2 = -0.01);
    BAD(TNN_E_INVALID_ARGUMENT, b->l2 = (double)NAN);
    BAD(TNN_E_INVALID_ARGUMENT, b->l2 = (double)INFINITY);
    BAD(TNN_E_INVALID_ARGUMENT, b->min_delta = -1e-3);
    BAD(TNN_E_INVALID_ARGUMENT, b->min_delta = (double)NAN);
    BAD(TNN_E_INVALID_ARGUMENT, b->monitor = 3);
    BAD(TNN_E_INVALID_ARGUMENT, (b->monitor = TNN_MONITOR_NONE, b->restore_best = 0));
    BAD(TNN_E_INVALID_ARGUMENT, (b->monitor = TNN_MONITOR_NONE, b->restore_best = 0,
                                 b->best_epoch = NULL, b->patience = 2));
    BAD(TNN_E_INVALID_ARGUMENT, (b->monitor = TNN_MONITOR_NONE, b->best_epoch = NULL));
    BAD(TNN_E_NON_FINITE, (b->val_x = nan_row, b->val_rows = 1));
    BAD(TNN_E_OUT_OF_RANGE, (b->val_y = two, b->val_rows = 1));
#undef BAD
    ck_assert_uint_le(n, N_BAD);
    for (size_t i = 0; i < n; i++) {
        tnn_status st = tnn_fit(r.model, r.opt, &bad[i], r.x, r.y, r.rows, work, ws, &epochs);
        ck_assert_msg(st == expected[i], "case %zu: %s", i, tnn_status_message(st));
        if (expected[i] == TNN_E_INVALID_ARGUMENT) { /* found by the size already */
            size_t size = 1;
            ck_assert_status(tnn_fit_workspace_size(r.model, &bad[i], r.rows, &size),
                             TNN_E_INVALID_ARGUMENT);
            ck_assert_uint_eq(size, 1);
        }
    }
    ck_assert_uint_eq(epochs, 77);
    ck_assert_uint_eq(best, 88);
    ck_assert_mem_eq(&h, &untouched, sizeof h);
    params_of(&r, now);
    ck_assert_mem_eq(before, now, n_bin * sizeof *now);

    /* the best weights live in the workspace: it grows by one aligned
     * parameter vector, and one byte less is refused */
    tnn_fit_options plain = good;
    plain.restore_best = 0;
    size_t ws_plain;
    ck_assert_ok(tnn_fit_workspace_size(r.model, &plain, r.rows, &ws_plain));
    ck_assert_uint_eq(ws - ws_plain, (n_bin * sizeof(tnn_real) + 7) / 8 * 8);
    ck_assert_status(tnn_fit(r.model, r.opt, &good, r.x, r.y, r.rows, work, ws - 1, &epochs),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(epochs, 77);
    params_of(&r, now);
    ck_assert_mem_eq(before, now, n_bin * sizeof *now);
    ck_assert_ok(tnn_fit(r.model, r.opt, &good, r.x, r.y, r.rows, work, ws, &epochs));
    free(work);
    teardown(&r);
}
END_TEST

/* Validation rows on which the weights overflow: divergence, the epoch
 * not recorded. One linear unit y = 2 x. */
START_TEST(validation_overflow_is_divergence)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 1, spec, 1, NULL));
    const tnn_real p[2] = {2, 0};
    ck_assert_ok(tnn_model_set_params(m, p, 2));
    tnn_optimizer *opt = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_SGD, 2, NULL));
    const tnn_real x[2] = {1, 2}, y[2] = {2, 4};
    const tnn_real vx[1] = {(tnn_real)(0.75 * (double)(TNN_REAL_IS_DOUBLE ? 1.7e308 : 3.4e38))};
    const tnn_real vy[1] = {0};
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.epochs = 3;
    o.val_x = vx;
    o.val_y = vy;
    o.val_rows = 1;
    double val_loss[3] = {-1, -1, -1};
    o.history_val_loss = val_loss;
    _Alignas(8) unsigned char work[1024];
    size_t ws, epochs = 9;
    ck_assert_ok(tnn_fit_workspace_size(m, &o, 2, &ws));
    ck_assert_uint_le(ws, sizeof work);
    ck_assert_status(tnn_fit(m, opt, &o, x, y, 2, work, ws, &epochs), TNN_E_DIVERGED);
    ck_assert_uint_eq(epochs, 0);
    ck_assert_double_eq(val_loss[0], -1);
    tnn_optimizer_free(opt);
    tnn_model_free(m);
}
END_TEST

#if TNN_HAVE_LBFGS
/* L-BFGS: its own TNN_PARAM_L2 is the penalty; the options' l2 is refused
 * rather than added to it. Its validation loss carries that penalty,
 * (l2 / 2) sum(kernel^2), and early stopping works per iteration. */
static double lbfgs_val_loss[8];

static int lbfgs_epoch(void *ctx, size_t epoch, double loss, double metric)
{
    const run *r = ctx;
    (void)loss;
    (void)metric;
    _Alignas(8) unsigned char work[4096];
    double val;
    ck_assert_ok(tnn_evaluate(r->model, TNN_LOSS_BCE, TNN_METRIC_NONE, r->vx, r->vy,
                              r->val_rows, &val, NULL, work, sizeof work));
    tnn_real p[MAX_PARAMS];
    params_of(r, p);
    double sq = 0;
    for (size_t i = 0; i < 8; i++)
        sq += (double)p[i] * (double)p[i];
    for (size_t i = 12; i < 16; i++)
        sq += (double)p[i] * (double)p[i];
    ck_assert_close(lbfgs_val_loss[epoch], val + 0.5 * 0.02 * sq, 1e-12);
    return 0;
}

START_TEST(lbfgs_penalty_and_validation)
{
    run r = setup(false, TNN_OPT_LBFGS, 0);
    ck_assert_ok(tnn_optimizer_set(r.opt, TNN_PARAM_L2, 0.02));
    tnn_fit_options o = options_of(&r, TNN_LOSS_BCE, 8);
    o.l2 = 0.01;
    ck_assert_status(fit(&r, &o, NULL), TNN_E_UNSUPPORTED);
    o.l2 = 0;
    o.history_val_loss = lbfgs_val_loss;
    o.callback = lbfgs_epoch;
    o.callback_ctx = &r;
    o.monitor = TNN_MONITOR_VAL_LOSS;
    o.patience = 100;
    o.restore_best = 1;
    size_t best = 99, epochs = 0;
    o.best_epoch = &best;
    ck_assert_ok(fit(&r, &o, &epochs));
    ck_assert_uint_ge(epochs, 1);
    ck_assert_uint_lt(best, epochs);
    for (size_t e = 0; e < epochs; e++)
        ck_assert(lbfgs_val_loss[e] >= lbfgs_val_loss[best]);
    teardown(&r);
}
END_TEST
#endif

static Suite *fit_options_suite(void)
{
    Suite *s = suite_create("fit_options");
    TCase *tc = tcase_create("fit_options");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, l2_and_validation_adam);
    tcase_add_test(tc, l2_and_validation_sgd_mini_batches);
    tcase_add_test(tc, l2_and_validation_softmax);
    tcase_add_test(tc, early_stopping_matches_reference);
    tcase_add_test(tc, early_stopping_rules);
    tcase_add_test(tc, callback_sees_validation_and_best_epoch);
    tcase_add_test(tc, refused_combinations);
    tcase_add_test(tc, validation_overflow_is_divergence);
#if TNN_HAVE_LBFGS
    tcase_add_test(tc, lbfgs_penalty_and_validation);
#endif
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(fit_options_suite());
}
