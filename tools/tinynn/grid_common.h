/* Class grids over two inputs, shared by `tinynn grid` and the training
 * snapshots of `tinynn fit --snapshots`: the box, the axes of the article's
 * plot_boundary and the files grid.csv and labels.csv. */
#ifndef TINYNN_CLI_GRID_COMMON_H
#define TINYNN_CLI_GRID_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <tinynn/tinynn.h>

#include "columns.h"
#include "csv_reader.h"

/* Box {x0, x1, y0, y1} of columns cx and cy of a table, each range padded
 * by 10% of it (by 1 if the column is constant). */
void grid_data_box(const csv_table *t, size_t cx, size_t cy, double box[4]);

/* One axis, np.arange(lo, hi, (hi - lo) / size) as the article's
 * plot_boundary: size or size + 1 values. malloc'ed; NULL on failure
 * (reported). */
double *grid_axis(double lo, double hi, size_t size, size_t *n);

/* An axis as the model sees it: (v - mean) / scale when standardized, else
 * a copy. malloc'ed; NULL when out of memory (reported). */
double *grid_model_axis(const double *axis, size_t n, int standardized, double mean,
                        double scale);

/* Writes dir/name in grid.csv's layout (gnuplot's nonuniform matrix with
 * commas): the class of each cell, or its score when classes is NULL,
 * in the target's units of target (columns_target_value). Through
 * output_open; with close_now the file is finished at once (output_close).
 * 0, or -1 (reported). */
int grid_write(const char *dir, const char *name, const double *x1, size_t n1, const double *x2,
               size_t n2, const int32_t *classes, const tnn_real *scores,
               const model_columns *target, int close_now);

/* Writes dir/labels.csv: class,label for the n class names. 0 or -1. */
int grid_write_labels(const char *dir, char *const *names, size_t n);

#endif /* TINYNN_CLI_GRID_COMMON_H */
