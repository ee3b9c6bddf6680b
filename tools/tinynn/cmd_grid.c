/* tinynn grid: a model's classes over a 2-D grid of two of its inputs, the
 * data of a decision-region picture (the article's plot_boundary). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"
#include "grid_common.h"
#include "input.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"x", "COLUMN", "feature along the grid's rows (x1 axis; required)", NULL},
    {"y", "COLUMN", "feature down the grid (x2 axis; required)", NULL},
    {"box", "X0,X1,Y0,Y1", "the grid's limits in the data's units (default: the --data "
     "range plus 10%)", NULL},
    {"size", "N", "cells per axis: np.arange(X0, X1, (X1 - X0) / N), so N or N + 1 "
     "(default 500, as the article)", NULL},
    {"at", "NAME=V,...", "values of the other inputs (default: their training means)", NULL},
    {"data", "DATA.csv", "also write points.csv from these rows (and take the box from them)",
     NULL},
    {"out", "DIR", "folder for grid.csv, labels.csv, points.csv (default: current folder)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 64M)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "grid", "MODEL --x COLUMN --y COLUMN [--box X0,X1,Y0,Y1 | --data DATA.csv] [options]",
    "Predicts every cell of a grid spanned by two of the model's inputs, the other\n"
    "inputs held at their training means (or --at values). Writes grid.csv in the\n"
    "examples' layout (gnuplot's nonuniform matrix with commas: first row the\n"
    "number of x values then the x values; each further row its y value then one\n"
    "cell per x), each cell the class index (a classifier) or the predicted value\n"
    "(a regression model); labels.csv (class,label) for classifiers; and with\n"
    "--data, points.csv (X,Y,y: the two columns and each row's class or value,\n"
    "taken from the target column when present, else predicted).",
    1, options,
};

static long feature_index(const model_columns *mc, const char *name, const char *option)
{
    for (size_t i = 0; i < mc->n_features; i++)
        if (strcmp(mc->features[i], name) == 0)
            return (long)i;
    char list[512] = "";
    for (size_t i = 0; i < mc->n_features && strlen(list) + 40 < sizeof list; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                 mc->features[i]);
    diag("--%s: '%s' is not an input of the model: expected one of %s", option, name, list);
    return -1;
}

/* --at NAME=V,...: overrides entries of fixed (data units). */
static int parse_at(const model_columns *mc, const char *text, double *fixed)
{
    const char *p = text;
    while (*p != '\0') {
        const char *eq = strchr(p, '=');
        if (eq == NULL) {
            diag("--at: expected NAME=VALUE items separated by commas, found '%s'", p);
            return -1;
        }
        char name[256];
        size_t len = (size_t)(eq - p);
        if (len >= sizeof name) {
            diag("--at: name too long");
            return -1;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        long i = feature_index(mc, name, "at");
        if (i < 0)
            return -1;
        char *stop;
        double v = strtod(eq + 1, &stop);
        if (stop == eq + 1 || (*stop != ',' && *stop != '\0') || !isfinite(v)) {
            diag("--at: expected a finite number after '%s=', found '%s'", name, eq + 1);
            return -1;
        }
        fixed[i] = v;
        p = *stop == ',' ? stop + 1 : stop;
    }
    return 0;
}

/* points.csv: the two columns and each row's class (or value): the target's
 * when the data has it, else the model's prediction. */
static int write_points(const char *dir, const char *data_path, const cli_model *m,
                        const csv_table *t, size_t cx, size_t cy)
{
    const size_t n = t->n_rows, n_out = tnn_model_n_outputs(m->model);
    const int classifier = columns_is_classifier(&m->cols);
    double *label = common_alloc(n * sizeof *label);
    tnn_real *x = NULL, *y = NULL;
    int32_t *cls = NULL;
    long *truth = NULL;
    void *work = NULL;
    int have_truth = 0, rc = -1;
    if (label == NULL)
        return -1;
    long tc = csv_find_column(t, m->cols.target);
    if (classifier) {
        if (model_io_true_classes(m, data_path, t, &have_truth, &truth) != 0)
            goto done;
    } else if (tc >= 0) {
        if (input_require_numbers(data_path, t, (size_t)tc) != 0)
            goto done;
        have_truth = 1;
    }
    if (have_truth) {
        for (size_t r = 0; r < n; r++)
            label[r] = classifier ? (double)truth[r] : t->values[r * t->n_cols + (size_t)tc];
    } else {
        size_t ws;
        if (model_io_inputs(m, data_path, t, &x) != 0 ||
            (y = common_alloc(n * n_out * sizeof *y)) == NULL ||
            (cls = common_alloc(n * sizeof *cls)) == NULL ||
            (work = common_predict_work(m->model, &ws)) == NULL)
            goto done;
        tnn_status st = tnn_predict(m->model, x, n, y, work, ws);
        if (st == TNN_OK && classifier)
            st = tnn_output_classes(m->model, y, n, cls, NULL);
        if (st != TNN_OK) {
            diag_status("predicting the data rows", st);
            goto done;
        }
        for (size_t r = 0; r < n; r++)
            label[r] = classifier ? (double)cls[r] : (double)y[r];
    }
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "points.csv") != 0 || (f = output_open(path)) == NULL)
        goto done;
    output_text(f, t->cols[cx].name);
    fputc(',', f);
    output_text(f, t->cols[cy].name);
    fputs(",y\n", f);
    for (size_t r = 0; r < n; r++) {
        double row[3] = {t->values[r * t->n_cols + cx], t->values[r * t->n_cols + cy], label[r]};
        output_row(f, row, 3);
    }
    rc = 0;
