/* tinynn evaluate: how well a model predicts the target column of a CSV
 * file (held-out rows), with scikit-learn's metrics (metrics.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "data_options.h"
#include "diag.h"
#include "input.h"
#include "metrics.h"
#include "model_io.h"
#include "output.h"
#include "predictions.h"

static arg_option options[] = {
    {"out", "DIR",
     "also write DIR/metrics.csv and, for a classifier, DIR/classes.csv and "
     "DIR/confusion.csv",
     NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_DELIMITER,
    DATA_OPTION_MISSING,
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "evaluate",
    "MODEL DATA.csv [options]",
    "Compares the model's predictions for the rows of DATA.csv with its target\n"
    "column, which DATA.csv must have (e.g. the test.csv of 'tinynn fit\n"
    "--save-split'). Prints, for a classifier: the loss (mean bce or cce, as\n"
    "Keras's evaluate), the accuracy, the confusion matrix (rows: true class,\n"
    "columns: predicted class) and each class's precision, recall, F1 and\n"
    "support with their macro and weighted averages (scikit-learn's\n"
    "classification_report, zero_division=0, every class of the model); for a\n"
    "regression: mse, rmse, mae and r2 in the target column's units.\n"
    "With --out DIR it also writes them as CSV files: metrics.csv (metric,value),\n"
    "classes.csv (class,precision,recall,f1,support, then 'macro avg' and\n"
    "'weighted avg') and confusion.csv (y_true, then one count column per\n"
    "predicted class). DATA.csv may be - (stdin).",
    2,
    options,
};

/* The CSV files --out DIR holds for a classifier (all) or a regression (the first). */
static const char *const csv_names[] = {"metrics.csv", "classes.csv", "confusion.csv"};

/* The model's targets for the true classes (0/1 for bce, one-hot for cce),
 * as training saw them, for the loss. NULL on failure (reported). */
static tnn_real *model_targets(const model_columns *mc, const long *truth, size_t n, size_t n_out)
{
    tnn_real *y = common_alloc(n * n_out * sizeof *y);
    if (y == NULL)
        return NULL;
    for (size_t r = 0; r < n; r++) {
        if (mc->loss == TNN_LOSS_BCE) {
            y[r] = (tnn_real)truth[r];
            continue;
        }
        for (size_t k = 0; k < n_out; k++)
            y[r * n_out + k] = (tnn_real)((size_t)truth[r] == k);
    }
    return y;
}

