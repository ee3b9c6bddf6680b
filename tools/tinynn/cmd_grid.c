/* tinynn grid: a model's classes over a 2-D grid of two of its inputs, the
 * data of a decision-region picture (the article's plot_boundary). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "data_options.h"
#include "diag.h"
#include "grid_common.h"
#include "input.h"
#include "model_io.h"
#include "number_text.h"
#include "output.h"

static arg_option options[] = {
    {"x", "COLUMN", "feature along the grid's rows (x1 axis; required)", NULL},
    {"y", "COLUMN", "feature down the grid (x2 axis; required)", NULL},
    {"box", "X0,X1,Y0,Y1",
     "the grid's limits in the data's units (default: the --data "
     "range plus 10%)",
     NULL},
    {"size", "N",
     "cells per axis: np.arange(X0, X1, (X1 - X0) / N), so N or N + 1 "
     "(default 500, as the article)",
     NULL},
    {"at", "NAME=V,...", "values of the other inputs (default: their training means)", NULL},
    {"data", "DATA.csv", "also write points.csv from these rows (and take the box from them)",
     NULL},
    {"out", "DIR", "folder for grid.csv, held.csv, labels.csv, points.csv (default: .)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_DELIMITER,
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "grid",
    "MODEL --x COLUMN --y COLUMN [--box X0,X1,Y0,Y1 | --data DATA.csv] [options]",
    "Predicts every cell of a grid spanned by two of the model's inputs, the other\n"
    "inputs held at their training means (or --at values). Writes grid.csv in the\n"
    "examples' layout (gnuplot's nonuniform matrix with commas: first row the\n"
    "number of x values then the x values; each further row its y value then one\n"
    "cell per x), each cell the class index (a classifier) or the predicted value\n"
    "(a regression model); held.csv (input,value: the other inputs and the values\n"
    "they are held at); labels.csv (class,label) for classifiers; and with\n"
    "--data, points.csv (X,Y,y: the two columns and each row's class or value,\n"
    "taken from the target column when present, else predicted).",
    1,
    options,
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

/* The command line, checked. */
typedef struct grid_settings {
    const char *xname, *yname, *box_text, *data_path, *dir;
    size_t size;
    double box[4]; /* X0, X1, Y0, Y1: --box, or from the --data rows */
    csv_limits limits;
} grid_settings;

/* 0, EXIT_USAGE or EXIT_DATA (reported). */
static int parse_settings(grid_settings *s)
{
    s->xname = args_get(&command, "x");
    s->yname = args_get(&command, "y");
    s->box_text = args_get(&command, "box");
    s->data_path = args_get(&command, "data");
    if (s->xname == NULL || s->yname == NULL || (s->box_text == NULL && s->data_path == NULL)) {
        diag("expected --x COLUMN, --y COLUMN and --box X0,X1,Y0,Y1 or --data DATA.csv "
             "(try --help)");
        return EXIT_USAGE;
    }
    s->size = 500;
    const char *v = args_get(&command, "size");
    if ((v != NULL && args_size("size", v, 2, 5000, &s->size) != 0) ||
        (s->box_text != NULL && args_doubles("box", s->box_text, s->box, 4) != 0) ||
        common_limits(&command, &s->limits) != 0)
        return EXIT_USAGE;
    if (s->box_text != NULL && !(s->box[0] < s->box[1] && s->box[2] < s->box[3])) {
        diag("--box: expected X0 < X1 and Y0 < Y1, found '%s'", s->box_text);
        return EXIT_USAGE;
    }
    s->dir = common_out_dir(&command, ".");
    if (s->dir == NULL ||
        (s->data_path != NULL && common_check_output(s->dir, "points.csv", s->data_path) != 0))
        return EXIT_DATA;
    return 0;
}

/* One grid: its inputs, its axes and cells, and the --data rows. */
typedef struct grid_job {
    long ix, iy;                 /* the model inputs along the axes */
    long cx, cy;                 /* their columns in the --data table */
    double *fixed;               /* every input's value off the axes, in data units */
    tnn_real *fixed_r;           /* as the model sees them */
    double *x1, *x2, *sx1, *sx2; /* the axes, in data units and as the model sees them */
    size_t n1, n2;
    int32_t *classes;
    tnn_real *scores;
    void *work;
    size_t work_size;
    csv_table t;
} grid_job;

