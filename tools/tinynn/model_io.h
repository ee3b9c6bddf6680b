/* A tinynn command model: the library's binary model file (MODEL, written
 * with tnn_model_save, docs/model-format.md) plus its columns file
 * (MODEL.columns, see columns.h), always written and read as a pair. */
#ifndef TINYNN_CLI_MODEL_IO_H
#define TINYNN_CLI_MODEL_IO_H

#include <tinynn/tinynn.h>

#include "columns.h"
#include <stdio.h>

#include "csv_reader.h"
#include "data_options.h"

typedef struct cli_model {
    tnn_model *model;
    model_columns cols;
    int has_columns; /* 0: model_io_load_any found no columns file */
} cli_model;

/* Largest model file the command reads. */
#define MODEL_FILE_MAX_BYTES ((size_t)256 << 20)

/* Loads MODEL and MODEL.columns and checks they belong together.
 * 0, or -1 (reported). */
int model_io_load(const char *path, cli_model *m);

/* As model_io_load, but a model file without a columns file (one saved by
 * tnn_model_save) loads too, with has_columns 0 and columns of its own:
 * inputs input0, input1, ... taken as they are, target y, and the classes
 * 0, 1, ... of a sigmoid or softmax output. 0, or -1 (reported). */
int model_io_load_any(const char *path, cli_model *m);

void model_io_free(cli_model *m);

/* "float32" or "float64": the word for a number format that --format
 * reads (parse: 0, or -1 for another word) and that reports print. */
const char *model_io_format_name(tnn_number_format format);
int model_io_parse_format(const char *name, tnn_number_format *format);

/* Opens MODEL and MODEL.columns as pending outputs (see output.h) and
 * writes them in this build's number type. 0, or -1 (reported). */
int model_io_save(const char *path, const tnn_model *model, const model_columns *cols);

/* The table's column of each feature of the model, found by name (any
 * order, extra columns ignored) and checked to be numbers: *cols gets
 * n_features malloc'ed indices. 0, or -1 (reported). */
int model_io_columns(const cli_model *m, const char *data_path, const csv_table *t,
                     size_t **cols);

/* The model's inputs for every row of a table: its feature columns found by
 * name (any order, extra columns ignored), checked to be numbers,
 * standardised as in training. *x gets n_rows * n_features malloc'ed
 * values. 0, or -1 (reported). */
int model_io_inputs(const cli_model *m, const char *data_path, const csv_table *t, tnn_real **x);

/* The model's classes of a table's target column, if it has one: *found is
 * 0 when the column is absent (then *classes is NULL). A label the model
 * does not know is an error. 0, or -1 (reported). */
int model_io_true_classes(const cli_model *m, const char *data_path, const csv_table *t,
                          int *found, long **classes);

/* The rows of a data file as a model sees them. */
typedef struct model_rows {
    csv_table t;
    size_t *feature_col; /* the table's column of each model input */
    tnn_real *x;         /* the model's inputs, n_rows * n_features */
    long target_col;     /* the target column, or -1 (model_io_read_targets) */
    int have_truth;      /* whether the table has the target column */
    long *truth;         /* classifiers: the true classes */
} model_rows;

/* Reads a data file (limits as csv_parse) and finds the model's feature
 * columns in it (model_io_columns, model_io_inputs). rows must be zeroed
 * first. 0, or -1 (reported). */
int model_io_read_rows(const cli_model *m, const char *data_path, const csv_limits *limits,
                       model_rows *rows);

/* The target column of rows read by model_io_read_rows, when the table has
 * it: a classifier's true classes (model_io_true_classes), else checked to
 * be numbers. 0, or -1 (reported). */
int model_io_read_targets(const cli_model *m, const char *data_path, model_rows *rows);

/* As model_io_read_rows with a command's data options (--delimiter,
 * --missing, --id, --columns; input_load_data): with --missing drop, a row
 * is dropped for a missing value in a feature, the target, the id or a
 * --columns column. 0, or -1 (reported). */
int model_io_read_data(const cli_model *m, const char *data_path, const data_options *o,
                       model_rows *rows);

/* The columns a per-row output copies from the data (the --id column, then
 * the --columns), each followed by a comma: their names, and their cells
 * of row r as the file wrote them (a decimal comma made a point). */
void model_io_write_kept_header(FILE *f, const data_options *o);
void model_io_write_kept(FILE *f, const data_options *o, const csv_table *t, size_t r);

void model_io_rows_free(model_rows *rows);

/* The text of a number label: what a numeric class column's value is
 * called in the columns file ("%.17g"). */
void model_io_number_label(double v, char *out, size_t out_size);

/* A label of column c at row r as text (a text column's label, or the
 * number's text). */
const char *model_io_cell_label(const csv_table *t, size_t r, size_t c, char *buf,
                                size_t buf_size);

#endif /* TINYNN_CLI_MODEL_IO_H */
