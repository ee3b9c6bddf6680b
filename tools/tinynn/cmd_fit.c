/* tinynn fit: trains a network on a CSV file and writes the model, its
 * columns file and MODEL.history.csv. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "baseline.h"
#include "columns.h"
#include "commands.h"
#include "data_options.h"
#include "diag.h"
#include "fit_outputs.h"
#include "fit_stopping.h"
#include "grid_common.h"
#include "input.h"
#include "layer_spec.h"
#include "model_io.h"
#include "output.h"
#include "progress.h"
#include "save_split.h"
#include "targets.h"

static arg_option options[] = {
    {"target", "COLUMN", "the column to predict (required)", NULL},
    {"layers", "SPEC", "layers [dense:]UNITS:ACTIVATION,..., e.g. 8:relu,3:softmax (required)",
     NULL},
    {"model", "OUT.tnn", "model file to write (required); also writes OUT.tnn.columns", NULL},
    {"features", "A,B,...", "input columns (default: every column but the target)", NULL},
    {"loss", "bce|cce|mse", "default: bce for a sigmoid output, cce for softmax, else mse", NULL},
    {"epochs", "N", "passes over the training rows (default 200)", NULL},
    {"batch", "B", "rows per step, 0 for all (default 0: full batch, as the article)", NULL},
    {"optimizer", "adam|sgd|lbfgs", "default adam (Keras's settings)", NULL},
    {"lr", "X", "learning rate (default: adam 0.001, sgd 0.01)", NULL},
    {"seed", "S", "seeds the split, the initial weights and the shuffling (default 0)", NULL},
    {"no-standardize", NULL,
     "feed the inputs, and a regression target, as they are (default: standardised with "
     "the training rows' mean and deviation)",
     NULL},
    {"standardize", NULL, "the default; accepted so that older command lines still run", NULL},
    {"validation-split", "F",
     "hold out a fraction F of the rows, drawn as scikit-learn's "
     "train_test_split(test_size=F, random_state=S) (default 0)",
     NULL},
    {"save-split", "DIR",
     "with --validation-split: write the held-out and training rows, as in "
     "DATA.csv, to DIR/test.csv and DIR/train.csv",
     NULL},
    {"l2", "LAMBDA",
     "adds LAMBDA * the sum of the squared kernel weights (not biases) to the loss, as "
     "Keras's kernel_regularizer=l2(LAMBDA) on every layer (default 0)",
     NULL},
    {"early-stopping", "PATIENCE",
     "stop once the monitored loss has not improved for PATIENCE epochs (Keras's "
     "EarlyStopping); by default the model keeps the best epoch's weights",
     NULL},
    {"monitor", "loss|val_loss",
     "what --early-stopping watches (default: val_loss with a validation split, else loss)", NULL},
    {"min-delta", "X", "--early-stopping: an improvement must exceed X (default 0)", NULL},
    {"no-restore-best", NULL,
     "--early-stopping: keep the last epoch's weights instead of the best epoch's", NULL},
    {"out", "DIR", "folder for NAME.history.csv (default: the model's folder)", NULL},
    {"snapshots", "N",
     "also record the class grid every N epochs in DIR/NAME.frames/ (a classifier "
     "of two input columns; 'tinynn plot DIR' animates it)",
     NULL},
    {"snapshot-size", "S", "cells per axis of those grids, as grid's --size (default 100)", NULL},
    {"max-input", "BYTES", "largest CSV file to read (default 1G)", NULL},
    DATA_OPTION_IGNORE,
    DATA_OPTION_ID,
    DATA_OPTION_DELIMITER,
    DATA_OPTION_MISSING,
    {"quiet", NULL, "no progress on stderr (a terminal's line, a log's line every 5 s)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "fit",
    "DATA.csv --target COLUMN --layers SPEC --model OUT.tnn [options]",
    "Trains a dense network on the rows of DATA.csv (a CSV file with a header row)\n"
    "to predict column COLUMN from the other columns (or --features), then writes\n"
    "the model file OUT.tnn, its columns file OUT.tnn.columns (feature names,\n"
    "standardisation, class names, the model file's checksum) and\n"
    "NAME.history.csv, NAME being the model file's name without its extension\n"
    "(epoch,loss,accuracy or epoch,loss,mse; with a validation split also\n"
    "val_loss,val_accuracy; with --early-stopping also saved, 1 on the epoch\n"
    "whose weights were saved). A text target column is mapped to classes in sorted\n"
    "order. Inputs are standardised with the training rows' mean and population\n"
    "deviation; so is a regression target for a linear output layer, and every\n"
    "output (predictions, history's loss and mse, reports) is given back in the\n"
    "target's units. It warns when the result is no better than always\n"
    "predicting the training rows' majority class (or mean).\n"
    "DATA.csv may be - (standard input).\n"
    "With --snapshots N (a classifier of two input columns) it also watches the\n"
    "model learn: the class grid over the two inputs, as 'tinynn grid --data\n"
    "DATA.csv --size S' draws it, at the initial weights, every N epochs and at\n"
    "the end, in DIR/NAME.frames/: grid_EEEE.csv (after EEEE epochs), index.csv\n"
    "(epoch,loss,accuracy at those weights on the training rows), points.csv\n"
    "and labels.csv. 'tinynn plot DIR' renders them as NAME.regions.gif.",
    1,
    options,
};

/* Most snapshots one run may record. */
#define SNAPSHOTS_MAX 1000

/* Training snapshots (--snapshots N): the class grid over the two inputs
 * after epoch 0, every N epochs and the last, in DIR/NAME.frames/, the layout
 * of the examples' frames/ (examples/README.md, "Training snapshots"). */
typedef struct snapshots {
    size_t every;      /* N; 0: no snapshots */
    char dir[4096];    /* DIR/NAME.frames */
    double *x1, *x2;   /* the axes, in data units */
    double *sx1, *sx2; /* as the model sees them */
    size_t n1, n2;
    int32_t *classes;
    void *work;
    size_t work_size;
    FILE *index; /* index.csv, pending until the command succeeds */
    size_t taken, last_epoch;
} snapshots;

