/* Listing 15: model3's weights, W, b = model3.layers[0].get_weights():
 * a 2 x 3 kernel (column k is w_k, the weights of unit k) and 3 biases. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing15",
                  "Listing 15: trains Dense(3, softmax) on X3 as Listing 14 does and reads\n"
                  "its 2 x 3 kernel and 3 biases. Writes weights.csv (unit,w0,w1,w2: one\n"
                  "row per unit k = 1, 2, 3, i.e. per class, w0 its bias).");
    article_run run;
    article_train(MODEL3_X3_SOFTMAX, &run);
    csv_write_layer_weights(&ex, "weights.csv", run.model, 0);
    tnn_real kernel[6], bias[3];
    example_check(tnn_model_get_weights(run.model, 0, kernel, 6, bias, 3), "reading weights");
    /* kernel[i * 3 + k] connects input i to unit k */
    printf("model3 weights: w1 = (%.4f, %.4f), w2 = (%.4f, %.4f), w3 = (%.4f, %.4f)\n",
           (double)kernel[0], (double)kernel[3], (double)kernel[1], (double)kernel[4],
           (double)kernel[2], (double)kernel[5]);
    printf("biases: b1 = %.4f, b2 = %.4f, b3 = %.4f\n", (double)bias[0], (double)bias[1],
           (double)bias[2]);
    article_run_free(&run);
    return 0;
}
