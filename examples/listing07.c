/* Listing 7: the trained sigmoid neuron's weights. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing07",
                  "Listing 7: trains Dense(1, sigmoid) on X1 as Listing 6 does and reads\n"
                  "its weights (model.layers[0].get_weights()). Writes weights.csv\n"
                  "(w0,w1,w2 with w0 the bias).");
    article_run run;
    article_train(MODEL1_X1_SIGMOID, &run);
    double w[3];
    article_unit_weights(run.model, 0, w, 3);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);
    printf("model1 weights: w0 = %.6f (bias), w1 = %.6f, w2 = %.6f\n", w[0], w[1], w[2]);
    article_run_free(&run);
    return 0;
}
