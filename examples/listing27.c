/* Listing 27: the linear neuron's prediction on X5_test: a straight line
 * through a parabola. */
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing27",
                  "Listing 27: trains Dense(1, linear) on X5 (as Listing 26) and predicts\n"
                  "X5_test = linspace(0, 1, 1000). Writes predictions.csv (x,y_true,y_pred),\n"
                  "points.csv (x,y: the training data) and weights.csv (w0,w1).");
    article_run run;
    article_train(MODEL_X5_LINEAR, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x,y", d->x, d->n_rows, d->n_cols, d->y);
    double mse_test = views_write_x5_predictions(&ex, "predictions.csv", run.model);
    double w[2];
    article_unit_weights(run.model, 0, w, 2);
    csv_write_table(&ex, "weights.csv", "w0,w1", w, 1, 2);
    double mse;
    views_evaluate(&run, NULL, &mse);
    printf("linear neuron on X5: MSE %.6f (X5_test: %.6f)\n", mse, mse_test);
    printf("its prediction is the straight line y = %.4f %+.4f x\n", w[0], w[1]);
    article_run_free(&run);
    return 0;
}