/* Everything one training run needs, freed by run_free. */
typedef struct fit_run {
    csv_table table;
    targets tg;
    size_t n_features;
    size_t *feature_cols;
    size_t n_train, n_val;
    tnn_real *xr_train, *xr_val, *y_train, *y_val; /* model inputs and targets */
    double *mean, *scale;
    int target_standardized;          /* regression: y_train, y_val are (y - mean) / scale */
    double target_mean, target_scale; /* 0 and 1 otherwise */
    tnn_model *model;
    tnn_rng *rng;
    tnn_optimizer *opt;
    void *fit_work, *eval_work;
    size_t eval_work_size;
    double *hist[4]; /* loss, metric, val_loss, val_metric */
    snapshots snap;
} fit_run;

static void run_free(fit_run *r)
{
    csv_table_free(&r->table);
    targets_free(&r->tg);
    free(r->feature_cols);
    free(r->xr_train);
    free(r->xr_val);
    free(r->y_train);
    free(r->y_val);
    free(r->mean);
    free(r->scale);
    tnn_model_free(r->model);
    tnn_rng_free(r->rng);
    tnn_optimizer_free(r->opt);
    free(r->fit_work);
    free(r->eval_work);
    for (int i = 0; i < 4; i++)
        free(r->hist[i]);
    free(r->snap.x1);
    free(r->snap.x2);
    free(r->snap.sx1);
    free(r->snap.sx2);
    free(r->snap.classes);
    free(r->snap.work);
}

/* The columns named by --features A,B,... into r->feature_cols. 0, or -1
 * (reported). */
static int choose_listed(const char *path, fit_run *r, size_t target, const char *list)
{
    const csv_table *t = &r->table;
    unsigned char *listed = calloc(t->n_cols, 1); /* a list may be long: no quadratic check */
    char *name = malloc(strlen(list) + 1);
    int rc = listed != NULL && name != NULL ? 0 : -1;
    if (rc != 0)
        diag("out of memory");
    for (const char *p = list; rc == 0;) {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        memcpy(name, p, len);
        name[len] = '\0';
        long c = input_require_option_column(path, t, name, "named by --features");
        if (c < 0) {
            rc = -1;
        } else if (listed[c]) {
            diag_usage("--features: '%s' is listed twice", name);
            rc = -1;
        } else if ((size_t)c == target) {
            diag_usage("--features: '%s' is the target column", name);
            rc = -1;
        } else {
            listed[c] = 1;
            r->feature_cols[r->n_features++] = (size_t)c;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    free(listed);
    free(name);
    return rc;
}

/* The feature columns: --features, or every column but the target, the
 * id and --ignore's. */
static int choose_features(const char *path, fit_run *r, size_t target, const data_options *o)
{
    const csv_table *t = &r->table;
    const char *list = args_get(&command, "features");
    r->feature_cols = common_alloc(t->n_cols * sizeof *r->feature_cols);
    if (r->feature_cols == NULL)
        return -1;
    if (list == NULL) {
        for (size_t c = 0; c < t->n_cols; c++)
            if (c != target && !data_not_a_feature(o, t->cols[c].name))
                r->feature_cols[r->n_features++] = c;
    } else if (choose_listed(path, r, target, list) != 0) {
        return -1;
    }
    if (r->n_features == 0) {
        diag("%s: expected at least one feature column besides the target '%s'", path,
             t->cols[target].name);
        return -1;
    }
    for (size_t i = 0; i < r->n_features; i++)
        if (input_require_numbers(path, t, r->feature_cols[i]) != 0)
            return -1;
    return 0;
}

/* Checks that loss, last layer and target agree; reports what to change. */
static int check_task(const tnn_layer_spec *last, tnn_loss loss, const targets *tg,
                      const char *target)
{
    tnn_status st = tnn_loss_supported(loss, last->activation);
    if (st != TNN_OK) {
        diag_usage("--loss %s cannot train a %s output layer: expected bce with sigmoid, cce with "
                   "softmax, mse with linear, relu, tanh or sigmoid",
                   tnn_loss_name(loss), tnn_activation_name(last->activation));
        return -1;
    }
    switch (loss) {
    case TNN_LOSS_MSE:
        if (last->units == 1)
            return 0;
        diag_usage("--loss mse: expected one output unit for the one target column, found %zu",
                   last->units);
        return -1;
    case TNN_LOSS_BCE:
        if (last->units == 1 && tg->n_classes == 2)
            return 0;
        diag_usage("--loss bce: expected one output unit and a target with 2 classes; '%s' has %zu "
                   "class%s and the last layer %zu unit%s",
                   target, tg->n_classes, tg->n_classes == 1 ? "" : "es", last->units,
                   last->units == 1 ? "" : "s");
        return -1;
    case TNN_LOSS_CCE:
        if (last->units == tg->n_classes)
            return 0;
        diag_usage("--loss cce: expected one output unit per class; '%s' has %zu class%s but the "
                   "last layer has %zu unit%s (try --layers ...,%zu:softmax)",
                   target, tg->n_classes, tg->n_classes == 1 ? "" : "es", last->units,
                   last->units == 1 ? "" : "s", tg->n_classes);
        return -1;
    }
    return -1;
}

/* Rows of the training and validation parts, as scikit-learn's
 * train_test_split(test_size=F, random_state=seed, shuffle=True) draws them:
 * perm = RandomState(seed).permutation(n); validation = perm[:ceil(F n)],
 * training = perm[ceil(F n):]. Without a split: every row, in file order. */
static int split_rows(fit_run *r, double fraction, uint32_t seed, size_t **order)
{
    const size_t n = r->table.n_rows;
    size_t *perm = common_alloc(n * sizeof *perm);
    if (perm == NULL)
        return -1;
    r->n_val = fraction > 0 ? (size_t)ceil(fraction * (double)n) : 0;
    if (r->n_val == 0) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
    } else {
        tnn_rng *rng;
        tnn_status st = tnn_rng_new(&rng, seed, NULL);
        if (st == TNN_OK)
            st = tnn_rng_permutation(rng, perm, n);
        tnn_rng_free(rng);
        if (st != TNN_OK) {
            diag_status("drawing the validation split", st);
            free(perm);
            return -1;
        }
    }
    if (r->n_val >= n) {
        diag("--validation-split %g leaves no training rows out of %zu", fraction, n);
        free(perm);
        return -1;
    }
    r->n_train = n - r->n_val;
    *order = perm;
    return 0;
}

/* The model targets of the rows listed in idx. */
static int gather_targets(const fit_run *r, const size_t *idx, size_t n, tnn_loss loss,
                          size_t n_out, tnn_real **y)
{
    if ((*y = common_alloc(n * n_out * sizeof **y)) == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        double v = r->tg.y[idx[i]];
        switch (loss) {
        case TNN_LOSS_MSE: (*y)[i] = (tnn_real)((v - r->target_mean) / r->target_scale); break;
        case TNN_LOSS_BCE: (*y)[i] = (tnn_real)v; break;
        case TNN_LOSS_CCE: /* one-hot */
            for (size_t k = 0; k < n_out; k++)
                (*y)[i * n_out + k] = (tnn_real)((size_t)v == k);
            break;
        }
    }
    return 0;
}

/* Feature columns j0 .. j0 + w - 1 of the rows listed in idx, as doubles. */
static void gather_block(const fit_run *r, const size_t *idx, size_t n, size_t j0, size_t w,
                         double *x)
{
    const csv_table *t = &r->table;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < w; j++)
            x[i * w + j] = t->values[idx[i] * t->n_cols + r->feature_cols[j0 + j]];
}

