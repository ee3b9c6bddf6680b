/* Loading and saving a model with its columns file (see model_io.h). */
#include "model_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "input.h"
#include "number_text.h"
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

/* The columns file must have been written with these model bytes (files
 * without a checksum, of format 1, are taken on trust). */
static int check_hash(const char *path, const char *cpath, const model_columns *c, uint64_t hash)
{
    if (!c->has_model_hash || c->model_hash == hash)
        return 0;
    diag("%s belongs to another model file: it was written with a model of checksum %016llx, "
         "but %s has checksum %016llx: expected the columns file written with this model",
         cpath, (unsigned long long)c->model_hash, path, (unsigned long long)hash);
    return -1;
}

/* Columns for a model file alone: inputs named input0, input1, ... as they
 * are, target "y", the loss its output layer implies, classes "0", "1", ... */
static int bare_columns(const tnn_model *model, model_columns *c)
{
    const tnn_layer *last = tnn_model_layer(model, tnn_model_n_layers(model) - 1);
    size_t d = tnn_model_n_inputs(model), outputs = tnn_model_n_outputs(model);
    memset(c, 0, sizeof *c);
    switch (tnn_layer_activation(last)) {
    case TNN_ACT_SOFTMAX: c->loss = TNN_LOSS_CCE; break;
    case TNN_ACT_SIGMOID: c->loss = outputs == 1 ? TNN_LOSS_BCE : TNN_LOSS_MSE; break;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: c->loss = TNN_LOSS_MSE; break;
    }
    size_t n_classes = c->loss == TNN_LOSS_CCE ? outputs : c->loss == TNN_LOSS_BCE ? 2 : 0;
    c->mean = calloc(d, sizeof *c->mean);
    c->scale = malloc(d * sizeof *c->scale);
    c->features = calloc(d, sizeof *c->features);
    c->classes = calloc(n_classes > 0 ? n_classes : 1, sizeof *c->classes);
    c->target = malloc(sizeof "y");
    int ok = c->mean != NULL && c->scale != NULL && c->features != NULL && c->classes != NULL &&
             c->target != NULL;
    for (size_t i = 0; ok && i < d; i++, c->n_features++) {
        c->scale[i] = 1;
        ok = (c->features[i] = malloc(32)) != NULL;
        if (ok)
            snprintf(c->features[i], 32, "input%zu", i);
    }
    for (size_t k = 0; ok && k < n_classes; k++, c->n_classes++) {
        ok = (c->classes[k] = malloc(32)) != NULL;
        if (ok)
            snprintf(c->classes[k], 32, "%zu", k);
    }
    if (!ok) {
        diag("out of memory");
        return -1;
    }
    memcpy(c->target, "y", sizeof "y");
    return 0;
}

static int load(const char *path, cli_model *m, int columns_optional)
{
    memset(m, 0, sizeof *m);
    char *data;
    size_t size;
    if (input_read_file(path, MODEL_FILE_MAX_BYTES, &data, &size) != 0)
        return -1;
    tnn_status st = tnn_model_load_new(&m->model, data, size, NULL);
    uint64_t hash = columns_hash(data, size);
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
    struct stat sb;
    int rc;
    if (columns_optional && stat(cpath, &sb) != 0 && errno == ENOENT) {
        rc = bare_columns(m->model, &m->cols);
    } else {
        rc = columns_read(cpath, &m->cols);
        if (rc == 0)
            rc = check_hash(path, cpath, &m->cols, hash);
        if (rc == 0)
            rc = check_pair(path, cpath, m);
        m->has_columns = 1;
    }
    free(cpath);
    if (rc != 0)
        model_io_free(m);
    return rc;
}

int model_io_load(const char *path, cli_model *m)
{
    return load(path, m, 0);
}

int model_io_load_any(const char *path, cli_model *m)
{
    return load(path, m, 1);
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
    model_columns bound = *cols;
    bound.has_model_hash = 1;
    bound.model_hash = columns_hash(bytes, size);
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
    columns_write(cf, &bound);
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
    char text[NUMBER_TEXT_SIZE];
    number_text(v, text);
    snprintf(out, out_size, "%s", text);
}

const char *model_io_cell_label(const csv_table *t, size_t r, size_t c, char *buf, size_t buf_size)
{
    double v = t->values[r * t->n_cols + c];
    if (t->cols[c].is_text)
        return t->cols[c].labels[(size_t)v];
    model_io_number_label(v, buf, buf_size);
    return buf;
}

/* The class whose name reads as the number v: a columns file of format 1
 * may name a numeric class in another spelling ("1e+01" for 10). */
static long number_class_index(const model_columns *mc, double v)
{
    for (size_t k = 0; k < mc->n_classes; k++) {
        char *stop;
        double named = strtod(mc->classes[k], &stop);
        if (stop != mc->classes[k] && *stop == '\0' && named == v)
            return (long)k;
    }
    return -1;
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
        if (out[r] < 0 && !t->cols[c].is_text)
            out[r] = number_class_index(&m->cols, t->values[r * t->n_cols + (size_t)c]);
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
