/* Building and training the article's models (see article_models.h). */
#include "article_models.h"

#include <stdlib.h>
#include <string.h>

#include "example.h"

static const article_recipe recipes[ARTICLE_N_MODELS] = {
    [MODEL1_X1_SIGMOID] = {"model1", ARTICLE_X1, 0, TNN_ACT_LINEAR, 1, TNN_ACT_SIGMOID,
                           TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 0, 1500},
    [MODEL2_X2_SIGMOID] = {"model2", ARTICLE_X2, 0, TNN_ACT_LINEAR, 1, TNN_ACT_SIGMOID,
                           TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 0, 1500},
    [MODEL3_X3_SOFTMAX] = {"model3", ARTICLE_X3, 0, TNN_ACT_LINEAR, 3, TNN_ACT_SOFTMAX,
                           TNN_LOSS_CCE, TNN_METRIC_ACCURACY, 0, 2200},
    [MODEL4_X4_SIGMOID] = {"model4", ARTICLE_X4, 0, TNN_ACT_LINEAR, 1, TNN_ACT_SIGMOID,
                           TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 0, 4000},
    [MODEL5_X4_RELU] = {"model5", ARTICLE_X4, 3, TNN_ACT_RELU, 1, TNN_ACT_SIGMOID, TNN_LOSS_BCE,
                        TNN_METRIC_ACCURACY, 2, 2200},
    [MODEL6_X4_LINEAR_HIDDEN] = {"model6", ARTICLE_X4, 3, TNN_ACT_LINEAR, 1, TNN_ACT_SIGMOID,
                                 TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 1000},
    [MODEL_X5_LINEAR] = {"linreg", ARTICLE_X5, 0, TNN_ACT_LINEAR, 1, TNN_ACT_LINEAR,
                         TNN_LOSS_MSE, TNN_METRIC_MSE, 0, 500},
    [MODEL_X5_RELU10] = {"relu10", ARTICLE_X5, 10, TNN_ACT_RELU, 1, TNN_ACT_LINEAR,
                         TNN_LOSS_MSE, TNN_METRIC_MSE, 15, 1500},
    [MODEL_X5_RELU400] = {"relu400", ARTICLE_X5, 400, TNN_ACT_RELU, 1, TNN_ACT_LINEAR,
                          TNN_LOSS_MSE, TNN_METRIC_MSE, 15, 1500},
};

const article_recipe *article_recipe_of(article_model which)
{
    return which < ARTICLE_N_MODELS ? &recipes[which] : NULL;
}

void article_build(article_model which, article_run *run)
{
    memset(run, 0, sizeof *run);
    const article_recipe *r = article_recipe_of(which);
    if (r == NULL)
        example_check(TNN_E_INVALID_ARGUMENT, "unknown article model");
    run->recipe = r;
    example_check(article_load(r->data, &run->data), "loading the data set");
    const size_t n = run->data.n_rows, d = run->data.n_cols;

    tnn_layer_spec spec[2];
    size_t n_layers = 0;
    if (r->hidden > 0)
        spec[n_layers++] = (tnn_layer_spec)TNN_DENSE(r->hidden, r->hidden_act);
    spec[n_layers++] = (tnn_layer_spec)TNN_DENSE(r->outputs, r->output_act);
    example_check(tnn_model_new(&run->model, d, spec, n_layers, NULL), "creating the model");

    example_check(tnn_model_draw_keras(run->model, r->seed), "Keras's initial weights");

    run->x = example_to_real(run->data.x, n * d);
    run->y = example_alloc(n * r->outputs * sizeof *run->y);
    if (r->outputs == 1) {
        for (size_t i = 0; i < n; i++)
            run->y[i] = (tnn_real)run->data.y[i];
    } else { /* one-hot of labels 1..K, as Keras's to_categorical(y - 1) */
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < r->outputs; k++)
                run->y[i * r->outputs + k] = (size_t)run->data.y[i] - 1 == k ? 1 : 0;
    }
}