/* Block columns j0 .. j0 + w - 1 of x (doubles), standardised if asked,
 * into their places in the model inputs out (n rows of d). */
static tnn_status place_block(const fit_run *r, double *x, size_t n, size_t j0, size_t w,
                              int standardize, tnn_real *out)
{
    tnn_status st = TNN_OK;
    if (standardize)
        st = tnn_scaler_transform(r->mean + j0, r->scale + j0, x, n, w, x);
    for (size_t i = 0; i < n && st == TNN_OK; i++)
        for (size_t j = 0; j < w; j++)
            out[i * r->n_features + j0 + j] = (tnn_real)x[i * w + j];
    return st;
}

/* Doubles a block of columns may hold: 8 MiB, so that the scaler's input
 * never doubles the memory of the table (a file of many columns). */
#define BLOCK_VALUES ((size_t)1 << 20)

/* The model inputs (xr_train, xr_val) and the training rows' mean and
 * deviation of every feature. The scaler works on doubles; it sees the
 * features a block of columns at a time, which gives every column the
 * numbers the whole matrix would (its sums run down each column alone;
 * only a lone column is summed another way, so no block is one column
 * unless the matrix is). 0, or -1 (reported). */
static int prepare_inputs(fit_run *r, const size_t *order, int standardize)
{
    const size_t d = r->n_features, n_train = r->n_train, n_val = r->n_val;
    const size_t *train = order + n_val, *val = order;
    size_t width = BLOCK_VALUES / (n_train > n_val ? n_train : n_val);
    if (width < 2)
        width = 2;
    if (width > d)
        width = d;
    double *x = common_alloc((n_train > n_val ? n_train : n_val) * width * sizeof *x);
    r->mean = common_alloc(d * sizeof *r->mean);
    r->scale = common_alloc(d * sizeof *r->scale);
    r->xr_train = common_alloc(n_train * d * sizeof *r->xr_train);
    if (n_val > 0)
        r->xr_val = common_alloc(n_val * d * sizeof *r->xr_val);
    if (x == NULL || r->mean == NULL || r->scale == NULL || r->xr_train == NULL ||
        (n_val > 0 && r->xr_val == NULL)) {
        free(x);
        return -1;
    }
    tnn_status st = TNN_OK;
    for (size_t j0 = 0; j0 < d && st == TNN_OK; j0 += width) {
        if (d - j0 < width)
            j0 = d - width; /* the last block: as wide as the others, overlapping */
        gather_block(r, train, n_train, j0, width, x);
        st = tnn_scaler_fit(x, n_train, width, r->mean + j0, r->scale + j0);
        if (st == TNN_OK)
            st = place_block(r, x, n_train, j0, width, standardize, r->xr_train);
        if (st == TNN_OK && n_val > 0) {
            gather_block(r, val, n_val, j0, width, x);
            st = place_block(r, x, n_val, j0, width, standardize, r->xr_val);
        }
    }
    free(x);
    if (st != TNN_OK) {
        diag_status("standardising the features", st);
        return -1;
    }
    return 0;
}

/* A regression target for a linear output is standardised with the
 * training rows' mean and population deviation, as the inputs: a target in
 * the hundreds is out of reach of Keras's initial weights at adam's default
 * rate. A bounded output (sigmoid, tanh, relu) keeps the target's own
 * range. 0, or -1 (reported). */
static int scale_target(fit_run *r, const size_t *train, tnn_loss loss, tnn_activation output,
                        int standardize)
{
    r->target_mean = 0;
    r->target_scale = 1;
    if (!standardize || loss != TNN_LOSS_MSE || output != TNN_ACT_LINEAR)
        return 0;
    double *y = common_alloc(r->n_train * sizeof *y);
    if (y == NULL)
        return -1;
    for (size_t i = 0; i < r->n_train; i++)
        y[i] = r->tg.y[train[i]];
    tnn_status st = tnn_scaler_fit(y, r->n_train, 1, &r->target_mean, &r->target_scale);
    free(y);
    if (st != TNN_OK) {
        diag_status("standardising the target", st);
        return -1;
    }
    r->target_standardized = 1;
    return 0;
}

/* A mean squared error of the standardised target in the target's units. */
static double in_target_units(const fit_run *r, double squared_error)
{
    return squared_error * r->target_scale * r->target_scale;
}

/* The recorded losses and mse of a regression in the target's units, for
 * history.csv and the reports. */
static void histories_in_target_units(fit_run *r, tnn_loss loss, size_t epochs)
{
    const int recorded = r->n_val > 0 ? 4 : 2;
    for (int k = 0; k < recorded && loss == TNN_LOSS_MSE; k++)
        for (size_t e = 0; e < epochs; e++)
            r->hist[k][e] = in_target_units(r, r->hist[k][e]);
}

