/* Listing 14: Dense(3, softmax) on X3 (model3), categorical cross-entropy
 * on the one-hot labels to_categorical(y3 - 1), 2200 epochs of full-batch
 * Adam. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing14",
                  "Listing 14: trains Dense(3, softmax) on X3: 2200 epochs, full batch,\n"
                  "Adam (lr 0.001), categorical cross-entropy on one-hot y3 - 1. Writes\n"
                  "history.csv (epoch,loss,accuracy).");
    article_run run;
    article_train(MODEL3_X3_SOFTMAX, &run);
    size_t epochs = run.recipe->epochs, first_full = 0;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    for (size_t e = epochs; e > 0 && run.metric[e - 1] == 1.0; e--)
        first_full = e;
    printf("model3 on X3: after %zu epochs loss %.6f, accuracy %.4f\n", epochs,
           run.loss[epochs - 1], run.metric[epochs - 1]);
    if (first_full > 0)
        printf("accuracy 1 from epoch %zu on (it starts at %.2f)\n", first_full, run.metric[0]);
    article_run_free(&run);
    return 0;
}
