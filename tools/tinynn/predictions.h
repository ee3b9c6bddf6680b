/* What a model says of the rows of a data file: its outputs and, for a
 * classifier, the classes they mean (predict and evaluate). */
#ifndef TINYNN_CLI_PREDICTIONS_H
#define TINYNN_CLI_PREDICTIONS_H

#include <stddef.h>
#include <stdint.h>

#include <tinynn/tinynn.h>

#include "model_io.h"

/* The rows of a data file and what the model says of them. */
typedef struct predictions {
    model_rows rows;
    tnn_real *y;  /* model outputs */
    int32_t *cls; /* classifiers: the predicted classes */
    size_t n_out;
} predictions;

/* The outputs and classes of every row of p->rows (read with
 * model_io_read_rows). 0, or -1 (reported). */
int predictions_compute(const cli_model *m, predictions *p);

/* Frees the outputs, the classes and the rows. */
void predictions_free(predictions *p);

#endif /* TINYNN_CLI_PREDICTIONS_H */
