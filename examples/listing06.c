/* Listing 6: train the sigmoid neuron on X1 and record its history. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing06",
                  "Listing 6: trains Dense(1, sigmoid) on X1: 1500 epochs, full batch,\n"
                  "Adam (lr 0.001), binary cross-entropy. Writes history.csv\n"
                  "(epoch,loss,accuracy) for Figure 7.");
    article_run run;
    article_train(MODEL1_X1_SIGMOID, &run);
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    printf("model1 on X1: after %zu epochs loss %.6f, accuracy %.4f\n", epochs,
           run.loss[epochs - 1], run.metric[epochs - 1]);
    article_run_free(&run);
    return 0;
}
