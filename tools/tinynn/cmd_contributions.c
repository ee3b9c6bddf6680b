/* tinynn contributions: a linear output split into its hidden units' parts
 * (the article's Listing 30: the ReLU pieces add up to the curve). */
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
    {"out", "DIR", "folder for contributions.csv (default: the current folder; -: stdout)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_ID,
    DATA_OPTION_DELIMITER,
    DATA_OPTION_MISSING,
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "contributions",
    "MODEL DATA.csv [options]",
    "For a model whose last layer is one linear unit (a regression model,\n"
    "--loss mse), y = w0 + sum_i w_i a_i(x) with a_i the last hidden layer's\n"
    "outputs. Writes contributions.csv, the layout of the example of Listing 30:\n"
    "the features, a1..aH, wa1..waH (w_i a_i, each unit's part), bias (w0), sum\n"
    "(w0 + the parts) and prediction (the model's output). A model trained on a\n"
    "standardised target gives them in the target's units: each part times the\n"
    "target's deviation, the target's mean added to the bias. DATA.csv may be -\n"
    "(stdin); --out - writes contributions.csv to stdout.",
    2,
    options,
};

static int is_linear(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_LINEAR: return 1;
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU:
    case TNN_ACT_SOFTMAX: return 0;
    }
    return 0;
}

/* The rows of a data file and the parts of the output of each. */
typedef struct split_run {
    model_rows rows;
    tnn_real *a, *parts;         /* hidden activations, w_i a_i */
    tnn_real *sums, *pred, bias; /* w0 + the parts, the model's output, w0 */
    size_t hidden;               /* units of the last hidden layer */
} split_run;

static void split_free(split_run *s)
{
    free(s->a);
    free(s->parts);
    free(s->sums);
    free(s->pred);
    model_io_rows_free(&s->rows);
}

/* Whether the model ends in one linear unit. 0, or -1 (reported). */
static int check_output(const char *model_path, const tnn_model *model)
{
    const tnn_layer *last = tnn_model_layer(model, tnn_model_n_layers(model) - 1);
    if (tnn_layer_units(last) == 1 && is_linear(tnn_layer_activation(last)))
        return 0;
    diag_usage("%s: expected a model whose last layer is one linear unit (train it with "
               "--layers ...,1:linear --loss mse); this one ends in %zu %s unit%s",
               model_path, tnn_layer_units(last), tnn_activation_name(tnn_layer_activation(last)),
               tnn_layer_units(last) == 1 ? "" : "s");
    return -1;
}

/* The rows, their inputs, and the parts of their outputs. 0, or -1
 * (reported). */
static int split_rows(const cli_model *m, const char *data_path, const data_options *o,
                      split_run *s)
{
    const tnn_model *model = m->model;
    if (model_io_read_data(m, data_path, o, &s->rows) != 0)
        return -1;
    const tnn_real *x = s->rows.x;
    const size_t n = s->rows.t.n_rows, h = s->hidden;
    size_t ws;
    void *work = NULL;
    if ((s->a = common_alloc(n * h * sizeof *s->a)) == NULL ||
        (s->parts = common_alloc(n * h * sizeof *s->parts)) == NULL ||
        (s->sums = common_alloc(n * sizeof *s->sums)) == NULL ||
        (s->pred = common_alloc(n * sizeof *s->pred)) == NULL ||
        (work = common_predict_work(model, &ws)) == NULL)
        return -1;
    tnn_status st = tnn_output_contributions(model, x, n, s->a, s->parts, n * h, &s->bias,
                                             s->sums, work, ws);
    if (st == TNN_OK)
        st = tnn_predict(model, x, n, s->pred, work, ws);
    free(work);
    if (st != TNN_OK) {
        diag_status("splitting the output", st);
        return -1;
    }
    return 0;
}

/* contributions.csv in dir, and the report. 0, or -1 (reported). */
static int write_split(const char *dir, const data_options *o, const model_columns *mc,
                       const split_run *s)
{
    const csv_table *t = &s->rows.t;
    const size_t n = t->n_rows, h = s->hidden, d = mc->n_features;
    const double unit = mc->target_standardized ? mc->target_scale : 1;
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "contributions.csv") != 0 ||
        (f = output_open(path)) == NULL)
        return -1;
    model_io_write_kept_header(f, o);
    for (size_t i = 0; i < d; i++) {
        output_text(f, mc->features[i]);
        fputc(',', f);
    }
    for (size_t i = 0; i < h; i++)
        fprintf(f, "a%zu,", i + 1);
    for (size_t i = 0; i < h; i++)
        fprintf(f, "wa%zu,", i + 1);
    fputs("bias,sum,prediction\n", f);
    for (size_t r = 0; r < n; r++) {
        model_io_write_kept(f, o, t, r);
        for (size_t i = 0; i < d; i++) {
            output_number(f, t->values[r * t->n_cols + s->rows.feature_col[i]]);
            fputc(',', f);
        }
        for (size_t i = 0; i < h; i++) {
            output_real(f, s->a[r * h + i]);
            fputc(',', f);
        }
        /* in the target's units: each part scaled, the target's mean in the bias */
        for (size_t i = 0; i < h; i++) {
            output_number(f, (double)s->parts[r * h + i] * unit);
            fputc(',', f);
        }
        double out[3] = {columns_target_value(mc, (double)s->bias),
                         columns_target_value(mc, (double)s->sums[r]),
                         columns_target_value(mc, (double)s->pred[r])};
        output_row(f, out, 3);
    }
    output_report("split %zu rows into the bias and %zu hidden parts\n", n, h);
    output_report("wrote: %s\n", strcmp(path, OUTPUT_STDOUT) == 0 ? "stdout" : path);
    return 0;
}

static int run_contributions(const char *model_path, const char *data_path)
{
    data_options o;
    if (data_options_read(&command, &o) != 0)
        return EXIT_USAGE;
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, "contributions.csv", data_path, &dir, &m) != 0) {
        data_options_free(&o);
        return EXIT_DATA;
    }
    split_run s;
    memset(&s, 0, sizeof s);
    s.hidden = tnn_layer_n_inputs(tnn_model_layer(m.model, tnn_model_n_layers(m.model) - 1));
    int rc = EXIT_DATA;
    if (check_output(model_path, m.model) == 0 && split_rows(&m, data_path, &o, &s) == 0 &&
        write_split(dir, &o, &m.cols, &s) == 0)
        rc = 0;
    split_free(&s);
    model_io_free(&m);
    data_options_free(&o);
    return rc;
}

int cmd_contributions(int argc, char **argv)
{
    const char *pos[2];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_contributions(pos[0], pos[1]));
}