static void job_free(grid_job *j)
{
    free(j->fixed);
    free(j->fixed_r);
    free(j->x1);
    free(j->x2);
    free(j->sx1);
    free(j->sx2);
    free(j->classes);
    free(j->scores);
    free(j->work);
    csv_table_free(&j->t);
}

/* The two inputs of the axes and the values of the others. 0, or -1
 * (reported). */
static int choose_inputs(const grid_settings *s, const model_columns *mc, grid_job *j)
{
    const size_t d = mc->n_features;
    j->ix = feature_index(mc, s->xname, "x");
    j->iy = feature_index(mc, s->yname, "y");
    if (j->ix < 0 || j->iy < 0)
        return -1;
    if (j->ix == j->iy) {
        diag("--x and --y: expected two different inputs, found '%s' twice", s->xname);
        return -1;
    }
    if ((j->fixed = common_alloc(d * sizeof *j->fixed)) == NULL ||
        (j->fixed_r = common_alloc(d * sizeof *j->fixed_r)) == NULL)
        return -1;
    memcpy(j->fixed, mc->mean, d * sizeof *j->fixed);
    const char *v = args_get(&command, "at");
    return v != NULL && parse_at(mc, v, j->fixed) != 0 ? -1 : 0;
}

/* The --data rows, and the box from them unless --box gave it. 0, or -1
 * (reported). */
static int load_data(grid_settings *s, grid_job *j)
{
    j->cx = j->cy = -1;
    if (s->data_path == NULL)
        return 0;
    if (input_load_csv(s->data_path, &s->limits, &j->t) != 0 ||
        (j->cx = input_require_option_column(s->data_path, &j->t, s->xname, "the --x input")) < 0 ||
        (j->cy = input_require_option_column(s->data_path, &j->t, s->yname, "the --y input")) < 0 ||
        input_require_numbers(s->data_path, &j->t, (size_t)j->cx) != 0 ||
        input_require_numbers(s->data_path, &j->t, (size_t)j->cy) != 0)
        return -1;
    if (s->box_text == NULL)
        grid_data_box(&j->t, (size_t)j->cx, (size_t)j->cy, s->box);
    return 0;
}

/* The classes and scores of every cell. 0, or -1 (reported). */
static int sample(const grid_settings *s, const cli_model *m, grid_job *j)
{
    const model_columns *mc = &m->cols;
    const size_t d = mc->n_features;
    /* the model sees standardised inputs: map axes and fixed values */
    if ((j->x1 = grid_axis(s->box[0], s->box[1], s->size, &j->n1)) == NULL ||
        (j->x2 = grid_axis(s->box[2], s->box[3], s->size, &j->n2)) == NULL ||
        (j->sx1 = grid_model_axis(j->x1, j->n1, mc->standardized, mc->mean[j->ix],
                                  mc->scale[j->ix])) == NULL ||
        (j->sx2 = grid_model_axis(j->x2, j->n2, mc->standardized, mc->mean[j->iy],
                                  mc->scale[j->iy])) == NULL)
        return -1;
    for (size_t i = 0; i < d; i++)
        j->fixed_r[i] = (tnn_real)(mc->standardized ? (j->fixed[i] - mc->mean[i]) / mc->scale[i]
                                                    : j->fixed[i]);
    const size_t cells = j->n1 * j->n2;
    if ((j->work = common_grid_work(m->model, &j->work_size)) == NULL ||
        (j->classes = common_alloc(cells * sizeof *j->classes)) == NULL ||
        (j->scores = common_alloc(cells * sizeof *j->scores)) == NULL)
        return -1;
    tnn_grid_slice slice = {sizeof slice, (size_t)j->ix, (size_t)j->iy, j->fixed_r, d};
    tnn_status st = tnn_grid_sample(m->model, j->sx1, j->n1, j->sx2, j->n2, &slice, j->classes,
                                    j->scores, cells, j->work, j->work_size);
    if (st != TNN_OK) {
        diag_status("sampling the grid", st);
        return -1;
    }
    return 0;
}