/* tnn_fit's epoch callback: hands the run to the article_watch. */
typedef struct watch_ctx {
    article_watch watch;
    void *ctx;
    const article_run *run;
} watch_ctx;

static int on_epoch(void *ctx, size_t epoch, double loss, double metric)
{
    (void)loss;
    (void)metric;
    const watch_ctx *w = ctx;
    w->watch(w->ctx, epoch + 1, w->run);
    return 0;
}

void article_train(article_model which, article_run *run)
{
    article_train_watched(which, run, NULL, NULL);
}

void article_train_watched(article_model which, article_run *run, article_watch watch, void *ctx)
{
    article_build(which, run);
    const article_recipe *r = run->recipe;
    tnn_optimizer *adam = NULL;
    example_check(tnn_optimizer_new(&adam, TNN_OPT_ADAM, tnn_model_n_params(run->model), NULL),
                  "creating Adam");
    run->loss = example_alloc(r->epochs * sizeof *run->loss);
    run->metric = example_alloc(r->epochs * sizeof *run->metric);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = r->loss;
    o.metric = r->metric;
    o.epochs = r->epochs;
    o.history_loss = run->loss;
    o.history_metric = run->metric;
    watch_ctx w = {watch, ctx, run};
    if (watch != NULL) {
        watch(ctx, 0, run);
        o.callback = on_epoch;
        o.callback_ctx = &w;
    }
    size_t ws;
    example_check(tnn_fit_workspace_size(run->model, &o, run->data.n_rows, &ws), "workspace");
    void *work = example_alloc(ws);
    example_check(tnn_fit(run->model, adam, &o, run->x, run->y, run->data.n_rows, work, ws, NULL),
                  "training");
    free(work);
    tnn_optimizer_free(adam);
}

void article_perceptron(article_run *run, size_t *errors_per_epoch)
{
    memset(run, 0, sizeof *run);
    example_check(article_load(ARTICLE_X1, &run->data), "loading X1");
    const size_t n = run->data.n_rows, d = run->data.n_cols;
    tnn_layer_spec step = TNN_DENSE(1, TNN_ACT_STEP);
    example_check(tnn_model_new(&run->model, d, &step, 1, NULL), "creating the perceptron");
    run->x = example_to_real(run->data.x, n * d);
    run->y = example_to_real(run->data.y, n);
    size_t ws;
    example_check(tnn_perceptron_workspace_size(run->model, &ws), "workspace");
    void *work = example_alloc(ws);
    example_check(tnn_perceptron_fit(run->model, run->x, run->y, n, ARTICLE_PERCEPTRON_ETA,
                                     ARTICLE_PERCEPTRON_EPOCHS, errors_per_epoch, work, ws),
                  "perceptron rule");
    free(work);
}

void article_run_free(article_run *run)
{
    tnn_model_free(run->model);
    article_free(&run->data);
    free(run->x);
    free(run->y);
    free(run->loss);
    free(run->metric);
    memset(run, 0, sizeof *run);
}

size_t article_unit_weights(const tnn_model *model, size_t layer, double *out, size_t cap)
{
    const tnn_layer *l = tnn_model_layer(model, layer);
    size_t fan_in = tnn_layer_n_inputs(l);
    if (l == NULL || tnn_layer_units(l) != 1 || cap < fan_in + 1)
        example_check(TNN_E_SHAPE_MISMATCH, "reading a one-unit layer");
    tnn_real k[512], b;
    if (fan_in > 512)
        example_check(TNN_E_SHAPE_MISMATCH, "layer too wide");
    example_check(tnn_model_get_weights(model, layer, k, fan_in, &b, 1), "reading weights");
    out[0] = (double)b;
    for (size_t i = 0; i < fan_in; i++)
        out[i + 1] = (double)k[i];
    return fan_in + 1;
}
