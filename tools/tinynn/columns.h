/* What a model file alone does not say: which CSV columns feed it, how they
 * were standardised, which column it predicts and the names of its classes.
 * The tinynn command keeps this in a text "columns file" next to the model
 * (MODEL.columns), format documented in docs/cli.md ("The model"). */
#ifndef TINYNN_CLI_COLUMNS_H
#define TINYNN_CLI_COLUMNS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <tinynn/tinynn.h>

/* Version written in the columns file's first line. */
#define COLUMNS_FORMAT_VERSION 2

typedef struct model_columns {
    tnn_loss loss;    /* the loss the model was trained with (tnn_loss_name) */
    int standardized; /* 1: inputs are (x - mean) / scale before the model sees them */
    size_t n_features;
    char **features;  /* the input columns, in model input order */
    double *mean;     /* training-row means of every feature (kept even without
                            standardisation: grid holds other inputs there) */
    double *scale;    /* population standard deviations (1 for constant columns) */
    char *target;     /* the predicted column */
    size_t n_classes; /* bce and cce: names of classes 0 .. n_classes - 1 */
    char **classes;
    /* Regression: 1 when the model predicts (y - target_mean) / target_scale. */
    int target_standardized;
    double target_mean, target_scale;
    /* FNV-1a 64-bit hash of the bytes of the model file this file was
     * written with (not CRC-32: a model file ends in the CRC-32 of the rest,
     * so the CRC-32 of any whole model file is the same constant); files of
     * format 1 have none. */
    int has_model_hash;
    uint64_t model_hash;
} model_columns;

/* The path of the columns file of a model file: MODEL + ".columns"
 * (malloc'ed, NULL when out of memory). */
char *columns_path(const char *model_path);

/* Writes the columns file. */
void columns_write(FILE *f, const model_columns *mc);

/* Reads and validates a columns file. 0, or -1 (reported with the line). */
int columns_read(const char *path, model_columns *mc);

/* Frees the arrays and strings and empties *mc. */
void columns_free(model_columns *mc);

/* Whether a loss trains a model to predict classes (bce, cce) rather than
 * values (mse); columns_is_classifier asks it of the columns' loss. */
int columns_loss_classifies(tnn_loss loss);
int columns_is_classifier(const model_columns *mc);

/* A regression model's output in the target column's units (the output
 * itself unless the target was standardised for training). */
double columns_target_value(const model_columns *mc, double output);

/* The FNV-1a 64-bit hash of size bytes. */
uint64_t columns_hash(const void *data, size_t size);

/* Index of the class named label, or -1. */
long columns_class_index(const model_columns *mc, const char *label);

#endif /* TINYNN_CLI_COLUMNS_H */
