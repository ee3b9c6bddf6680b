/* Listing 28: ten hidden ReLU units before a linear output, trained on X5,
 * and what each hidden unit outputs over [0, 1]. While it trains,
 * snapshots of the prediction and of each unit's part w_i a_i(x) go to
 * frames/ (the animation anim_relu10_pieces.gif).
 *
 * With Keras's initial weights of seed 15, units 5, 8 and 10 start with a
 * negative weight and zero bias: they output 0 on all of [0, 1], their
 * gradient is 0 there (ReLU'(z) = 0 for z <= 0), and they never wake up;
 * the other 7 give the curve its kinks. */
#include <stdlib.h>

#include "article_frames.h"
#include "article_models.h"
#include "article_views.h"
#include "example.h"

/* Frames every 5 epochs while the curve takes shape, then sparser: 61. */
static const frame_step schedule[] = {{100, 5}, {500, 20}, {1500, 50}};
/* A frame holds every 9th point of X5_test = linspace(0, 1, 1000): rows
 * 0, 9, ..., 999, so 112 points from 0 to 1. */
#define FRAME_STRIDE 9
#define UNITS 10

typedef struct watcher {
    example frames;
    csv index; /* frames/index.csv: epoch,loss,mse */
    size_t epochs;
    const article_data *test; /* X5_test */
    const tnn_real *x;        /* its inputs as tnn_real */
} watcher;

/* After `epoch` epochs: the loss on X5 and, on X5_test, each unit's part
 * w_i a_i(x) of the output, the bias and the prediction. Reads the model
 * only. */
static void snapshot(void *ctx, size_t epoch, const article_run *run)
{
    watcher *w = ctx;
    if (!frames_due(schedule, sizeof schedule / sizeof schedule[0], epoch, w->epochs))
        return;
    double row[3] = {(double)epoch, 0, 0};
    views_evaluate(run, &row[1], &row[2]);
    csv_row(&w->index, row, 3);

    const size_t n = w->test->n_rows;
    tnn_real *a = example_alloc(n * UNITS * sizeof *a);
    tnn_real *parts = example_alloc(n * UNITS * sizeof *parts);
    tnn_real *sums = example_alloc(n * sizeof *sums), bias;
    size_t ws;
    example_check(tnn_predict_workspace_size(run->model, 256, &ws), "workspace size");
    void *work = example_alloc(ws);
    example_check(tnn_output_contributions(run->model, w->x, n, a, parts, n * UNITS, &bias,
                                           sums, work, ws),
                  "output contributions");
    double *pred = views_predict(run->model, w->x, n);
    csv c;
    csv_open(&c, &w->frames, frames_file("curve", epoch),
             "x,wa1,wa2,wa3,wa4,wa5,wa6,wa7,wa8,wa9,wa10,bias,prediction");
    for (size_t r = 0; r < n; r += FRAME_STRIDE) {
        double out[UNITS + 3];
        out[0] = w->test->x[r];
        for (size_t u = 0; u < UNITS; u++)
            out[1 + u] = (double)parts[r * UNITS + u];
        out[UNITS + 1] = (double)bias;
        out[UNITS + 2] = pred[r];
        csv_row(&c, out, UNITS + 3);
    }
    csv_close(&c);
    free(pred);
    free(work);
    free(sums);
    free(parts);
    free(a);
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing28",
                  "Listing 28: trains 1 -> Dense(10, relu) -> Dense(1, linear) on X5 (Keras's\n"
                  "initial weights for Python seed 15): 1500 epochs, full batch, Adam, mean\n"
                  "squared error; then computes the hidden activations on X5_test =\n"
                  "linspace(0, 1, 1000).\n"
                  "Writes history.csv (epoch,loss,mse), hidden.csv (x,a1,...,a10) and\n"
                  "points.csv (x,y: the training data); and, while it trains, snapshots in\n"
                  "frames/: index.csv (epoch,loss,mse at the weights after that many epochs)\n"
                  "and curve_EEEE.csv (x,wa1,...,wa10,bias,prediction then, on every 9th\n"
                  "point of X5_test).\n"
                  "Reports how many hidden units are alive (positive somewhere on [0, 1]).");
    article_data test;
    example_check(article_load(ARTICLE_X5_TEST, &test), "loading X5_test");
    tnn_real *x = example_to_real(test.x, test.n_rows);
    watcher w;
    frames_folder(&ex, &w.frames);
    w.epochs = article_recipe_of(MODEL_X5_RELU10)->epochs;
    w.test = &test;
    w.x = x;
    csv_open(&w.index, &w.frames, "index.csv", "epoch,loss,mse");
    article_run run;
    article_train_watched(MODEL_X5_RELU10, &run, snapshot, &w);
    csv_close(&w.index);
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "mse", run.loss, run.metric, epochs);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x,y", d->x, d->n_rows, d->n_cols, d->y);

    const size_t units = run.recipe->hidden;
    double *a = views_layer_outputs(run.model, 0, x, test.n_rows);
    double *table = example_alloc(test.n_rows * (units + 1) * sizeof *table);
    for (size_t i = 0; i < test.n_rows; i++) {
        table[i * (units + 1)] = test.x[i];
        for (size_t u = 0; u < units; u++)
            table[i * (units + 1) + 1 + u] = a[i * units + u];
    }
    csv_write_table(&ex, "hidden.csv", "x,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10", table, test.n_rows,
                    units + 1);

    double mse;
    views_evaluate(&run, NULL, &mse);
    size_t alive = views_alive_units(run.model);
    printf("10 ReLU units on X5: MSE %.6f after %zu epochs\n", mse, epochs);
    printf("%zu of %zu hidden units are alive on [0, 1]; the other %zu started at 0 there and "
           "stayed dead (ReLU'(0) = 0)\n",
           alive, units, units - alive);
    free(table);
    free(a);
    free(x);
    article_free(&test);
    article_run_free(&run);
    return 0;
}