/* held.csv (input,value): the inputs off the axes and the values they are
 * held at, so that a picture of the grid can say so. Written also when
 * there are none, to replace an earlier grid's. 0, or -1 (reported). */
static int write_held(const char *dir, const model_columns *mc, const grid_job *j)
{
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "held.csv") != 0 || (f = output_open(path)) == NULL)
        return -1;
    fputs("input,value\n", f);
    for (size_t i = 0; i < mc->n_features; i++) {
        if ((long)i == j->ix || (long)i == j->iy)
            continue;
        output_text(f, mc->features[i]);
        fputc(',', f);
        output_row(f, &j->fixed[i], 1);
    }
    return 0;
}

/* grid.csv, held.csv, labels.csv (classifiers) and points.csv (--data). 0,
 * or -1 (reported). */
static int write_grid(const grid_settings *s, const cli_model *m, const grid_job *j)
{
    const int classifier = columns_is_classifier(&m->cols);
    if (grid_write(s->dir, "grid.csv", j->x1, j->n1, j->x2, j->n2,
                   classifier ? j->classes : NULL, j->scores, &m->cols, 0) != 0 ||
        write_held(s->dir, &m->cols, j) != 0 ||
        (classifier && grid_write_labels(s->dir, m->cols.classes, m->cols.n_classes) != 0))
        return -1;
    if (s->data_path != NULL &&
        write_points(s->dir, s->data_path, m, &j->t, (size_t)j->cx, (size_t)j->cy) != 0)
        return -1;
    return 0;
}

static void report(const grid_settings *s, const model_columns *mc, const grid_job *j)
{
    const size_t d = mc->n_features, cells = j->n1 * j->n2;
    const int classifier = columns_is_classifier(mc);
    char box[4][NUMBER_TEXT_SIZE], held[NUMBER_TEXT_SIZE];
    for (int k = 0; k < 4; k++)
        number_text(s->box[k], box[k]);
    output_report("grid: %zu x %zu cells, %s from %s to %s, %s from %s to %s\n", j->n1, j->n2,
                  s->xname, box[0], box[1], s->yname, box[2], box[3]);
    if (d > 2) {
        output_report("other inputs held at:");
        for (size_t i = 0; i < d; i++)
            if ((long)i != j->ix && (long)i != j->iy) {
                number_text(j->fixed[i], held);
                output_report(" %s=%s", mc->features[i], held);
            }
        output_report("\n");
    }
    if (classifier) {
        output_report("share of the grid per class:");
        for (size_t k = 0; k < mc->n_classes; k++) {
            size_t count = 0;
            for (size_t c = 0; c < cells; c++)
                count += j->classes[c] == (int32_t)k;
            output_report(" %s %.1f%%", mc->classes[k], 100.0 * (double)count / (double)cells);
        }
        output_report("\n");
    }
    output_report("wrote: %s/grid.csv, held.csv%s%s\n", s->dir,
                  classifier ? ", labels.csv" : "", s->data_path != NULL ? ", points.csv" : "");
}

static int run_grid(const char *model_path)
{
    grid_settings s;
    int rc = parse_settings(&s);
    if (rc != 0)
        return rc;
    cli_model m;
    if (model_io_load(model_path, &m) != 0)
        return EXIT_DATA;
    /* the other outputs, now that the model's files are known inputs */
    if (common_check_output(s.dir, "grid.csv", NULL) != 0 ||
        common_check_output(s.dir, "held.csv", NULL) != 0 ||
        (columns_is_classifier(&m.cols) && common_check_output(s.dir, "labels.csv", NULL) != 0)) {
        model_io_free(&m);
        return EXIT_DATA;
    }
    grid_job j;
    memset(&j, 0, sizeof j);
    rc = choose_inputs(&s, &m.cols, &j) != 0 ? EXIT_USAGE : EXIT_DATA;
    if (rc == EXIT_DATA && load_data(&s, &j) == 0 && sample(&s, &m, &j) == 0 &&
        write_grid(&s, &m, &j) == 0) {
        report(&s, &m.cols, &j);
        rc = 0;
    }
    job_free(&j);
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
