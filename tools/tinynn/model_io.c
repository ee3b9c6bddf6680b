/* Loading and saving a model with its columns file (see model_io.h). */
#include "model_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "input.h"
#include "output.h"

static int check_pair(const char *path, const char *cpath, const cli_model *m)
{
    size_t inputs = tnn_model_n_inputs(m->model), outputs = tnn_model_n_outputs(m->model);
    const model_columns *c = &m->cols;
    if (c->n_features != inputs) {
        diag("%s lists %zu features but %s has %zu inputs: expected the columns file written "
             "with this model",
             cpath, c->n_features, path, inputs);
        return -1;
    }
    const tnn_layer *last = tnn_model_layer(m->model, tnn_model_n_layers(m->model) - 1);
    tnn_status st = tnn_loss_supported(c->loss, tnn_layer_activation(last));
    int classes_ok = 0;
    switch (c->loss) {
    case TNN_LOSS_MSE: classes_ok = outputs == 1 && c->n_classes == 0; break;
    case TNN_LOSS_BCE: classes_ok = outputs == 1 && c->n_classes == 2; break;
    case TNN_LOSS_CCE: classes_ok = c->n_classes == outputs; break;
    }
    if (st != TNN_OK || !classes_ok) {
        diag("%s (loss %s, %zu classes) does not fit %s (%zu %s outputs): expected the columns "
             "file written with this model",
             cpath, tnn_loss_name(c->loss), c->n_classes, path, outputs,
             tnn_activation_name(tnn_layer_activation(last)));
        return -1;
    }
    return 0;
}

const char *model_io_format_name(tnn_number_format format)
{
    switch (format) {
    case TNN_FORMAT_FLOAT32: return "float32";
    case TNN_FORMAT_FLOAT64: return "float64";
    }
    return "unknown";
}

int model_io_parse_format(const char *name, tnn_number_format *format)
{
    static const tnn_number_format all[] = {TNN_FORMAT_FLOAT32, TNN_FORMAT_FLOAT64};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, model_io_format_name(all[i])) == 0) {
            *format = all[i];
            return 0;
        }
    return -1;
}

int model_io_load(const char *path, cli_model *m)
{
    memset(m, 0, sizeof *m);
    char *data;
    size_t size;
    if (input_read_file(path, MODEL_FILE_MAX_BYTES, &data, &size) != 0)
        return -1;
    tnn_status st = tnn_model_load_new(&m->model, data, size, NULL);
    free(data);
    if (st != TNN_OK) {
        diag("%s: not a valid tinynn model file: %s", path, tnn_status_message(st));
        m->model = NULL;
        return -1;
    }
    char *cpath = columns_path(path);
    if (cpath == NULL) {
        diag("out of memory");
        model_io_free(m);
        return -1;
    }
    int rc = columns_read(cpath, &m->cols);
    if (rc == 0)
        rc = check_pair(path, cpath, m);
    free(cpath);
    if (rc != 0)
        model_io_free(m);
    return rc;
}

void model_io_free(cli_model *m)
{
    tnn_model_free(m->model);
    columns_free(&m->cols);
    memset(m, 0, sizeof *m);
}

int model_io_save(const char *path, const tnn_model *model, const model_columns *cols)
{
    const tnn_number_format format = TNN_REAL_IS_DOUBLE ? TNN_FORMAT_FLOAT64 : TNN_FORMAT_FLOAT32;
    size_t size;
    tnn_status st = tnn_model_save_size(model, format, &size);
    if (st != TNN_OK) {
        diag_status("model file size", st);
        return -1;
    }
    unsigned char *bytes = malloc(size);
    if (bytes == NULL) {
        diag("out of memory");
        return -1;
    }
    st = tnn_model_save(model, format, bytes, size, &size);
    if (st != TNN_OK) {
        diag_status("saving the model", st);
        free(bytes);
        return -1;
    }
    FILE *f = output_open(path);
    if (f != NULL)
        fwrite(bytes, 1, size, f);
    free(bytes);
    if (f == NULL)
        return -1;
    char *cpath = columns_path(path);
    FILE *cf = cpath != NULL ? output_open(cpath) : NULL;
    free(cpath);
    if (cf == NULL)
        return -1;
    columns_write(cf, cols);
    return 0;
}

int model_io_columns(const cli_model *m, const char *data_path, const csv_table *t, size_t **cols)
{
    const model_columns *c = &m->cols;
    size_t *col = malloc((c->n_features > 0 ? c->n_features : 1) * sizeof *col);
    if (col == NULL) {
        diag("out of memory");
        return -1;
    }
    for (size_t i = 0; i < c->n_features; i++) {
        long k = input_require_column(data_path, t, c->features[i], "a feature of the model");
        if (k < 0 || input_require_numbers(data_path, t, (size_t)k) != 0) {
            free(col);
            return -1;
        }
        col[i] = (size_t)k;
    }
    *cols = col;
    return 0;
}

