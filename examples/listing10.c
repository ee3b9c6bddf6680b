/* Listing 10: one sigmoid neuron on the three inputs of X2 (model2),
 * 1500 epochs of full-batch Adam on binary cross-entropy. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing10",
                  "Listing 10: trains Dense(1, sigmoid) on the 3 inputs of X2: 1500 epochs,\n"
                  "full batch, Adam (lr 0.001), binary cross-entropy. Writes history.csv\n"
                  "(epoch,loss,accuracy).");
    article_run run;
    article_train(MODEL2_X2_SIGMOID, &run);
    size_t epochs = run.recipe->epochs, first_full = 0;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    for (size_t e = epochs; e > 0 && run.metric[e - 1] == 1.0; e--)
        first_full = e;
    printf("model2 on X2: after %zu epochs loss %.6f, accuracy %.4f\n", epochs,
           run.loss[epochs - 1], run.metric[epochs - 1]);
    if (first_full > 0)
        printf("accuracy 1 from epoch %zu on (it starts at %.2f)\n", first_full, run.metric[0]);
    article_run_free(&run);
    return 0;
}
