/* Listing 30: the 10-unit ReLU network taken apart. Its output is
 *   y(x) = w0 + w1 a1(x) + ... + w10 a10(x),
 * each a_i(x) = max(0, k_i x + b_i) a ramp that starts at its own x, so
 * each part w_i a_i(x) is a hinge, and the sum of hinges plus the bias is
 * the piecewise-linear curve of Figure 33 (Figures 34-36). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "article_models.h"
#include "article_views.h"
#include "example.h"

#define UNITS 10

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing30",
                  "Listing 30: trains 1 -> Dense(10, relu) -> Dense(1, linear) on X5 (as\n"
                  "Listing 28) and splits its prediction on X5_test = linspace(0, 1, 1000)\n"
                  "into parts. Writes contributions.csv: x, a1..a10 (hidden activations),\n"
                  "wa1..wa10 (w_i a_i, each unit's part of the output), bias (w0), sum\n"
                  "(w0 + the parts) and prediction (the model's output), and points.csv\n"
                  "(x,y: the training data).");
    article_run run;
    article_train(MODEL_X5_RELU10, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x,y", d->x, d->n_rows, d->n_cols, d->y);

    article_data test;
    example_check(article_load(ARTICLE_X5_TEST, &test), "loading X5_test");
    const size_t n = test.n_rows;
    tnn_real *x = example_to_real(test.x, n);
    tnn_real *a = example_alloc(n * UNITS * sizeof *a);
    tnn_real *parts = example_alloc(n * UNITS * sizeof *parts);
    tnn_real *sums = example_alloc(n * sizeof *sums), bias;
    size_t ws;
    example_check(tnn_predict_workspace_size(run.model, 256, &ws), "workspace size");
    void *work = example_alloc(ws);
    example_check(tnn_output_contributions(run.model, x, n, a, parts, n * UNITS, &bias, sums,
                                           work, ws),
                  "output contributions");
    double *pred = views_predict(run.model, x, n);

    char header[512] = "x";
    for (int i = 1; i <= UNITS; i++)
        snprintf(header + strlen(header), sizeof header - strlen(header), ",a%d", i);
    for (int i = 1; i <= UNITS; i++)
        snprintf(header + strlen(header), sizeof header - strlen(header), ",wa%d", i);
    strcat(header, ",bias,sum,prediction");
    csv c;
    csv_open(&c, &ex, "contributions.csv", header);
    double largest_gap = 0;
    for (size_t r = 0; r < n; r++) {
        double row[1 + 2 * UNITS + 3];
        row[0] = test.x[r];
        for (size_t u = 0; u < UNITS; u++) {
            row[1 + u] = (double)a[r * UNITS + u];
            row[1 + UNITS + u] = (double)parts[r * UNITS + u];
        }
        row[1 + 2 * UNITS] = (double)bias;
        row[2 + 2 * UNITS] = (double)sums[r];
        row[3 + 2 * UNITS] = pred[r];
        csv_row(&c, row, sizeof row / sizeof row[0]);
        double gap = fabs((double)sums[r] - pred[r]);
        largest_gap = gap > largest_gap ? gap : largest_gap;
    }
    csv_close(&c);

    printf("bias + the 10 hidden parts = the prediction: largest difference %.3g on X5_test\n",
           largest_gap);
    printf("bias w0 = %.6f; %zu of %d units are alive: the curve bends where one switches on\n",
           (double)bias, views_alive_units(run.model), UNITS);
    free(pred);
    free(work);
    free(sums);
    free(parts);
    free(a);
    free(x);
    article_free(&test);
    article_run_free(&run);
    return 0;
}
