/* The trivial predictor a trained model has to beat: the training rows'
 * majority class for a classifier, the training rows' mean for a
 * regression model, scored on the rows the model's result is reported on. */
#ifndef TINYNN_CLI_BASELINE_H
#define TINYNN_CLI_BASELINE_H

#include <stddef.h>

#include <tinynn/tinynn.h>

/* Accuracy on the n_eval rows y_eval of always predicting the most common
 * class of the n_train rows y_train (targets as tnn_fit takes them: one-hot
 * rows of n_out for cce, 0/1 for bce); its index into *majority. */
double baseline_accuracy(const tnn_real *y_train, size_t n_train, const tnn_real *y_eval,
                         size_t n_eval, size_t n_out, size_t *majority);

/* Mean squared error on the n_eval values y_eval of always predicting the
 * mean of the n_train values y_train; that mean into *mean. */
double baseline_mse(const tnn_real *y_train, size_t n_train, const tnn_real *y_eval,
                    size_t n_eval, double *mean);

#endif /* TINYNN_CLI_BASELINE_H */