/* --snapshots N and --snapshot-size S. 0, or -1 (reported). */
static int parse_snapshots(size_t epochs, size_t *every, size_t *size)
{
    const char *v = args_get(&command, "snapshots"), *sz = args_get(&command, "snapshot-size");
    *every = 0;
    *size = 100;
    if (v == NULL) {
        if (sz != NULL) {
            diag("--snapshot-size: expected --snapshots N too");
            return -1;
        }
        return 0;
    }
    if (args_size("snapshots", v, 1, epochs, every) != 0 ||
        (sz != NULL && args_size("snapshot-size", sz, 2, 1000, size) != 0))
        return -1;
    if (epochs / *every > SNAPSHOTS_MAX) {
        diag("--snapshots %zu: %zu epochs would give %zu snapshots, at most %d are allowed: "
             "expected N of at least %zu",
             *every, epochs, epochs / *every, SNAPSHOTS_MAX, epochs / (SNAPSHOTS_MAX + 1) + 1);
        return -1;
    }
    return 0;
}

/* Whether the task can have snapshots: a classifier of two inputs. */
static int check_snapshots(const fit_run *r, tnn_loss loss)
{
    if (!columns_loss_classifies(loss)) {
        diag_usage("--snapshots: expected a classifier (loss bce or cce): the snapshots are class "
                   "grids");
        return -1;
    }
    if (r->n_features != 2) {
        diag_usage("--snapshots: expected two input columns for the class grid, found %zu (choose "
                   "two with --features A,B)",
                   r->n_features);
        return -1;
    }
    return 0;
}

/* DIR/NAME.frames: the axes (as 'tinynn grid --data' over all rows of the
 * data file), points.csv, labels.csv and the pending index.csv. */
static int snapshots_start(fit_run *r, const char *frames, int standardized, size_t size)
{
    snapshots *s = &r->snap;
    const size_t cx = r->feature_cols[0], cy = r->feature_cols[1];
    double box[4];
    grid_data_box(&r->table, cx, cy, box);
    snprintf(s->dir, sizeof s->dir, "%s", frames);
    if (output_make_dir(s->dir) != 0) /* removed again (if empty) when the run fails */
        return -1;
    if ((s->x1 = grid_axis(box[0], box[1], size, &s->n1)) == NULL ||
        (s->x2 = grid_axis(box[2], box[3], size, &s->n2)) == NULL ||
        (s->sx1 = grid_model_axis(s->x1, s->n1, standardized, r->mean[0], r->scale[0])) == NULL ||
        (s->sx2 = grid_model_axis(s->x2, s->n2, standardized, r->mean[1], r->scale[1])) == NULL ||
        (s->classes = common_alloc(s->n1 * s->n2 * sizeof *s->classes)) == NULL)
        return -1;
    if ((s->work = common_grid_work(r->model, &s->work_size)) == NULL)
        return -1;

    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, s->dir, "points.csv") != 0 ||
        (f = output_open(path)) == NULL)
        return -1;
    output_text(f, r->table.cols[cx].name);
    fputc(',', f);
    output_text(f, r->table.cols[cy].name);
    fputs(",y\n", f);
    for (size_t i = 0; i < r->table.n_rows; i++) {
        const double *row = r->table.values + i * r->table.n_cols;
        double v[3] = {row[cx], row[cy], r->tg.y[i]};
        output_row(f, v, 3);
    }
    if (output_close(f) != 0 || grid_write_labels(s->dir, r->tg.class_names, r->tg.n_classes) != 0)
        return -1;
    if (output_join(path, sizeof path, s->dir, "index.csv") != 0 ||
        (s->index = output_open(path)) == NULL)
        return -1;
    fputs("epoch,loss,accuracy\n", s->index);
    return 0;
}

/* The snapshot after `epoch` epochs: grid_EEEE.csv and a row of index.csv
 * (loss and accuracy at the current weights on the training rows). Reads
 * the model only. 0, -1 (reported), or -2 when the weights are no longer
 * finite (not reported: training diverged). */
static int snapshot_take(fit_run *r, tnn_loss loss, tnn_metric metric, size_t epoch)
{
    snapshots *s = &r->snap;
    double row[3] = {(double)epoch, 0, 0};
    tnn_status st = tnn_evaluate(r->model, loss, metric, r->xr_train, r->y_train, r->n_train,
                                 &row[1], &row[2], r->eval_work, r->eval_work_size);
    if (st == TNN_OK)
        st = tnn_grid_sample(r->model, s->sx1, s->n1, s->sx2, s->n2, NULL, s->classes, NULL,
                             s->n1 * s->n2, s->work, s->work_size);
    if (st == TNN_E_NON_FINITE)
        return -2;
    if (st != TNN_OK) {
        diag_status("snapshot of the class grid", st);
        return -1;
    }
    char name[64];
    snprintf(name, sizeof name, "grid_%04zu.csv", epoch);
    if (grid_write(s->dir, name, s->x1, s->n1, s->x2, s->n2, s->classes, NULL, NULL, 1) != 0)
        return -1;
    output_row(s->index, row, 3);
    s->taken++;
    s->last_epoch = epoch;
    return 0;
}

/* snapshot_take outside training, where weights that are not finite are an error. */
static int snapshot_checked(fit_run *r, tnn_loss loss, tnn_metric metric, size_t epoch)
{
    int rc = snapshot_take(r, loss, metric, epoch);
    if (rc == -2)
        diag_status("snapshot of the class grid", TNN_E_NON_FINITE);
    return rc;
}

typedef struct epoch_watch {
    fit_run *run;
    tnn_loss loss;
    tnn_metric metric;
    progress bar;
    int snapshot_failed;
    size_t diverged_after; /* epochs after which the weights were not finite; 0: never */
} epoch_watch;

/* After each epoch (tnn_fit has evaluated the validation rows): the
 * snapshot when one is due, and the progress line. */