/* The model's mean loss on the rows, as tnn_fit reports it. 0, or -1 (reported). */
static int classifier_loss(const cli_model *m, const predictions *p, double *loss)
{
    const size_t n = p->rows.t.n_rows;
    size_t ws;
    void *work = NULL;
    tnn_real *y = model_targets(&m->cols, p->rows.truth, n, p->n_out);
    if (y == NULL || (work = common_predict_work(m->model, &ws)) == NULL) {
        free(y);
        return -1;
    }
    tnn_status st = tnn_evaluate(m->model, m->cols.loss, TNN_METRIC_NONE, p->rows.x, y, n, loss,
                                 NULL, work, ws);
    free(work);
    free(y);
    if (st != TNN_OK) {
        diag_status("computing the loss", st);
        return -1;
    }
    return 0;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* The text report of a classifier: loss, accuracy, confusion matrix and
 * the per-class table, aligned for a terminal or a notebook. */
static void report_classes(const model_columns *mc, const class_metrics *cm, double loss)
{
    const size_t k = cm->n_classes;
    size_t name_w = strlen("weighted avg"), cell_w = strlen("support");
    for (size_t c = 0; c < k; c++) {
        name_w = max_size(name_w, strlen(mc->classes[c]));
        cell_w = max_size(cell_w, strlen(mc->classes[c]));
    }
    const int nw = (int)name_w, cw = (int)cell_w;
    output_report("loss %.6f\n", loss);
    output_report("accuracy %.6f (%zu of %zu rows)\n\n", cm->accuracy, cm->right, cm->n_rows);
    output_report("confusion matrix (rows: true class, columns: predicted class)\n");
    output_report("%-*s", nw, "");
    for (size_t c = 0; c < k; c++)
        output_report("  %*s", cw, mc->classes[c]);
    output_report("\n");
    for (size_t t = 0; t < k; t++) {
        output_report("%-*s", nw, mc->classes[t]);
        for (size_t c = 0; c < k; c++)
            output_report("  %*zu", cw, cm->confusion[t * k + c]);
        output_report("\n");
    }
    output_report("\n%-*s  %9s  %9s  %9s  %9s\n", nw, "", "precision", "recall", "f1-score",
                  "support");
    for (size_t c = 0; c < k; c++) {
        const class_scores *s = &cm->scores[c];
        output_report("%-*s  %9.4f  %9.4f  %9.4f  %9zu\n", nw, mc->classes[c], s->precision,
                      s->recall, s->f1, cm->support[c]);
    }
    output_report("%-*s  %9.4f  %9.4f  %9.4f  %9zu\n", nw, "macro avg", cm->macro.precision,
                  cm->macro.recall, cm->macro.f1, cm->n_rows);
    output_report("%-*s  %9.4f  %9.4f  %9.4f  %9zu\n", nw, "weighted avg",
                  cm->weighted.precision, cm->weighted.recall, cm->weighted.f1, cm->n_rows);
}

/* Opens dir/name as a pending output. NULL on failure (reported). */
static FILE *open_csv(const char *dir, const char *name, char *path, size_t path_size)
{
    if (output_join(path, path_size, dir, name) != 0)
        return NULL;
    return output_open(path);
}

/* metrics.csv: metric,value. */
static void write_metric(FILE *f, const char *name, double value)
{
    fprintf(f, "%s,", name);
    output_number(f, value);
    fputc('\n', f);
}

static void write_scores(FILE *f, const char *name, const class_scores *s, size_t support)
{
    output_text(f, name);
    double v[4] = {s->precision, s->recall, s->f1, (double)support};
    fputc(',', f);
    output_row(f, v, 4);
}

/* metrics.csv, classes.csv and confusion.csv in dir. 0, or -1 (reported). */
static int write_classes(const char *dir, const model_columns *mc, const class_metrics *cm,
                         double loss)
{
    char path[3][4096];
    FILE *f[3];
    for (int i = 0; i < 3; i++)
        if ((f[i] = open_csv(dir, csv_names[i], path[i], sizeof path[i])) == NULL)
            return -1;
    fputs("metric,value\n", f[0]);
    write_metric(f[0], "rows", (double)cm->n_rows);
    write_metric(f[0], "loss", loss);
    write_metric(f[0], "accuracy", cm->accuracy);
    fputs("class,precision,recall,f1,support\n", f[1]);
    for (size_t c = 0; c < cm->n_classes; c++)
        write_scores(f[1], mc->classes[c], &cm->scores[c], cm->support[c]);
    write_scores(f[1], "macro avg", &cm->macro, cm->n_rows);
    write_scores(f[1], "weighted avg", &cm->weighted, cm->n_rows);
    fputs("y_true", f[2]);
    for (size_t c = 0; c < cm->n_classes; c++) {
        fputc(',', f[2]);
        output_text(f[2], mc->classes[c]);
    }
    fputc('\n', f[2]);
    for (size_t t = 0; t < cm->n_classes; t++) {
        output_text(f[2], mc->classes[t]);
        for (size_t c = 0; c < cm->n_classes; c++)
            fprintf(f[2], ",%zu", cm->confusion[t * cm->n_classes + c]);
        fputc('\n', f[2]);
    }
    output_report("wrote: %s, %s, %s\n", path[0], path[1], path[2]);
    return 0;
}

static int evaluate_classes(const cli_model *m, const predictions *p, const char *dir)
{
    double loss;
    class_metrics cm;
    if (classifier_loss(m, p, &loss) != 0 ||
        metrics_classes(p->rows.truth, p->cls, p->rows.t.n_rows, m->cols.n_classes, &cm) != 0)
        return -1;
    report_classes(&m->cols, &cm, loss);
    int rc = dir != NULL ? write_classes(dir, &m->cols, &cm, loss) : 0;
    metrics_classes_free(&cm);
    return rc;
}

static int evaluate_values(const cli_model *m, const predictions *p, const char *dir)
{
    const model_rows *rows = &p->rows;
    const csv_table *t = &rows->t;
    const size_t n = t->n_rows;
    double *truth = common_alloc(n * sizeof *truth), *pred = common_alloc(n * sizeof *pred);
    if (truth == NULL || pred == NULL) {
        free(truth);
        free(pred);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        truth[r] = t->values[r * t->n_cols + (size_t)rows->target_col];
        pred[r] = columns_target_value(&m->cols, (double)p->y[r]);
    }
    value_metrics vm;
    metrics_values(truth, pred, n, &vm);
    free(truth);
    free(pred);
    output_report("mse %.6g\nrmse %.6g\nmae %.6g\nr2 %.6f\n", vm.mse, vm.rmse, vm.mae, vm.r2);
    if (dir == NULL)
        return 0;
    char path[4096];
    FILE *f = open_csv(dir, csv_names[0], path, sizeof path);
    if (f == NULL)
        return -1;
    fputs("metric,value\n", f);
    write_metric(f, "rows", (double)n);
    write_metric(f, "mse", vm.mse);
    write_metric(f, "rmse", vm.rmse);
    write_metric(f, "mae", vm.mae);
    write_metric(f, "r2", vm.r2);
    output_report("wrote: %s\n", path);
    return 0;
}

/* The rows and their target column, which evaluate cannot do without.
 * 0, or -1 (reported). */
static int read_data(const cli_model *m, const char *data_path, const data_options *o,
                     predictions *p)
{
    if (model_io_read_data(m, data_path, o, &p->rows) != 0 ||
        model_io_read_targets(m, data_path, &p->rows) != 0)
        return -1;
    if (!p->rows.have_truth) {
        input_require_column(data_path, &p->rows.t, m->cols.target,
                             "the model's target, to compare the predictions with");
        return -1;
    }
    return 0;
}

/* Before the work: --out DIR and the files it will hold. 0, or -1 (reported). */
static int check_outputs(const cli_model *m, const char *dir, const char *data_path)
{
    size_t n = columns_is_classifier(&m->cols) ? 3 : 1;
    for (size_t i = 0; i < n; i++)
        if (common_check_output(dir, csv_names[i], data_path) != 0)
            return -1;
    return 0;
}

static int run_evaluate(const char *model_path, const char *data_path)
{
    data_options o;
    if (data_options_read(&command, &o) != 0)
        return EXIT_USAGE;
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, NULL, data_path, &dir, &m) != 0) {
        data_options_free(&o);
        return EXIT_DATA;
    }
    if (args_get(&command, "out") == NULL)
        dir = NULL; /* the report only */
    predictions p;
    memset(&p, 0, sizeof p);
    int rc = EXIT_DATA;
    if ((dir == NULL || check_outputs(&m, dir, data_path) == 0) &&
        read_data(&m, data_path, &o, &p) == 0 && predictions_compute(&m, &p) == 0) {
        output_report("evaluated %s on %s: %zu rows, target %s\n", model_path,
                      input_name(data_path), p.rows.t.n_rows, m.cols.target);
        if ((columns_is_classifier(&m.cols) ? evaluate_classes(&m, &p, dir)
                                            : evaluate_values(&m, &p, dir)) == 0)
            rc = 0;
    }
    predictions_free(&p);
    model_io_free(&m);
    data_options_free(&o);
    return rc;
}

int cmd_evaluate(int argc, char **argv)
{
    const char *pos[2];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_evaluate(pos[0], pos[1]));
}
