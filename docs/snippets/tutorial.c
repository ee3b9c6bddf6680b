/* The five-minute tutorial of the libtinynn manual (docs/mainpage.md shows
 * it piece by piece with \snippet). It is built and run by the test suite
 * (test 'docs-tutorial'), so the manual's code cannot rot.
 *
 * A 2-3-1 network (tanh hidden layer, sigmoid output) learns a data set no
 * straight line separates (points near the origin are class 1, points
 * farther out in every direction class 0), then samples its decision
 * boundary on a grid and reads the hidden layer's activations. */
#include <stdio.h>
#include <stdlib.h>
#include <tinynn/tinynn.h>

#define N_ROWS 12

int main(void)
{
    /* [data] */
    /* Your data: row-major tnn_real arrays, one row per sample. */
    const tnn_real x[N_ROWS * 2] = {
        0.125, 0.25,   -0.375, 0.125, 0.25, -0.25, -0.125, -0.375, /* inside: 1 */
        0.375, 0.375,  -0.25,  0.375, 1.5,  0.25,  -1.375, 0.5,
        0.375, 1.625,  -0.25,  -1.5, /* outside: 0 */
        1.25,  -1.125, -1.125, -1.25,
    };
    const tnn_real y[N_ROWS] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    /* [data] */

    /* [build] */
    const tnn_layer_spec layers[] = {TNN_DENSE(3, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *model = NULL;
    tnn_rng *rng = NULL;
    if (tnn_model_new(&model, 2, layers, 2, NULL) != TNN_OK ||
        tnn_rng_new(&rng, 2, NULL) != TNN_OK) /* like np.random.seed(2) */
        return 1;
    /* Keras's initialiser with numpy's draws; tnn_model_draw_keras(model, 2)
     * gives the very weights Keras draws after random.seed(2) */
    if (tnn_model_draw_glorot(model, rng) != TNN_OK)
        return 1;
    /* [build] */

    /* [train] */
    tnn_optimizer *adam = NULL;
    if (tnn_optimizer_new(&adam, TNN_OPT_ADAM, tnn_model_n_params(model), NULL) != TNN_OK ||
        tnn_optimizer_set(adam, TNN_PARAM_LEARNING_RATE, 0.05) != TNN_OK)
        return 1;

    tnn_fit_options opts = TNN_FIT_OPTIONS_INIT;
    opts.loss = TNN_LOSS_BCE;
    opts.metric = TNN_METRIC_ACCURACY;
    opts.epochs = 1000; /* batch_size 0: full batch, one Adam step per epoch */
    double history[1000];
    opts.history_metric = history;

    size_t work_size;
    if (tnn_fit_workspace_size(model, &opts, N_ROWS, &work_size) != TNN_OK)
        return 1;
    void *work = malloc(work_size);
    tnn_status st = tnn_fit(model, adam, &opts, x, y, N_ROWS, work, work_size, NULL);
    if (st != TNN_OK) {
        fprintf(stderr, "training failed: %s\n", tnn_status_message(st));
        return 1;
    }
    printf("accuracy after %zu epochs: %.3f\n", opts.epochs, history[opts.epochs - 1]);
    /* [train] */

    /* [boundary] */
    /* Axis values like np.arange(-2, 2, 0.25): 16 values each. */
    double axis[16];
    size_t n_axis;
    if (tnn_arange_count(-2.0, 2.0, 0.25, &n_axis) != TNN_OK ||
        tnn_arange(-2.0, 2.0, 0.25, axis, 16) != TNN_OK)
        return 1;

    int32_t classes[16 * 16]; /* cell (r, c) = input (axis[c], axis[r]) */
    size_t grid_work_size;
    if (tnn_grid_workspace_size(model, 64, &grid_work_size) != TNN_OK) /* 64 cells per block */
        return 1;
    void *grid_work = malloc(grid_work_size);
    st = tnn_grid_sample(model, axis, n_axis, axis, n_axis, NULL, classes, NULL, 16 * 16,
                         grid_work, grid_work_size);
    if (st != TNN_OK)
        return 1;
    for (size_t r = n_axis; r-- > 0;) { /* top row: largest x2 */
        for (size_t c = 0; c < n_axis; c++)
            putchar(classes[r * n_axis + c] ? '#' : '.');
        putchar('\n');
    }
    /* [boundary] */

    /* [hidden] */
    /* Layer 0 is the hidden layer: its 3 activations for every input row. */
    tnn_real hidden[N_ROWS * 3];
    size_t act_work_size;
    if (tnn_predict_workspace_size(model, N_ROWS, &act_work_size) != TNN_OK)
        return 1;
    void *act_work = malloc(act_work_size);
    st = tnn_layer_activations(model, 0, x, N_ROWS, hidden, NULL, N_ROWS * 3, act_work,
                               act_work_size);
    if (st != TNN_OK)
        return 1;
    for (size_t i = 0; i < N_ROWS; i++)
        printf("x = (%5.2f, %5.2f)  class %g  a = (%6.3f, %6.3f, %6.3f)\n", (double)x[2 * i],
               (double)x[2 * i + 1], (double)y[i], (double)hidden[3 * i],
               (double)hidden[3 * i + 1], (double)hidden[3 * i + 2]);
    /* [hidden] */

    /* [cleanup] */
    free(act_work);
    free(grid_work);
    free(work);
    tnn_optimizer_free(adam);
    tnn_rng_free(rng);
    tnn_model_free(model);
    /* [cleanup] */

    /* The test's check: every training point classified correctly. */
    return history[opts.epochs - 1] == 1.0 ? 0 : 2;
}
