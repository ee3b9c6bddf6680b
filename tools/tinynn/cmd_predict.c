/* tinynn predict: a model's classes (or values) for every row of a CSV file. */
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
#include "predictions.h"

static arg_option options[] = {
    {"out", "DIR", "folder for predictions.csv (default: the current folder; -: stdout)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_ID,
    DATA_OPTION_COLUMNS,
    DATA_OPTION_DELIMITER,
    DATA_OPTION_MISSING,
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "predict",
    "MODEL DATA.csv [options]",
    "Runs the model on every row of DATA.csv. The model's feature columns are\n"
    "found by name (any order; other columns are ignored) and standardised as in\n"
    "training. Writes predictions.csv: the --id column and the --columns, y_true\n"
    "(when DATA.csv has the target column), y_pred (class index, or value in the\n"
    "target's units) and, for classifiers, label (the class name) and one\n"
    "probability column per output (p_CLASS). Prints the accuracy (or mse) when\n"
    "the target column is present. DATA.csv may be - (stdin); with --out - the\n"
    "file goes to stdout and the report to stderr.",
    2,
    options,
};

/* Header: the id and --columns, y_true, y_pred, label, p_CLASS... */
static void write_header(FILE *f, const data_options *o, const model_columns *mc,
                         int have_truth, size_t n_out)
{
    model_io_write_kept_header(f, o);
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

/* Row r of predictions.csv; adds to the count of right classes or to the
 * squared errors. */
static void write_row(FILE *f, const data_options *o, const model_columns *mc,
                      const predictions *p, size_t r, size_t *right, double *squared)
{
    const model_rows *rows = &p->rows;
    const csv_table *t = &rows->t;
    char num[OUTPUT_NUMBER_MAX];
    model_io_write_kept(f, o, t, r);
    if (columns_is_classifier(mc)) {
        if (rows->have_truth) {
            fprintf(f, "%ld,", rows->truth[r]);
            *right += rows->truth[r] == p->cls[r];
        }
        fprintf(f, "%d,", (int)p->cls[r]);
        output_text(f, mc->classes[p->cls[r]]);
        for (size_t k = 0; k < p->n_out; k++) {
            num[0] = ',';
            fwrite(num, 1, 1 + output_real_text(num + 1, p->y[r * p->n_out + k]), f);
        }
    } else {
        double pred = columns_target_value(mc, (double)p->y[r]);
        if (rows->have_truth) {
            double truth_v = t->values[r * t->n_cols + (size_t)rows->target_col];
            output_number(f, truth_v);
            fputc(',', f);
            *squared += (pred - truth_v) * (pred - truth_v);
        }
        fwrite(num, 1, output_number_text(num, pred), f);
    }
    fputc('\n', f);
}

/* predictions.csv in dir, and the report. 0, or -1 (reported). */
static int write_predictions(const char *dir, const char *model_path, const char *data_path,
                             const data_options *o, const model_columns *mc, const predictions *p)
{
    const size_t n = p->rows.t.n_rows;
    const int have_truth = p->rows.have_truth;
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "predictions.csv") != 0 ||
        (f = output_open(path)) == NULL)
        return -1;
    write_header(f, o, mc, have_truth, p->n_out);
    size_t right = 0;
    double squared = 0;
    for (size_t r = 0; r < n; r++)
        write_row(f, o, mc, p, r, &right, &squared);
    output_report("predicted %zu rows of %s with %s\n", n, input_name(data_path), model_path);
    if (have_truth && columns_is_classifier(mc))
        output_report("accuracy %.6f (%zu of %zu rows)\n", (double)right / (double)n, right, n);
    else if (have_truth)
        output_report("mse %.6g\n", squared / (double)n);
    output_report("wrote: %s\n", strcmp(path, OUTPUT_STDOUT) == 0 ? "stdout" : path);
    return 0;
}

static int run_predict(const char *model_path, const char *data_path)
{
    data_options o;
    if (data_options_read(&command, &o) != 0)
        return EXIT_USAGE;
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, "predictions.csv", data_path, &dir, &m) != 0) {
        data_options_free(&o);
        return EXIT_DATA;
    }
    predictions p;
    memset(&p, 0, sizeof p);
    int rc = EXIT_DATA;
    if (model_io_read_data(&m, data_path, &o, &p.rows) == 0 &&
        model_io_read_targets(&m, data_path, &p.rows) == 0 && predictions_compute(&m, &p) == 0 &&
        write_predictions(dir, model_path, data_path, &o, &m.cols, &p) == 0)
        rc = 0;
    predictions_free(&p);
    model_io_free(&m);
    data_options_free(&o);
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