static int on_epoch(void *ctx, size_t epoch, double loss, double metric)
{
    epoch_watch *w = ctx;
    fit_run *r = w->run;
    if (r->snap.every > 0 && (epoch + 1) % r->snap.every == 0) {
        int rc = snapshot_take(r, w->loss, w->metric, epoch + 1);
        if (rc == -2)
            w->diverged_after = epoch + 1;
        else if (rc != 0)
            w->snapshot_failed = 1;
        if (rc != 0)
            return 1;
    }
    if (w->loss == TNN_LOSS_MSE) {
        loss = in_target_units(r, loss);
        metric = in_target_units(r, metric);
    }
    progress_update(&w->bar, epoch + 1, loss, metric);
    return 0;
}

/* NAME.history.csv; saved: the row (0-based) of the epoch whose weights
 * were saved, marked in a last column; SIZE_MAX for none. */
static int write_history(const char *path, const fit_run *r, const char *metric_name,
                         size_t epochs, size_t saved)
{
    FILE *f = output_open(path);
    if (f == NULL)
        return -1;
    fprintf(f, "epoch,loss,%s", metric_name);
    if (r->n_val > 0)
        fprintf(f, ",val_loss,val_%s", metric_name);
    fputs(saved != SIZE_MAX ? ",saved\n" : "\n", f);
    for (size_t e = 0; e < epochs; e++) {
        double row[6] = {(double)(e + 1), r->hist[0][e], r->hist[1][e], 0, 0, 0};
        size_t n = 3;
        if (r->n_val > 0) {
            row[3] = r->hist[2][e];
            row[4] = r->hist[3][e];
            n = 5;
        }
        if (saved != SIZE_MAX)
            row[n++] = e == saved;
        output_row(f, row, n);
    }
    return 0;
}

/* The columns file contents of this run. It borrows the names, means and
 * deviations of the run (a wide file has many): free it with
 * release_columns, not columns_free. */
static int build_columns(const fit_run *r, tnn_loss loss, int standardized, size_t target,
                         model_columns *mc)
{
    memset(mc, 0, sizeof *mc);
    mc->loss = loss;
    mc->standardized = standardized;
    mc->n_features = r->n_features;
    if ((mc->features = common_alloc(r->n_features * sizeof *mc->features)) == NULL)
        return -1;
    for (size_t i = 0; i < r->n_features; i++)
        mc->features[i] = r->table.cols[r->feature_cols[i]].name;
    mc->mean = r->mean;
    mc->scale = r->scale;
    mc->target = r->table.cols[target].name;
    mc->n_classes = r->tg.n_classes;
    mc->classes = r->tg.class_names;
    mc->target_standardized = r->target_standardized;
    mc->target_mean = r->target_mean;
    mc->target_scale = r->target_scale;
    return 0;
}

static void release_columns(model_columns *mc)
{
    free(mc->features);
    memset(mc, 0, sizeof *mc);
}

/* Before a long training: can the model, its columns file and
 * NAME.history.csv be written? (They are still written all or nothing at
 * the end.) */
static int check_outputs(const char *model_path, const char *history)
{
    char *cpath = columns_path(model_path);
    if (cpath == NULL) {
        diag("out of memory");
        return -1;
    }
    int bad = output_check(model_path) != 0 || output_check(cpath) != 0 ||
              output_check(history) != 0;
    free(cpath);
    return bad ? -1 : 0;
}


/* The command line of one run, checked. */
typedef struct fit_settings {
    tnn_layer_spec layers[LAYER_SPEC_MAX_LAYERS];
    size_t n_layers, epochs, batch, snap_every, snap_size;
    tnn_loss loss;
    tnn_optimizer_kind kind;
    uint32_t seed;
    double fraction;
    csv_limits limits;
    data_options data; /* limits, and how to read the data */
    const char *model_path, *target_name, *out_dir;
    int standardize, quiet;
    fit_stopping stopping;
    char model_dir[4096]; /* the default of out_dir */
    char history[4096];   /* out_dir/NAME.history.csv */
    char frames[4096];    /* out_dir/NAME.frames */
} fit_settings;

/* The loss a model with this output activation trains with by default. */
static tnn_loss default_loss(tnn_activation output)
{
    switch (output) {
    case TNN_ACT_SIGMOID: return TNN_LOSS_BCE;
    case TNN_ACT_SOFTMAX: return TNN_LOSS_CCE;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: return TNN_LOSS_MSE;
    }
    return TNN_LOSS_MSE;
}

/* Whether the optimizer steps on all rows at once, with a step length of
 * its own. */
static int full_batch_only(tnn_optimizer_kind kind)
{
    switch (kind) {
    case TNN_OPT_SGD:
    case TNN_OPT_ADAM: return 0;
    case TNN_OPT_LBFGS: return 1;
    }
    return 0;
}

/* --target, --layers, --model and --loss. */
static int parse_task(fit_settings *s)
{
    const char *spec = args_get(&command, "layers");
    s->target_name = args_get(&command, "target");
    s->model_path = args_get(&command, "model");
    if (s->target_name == NULL || spec == NULL || s->model_path == NULL) {
        diag("expected --target COLUMN, --layers SPEC and --model OUT.tnn (try --help)");
        return -1;
    }
    if (s->model_path[0] == '\0') {
        diag("--model: expected a file name");
        return -1;
    }
    if (layer_spec_parse(spec, s->layers, &s->n_layers) != 0)
        return -1;
    s->loss = default_loss(s->layers[s->n_layers - 1].activation);
    const char *v = args_get(&command, "loss");
    if (v != NULL && tnn_loss_from_name(v, &s->loss) != TNN_OK) {
        diag("--loss: expected bce, cce or mse, found '%s'", v);
        return -1;
    }
    return 0;
}

/* --optimizer: a name the library knows, of an optimizer this build has. */
static int parse_optimizer(tnn_optimizer_kind *kind)
{
    const char *v = args_get(&command, "optimizer");
    size_t size;
    *kind = TNN_OPT_ADAM;
    if (v != NULL && (tnn_optimizer_from_name(v, kind) != TNN_OK ||
                      tnn_optimizer_size(*kind, 1, &size) != TNN_OK)) {
        diag("--optimizer: expected adam, sgd%s, found '%s'",
             TNN_HAVE_LBFGS ? " or lbfgs" : " (this build has no L-BFGS)", v);
        return -1;
    }
    return 0;
}

