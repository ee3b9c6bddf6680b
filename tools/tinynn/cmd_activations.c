/* tinynn activations: what one layer makes of every row (the article's
 * hidden-space figures, Listings 22 and 24). */
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
    {"layer", "K", "layer to read, 0 = the first hidden layer, as Keras's model.layers[K] "
     "(default 0)", NULL},
    {"out", "DIR", "folder for hidden.csv (default: the current folder)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 64M)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "activations", "MODEL DATA.csv [--layer K] [options]",
    "Runs every row of DATA.csv through the model and writes the outputs of\n"
    "layer K (after its activation) to hidden.csv, the examples' layout:\n"
    "header a1,...,aU,y; one row per data row; y is the row's class index (or\n"
    "value) from the target column when DATA.csv has it, else the model's\n"
    "prediction.",
    2, options,
};

static int run_activations(const char *model_path, const char *data_path)
{
    csv_limits limits;
    size_t layer = 0;
    const char *v = args_get(&command, "layer");
    if (common_limits(&command, &limits) != 0 ||
        (v != NULL && args_size("layer", v, 0, 1000, &layer) != 0))
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
    tnn_real *x = NULL, *a = NULL, *y = NULL;
    int32_t *cls = NULL;
    long *truth = NULL;
    void *work = NULL;
    const size_t n_layers = tnn_model_n_layers(m.model), n_out = tnn_model_n_outputs(m.model);
    if (layer >= n_layers) {
        diag("--layer %zu: the model has layers 0 to %zu", layer, n_layers - 1);
        rc = EXIT_USAGE;
        goto done;
    }
    if (input_load_csv(data_path, &limits, &t) != 0 || model_io_inputs(&m, data_path, &t, &x) != 0)
        goto done;
    const size_t n = t.n_rows, units = tnn_layer_units(tnn_model_layer(m.model, layer));
    const int classifier = columns_is_classifier(&m.cols);
    int have_truth = 0;
    long tc = csv_find_column(&t, m.cols.target);
    if (classifier) {
        if (model_io_true_classes(&m, data_path, &t, &have_truth, &truth) != 0)
            goto done;
    } else if (tc >= 0) {
        if (input_require_numbers(data_path, &t, (size_t)tc) != 0)
            goto done;
        have_truth = 1;
    }
    size_t ws;
    if ((a = common_alloc(n * units * sizeof *a)) == NULL ||
        (y = common_alloc(n * n_out * sizeof *y)) == NULL ||
        (cls = common_alloc(n * sizeof *cls)) == NULL ||
        (work = common_predict_work(m.model, &ws)) == NULL)
        goto done;
    tnn_status st = tnn_layer_activations(m.model, layer, x, n, a, NULL, n * units, work, ws);
    if (st == TNN_OK)
        st = tnn_predict(m.model, x, n, y, work, ws);
    if (st == TNN_OK && classifier)
        st = tnn_output_classes(m.model, y, n, cls, NULL);
    if (st != TNN_OK) {
        diag_status("computing the activations", st);
        goto done;
    }
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "hidden.csv") != 0 || (f = output_open(path)) == NULL)
        goto done;
    for (size_t u = 0; u < units; u++)
        fprintf(f, "a%zu,", u + 1);
    fputs("y\n", f);
    for (size_t r = 0; r < n; r++) {
        for (size_t u = 0; u < units; u++)
            fprintf(f, "%.9g,", (double)a[r * units + u]);
        double label = have_truth ? (classifier ? (double)truth[r]
                                                : t.values[r * t.n_cols + (size_t)tc])
                                  : (classifier ? (double)cls[r] : (double)y[r]);
        output_number(f, label);
        fputc('\n', f);
    }
    const tnn_layer *l = tnn_model_layer(m.model, layer);
    output_report("layer %zu: %zu %s units for %zu rows; y is %s\n", layer, units,
                  tnn_activation_name(tnn_layer_activation(l)), n,
                  have_truth ? "the target column" : "the model's prediction");
    output_report("wrote: %s\n", path);
    rc = 0;
done:
    free(x);
    free(a);
    free(y);
    free(cls);
    free(truth);
    free(work);
    csv_table_free(&t);
    model_io_free(&m);
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
