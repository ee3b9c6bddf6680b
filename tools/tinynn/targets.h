/* The column a model learns to predict, as the numbers training needs:
 * class indices (with class names) for classification, values for
 * regression. */
#ifndef TINYNN_CLI_TARGETS_H
#define TINYNN_CLI_TARGETS_H

#include <stddef.h>

#include "csv_reader.h"

typedef struct targets {
    double *y;          /* n_rows class indices or values */
    size_t n_classes;   /* 0 for values */
    char **class_names; /* n_classes malloc'ed names: a text column's labels in
                           strcmp order, a number column's distinct values in
                           increasing order (shortest round-trip text) */
} targets;

/* Classes of column c: its distinct texts or distinct numbers, numbered in
 * order. 0, or -1 (reported with file, line and column). */
int targets_classes(const char *path, const csv_table *t, size_t c, targets *out);

/* Values of column c, which must be finite numbers. 0, or -1 (reported). */
int targets_values(const char *path, const csv_table *t, size_t c, targets *out);

void targets_free(targets *tg);

#endif /* TINYNN_CLI_TARGETS_H */