/* --epochs, --batch, --optimizer, --seed and --validation-split. */
static int parse_training(fit_settings *s)
{
    const char *v;
    s->epochs = 200;
    if ((v = args_get(&command, "epochs")) != NULL &&
        args_size("epochs", v, 1, 100000000, &s->epochs) != 0)
        return -1;
    s->batch = 0;
    if ((v = args_get(&command, "batch")) != NULL &&
        args_size("batch", v, 0, 1000000000, &s->batch) != 0)
        return -1;
    if (parse_optimizer(&s->kind) != 0)
        return -1;
    size_t seed = 0;
    if ((v = args_get(&command, "seed")) != NULL &&
        args_size("seed", v, 0, 4294967295u, &seed) != 0)
        return -1;
    s->seed = (uint32_t)seed;
    s->fraction = 0;
    if ((v = args_get(&command, "validation-split")) != NULL) {
        if (args_double("validation-split", v, &s->fraction) != 0)
            return -1;
        if (!(s->fraction >= 0 && s->fraction < 1)) {
            diag("--validation-split: expected a fraction from 0 to below 1, found '%s'", v);
            return -1;
        }
    }
    return 0;
}

/* Every option, and whether the outputs can be written: 0, EXIT_USAGE or
 * EXIT_DATA (reported). */
static int parse_settings(fit_settings *s, const char *data_path)
{
    if (parse_task(s) != 0 || parse_training(s) != 0 ||
        fit_stopping_parse(&command, s->fraction > 0, &s->stopping) != 0 ||
        parse_snapshots(s->epochs, &s->snap_every, &s->snap_size) != 0 ||
        data_options_read(&command, &s->data) != 0)
        return EXIT_USAGE;
    s->limits = s->data.limits;
    s->standardize = args_get(&command, "no-standardize") == NULL;
    s->quiet = args_get(&command, "quiet") != NULL;
    output_folder_of(s->model_path, s->model_dir, sizeof s->model_dir);
    s->out_dir = common_out_dir(&command, s->model_dir);
    if (s->out_dir == NULL ||
        fit_output_path(s->history, sizeof s->history, s->out_dir, s->model_path,
                        FIT_HISTORY_SUFFIX) != 0 ||
        fit_output_path(s->frames, sizeof s->frames, s->out_dir, s->model_path,
                        FIT_FRAMES_SUFFIX) != 0 ||
        check_outputs(s->model_path, s->history) != 0 ||
        save_split_check(args_get(&command, "save-split"), s->fraction, data_path) != 0)
        return EXIT_DATA;
    return 0;
}

static int make_optimizer(fit_run *r, tnn_optimizer_kind kind, size_t batch)
{
    tnn_status st = tnn_optimizer_new(&r->opt, kind, tnn_model_n_params(r->model), NULL);
    if (st != TNN_OK) {
        r->opt = NULL;
        diag_status("creating the optimizer", st);
        return -1;
    }
    const char *v = args_get(&command, "lr");
    if (v != NULL) {
        double lr;
        if (args_double("lr", v, &lr) != 0)
            return -1;
        if (full_batch_only(kind)) {
            diag_usage("--lr: L-BFGS chooses its own step length; leave --lr out");
            return -1;
        }
        if (!(lr > 0) || (st = tnn_optimizer_set(r->opt, TNN_PARAM_LEARNING_RATE, lr)) != TNN_OK) {
            diag_usage("--lr: expected a positive learning rate, found '%s'", v);
            return -1;
        }
    }
    if (full_batch_only(kind) && batch != 0 && batch < r->n_train) {
        diag_usage("--optimizer lbfgs trains on all rows at once: leave --batch out");
        return -1;
    }
    return 0;
}

/* Reads the data file. With --missing drop, the columns whose missing
 * values drop a row are the --features, the target and the id; without
 * --features, every column but --ignore's. 0, or -1 (reported). */
static int load_data(const char *data_path, const fit_settings *s, csv_table *t)
{
    const char *listed = args_get(&command, "features");
    if (listed == NULL)
        return input_load_data(data_path, &s->data, NULL, 0, t);
    char **names, **used = NULL;
    size_t n = 0;
    if (data_split_list("features", listed, &names, &n) != 0)
        return -1;
    if ((used = common_alloc((n + 2) * sizeof *used)) != NULL) {
        memcpy(used, names, n * sizeof *used);
        used[n++] = (char *)s->target_name;
        if (s->data.id != NULL)
            used[n++] = (char *)s->data.id;
    }
    int rc = used != NULL ? input_load_data(data_path, &s->data, used, n, t) : -1;
    free(used);
    free(names);
    return rc;
}

/* The data file's table, features and targets, checked against the task,
 * and the order of the rows (validation rows first). 0, or -1 (reported). */
static int load_task(const char *data_path, const fit_settings *s, fit_run *r, size_t *target,
                     size_t **order)
{
    if (load_data(data_path, s, &r->table) != 0)
        return -1;
    long t = input_require_option_column(data_path, &r->table, s->target_name, "the --target");
    if (t < 0 || choose_features(data_path, r, (size_t)t, &s->data) != 0)
        return -1;
    *target = (size_t)t;
    if (columns_loss_classifies(s->loss) ? targets_classes(data_path, &r->table, *target, &r->tg)
                                         : targets_values(data_path, &r->table, *target, &r->tg))
        return -1;
    if (check_task(&s->layers[s->n_layers - 1], s->loss, &r->tg, s->target_name) != 0 ||
        (s->snap_every > 0 && check_snapshots(r, s->loss) != 0) ||
        split_rows(r, s->fraction, s->seed, order) != 0 ||
        save_split_write(args_get(&command, "save-split"), data_path, &s->limits, &r->table,
                         *order, r->n_val) != 0)
        return -1;
    /* the row lines only served the messages about the data */
    free(r->table.row_lines);
    r->table.row_lines = NULL;
    return 0;
}

/* The model inputs and targets of the training and validation rows; frees
 * what only served to make them. 0, or -1 (reported). */
