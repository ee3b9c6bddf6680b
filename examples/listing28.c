/* Listing 28: ten hidden ReLU units before a linear output, trained on X5,
 * and what each hidden unit outputs over [0, 1].
 *
 * With the Glorot draws of seed 15, 8 of the 10 units start with a
 * negative weight and zero bias: they output 0 on all of [0, 1], their
 * gradient is 0 there (ReLU'(z) = 0 for z <= 0), and they never wake up.
 * Keras's own draws differed, so the article's curve has more kinks. */
#include <stdlib.h>

#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing28",
                  "Listing 28: trains 1 -> Dense(10, relu) -> Dense(1, linear) on X5 (Glorot\n"
                  "weights from seed 15): 1500 epochs, full batch, Adam, mean squared error;\n"
                  "then computes the hidden activations on X5_test = linspace(0, 1, 1000).\n"
                  "Writes history.csv (epoch,loss,mse) and hidden.csv (x,a1,...,a10).\n"
                  "Reports how many hidden units are alive (positive somewhere on [0, 1]).");
    article_run run;
    article_train(MODEL_X5_RELU10, &run);
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "mse", run.loss, run.metric, epochs);

    article_data test;
    example_check(article_load(ARTICLE_X5_TEST, &test), "loading X5_test");
    tnn_real *x = example_to_real(test.x, test.n_rows);
    const size_t units = run.recipe->hidden;
    double *a = views_layer_outputs(run.model, 0, x, test.n_rows);
    double *table = example_alloc(test.n_rows * (units + 1) * sizeof *table);
    for (size_t i = 0; i < test.n_rows; i++) {
        table[i * (units + 1)] = test.x[i];
        for (size_t u = 0; u < units; u++)
            table[i * (units + 1) + 1 + u] = a[i * units + u];
    }
    csv_write_table(&ex, "hidden.csv", "x,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10", table, test.n_rows,
                    units + 1);

    double mse;
    views_evaluate(&run, NULL, &mse);
    size_t alive = views_alive_units(run.model);
    printf("10 ReLU units on X5: MSE %.6f after %zu epochs\n", mse, epochs);
    printf("%zu of %zu hidden units are alive on [0, 1]; the other %zu started at 0 there and "
           "stayed dead (ReLU'(0) = 0)\n",
           alive, units, units - alive);
    free(table);
    free(a);
    free(x);
    article_free(&test);
    article_run_free(&run);
    return 0;
}
