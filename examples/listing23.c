/* Listing 23: model5 with a linear hidden layer (model6). Without a
 * nonlinearity the two layers compose to one affine map, so the network is
 * a single sigmoid neuron in disguise and its boundary stays a line. */
#include "article_grid.h"
#include "article_models.h"
#include "article_views.h"
#include "example.h"

/* The one neuron model6 equals: z = c + (b0 + x K0) . w = w0' + w'. x with
 * w' = K0 w and w0' = b0 . w + c (K0: the 2 x 3 hidden kernel, b0 its
 * biases, w and c the output unit's weights and bias). */
static void collapsed_neuron(const tnn_model *model, double out[3])
{
    tnn_real k0[6], b0[3];
    example_check(tnn_model_get_weights(model, 0, k0, 6, b0, 3), "hidden weights");
    double w[4];
    article_unit_weights(model, 1, w, 4);
    out[0] = w[0];
    out[1] = out[2] = 0;
    for (size_t k = 0; k < 3; k++) {
        out[0] += (double)b0[k] * w[k + 1];
        out[1] += (double)k0[0 * 3 + k] * w[k + 1];
        out[2] += (double)k0[1 * 3 + k] * w[k + 1];
    }
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing23",
                  "Listing 23: trains model6 = 2 -> Dense(3, linear) -> Dense(1, sigmoid)\n"
                  "on X4 (Keras's initial weights for Python seed 2): 1000 epochs, full\n"
                  "batch, Adam, binary cross-entropy; then draws its boundary over\n"
                  "[-1.9, 1.9]^2.\n"
                  "Writes history.csv (epoch,loss,accuracy), points.csv, grid.csv and\n"
                  "weights.csv (w0,w1,w2: the single neuron the two linear layers\n"
                  "compose to; its line w0 + w1 x1 + w2 x2 = 0 is the boundary).");
    article_run run;
    article_train(MODEL6_X4_LINEAR_HIDDEN, &run);
    const article_data *d = &run.data;
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    csv_write_points(&ex, "points.csv", "x1,x2,y", d->x, d->n_rows, d->n_cols, d->y);
    article_grid g;
    article_grid_sample(run.model, article_box_x4, 0, &g);
    article_grid_write(&ex, "grid.csv", &g);
    double w[3];
    collapsed_neuron(run.model, w);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);
    double accuracy;
    views_evaluate(&run, NULL, &accuracy);
    printf("model6 on X4: accuracy %.4f after %zu epochs\n", accuracy, epochs);
    printf("a linear hidden layer collapses to one neuron: boundary %.4f %+.4f x1 %+.4f x2 = "
           "0, a straight line\n",
           w[0], w[1], w[2]);
    article_grid_free(&g);
    article_run_free(&run);
    return 0;
}