int model_io_inputs(const cli_model *m, const char *data_path, const csv_table *t, tnn_real **x)
{
    const model_columns *c = &m->cols;
    size_t d = c->n_features, n = t->n_rows;
    size_t *col;
    if (model_io_columns(m, data_path, t, &col) != 0)
        return -1;
    tnn_real *out = malloc(n * d * sizeof *out);
    if (out == NULL) {
        diag("out of memory");
        free(col);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        for (size_t i = 0; i < d; i++) {
            double v = t->values[r * t->n_cols + col[i]];
            if (c->standardized)
                v = (v - c->mean[i]) / c->scale[i];
            out[r * d + i] = (tnn_real)v;
        }
    }
    free(col);
    *x = out;
    return 0;
}

void model_io_number_label(double v, char *out, size_t out_size)
{
    /* the shortest text that reads back as v: "1", "2.5", not "2.5000000000000000" */
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, out_size, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

const char *model_io_cell_label(const csv_table *t, size_t r, size_t c, char *buf, size_t buf_size)
{
    double v = t->values[r * t->n_cols + c];
    if (t->cols[c].is_text)
        return t->cols[c].labels[(size_t)v];
    model_io_number_label(v, buf, buf_size);
    return buf;
}

int model_io_true_classes(const cli_model *m, const char *data_path, const csv_table *t,
                          int *found, long **classes)
{
    *classes = NULL;
    long c = csv_find_column(t, m->cols.target);
    *found = c >= 0;
    if (c < 0)
        return 0;
    if (t->cols[c].as_labels.line != 0) {
        input_report_column(data_path, t, (size_t)c, 1);
        return -1;
    }
    long *out = malloc(t->n_rows * sizeof *out);
    if (out == NULL) {
        diag("out of memory");
        return -1;
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        char buf[40];
        const char *label = model_io_cell_label(t, r, (size_t)c, buf, sizeof buf);
        out[r] = columns_class_index(&m->cols, label);
        if (out[r] < 0) {
            diag("%s: line %zu, column %ld (%s): expected a class the model knows, found '%s'",
                 data_path, t->row_lines[r], c + 1, t->cols[c].name, label);
            free(out);
            return -1;
        }
    }
    *classes = out;
    return 0;
}

int model_io_read_rows(const cli_model *m, const char *data_path, const csv_limits *limits,
                       model_rows *rows)
{
    if (input_load_csv(data_path, limits, &rows->t) != 0 ||
        model_io_inputs(m, data_path, &rows->t, &rows->x) != 0 ||
        model_io_columns(m, data_path, &rows->t, &rows->feature_col) != 0)
        return -1;
    return 0;
}

int model_io_read_data(const cli_model *m, const char *data_path, const data_options *o,
                       model_rows *rows)
{
    const model_columns *c = &m->cols;
    size_t n = c->n_features + 2 + o->n_columns, k = 0;
    char **used = malloc(n * sizeof *used);
    if (used == NULL) {
        diag("out of memory");
        return -1;
    }
    for (size_t i = 0; i < c->n_features; i++)
        used[k++] = c->features[i];
    used[k++] = c->target;
    if (o->id != NULL)
        used[k++] = (char *)o->id;
    for (size_t i = 0; i < o->n_columns; i++)
        used[k++] = o->columns[i];
    int rc = input_load_data(data_path, o, used, k, &rows->t);
    free(used);
    if (rc != 0 || model_io_inputs(m, data_path, &rows->t, &rows->x) != 0 ||
        model_io_columns(m, data_path, &rows->t, &rows->feature_col) != 0)
        return -1;
    return 0;
}

void model_io_write_kept_header(FILE *f, const data_options *o)
{
    for (size_t i = 0; i < o->limits.n_keep_text; i++) {
        output_text(f, o->limits.keep_text[i]);
        fputc(',', f);
    }
}

void model_io_write_kept(FILE *f, const data_options *o, const csv_table *t, size_t r)
{
    for (size_t i = 0; i < o->limits.n_keep_text; i++) {
        const csv_column *col = &t->cols[csv_find_column(t, o->limits.keep_text[i])];
        /* as the file wrote it ("007", "5.0"): exact and fast; but a decimal
         * comma as a point, so that the output reads back as a number */
        const char *text = col->cells[r];
        if (!col->is_text && t->delimiter == ';' && strchr(text, ',') != NULL)
            output_number(f, t->values[r * t->n_cols + (size_t)(col - t->cols)]);
        else
            output_text(f, text);
        fputc(',', f);
    }
}

int model_io_read_targets(const cli_model *m, const char *data_path, model_rows *rows)
{
    rows->target_col = csv_find_column(&rows->t, m->cols.target);
    if (columns_is_classifier(&m->cols))
        return model_io_true_classes(m, data_path, &rows->t, &rows->have_truth, &rows->truth);
    if (rows->target_col >= 0) {
        if (input_require_numbers(data_path, &rows->t, (size_t)rows->target_col) != 0)
            return -1;
        rows->have_truth = 1;
    }
    return 0;
}

void model_io_rows_free(model_rows *rows)
{
    free(rows->feature_col);
    free(rows->x);
    free(rows->truth);
    csv_table_free(&rows->t);
}
