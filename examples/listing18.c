/* Listing 18: one sigmoid neuron (model4) trained on X4. */
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing18",
                  "Listing 18: trains model4 = Dense(1, sigmoid) on X4 (Keras's initial\n"
                  "weights for Python seed 0: the article's code says seed 2, but its\n"
                  "Figure 16 and accuracy curve are seed 0's): 4000 epochs, full batch,\n"
                  "Adam (lr 0.001), binary cross-entropy.\n"
                  "Writes history.csv (epoch,loss,accuracy).");
    article_run run;
    article_train(MODEL4_X4_SIGMOID, &run);
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    double loss, accuracy;
    views_evaluate(&run, &loss, &accuracy);
    printf("model4 on X4: accuracy %.4f after %zu epochs (loss %.6f)\n", accuracy, epochs, loss);
    printf("one neuron draws a straight line, so it cannot wrap the L-shaped class 1\n");
    article_run_free(&run);
    return 0;
}
