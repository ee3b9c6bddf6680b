/* The trivial predictor (see baseline.h). */
#include "baseline.h"

#include <stdlib.h>

/* The class of target row i. */
static size_t class_of(const tnn_real *y, size_t i, size_t n_out)
{
    if (n_out == 1)
        return y[i] > (tnn_real)0.5 ? 1 : 0;
    for (size_t k = 0; k < n_out; k++)
        if (y[i * n_out + k] > (tnn_real)0.5)
            return k;
    return 0;
}

double baseline_accuracy(const tnn_real *y_train, size_t n_train, const tnn_real *y_eval,
                         size_t n_eval, size_t n_out, size_t *majority)
{
    const size_t n_classes = n_out == 1 ? 2 : n_out;
    size_t *count = calloc(n_classes, sizeof *count);
    size_t best = 0, right = 0;
    if (count == NULL) { /* not worth failing a finished training over */
        *majority = 0;
        return 0;
    }
    for (size_t i = 0; i < n_train; i++)
        count[class_of(y_train, i, n_out)]++;
    for (size_t k = 1; k < n_classes; k++)
        if (count[k] > count[best])
            best = k;
    free(count);
    for (size_t i = 0; i < n_eval; i++)
        right += class_of(y_eval, i, n_out) == best;
    *majority = best;
    return n_eval > 0 ? (double)right / (double)n_eval : 0;
}

double baseline_mse(const tnn_real *y_train, size_t n_train, const tnn_real *y_eval,
                    size_t n_eval, double *mean)
{
    double sum = 0, squared = 0;
    for (size_t i = 0; i < n_train; i++)
        sum += (double)y_train[i];
    *mean = n_train > 0 ? sum / (double)n_train : 0;
    for (size_t i = 0; i < n_eval; i++) {
        double d = (double)y_eval[i] - *mean;
        squared += d * d;
    }
    return n_eval > 0 ? squared / (double)n_eval : 0;
}
