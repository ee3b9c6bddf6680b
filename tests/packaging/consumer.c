/* A program that uses libtinynn the way an outside project does: through the
 * installed header and library only. Trains a 2-3-1 network on XOR. */
#include <stdio.h>
#include <stdlib.h>

#include <tinynn/tinynn.h>

int main(void)
{
    const tnn_layer_spec spec[] = {{3, TNN_ACT_TANH, TNN_LAYER_DENSE},
                                   {1, TNN_ACT_SIGMOID, TNN_LAYER_DENSE}};
    const tnn_real x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    const tnn_real y[4] = {0, 1, 1, 0};
    tnn_model *model = NULL;
    tnn_optimizer *opt = NULL;
    tnn_rng *rng = NULL;
    tnn_status st = tnn_model_new(&model, 2, spec, 2, NULL);
    if (st == TNN_OK)
        st = tnn_rng_new(&rng, 1, NULL);
    if (st == TNN_OK)
        st = tnn_model_draw_glorot(model, rng);
    if (st == TNN_OK)
        st = tnn_optimizer_new(&opt, TNN_OPT_ADAM, tnn_model_n_params(model), NULL);
    if (st == TNN_OK)
        st = tnn_optimizer_set(opt, TNN_PARAM_LEARNING_RATE, 0.05);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.metric = TNN_METRIC_ACCURACY;
    o.epochs = 2000;
    size_t ws = 0;
    if (st == TNN_OK)
        st = tnn_fit_workspace_size(model, &o, 4, &ws);
    void *work = st == TNN_OK ? malloc(ws) : NULL;
    if (st == TNN_OK)
        st = tnn_fit(model, opt, &o, x, y, 4, work, ws, NULL);
    double loss = 0, acc = 0;
    if (st == TNN_OK)
        st = tnn_evaluate(model, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, x, y, 4, &loss, &acc, work,
                          ws);
    free(work);
    tnn_optimizer_free(opt);
    tnn_rng_free(rng);
    tnn_model_free(model);
    if (st != TNN_OK) {
        fprintf(stderr, "consumer: %s\n", tnn_status_message(st));
        return 1;
    }
    printf("libtinynn %s: XOR loss %.4f, accuracy %.2f\n", tnn_version(), loss, acc);
    return acc == 1.0 ? 0 : 1;
}
