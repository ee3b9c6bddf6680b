/* Listing 26: linear regression as a network: one linear neuron on X5,
 * mean squared error. */
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing26",
                  "Listing 26: trains Dense(1, linear) on X5 (Keras's initial weight for\n"
                  "Python seed 0): 500 epochs, full batch, Adam (lr 0.001), mean squared\n"
                  "error.\n"
                  "Writes history.csv (epoch,loss,mse).");
    article_run run;
    article_train(MODEL_X5_LINEAR, &run);
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "mse", run.loss, run.metric, epochs);
    double mse;
    views_evaluate(&run, NULL, &mse);
    printf("linear neuron on X5: MSE %.6f after %zu epochs (first epoch %.6f)\n", mse, epochs,
           run.metric[0]);
    article_run_free(&run);
    return 0;
}
