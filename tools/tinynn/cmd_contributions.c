/* tinynn contributions: a linear output split into its hidden units' parts
 * (the article's Listing 30: the ReLU pieces add up to the curve). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"
#include "input.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"out", "DIR", "folder for contributions.csv (default: the current folder)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 64M)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "contributions", "MODEL DATA.csv [options]",
    "For a model whose last layer is one linear unit (a regression model,\n"
    "--loss mse), y = w0 + sum_i w_i a_i(x) with a_i the last hidden layer's\n"
    "outputs. Writes contributions.csv, the layout of the example of Listing 30:\n"
    "the features, a1..aH, wa1..waH (w_i a_i, each unit's part), bias (w0), sum\n"
    "(w0 + the parts) and prediction (the model's output).",
    2, options,
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

static int run_contributions(const char *model_path, const char *data_path)
{
    csv_limits limits;
    if (common_limits(&command, &limits) != 0)
        return EXIT_USAGE;
    const char *dir = common_out_dir(&command, ".");
    if (dir == NULL)
        return EXIT_DATA;
    cli_model m;
    if (model_io_load(model_path, &m) != 0)
        return EXIT_DATA;
    int rc = EXIT_DATA;
    csv_table t;
    memset(&t, 0, sizeof t);
    tnn_real *x = NULL, *a = NULL, *parts = NULL, *sums = NULL, *pred = NULL, bias;
    void *work = NULL;
    size_t *feature_col = NULL;
    const tnn_model *model = m.model;
    const tnn_layer *last = tnn_model_layer(model, tnn_model_n_layers(model) - 1);
    if (tnn_layer_units(last) != 1 || !is_linear(tnn_layer_activation(last))) {
        diag("%s: expected a model whose last layer is one linear unit (train it with "
             "--layers ...,1:linear --loss mse); this one ends in %zu %s unit%s", model_path,
             tnn_layer_units(last), tnn_activation_name(tnn_layer_activation(last)),
             tnn_layer_units(last) == 1 ? "" : "s");
        goto done;
    }
    if (input_load_csv(data_path, &limits, &t) != 0 || model_io_inputs(&m, data_path, &t, &x) != 0 ||
        model_io_columns(&m, data_path, &t, &feature_col) != 0)
        goto done;
    const size_t n = t.n_rows, h = tnn_layer_n_inputs(last), d = m.cols.n_features;
    size_t ws;
    if ((a = common_alloc(n * h * sizeof *a)) == NULL ||
        (parts = common_alloc(n * h * sizeof *parts)) == NULL ||
        (sums = common_alloc(n * sizeof *sums)) == NULL ||
        (pred = common_alloc(n * sizeof *pred)) == NULL ||
        (work = common_predict_work(model, &ws)) == NULL)
        goto done;
    tnn_status st = tnn_output_contributions(model, x, n, a, parts, n * h, &bias, sums, work, ws);
    if (st == TNN_OK)
        st = tnn_predict(model, x, n, pred, work, ws);
    if (st != TNN_OK) {
        diag_status("splitting the output", st);
        goto done;
    }
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "contributions.csv") != 0 ||
        (f = output_open(path)) == NULL)
        goto done;
    for (size_t i = 0; i < d; i++) {
        output_text(f, m.cols.features[i]);
        fputc(',', f);
    }
    for (size_t i = 0; i < h; i++)
        fprintf(f, "a%zu,", i + 1);
    for (size_t i = 0; i < h; i++)
        fprintf(f, "wa%zu,", i + 1);
    fputs("bias,sum,prediction\n", f);
    for (size_t r = 0; r < n; r++) {
        for (size_t i = 0; i < d; i++) {
            output_number(f, t.values[r * t.n_cols + feature_col[i]]);
            fputc(',', f);
        }
        for (size_t i = 0; i < h; i++)
            fprintf(f, "%.9g,", (double)a[r * h + i]);
        for (size_t i = 0; i < h; i++)
            fprintf(f, "%.9g,", (double)parts[r * h + i]);
        fprintf(f, "%.9g,%.9g,%.9g\n", (double)bias, (double)sums[r], (double)pred[r]);
    }
    output_report("split %zu rows into the bias and %zu hidden parts\n", n, h);
    output_report("wrote: %s\n", path);
    rc = 0;
done:
    free(feature_col);
    free(x);
    free(a);
    free(parts);
    free(sums);
    free(pred);
    free(work);
    csv_table_free(&t);
    model_io_free(&m);
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
