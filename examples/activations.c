/* The activation functions of Figures 2 (step), 5 (sigmoid), 18 (ReLU) and
 * 22 (linear), computed by the library itself: each curve is a one-input,
 * one-unit model with weight 1 and bias 0, so its output is g(z). */
#include <stdlib.h>

#include "example.h"

#define N_Z 2001 /* z = -10, -9.99, ..., 10: includes z = 0, where step jumps */

static const tnn_activation curves[] = {TNN_ACT_STEP, TNN_ACT_SIGMOID, TNN_ACT_RELU,
                                        TNN_ACT_LINEAR};
#define N_CURVES (sizeof curves / sizeof curves[0])

/* g(z) for every z, through a model z -> Dense(1, g) with w = 1, b = 0. */
static void activation_curve(tnn_activation g, const tnn_real *z, double *out)
{
    tnn_layer_spec spec = TNN_DENSE(1, g);
    tnn_model *m = NULL;
    example_check(tnn_model_new(&m, 1, &spec, 1, NULL), "creating a one-unit model");
    const tnn_real one = 1, zero = 0;
    example_check(tnn_model_set_weights(m, 0, &one, 1, &zero, 1), "setting w = 1, b = 0");
    size_t ws;
    example_check(tnn_predict_workspace_size(m, N_Z, &ws), "workspace size");
    void *work = example_alloc(ws);
    tnn_real *y = example_alloc(N_Z * sizeof *y);
    example_check(tnn_predict(m, z, N_Z, y, work, ws), "predicting");
    for (size_t i = 0; i < N_Z; i++)
        out[i] = (double)y[i];
    free(y);
    free(work);
    tnn_model_free(m);
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "activations",
                  "The activation functions of the article's Figures 2 (step), 5 (sigmoid),\n"
                  "18 (ReLU) and 22 (linear), as the library computes them, at z =\n"
                  "linspace(-10, 10, 2001). Writes activations.csv (z,step,sigmoid,relu,\n"
                  "linear).");
    double zd[N_Z];
    example_check(tnn_linspace(-10, 10, zd, N_Z), "z axis");
    tnn_real *z = example_to_real(zd, N_Z);
    double *table = example_alloc(N_Z * (N_CURVES + 1) * sizeof *table);
    double g[N_Z];
    for (size_t i = 0; i < N_Z; i++)
        table[i * (N_CURVES + 1)] = zd[i];
    for (size_t c = 0; c < N_CURVES; c++) {
        activation_curve(curves[c], z, g);
        for (size_t i = 0; i < N_Z; i++)
            table[i * (N_CURVES + 1) + 1 + c] = g[i];
    }
    csv_write_table(&ex, "activations.csv", "z,step,sigmoid,relu,linear", table, N_Z,
                    N_CURVES + 1);
    const size_t mid = N_Z / 2; /* z = 0 */
    printf("activations at z = 0: step %g, sigmoid %g, relu %g, linear %g (%d values of z in "
           "[-10, 10])\n",
           table[mid * 5 + 1], table[mid * 5 + 2], table[mid * 5 + 3], table[mid * 5 + 4], N_Z);
    free(table);
    free(z);
    return 0;
}
