/* Listing 29: the 10-unit ReLU network's prediction on X5_test: a
 * piecewise-linear curve that follows the parabola. */
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing29",
                  "Listing 29: trains 1 -> Dense(10, relu) -> Dense(1, linear) on X5 (as\n"
                  "Listing 28) and predicts X5_test = linspace(0, 1, 1000).\n"
                  "Writes predictions.csv (x,y_true,y_pred) and points.csv (x,y).");
    article_run run;
    article_train(MODEL_X5_RELU10, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x,y", d->x, d->n_rows, d->n_cols, d->y);
    double mse_test = views_write_x5_predictions(&ex, "predictions.csv", run.model);
    double mse;
    views_evaluate(&run, NULL, &mse);
    printf("10 ReLU units on X5: MSE %.6f (X5_test: %.6f)\n", mse, mse_test);
    printf("the prediction is piecewise linear: %zu of 10 units are alive, and it bends where "
           "one switches on inside [0, 1]\n",
           views_alive_units(run.model));
    article_run_free(&run);
    return 0;
}
