/* The parts of tnn_fit() shared by its two training loops (fit.c and
 * learn/fit_lbfgs.c): the L2 kernel penalty (penalty.c) and what happens
 * at the end of every epoch (epoch_end.c). Not installed. */
#ifndef TINYNN_FIT_PARTS_H
#define TINYNN_FIT_PARTS_H

#include "core/internal.h"

/* The sum of the squared weights of every kernel, and of every bias too
 * when `biases`. */
double tnn__squared_weights(const tnn_model *m, bool biases);

/* Adds the gradient of rows * l2 * sum(kernel^2) to a gradient summed over
 * `rows` rows (the optimizer divides by rows: Keras's 2 l2 w per step). */
void tnn__add_l2_gradient(const tnn_model *m, double l2, size_t rows, tnn_real *grad);

/* The end of every epoch: validation loss and metric, history, early
 * stopping and the callback, in Keras's order. */
typedef struct tnn__epoch_watch {
    const tnn_fit_options *o;
    double val_l2;      /* the penalty reported with the validation loss: */
    bool val_l2_biases; /* val_l2 * tnn__squared_weights(m, val_l2_biases) */
    void *eval_work;    /* tnn_evaluate's scratch */
    size_t eval_work_size;
    tnn_real *best_params; /* the best epoch's weights (restore_best), else NULL */
    double best;           /* best monitored value so far, +inf before the first */
    size_t wait;           /* epochs since it improved (Keras's wait) */
} tnn__epoch_watch;

void tnn__epoch_end_start(tnn__epoch_watch *e, const tnn_fit_options *o, double val_l2,
                          bool val_l2_biases, void *eval_work, size_t eval_work_size,
                          tnn_real *best_params);

/* After epoch `epoch` (0-based) with its training loss and metric, the
 * model holding its final weights: sets *stop when early stopping or the
 * callback ends training. TNN_E_DIVERGED when a value of the network on the
 * validation rows, or their loss, is not finite: nothing of that epoch is
 * recorded then. */
tnn_status tnn__epoch_end(tnn__epoch_watch *e, tnn_model *m, size_t epoch, double loss,
                          double metric, size_t *epochs_run, bool *stop);

/* Training ended without error: the best epoch's weights back into the
 * model, when asked and known. */
void tnn__epoch_end_finish(const tnn__epoch_watch *e, tnn_model *m);

#endif /* TINYNN_FIT_PARTS_H */