done:
    free(label);
    free(x);
    free(y);
    free(cls);
    free(truth);
    free(work);
    return rc;
}

static int run_grid(const char *model_path)
{
    const char *xname = args_get(&command, "x"), *yname = args_get(&command, "y");
    const char *box_text = args_get(&command, "box"), *data_path = args_get(&command, "data");
    if (xname == NULL || yname == NULL || (box_text == NULL && data_path == NULL)) {
        diag("expected --x COLUMN, --y COLUMN and --box X0,X1,Y0,Y1 or --data DATA.csv "
             "(try --help)");
        return EXIT_USAGE;
    }
    size_t size = 500;
    double box[4];
    csv_limits limits;
    const char *v = args_get(&command, "size");
    if ((v != NULL && args_size("size", v, 2, 5000, &size) != 0) ||
        (box_text != NULL && args_doubles("box", box_text, box, 4) != 0) ||
        common_limits(&command, &limits) != 0)
        return EXIT_USAGE;
    if (box_text != NULL && !(box[0] < box[1] && box[2] < box[3])) {
        diag("--box: expected X0 < X1 and Y0 < Y1, found '%s'", box_text);
        return EXIT_USAGE;
    }
    const char *dir = common_out_dir(&command, ".");
    if (dir == NULL)
        return EXIT_DATA;

    cli_model m;
    if (model_io_load(model_path, &m) != 0)
        return EXIT_DATA;
    const model_columns *mc = &m.cols;
    const size_t d = mc->n_features;
    int rc = EXIT_DATA;
    csv_table t;
    memset(&t, 0, sizeof t);
    double *fixed = NULL, *x1 = NULL, *x2 = NULL, *sx1 = NULL, *sx2 = NULL;
    tnn_real *fixed_r = NULL, *scores = NULL;
    int32_t *classes = NULL;
    void *work = NULL;
    long ix = feature_index(mc, xname, "x"), iy = feature_index(mc, yname, "y");
    if (ix < 0 || iy < 0)
        goto done;
    if (ix == iy) {
        diag("--x and --y: expected two different inputs, found '%s' twice", xname);
        goto done;
    }
    if ((fixed = common_alloc(d * sizeof *fixed)) == NULL ||
        (fixed_r = common_alloc(d * sizeof *fixed_r)) == NULL)
        goto done;
    memcpy(fixed, mc->mean, d * sizeof *fixed);
    if ((v = args_get(&command, "at")) != NULL && parse_at(mc, v, fixed) != 0)
        goto done;
    long cx = -1, cy = -1;
    if (data_path != NULL) {
        if (input_load_csv(data_path, &limits, &t) != 0 ||
            (cx = input_require_column(data_path, &t, xname, "the --x input")) < 0 ||
            (cy = input_require_column(data_path, &t, yname, "the --y input")) < 0 ||
            input_require_numbers(data_path, &t, (size_t)cx) != 0 ||
            input_require_numbers(data_path, &t, (size_t)cy) != 0)
            goto done;
        if (box_text == NULL)
            grid_data_box(&t, (size_t)cx, (size_t)cy, box);
    }
    size_t n1, n2;
    /* the model sees standardised inputs: map axes and fixed values */
    if ((x1 = grid_axis(box[0], box[1], size, &n1)) == NULL ||
        (x2 = grid_axis(box[2], box[3], size, &n2)) == NULL ||
        (sx1 = grid_model_axis(x1, n1, mc->standardized, mc->mean[ix], mc->scale[ix])) == NULL ||
        (sx2 = grid_model_axis(x2, n2, mc->standardized, mc->mean[iy], mc->scale[iy])) == NULL)
        goto done;
    for (size_t i = 0; i < d; i++)
        fixed_r[i] = (tnn_real)(mc->standardized ? (fixed[i] - mc->mean[i]) / mc->scale[i]
                                                 : fixed[i]);
    size_t ws;
    const int classifier = columns_is_classifier(mc);
    if ((work = common_grid_work(m.model, &ws)) == NULL ||
        (classes = common_alloc(n1 * n2 * sizeof *classes)) == NULL ||
        (scores = common_alloc(n1 * n2 * sizeof *scores)) == NULL)
        goto done;
    tnn_grid_slice slice = {sizeof slice, (size_t)ix, (size_t)iy, fixed_r, d};
    tnn_status st =
        tnn_grid_sample(m.model, sx1, n1, sx2, n2, &slice, classes, scores, n1 * n2, work, ws);
    if (st != TNN_OK) {
        diag_status("sampling the grid", st);
        goto done;
    }
    if (grid_write(dir, "grid.csv", x1, n1, x2, n2, classifier ? classes : NULL, scores, 0) != 0 ||
        (classifier && grid_write_labels(dir, mc->classes, mc->n_classes) != 0) ||
        (data_path != NULL && write_points(dir, data_path, &m, &t, (size_t)cx, (size_t)cy) != 0))
        goto done;

    output_report("grid: %zu x %zu cells, %s from %g to %g, %s from %g to %g\n", n1, n2, xname,
                  box[0], box[1], yname, box[2], box[3]);
    if (d > 2) {
        output_report("other inputs held at:");
        for (size_t i = 0; i < d; i++)
            if ((long)i != ix && (long)i != iy)
                output_report(" %s=%g", mc->features[i], fixed[i]);
        output_report("\n");
    }
    if (classifier) {
        output_report("share of the grid per class:");
        for (size_t k = 0; k < mc->n_classes; k++) {
            size_t count = 0;
            for (size_t c = 0; c < n1 * n2; c++)
                count += classes[c] == (int32_t)k;
            output_report(" %s %.1f%%", mc->classes[k], 100.0 * (double)count / (double)(n1 * n2));
        }
        output_report("\n");
    }
    output_report("wrote: %s/grid.csv%s%s\n", dir, classifier ? ", labels.csv" : "",
                  data_path != NULL ? ", points.csv" : "");
    rc = 0;
done:
    free(fixed);
    free(fixed_r);
    free(x1);
    free(x2);
    free(sx1);
    free(sx2);
    free(classes);
    free(scores);
    free(work);
    csv_table_free(&t);
    model_io_free(&m);
    return rc;
}

int cmd_grid(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_grid(pos[0]));
}