static int prepare_data(const fit_settings *s, fit_run *r, size_t **order)
{
    const size_t n_out = s->layers[s->n_layers - 1].units;
    if (prepare_inputs(r, *order, s->standardize) != 0)
        return -1;
    if (s->snap_every == 0) { /* the cells are in the model inputs now (snapshots draw them) */
        free(r->table.values);
        r->table.values = NULL;
    }
    if (scale_target(r, *order + r->n_val, s->loss, s->layers[s->n_layers - 1].activation,
                     s->standardize) != 0 ||
        gather_targets(r, *order + r->n_val, r->n_train, s->loss, n_out, &r->y_train) != 0 ||
        (r->n_val > 0 && gather_targets(r, *order, r->n_val, s->loss, n_out, &r->y_val) != 0))
        return -1;
    free(*order);
    *order = NULL;
    if (s->snap_every == 0) { /* and the targets in y_train, y_val */
        free(r->tg.y);
        r->tg.y = NULL;
    }
    return 0;
}

/* Keras's initial weights for random.seed(S) (the examples' rule);
 * mini-batch shuffling from a numpy generator seeded with S; the
 * optimizer. 0, or -1 (reported). */
static int make_model(const fit_settings *s, fit_run *r)
{
    tnn_status st;
    if ((st = tnn_model_new(&r->model, r->n_features, s->layers, s->n_layers, NULL)) != TNN_OK ||
        (st = tnn_rng_new(&r->rng, s->seed, NULL)) != TNN_OK ||
        (st = tnn_model_draw_keras(r->model, s->seed)) != TNN_OK) {
        diag_status("creating the model", st);
        return -1;
    }
    return make_optimizer(r, s->kind, s->batch);
}

/* The options of tnn_fit, the history arrays, the workspaces and the first
 * snapshot. 0, or -1 (reported). */
static int prepare_fit(fit_settings *s, fit_run *r, tnn_fit_options *fo, epoch_watch *watch,
                       size_t *fit_size)
{
    *fo = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    fo->loss = s->loss;
    fo->metric = columns_loss_classifies(s->loss) ? TNN_METRIC_ACCURACY : TNN_METRIC_MSE;
    fo->epochs = s->epochs;
    fo->batch_size = s->batch >= r->n_train ? 0 : s->batch;
    fo->shuffle = fo->batch_size != 0 ? r->rng : NULL;
    for (int i = 0; i < 4; i++)
        if ((r->hist[i] = common_alloc(s->epochs * sizeof *r->hist[i])) == NULL)
            return -1;
    fo->history_loss = r->hist[0];
    fo->history_metric = r->hist[1];
    if (r->n_val > 0) {
        fo->val_x = r->xr_val;
        fo->val_y = r->y_val;
        fo->val_rows = r->n_val;
        fo->history_val_loss = r->hist[2];
        fo->history_val_metric = r->hist[3];
    }
    if (fit_stopping_apply(&s->stopping, full_batch_only(s->kind), r->opt, fo) != 0)
        return -1;
    fo->min_delta /= in_target_units(r, 1); /* --min-delta is in history.csv's units */
    *watch = (epoch_watch){r, s->loss, fo->metric, {0, 0, NULL, 0, 0}, 0, 0};
    fo->callback = on_epoch;
    fo->callback_ctx = watch;
    tnn_status st = tnn_fit_workspace_size(r->model, fo, r->n_train, fit_size);
    if (st != TNN_OK) {
        diag_status("training workspace", st);
        return -1;
    }
    if ((r->fit_work = common_alloc(*fit_size)) == NULL ||
        (r->eval_work = common_predict_work(r->model, &r->eval_work_size)) == NULL)
        return -1;
    if (s->snap_every > 0) {
        if (snapshots_start(r, s->frames, s->standardize, s->snap_size) != 0 ||
            snapshot_checked(r, s->loss, fo->metric, 0) != 0)
            return -1;
        r->snap.every = s->snap_every;
    }
    return 0;
}

/* tnn_fit with the progress line; reports why it failed. 0, or -1. */
static int train(const fit_settings *s, fit_run *r, const tnn_fit_options *fo,
                 epoch_watch *watch, size_t fit_size, size_t *epochs_run)
{
    progress_start(&watch->bar, s->epochs, tnn_metric_name(fo->metric), s->quiet);
    *epochs_run = 0;
    tnn_status st = tnn_fit(r->model, r->opt, fo, r->xr_train, r->y_train, r->n_train,
                            r->fit_work, fit_size, epochs_run);
    progress_finish(&watch->bar);
    if (watch->diverged_after > 0) { /* seen in the callback: the weights of that epoch */
        st = TNN_E_DIVERGED;
        *epochs_run = watch->diverged_after;
    }
    if (watch->snapshot_failed)
        return -1;
    if (st == TNN_E_DIVERGED) {
        diag("training diverged after %zu epochs (the loss or a weight became NaN or "
             "infinite): try a smaller --lr (or standardised inputs); nothing was written",
             *epochs_run);
        return -1;
    }
    if (st != TNN_OK) {
        diag_status("training", st);
        return -1;
    }
    /* the trained model is always the last snapshot (L-BFGS may stop early) */
    if (r->snap.every > 0 && r->snap.last_epoch != *epochs_run &&
        snapshot_checked(r, s->loss, fo->metric, *epochs_run) != 0)
        return -1;
    histories_in_target_units(r, s->loss, *epochs_run);
    return 0;
}

/* Loss and metric of the trained model on the training rows, then on the
 * validation rows; the losses with the L2 penalty, as history.csv has them.
 * 0, or -1 (reported). */
static int evaluate_trained(const fit_settings *s, const fit_run *r, const tnn_fit_options *fo,
                            double result[4])
{
    tnn_status st = tnn_evaluate(r->model, fo->loss, fo->metric, r->xr_train, r->y_train,
                                 r->n_train, &result[0], &result[1], r->eval_work,
                                 r->eval_work_size);
    if (st == TNN_OK && r->n_val > 0)
        st = tnn_evaluate(r->model, fo->loss, fo->metric, r->xr_val, r->y_val, r->n_val,
                          &result[2], &result[3], r->eval_work, r->eval_work_size);
    if (st != TNN_OK) {
        diag_status("evaluating the trained model", st);
        return -1;
    }
    double penalty;
    if (fit_stopping_penalty(&s->stopping, r->model, &penalty) != 0)
        return -1;
    result[0] += penalty;
    result[2] += penalty;
    if (fo->loss == TNN_LOSS_MSE)
        for (int k = 0; k < 4; k++)
            result[k] = in_target_units(r, result[k]);
    return 0;
}

