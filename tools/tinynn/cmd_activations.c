/* tinynn activations: what one layer makes of every row (the article's
 * hidden-space figures, Listings 22 and 24). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "data_options.h"
#include "diag.h"
#include "input.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"layer", "K",
     "layer to read, 0 = the first hidden layer, as Keras's model.layers[K] "
     "(default 0)",
     NULL},
    {"out", "DIR", "folder for hidden.csv (default: the current folder; -: stdout)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_ID,
    DATA_OPTION_DELIMITER,
    DATA_OPTION_MISSING,
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "activations",
    "MODEL DATA.csv [--layer K] [options]",
    "Runs every row of DATA.csv through the model and writes the outputs of\n"
    "layer K (after its activation) to hidden.csv, the examples' layout:\n"
    "header a1,...,aU,y; one row per data row; y is the row's class index (or\n"
    "value) from the target column when DATA.csv has it, else the model's\n"
    "prediction. DATA.csv may be - (stdin); --out - writes hidden.csv to stdout.",
    2,
    options,
};

/* One layer's activations over the rows of a data file, and the label of
 * each row. */
typedef struct hidden_run {
    model_rows rows;
    tnn_real *a, *y; /* the layer's activations, the outputs */
    int32_t *cls;    /* classifiers: the predicted classes */
    size_t layer, units;
} hidden_run;

static void hidden_free(hidden_run *h)
{
    free(h->a);
    free(h->y);
    free(h->cls);
    model_io_rows_free(&h->rows);
}

/* The layer's activations, the outputs and the classes. 0, or -1
 * (reported). */
static int compute(const cli_model *m, hidden_run *h)
{
    const tnn_real *x = h->rows.x;
    const size_t n = h->rows.t.n_rows, n_out = tnn_model_n_outputs(m->model);
    size_t ws;
    void *work = NULL;
    if ((h->a = common_alloc(n * h->units * sizeof *h->a)) == NULL ||
        (h->y = common_alloc(n * n_out * sizeof *h->y)) == NULL ||
        (h->cls = common_alloc(n * sizeof *h->cls)) == NULL ||
        (work = common_predict_work(m->model, &ws)) == NULL)
        return -1;
    tnn_status st = tnn_layer_activations(m->model, h->layer, x, n, h->a, NULL, n * h->units,
                                          work, ws);
    if (st == TNN_OK)
        st = tnn_predict(m->model, x, n, h->y, work, ws);
    if (st == TNN_OK && columns_is_classifier(&m->cols))
        st = tnn_output_classes(m->model, h->y, n, h->cls, NULL);
    free(work);
    if (st != TNN_OK) {
        diag_status("computing the activations", st);
        return -1;
    }
    return 0;
}

/* hidden.csv in dir, and the report. 0, or -1 (reported). */
static int write_hidden(const char *dir, const data_options *o, const cli_model *m,
                        const hidden_run *h)
{
    const model_rows *rows = &h->rows;
    const csv_table *t = &rows->t;
    const size_t n = t->n_rows, units = h->units;
    const int classifier = columns_is_classifier(&m->cols);
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "hidden.csv") != 0 || (f = output_open(path)) == NULL)
        return -1;
    model_io_write_kept_header(f, o);
    for (size_t u = 0; u < units; u++)
        fprintf(f, "a%zu,", u + 1);
    fputs("y\n", f);
    /* a regression model's last layer is its output: in the target's units */
    const int output_layer = !classifier && h->layer + 1 == tnn_model_n_layers(m->model);
    for (size_t r = 0; r < n; r++) {
        model_io_write_kept(f, o, t, r);
        for (size_t u = 0; u < units; u++) {
            tnn_real a = h->a[r * units + u];
            if (output_layer)
                output_number(f, columns_target_value(&m->cols, (double)a));
            else
                output_real(f, a);
            fputc(',', f);
        }
        double label = rows->have_truth
                           ? (classifier ? (double)rows->truth[r]
                                         : t->values[r * t->n_cols + (size_t)rows->target_col])
                           : (classifier ? (double)h->cls[r]
                                         : columns_target_value(&m->cols, (double)h->y[r]));
        output_number(f, label);
        fputc('\n', f);
    }
    const tnn_layer *l = tnn_model_layer(m->model, h->layer);
    output_report("layer %zu: %zu %s units for %zu rows; y is %s\n", h->layer, units,
                  tnn_activation_name(tnn_layer_activation(l)), n,
                  rows->have_truth ? "the target column" : "the model's prediction");
    output_report("wrote: %s\n", strcmp(path, OUTPUT_STDOUT) == 0 ? "stdout" : path);
    return 0;
}

static int run_activations(const char *model_path, const char *data_path)
{
    data_options o;
    hidden_run h;
    memset(&h, 0, sizeof h);
    const char *v = args_get(&command, "layer");
    if ((v != NULL && args_size("layer", v, 0, 1000, &h.layer) != 0) ||
        data_options_read(&command, &o) != 0)
        return EXIT_USAGE;
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, "hidden.csv", data_path, &dir, &m) != 0) {
        data_options_free(&o);
        return EXIT_DATA;
    }
    int rc = EXIT_DATA;
    const size_t n_layers = tnn_model_n_layers(m.model);
    if (h.layer >= n_layers) {
        diag("--layer %zu: the model has layers 0 to %zu", h.layer, n_layers - 1);
        rc = EXIT_USAGE;
    } else {
        h.units = tnn_layer_units(tnn_model_layer(m.model, h.layer));
        if (model_io_read_data(&m, data_path, &o, &h.rows) == 0 &&
            model_io_read_targets(&m, data_path, &h.rows) == 0 && compute(&m, &h) == 0 &&
            write_hidden(dir, &o, &m, &h) == 0)
            rc = 0;
    }
    hidden_free(&h);
    model_io_free(&m);
    data_options_free(&o);
    return rc;
}

int cmd_activations(int argc, char **argv)
{
    const char *pos[2];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_activations(pos[0], pos[1]));
}
