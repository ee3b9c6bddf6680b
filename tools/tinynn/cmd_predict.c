/* tinynn predict: a model's classes (or values) for every row of a CSV file. */
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
    {"out", "DIR", "folder for predictions.csv (default: the current folder)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 64M)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "predict", "MODEL DATA.csv [options]",
    "Runs the model on every row of DATA.csv. The model's feature columns are\n"
    "found by name (any order; other columns are ignored) and standardised as in\n"
    "training. Writes predictions.csv: the features, y_true (when DATA.csv has\n"
    "the target column), y_pred (class index or value) and, for classifiers,\n"
    "label (the class name) and one probability column per output (p_CLASS).\n"
    "Prints the accuracy (or mse) when the target column is present.",
    2, options,
};

/* Header: features, y_true, y_pred, label, p_CLASS... */
static void write_header(FILE *f, const model_columns *mc, int have_truth, size_t n_out)
{
    for (size_t i = 0; i < mc->n_features; i++) {
        output_text(f, mc->features[i]);
        fputc(',', f);
    }
    fputs(have_truth ? "y_true,y_pred" : "y_pred", f);
    if (columns_is_classifier(mc)) {
        fputs(",label", f);
        for (size_t k = 0; k < n_out; k++) {
            char name[300];
            /* one sigmoid output is the probability of class 1 */
            const char *cls = mc->classes[n_out == 1 ? 1 : k];
            snprintf(name, sizeof name, "p_%s", cls);
            fputc(',', f);
            output_text(f, name);
        }
    }
    fputc('\n', f);
}

static int run_predict(const char *model_path, const char *data_path)
{
    csv_limits limits;
    if (common_limits(&command, &limits) != 0)
        return EXIT_USAGE;
    const char *dir = common_out_dir(&command, ".");
    if (dir == NULL)
        return EXIT_DATA;
    cli_model m;
    csv_table t;
    memset(&t, 0, sizeof t);
    tnn_real *x = NULL, *y = NULL;
    int32_t *cls = NULL;
    long *truth = NULL;
    size_t *feature_col = NULL;
    void *work = NULL;
    int rc = EXIT_DATA;
    if (model_io_load(model_path, &m) != 0)
        return EXIT_DATA;
    const model_columns *mc = &m.cols;
    const int classifier = columns_is_classifier(mc);
    const size_t n_out = tnn_model_n_outputs(m.model), d = mc->n_features;
    if (input_load_csv(data_path, &limits, &t) != 0 || model_io_inputs(&m, data_path, &t, &x) != 0 ||
        model_io_columns(&m, data_path, &t, &feature_col) != 0)
        goto done;
    const size_t n = t.n_rows;
    int have_truth = 0;
    long target_col = csv_find_column(&t, mc->target);
    if (classifier) {
        if (model_io_true_classes(&m, data_path, &t, &have_truth, &truth) != 0)
            goto done;
    } else if (target_col >= 0) {
        if (input_require_numbers(data_path, &t, (size_t)target_col) != 0)
            goto done;
        have_truth = 1;
    }
    size_t ws;
    y = common_alloc(n * n_out * sizeof *y);
    cls = common_alloc(n * sizeof *cls);
    if (y == NULL || cls == NULL || (work = common_predict_work(m.model, &ws)) == NULL)
        goto done;
    tnn_status st = tnn_predict(m.model, x, n, y, work, ws);
    if (st == TNN_OK && classifier)
        st = tnn_output_classes(m.model, y, n, cls, NULL);
    if (st != TNN_OK) {
        diag_status("predicting", st);
        goto done;
    }
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "predictions.csv") != 0 || (f = output_open(path)) == NULL)
        goto done;
    write_header(f, mc, have_truth, n_out);
    size_t right = 0;
    double squared = 0;
    for (size_t r = 0; r < n; r++) {
        for (size_t i = 0; i < d; i++) { /* the file's own values, not the rounded inputs */
            output_number(f, t.values[r * t.n_cols + feature_col[i]]);
            fputc(',', f);
        }
        if (classifier) {
            if (have_truth) {
                fprintf(f, "%ld,", truth[r]);
                right += truth[r] == cls[r];
            }
            fprintf(f, "%d,", (int)cls[r]);
            output_text(f, mc->classes[cls[r]]);
            for (size_t k = 0; k < n_out; k++)
                fprintf(f, ",%.17g", (double)y[r * n_out + k]);
        } else {
            double pred = (double)y[r];
            if (have_truth) {
                double truth_v = t.values[r * t.n_cols + (size_t)target_col];
                output_number(f, truth_v);
                fputc(',', f);
                squared += (pred - truth_v) * (pred - truth_v);
            }
            fprintf(f, "%.17g", pred);
        }
        fputc('\n', f);
    }
    output_report("predicted %zu rows of %s with %s\n", n, data_path, model_path);
    if (have_truth && classifier)
        output_report("accuracy %.6f (%zu of %zu rows)\n", (double)right / (double)n, right, n);
    else if (have_truth)
        output_report("mse %.6g\n", squared / (double)n);
    output_report("wrote: %s\n", path);
    rc = 0;
done:
    free(feature_col);
    free(x);
    free(y);
    free(cls);
    free(truth);
    free(work);
    csv_table_free(&t);
    model_io_free(&m);
    return rc;
}

int cmd_predict(int argc, char **argv)
{
    const char *pos[2];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_predict(pos[0], pos[1]));
}