/* The warning (stderr; the run still succeeds) that the model's final
 * result, on the validation rows if any, else the training rows, is no
 * better than always predicting the training rows' majority class (or
 * mean, for regression). */
static void warn_if_trivial(const fit_settings *s, const fit_run *r, const double result[4])
{
    const int val = r->n_val > 0;
    const tnn_real *y_eval = val ? r->y_val : r->y_train;
    const size_t n_eval = val ? r->n_val : r->n_train;
    const char *rows = val ? "validation" : "training";
    const double got = result[val ? 3 : 1];
    if (columns_loss_classifies(s->loss)) {
        size_t majority;
        double trivial = baseline_accuracy(r->y_train, r->n_train, y_eval, n_eval,
                                           s->layers[s->n_layers - 1].units, &majority);
        if (got > trivial)
            return;
        diag("warning: %s accuracy %.6f is no better than %.6f, always predicting the most "
             "common class '%s': try more --epochs, another --lr or other --layers",
             rows, got, trivial, r->tg.class_names[majority]);
    } else {
        double mean;
        double trivial = in_target_units(r, baseline_mse(r->y_train, r->n_train, y_eval, n_eval,
                                                         &mean));
        if (got < trivial * (1 - 1e-6)) /* the model's sums are rounded to tnn_real */
            return;
        diag("warning: %s mse %.6g is no better than %.6g, always predicting the training "
             "rows' mean %.6g: try more --epochs, another --lr or other --layers",
             rows, got, trivial, mean * r->target_scale + r->target_mean);
    }
}

/* The report on stdout of a run that succeeded. */
static void report(const char *data_path, const fit_settings *s, const fit_run *r,
                   const tnn_fit_options *fo, size_t epochs_run, const double result[4])
{
    const char *metric_name = tnn_metric_name(fo->metric);
    char shape[512];
    layer_spec_describe(r->model, shape, sizeof shape);
    output_report("model: %s, %zu parameters, loss %s\n", shape, tnn_model_n_params(r->model),
                  tnn_loss_name(s->loss));
    output_report("data: %s, %zu rows: %zu training, %zu validation; %zu features%s\n",
                  input_name(data_path), r->table.n_rows, r->n_train, r->n_val, r->n_features,
                  s->standardize ? " (standardized)" : "");
    if (r->tg.n_classes > 0)
        output_report("target: %s, %zu classes\n", s->target_name, r->tg.n_classes);
    else
        output_report("target: %s (values)\n", s->target_name);
    output_report("trained: %zu epochs, %s, batch %zu, seed %u\n", epochs_run,
                  tnn_optimizer_name(s->kind),
                  fo->batch_size == 0 ? r->n_train : fo->batch_size, (unsigned)s->seed);
    if (r->target_standardized)
        output_report("target standardized: mean %.6g, deviation %.6g; losses in its units\n",
                      r->target_mean, r->target_scale);
    fit_stopping_report(&s->stopping, s->epochs, epochs_run,
                        r->hist[s->stopping.monitor == TNN_MONITOR_VAL_LOSS ? 2 : 0]);
    if (s->stopping.l2 > 0)
        output_report("l2: %g (the losses below include the penalty, as history.csv)\n",
                      s->stopping.l2);
    output_report("training rows: loss %.6f %s %.6f\n", result[0], metric_name, result[1]);
    if (r->n_val > 0)
        output_report("validation rows: loss %.6f %s %.6f\n", result[2], metric_name, result[3]);
    if (r->snap.every > 0)
        output_report("snapshots: %zu class grids of %zu x %zu cells, epochs 0 to %zu every %zu\n",
                      r->snap.taken, r->snap.n1, r->snap.n2, epochs_run, r->snap.every);
    output_report("wrote: %s, %s.columns, %s%s%s\n", s->model_path, s->model_path, s->history,
                  r->snap.every > 0 ? ", frames in " : "", r->snap.every > 0 ? r->snap.dir : "");
}

static int run_fit(const char *data_path)
{
    fit_settings s;
    output_input(data_path); /* before the outputs are checked */
    memset(&s.data, 0, sizeof s.data);
    int rc = parse_settings(&s, data_path);
    if (rc != 0) {
        data_options_free(&s.data);
        return rc;
    }
    fit_run r;
    memset(&r, 0, sizeof r);
    size_t *order = NULL, target, fit_size, epochs_run;
    model_columns mc;
    memset(&mc, 0, sizeof mc);
    tnn_fit_options fo;
    epoch_watch watch;
    double result[4] = {0, 0, 0, 0}; /* training loss and metric, validation's */
    rc = EXIT_DATA;
    if (load_task(data_path, &s, &r, &target, &order) == 0 && prepare_data(&s, &r, &order) == 0 &&
        make_model(&s, &r) == 0 && prepare_fit(&s, &r, &fo, &watch, &fit_size) == 0 &&
        train(&s, &r, &fo, &watch, fit_size, &epochs_run) == 0 &&
        evaluate_trained(&s, &r, &fo, result) == 0 &&
        build_columns(&r, s.loss, s.standardize, target, &mc) == 0 &&
        model_io_save(s.model_path, r.model, &mc) == 0 &&
        write_history(s.history, &r, tnn_metric_name(fo.metric), epochs_run,
                      s.stopping.early ? fit_stopping_saved_epoch(&s.stopping, epochs_run)
                                       : SIZE_MAX) == 0) {
        report(data_path, &s, &r, &fo, epochs_run, result);
        warn_if_trivial(&s, &r, result);
        rc = 0;
    }
    free(order);
    release_columns(&mc);
    run_free(&r);
    data_options_free(&s.data);
    return rc;
}

int cmd_fit(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_fit(pos[0]));
}
