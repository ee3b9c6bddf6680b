/* Listing 2: Rosenblatt's perceptron on X1.
 *
 *   w = 0; for 150 epochs, for each row x in order:
 *       error = y - predict(x)        predict(x) = 1 if w0 + w.x >= 0 else 0
 *       w[1:] += 0.05 * error * x;  w[0] += 0.05 * error */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing02",
                  "Listing 2: Rosenblatt's perceptron on X1 (weights from zero, eta 0.05,\n"
                  "150 epochs, online rule over the rows in order). Writes weights.csv\n"
                  "(w0,w1,w2 with w0 the bias, the article's perc.w) and errors.csv\n"
                  "(epoch,errors: rows that were misclassified when visited).");
    article_run run;
    size_t errors[ARTICLE_PERCEPTRON_EPOCHS];
    article_perceptron(&run, errors);

    double w[3];
    article_unit_weights(run.model, 0, w, 3);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);
    double rows[ARTICLE_PERCEPTRON_EPOCHS][2];
    size_t last_error_epoch = 0;
    for (size_t e = 0; e < ARTICLE_PERCEPTRON_EPOCHS; e++) {
        rows[e][0] = (double)(e + 1);
        rows[e][1] = (double)errors[e];
        if (errors[e] > 0)
            last_error_epoch = e + 1;
    }
    csv_write_table(&ex, "errors.csv", "epoch,errors", &rows[0][0], ARTICLE_PERCEPTRON_EPOCHS, 2);

    /* the rule stops changing w once an epoch has no error: X1 is separable */
    size_t correct = 0;
    for (size_t i = 0; i < run.data.n_rows; i++) {
        double z = w[0] + w[1] * run.data.x[2 * i] + w[2] * run.data.x[2 * i + 1];
        correct += (z >= 0) == (run.data.y[i] == 1);
    }
    printf("perceptron on X1: w = [%.6g, %.6g, %.6g] (w0 the bias), %zu/%zu points correct\n",
           w[0], w[1], w[2], correct, run.data.n_rows);
    printf("last epoch with an update: %zu of %d\n", last_error_epoch, ARTICLE_PERCEPTRON_EPOCHS);
    article_run_free(&run);
    return 0;
}
