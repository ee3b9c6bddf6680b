/* Listing 30b (Figure 37): the network of Listing 28 with 400 hidden ReLU
 * units. Many more hinges make a much closer piecewise-linear parabola. */
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing30b",
                  "Listing 30b (Figure 37): trains 1 -> Dense(400, relu) -> Dense(1, linear)\n"
                  "on X5 (Keras's initial weights for Python seed 15): 1500 epochs, full\n"
                  "batch, Adam, mean squared error; predicts X5_test = linspace(0, 1, 1000).\n"
                  "Writes history.csv (epoch,loss,mse), predictions.csv (x,y_true,y_pred)\n"
                  "and points.csv (x,y).");
    article_run run;
    article_train(MODEL_X5_RELU400, &run);
    const article_data *d = &run.data;
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "mse", run.loss, run.metric, epochs);
    csv_write_points(&ex, "points.csv", "x,y", d->x, d->n_rows, d->n_cols, d->y);
    double mse_test = views_write_x5_predictions(&ex, "predictions.csv", run.model);
    double mse;
    views_evaluate(&run, NULL, &mse);
    printf("400 ReLU units on X5: MSE %.3g after %zu epochs (X5_test: %.3g)\n", mse, epochs,
           mse_test);
    printf("%zu of 400 hidden units are alive on [0, 1]\n", views_alive_units(run.model));
    article_run_free(&run);
    return 0;
}
