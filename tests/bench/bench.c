/* The benchmark: the article's four workloads, timed.
 *
 *   W1  X4 (1250 rows), 2-3(relu)-1(sigmoid), BCE, 2200 full-batch Adam steps
 *   W2  X5 (100 rows), 1-400(relu)-1(linear), MSE, 1500 full-batch Adam steps
 *   W3  the trained W1 model on a 500 x 500 class grid (250,000 cells)
 *   W4  784-128(relu)-10(softmax), CCE, 4096 random rows (numpy's generator,
 *       seed 0), batch 64, 5 epochs of Adam, shuffled every epoch
 *
 * plus the same workloads with twice the rows, cells or width, so that the
 * output shows the time scales linearly (their runs alternate with runs of
 * the baseline; the ratio shown is the median of the pairs' ratios).
 * Every workload is repeated; the
 * median and spread of the in-process time of just the training loop (or
 * the grid) are printed with the FLOP rate, rows (cells) per second, the
 * peak memory and the final loss (for honesty: a faster run that learns
 * less would show it).
 *
 * Peak memory is the maximum resident set size (getrusage) of a separate
 * process that runs the workload once: this program re-executes itself
 * with `--child NAME`. The line "process floor" is the same figure for a
 * child that runs nothing; "lib bytes" is what the library itself needs
 * (model + optimizer + workspace, or model + grid scratch).
 *
 *   bench [-r REPEATS] [--brief] [--no-memory] [--dump DIR] [WORKLOAD...]
 *
 * --brief prints one machine-readable line per workload
 * ("name median_ms final_loss") for tests/bench/compare.sh; --dump DIR
 * writes X4 and X5 as CSV (x columns, then y) for the peer programs. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tinynn/tinynn.h"

#include "article_data.h"

static void fail(const char *what, tnn_status st)
{
    fprintf(stderr, "bench: %s: %s\n", what, tnn_status_message(st));
    exit(EXIT_FAILURE);
}

static void check(const char *what, tnn_status st)
{
    if (st != TNN_OK)
        fail(what, st);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL)
        fail("malloc", TNN_E_OUT_OF_MEMORY);
    return p;
}

/* ---------------------------------------------------------------------- */
/* workload definitions */

typedef enum wkind { TRAIN, GRID } wkind;

typedef struct wdef {
    const char *name;
    const char *what;
    wkind kind;
    int data;      /* TRAIN: ARTICLE_X4, ARTICLE_X5 or -1 (random, W4) */
    size_t hidden; /* hidden units */
    tnn_activation hidden_act, out_act;
    size_t outputs;
    tnn_loss loss;
    tnn_metric metric;
    unsigned seed; /* Glorot seed */
    size_t epochs;
    size_t batch;         /* 0: full batch */
    size_t row_factor;    /* rows repeated this many times (TRAIN), or n1 factor (GRID) */
    size_t random_rows;   /* W4 */
    size_t grid_n;        /* GRID: axis length */
    int scores;           /* GRID: also scores */
    const char *baseline; /* name of the workload this one doubles, or NULL */
} wdef;

static const wdef defs[] = {
    {"W1", "X4 2-3(relu)-1(sigmoid) BCE, 2200 full-batch Adam steps", TRAIN, ARTICLE_X4, 3,
     TNN_ACT_RELU, TNN_ACT_SIGMOID, 1, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 2200, 0, 1, 0, 0,
     0, NULL},
    {"W1_rows_x2", "W1 on X4 twice (2500 rows)", TRAIN, ARTICLE_X4, 3, TNN_ACT_RELU,
     TNN_ACT_SIGMOID, 1, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 2200, 0, 2, 0, 0, 0, "W1"},
    {"W2", "X5 1-400(relu)-1 MSE, 1500 full-batch Adam steps", TRAIN, ARTICLE_X5, 400,
     TNN_ACT_RELU, TNN_ACT_LINEAR, 1, TNN_LOSS_MSE, TNN_METRIC_MSE, 15, 1500, 0, 1, 0, 0, 0, NULL},
    {"W2_width_x2", "W2 with 800 hidden units", TRAIN, ARTICLE_X5, 800, TNN_ACT_RELU,
     TNN_ACT_LINEAR, 1, TNN_LOSS_MSE, TNN_METRIC_MSE, 15, 1500, 0, 1, 0, 0, 0, "W2"},
    {"W3", "trained W1 model, 500 x 500 class grid", GRID, ARTICLE_X4, 3, TNN_ACT_RELU,
     TNN_ACT_SIGMOID, 1, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 2200, 0, 1, 0, 500, 0, NULL},
    {"W3_scores", "W3 with scores (probabilities) too", GRID, ARTICLE_X4, 3, TNN_ACT_RELU,
     TNN_ACT_SIGMOID, 1, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 2200, 0, 1, 0, 500, 1, NULL},
    {"W3_cells_x2", "W3 on a 1000 x 500 grid", GRID, ARTICLE_X4, 3, TNN_ACT_RELU,
     TNN_ACT_SIGMOID, 1, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, 2, 2200, 0, 2, 0, 500, 0, "W3"},
    {"W4", "784-128(relu)-10(softmax) CCE, 4096 rows, batch 64, 5 epochs Adam", TRAIN, -1, 128,
     TNN_ACT_RELU, TNN_ACT_SOFTMAX, 10, TNN_LOSS_CCE, TNN_METRIC_ACCURACY, 1, 5, 64, 1, 4096, 0,
     0, NULL},
    {"W4_rows_x2", "W4 on 8192 rows", TRAIN, -1, 128, TNN_ACT_RELU, TNN_ACT_SOFTMAX, 10,
     TNN_LOSS_CCE, TNN_METRIC_ACCURACY, 1, 5, 64, 1, 8192, 0, 0, "W4"},
    {"W4_width_x2", "W4 with 256 hidden units", TRAIN, -1, 256, TNN_ACT_RELU, TNN_ACT_SOFTMAX,
     10, TNN_LOSS_CCE, TNN_METRIC_ACCURACY, 1, 5, 64, 1, 4096, 0, 0, "W4"},
};
#define N_DEFS (sizeof defs / sizeof defs[0])

/* ---------------------------------------------------------------------- */
/* state */

typedef struct state {
    const wdef *d;
    tnn_model *model;
    tnn_optimizer *opt;
    tnn_real *init; /* initial parameters, restored before every run */
    tnn_real *x, *y;
    size_t n_rows, n_in, n_params;
    tnn_rng *shuffle;
    tnn_fit_options o;
    double *history, *history_metric;
    void *work;
    size_t work_size;
    /* grid */
    double *x1, *x2;
    size_t n1, n2;
    int32_t *classes;
    tnn_real *scores;
    /* figures */
    double items; /* rows (epochs x rows) or cells per run */
    double flops; /* per run */
    size_t lib_bytes;
} state;

/* Multiply-adds of one row through all layers (forward). */
static double macs_per_row(const tnn_model *m, double *macs_not_first)
{
    double macs = 0, rest = 0;
    for (size_t k = 0; k < tnn_model_n_layers(m); k++) {
        const tnn_layer *l = tnn_model_layer(m, k);
        double v = (double)tnn_layer_n_inputs(l) * (double)tnn_layer_units(l);
        macs += v;
        if (k > 0)
            rest += v;
    }
    if (macs_not_first != NULL)
        *macs_not_first = rest;
    return macs;
}

static void load_article(int set, size_t factor, state *s)
{
    article_data a;
    check("article data", article_load((article_set)set, &a));
    s->n_in = a.n_cols;
    s->n_rows = a.n_rows * factor;
    s->x = xmalloc(s->n_rows * s->n_in * sizeof *s->x);
    s->y = xmalloc(s->n_rows * sizeof *s->y);
    for (size_t f = 0; f < factor; f++)
        for (size_t r = 0; r < a.n_rows; r++) {
            size_t row = f * a.n_rows + r;
            for (size_t i = 0; i < a.n_cols; i++)
                s->x[row * s->n_in + i] = (tnn_real)a.x[r * a.n_cols + i];
            s->y[row] = (tnn_real)a.y[r];
        }
    article_free(&a);
}

/* W4's data: np.random.seed(0); x = random_sample((rows, 784));
 * labels = randint(0, 10, rows); y = one-hot. */
static void load_random(size_t rows, size_t n_in, size_t classes, state *s)
{
    tnn_rng *rng;
    check("rng", tnn_rng_new(&rng, 0, NULL));
    s->n_in = n_in;
    s->n_rows = rows;
    s->x = xmalloc(rows * n_in * sizeof *s->x);
    s->y = xmalloc(rows * classes * sizeof *s->y);
    for (size_t i = 0; i < rows * n_in; i++)
        s->x[i] = (tnn_real)tnn_rng_random_sample(rng);
    for (size_t r = 0; r < rows; r++) {
        int64_t label;
        check("randint", tnn_rng_randint(rng, 0, (int64_t)classes, &label));
        for (size_t k = 0; k < classes; k++)
            s->y[r * classes + k] = (int64_t)k == label ? 1 : 0;
    }
    tnn_rng_free(rng);
}

static void build_model(state *s)
{
    const wdef *d = s->d;
    tnn_layer_spec spec[2] = {TNN_DENSE(d->hidden, d->hidden_act),
                              TNN_DENSE(d->outputs, d->out_act)};
    check("model", tnn_model_new(&s->model, s->n_in, spec, 2, NULL));
    tnn_rng *rng;
    check("rng", tnn_rng_new(&rng, d->seed, NULL));
    check("glorot", tnn_model_draw_glorot(s->model, rng));
    tnn_rng_free(rng);
    s->n_params = tnn_model_n_params(s->model);
    s->init = xmalloc(s->n_params * sizeof *s->init);
    check("params", tnn_model_get_params(s->model, s->init, s->n_params));
    check("adam", tnn_optimizer_new(&s->opt, TNN_OPT_ADAM, s->n_params, NULL));
    s->o = (tnn_fit_options)TNN_FIT_OPTIONS_INIT;
    s->o.loss = d->loss;
    s->o.metric = d->metric;
    s->o.epochs = d->epochs;
    s->o.batch_size = d->batch;
    s->history = xmalloc(d->epochs * sizeof *s->history);
    s->history_metric = xmalloc(d->epochs * sizeof *s->history_metric);
    s->o.history_loss = s->history;
    s->o.history_metric = s->history_metric;
    if (d->batch != 0) { /* Keras shuffles mini-batches every epoch */
        check("rng", tnn_rng_new(&s->shuffle, 1, NULL));
        s->o.shuffle = s->shuffle;
    }
    check("workspace", tnn_fit_workspace_size(s->model, &s->o, s->n_rows, &s->work_size));
    s->work = xmalloc(s->work_size);
    size_t model_bytes, opt_bytes;
    tnn_layer_spec spec2[2] = {TNN_DENSE(d->hidden, d->hidden_act),
                               TNN_DENSE(d->outputs, d->out_act)};
    check("size", tnn_model_size(s->n_in, spec2, 2, &model_bytes));
    check("size", tnn_optimizer_size(TNN_OPT_ADAM, s->n_params, &opt_bytes));
    s->lib_bytes = model_bytes + opt_bytes + s->work_size;
}

static void train(state *s)
{
    check("restore", tnn_model_set_params(s->model, s->init, s->n_params));
    check("reset", tnn_optimizer_reset(s->opt));
    if (s->shuffle != NULL)
        tnn_rng_seed(s->shuffle, 1);
    check("fit",
          tnn_fit(s->model, s->opt, &s->o, s->x, s->y, s->n_rows, s->work, s->work_size, NULL));
}

static void grid(state *s)
{
    check("grid", tnn_grid_sample(s->model, s->x1, s->n1, s->x2, s->n2, NULL, s->classes,
                                  s->d->scores ? s->scores : NULL, s->n1 * s->n2, s->work,
                                  s->work_size));
}

static state *setup(const wdef *d)
{
    state *s = calloc(1, sizeof *s);
    if (s == NULL)
        fail("setup", TNN_E_OUT_OF_MEMORY);
    s->d = d;
    if (d->data >= 0)
        load_article(d->data, d->kind == TRAIN ? d->row_factor : 1, s);
    else
        load_random(d->random_rows, 784, d->outputs, s);
    build_model(s);
    double rest, macs = macs_per_row(s->model, &rest);
    if (d->kind == TRAIN) {
        s->items = (double)s->n_rows * (double)d->epochs;
        /* forward, kernel gradient, input gradient of all layers but the first */
        s->flops = s->items * (4 * macs + 2 * rest);
        return s;
    }
    train(s); /* the grid shows the trained W1 model */
    s->n1 = d->grid_n * d->row_factor;
    s->n2 = d->grid_n;
    s->x1 = xmalloc(s->n1 * sizeof *s->x1);
    s->x2 = xmalloc(s->n2 * sizeof *s->x2);
    check("linspace", tnn_linspace(-2.0, 2.0, s->x1, s->n1));
    check("linspace", tnn_linspace(-2.0, 2.0, s->x2, s->n2));
    s->classes = xmalloc(s->n1 * s->n2 * sizeof *s->classes);
    s->scores = xmalloc(s->n1 * s->n2 * sizeof *s->scores);
    free(s->work);
    check("grid workspace", tnn_grid_workspace_size(s->model, 256, &s->work_size));
    s->work = xmalloc(s->work_size);
    size_t model_bytes;
    tnn_layer_spec spec[2] = {TNN_DENSE(d->hidden, d->hidden_act),
                              TNN_DENSE(d->outputs, d->out_act)};
    check("size", tnn_model_size(s->n_in, spec, 2, &model_bytes));
    s->lib_bytes = model_bytes + s->work_size;
    s->items = (double)(s->n1 * s->n2);
    s->flops = s->items * 2 * macs;
    return s;
}

static void run(state *s)
{
    if (s->d->kind == TRAIN)
        train(s);
    else
        grid(s);
}

/* The check value: final epoch's loss, or the share of class-1 cells. */
static double final_value(const state *s, double *metric)
{
    if (s->d->kind == TRAIN) {
        *metric = s->history_metric[s->d->epochs - 1];
        return s->history[s->d->epochs - 1];
    }
    size_t ones = 0, n = s->n1 * s->n2;
    double score_sum = 0;
    for (size_t i = 0; i < n; i++)
        ones += s->classes[i] == 1;
    if (s->d->scores)
        for (size_t i = 0; i < n; i++)
            score_sum += (double)s->scores[i];
    *metric = s->d->scores ? score_sum / (double)n : 0;
    return (double)ones / (double)n;
}

static void teardown(state *s)
{
    tnn_model_free(s->model);
    tnn_optimizer_free(s->opt);
    tnn_rng_free(s->shuffle);
    free(s->init);
    free(s->x);
    free(s->y);
    free(s->history);
    free(s->history_metric);
    free(s->work);
    free(s->x1);
    free(s->x2);
    free(s->classes);
    free(s->scores);
    free(s);
}

/* ---------------------------------------------------------------------- */
/* timing and memory */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int compare_doubles(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long maxrss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss; /* KiB on Linux */
}

static char self_path[4096];

/* Peak RSS of a child that runs workload `name` once ("-" for nothing). */
static long child_maxrss(const char *name)
{
    if (self_path[0] == '\0')
        return -1;
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "'%s' --child %s", self_path, name);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    long kib = -1;
    if (fscanf(p, "%ld", &kib) != 1)
        kib = -1;
    if (pclose(p) != 0)
        kib = -1;
    return kib;
}

typedef struct result {
    double median, lo, hi;
} result;

static size_t def_index(const char *name)
{
    for (size_t i = 0; i < N_DEFS; i++)
        if (strcmp(defs[i].name, name) == 0)
            return i;
    return N_DEFS;
}

/* The median of n sorted values. */
static double median_of(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void bench(size_t idx, size_t repeats, int brief, int memory)
{
    const wdef *d = &defs[idx];
    state *s = setup(d);
    /* A variant of twice the work alternates with its baseline, run for
     * run, and the time ratio is the median of the pairs' ratios: a
     * machine that speeds up or slows down during the benchmark (a shared
     * VM) moves both runs of a pair alike. */
    const size_t b = d->baseline != NULL && !brief ? def_index(d->baseline) : N_DEFS;
    state *base = b < N_DEFS ? setup(&defs[b]) : NULL;
    run(s); /* warm-up: caches, page faults */
    if (base != NULL)
        run(base);
    double *ms = xmalloc(repeats * sizeof *ms), *ratio = xmalloc(repeats * sizeof *ratio);
    for (size_t i = 0; i < repeats; i++) {
        double t0 = now_ms();
        run(s);
        ms[i] = now_ms() - t0;
        if (base != NULL) {
            t0 = now_ms();
            run(base);
            ratio[i] = ms[i] / (now_ms() - t0);
        }
    }
    qsort(ms, repeats, sizeof *ms, compare_doubles);
    qsort(ratio, base != NULL ? repeats : 0, sizeof *ratio, compare_doubles);
    result r = {median_of(ms, repeats), ms[0], ms[repeats - 1]};
    double metric;
    double fin = final_value(s, &metric);
    if (brief) {
        printf("%s %.6f %.9g\n", d->name, r.median, fin);
    } else {
        printf("%-12s %9.3f ms  [%8.3f .. %8.3f] %5.1f%%  %7.2f GFLOP/s %10.4g %s/s", d->name,
               r.median, r.lo, r.hi, 100 * (r.hi - r.lo) / r.median,
               s->flops / (r.median * 1e-3) * 1e-9, s->items / (r.median * 1e-3),
               d->kind == TRAIN ? "rows" : "cells");
        if (d->kind == TRAIN)
            printf("  loss %.6g %s %.4g", fin, d->metric == TNN_METRIC_MSE ? "mse" : "acc",
                   metric);
        else if (d->scores)
            printf("  class1 %.6f mean score %.6f", fin, metric);
        else
            printf("  class1 %.6f", fin);
        if (memory) {
            long kib = child_maxrss(d->name);
            printf("  peak %.2f MiB", kib < 0 ? -1.0 : (double)kib / 1024);
        }
        printf("  lib %.1f KiB\n", (double)s->lib_bytes / 1024);
        if (base != NULL)
            printf("%-12s   time / %s = %.2f [%.2f .. %.2f] (runs alternated with %s; twice "
                   "the work: 2.00 is linear)\n",
                   "", d->baseline, median_of(ratio, repeats), ratio[0], ratio[repeats - 1],
                   d->baseline);
    }
    fflush(stdout);
    free(ms);
    free(ratio);
    if (base != NULL)
        teardown(base);
    teardown(s);
}

/* ---------------------------------------------------------------------- */

static void dump_csv(const char *dir, int set, const char *file)
{
    article_data a;
    check("article data", article_load((article_set)set, &a));
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(EXIT_FAILURE);
    }
    for (size_t r = 0; r < a.n_rows; r++) {
        for (size_t i = 0; i < a.n_cols; i++)
            fprintf(f, "%.17g,", a.x[r * a.n_cols + i]);
        fprintf(f, "%.17g\n", a.y[r]);
    }
    fclose(f);
    article_free(&a);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench [-r REPEATS] [--brief] [--no-memory] [--dump DIR] "
                    "[WORKLOAD...]\nworkloads:");
    for (size_t i = 0; i < N_DEFS; i++)
        fprintf(stderr, " %s", defs[i].name);
    fprintf(stderr, "\n");
    exit(EXIT_FAILURE);
}

int main(int argc, char **argv)
{
    size_t repeats = 7;
    int brief = 0, memory = 1;
    int want[N_DEFS] = {0}, any = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--child") == 0 && a + 1 < argc) {
            if (strcmp(argv[a + 1], "-") != 0) {
                size_t i = def_index(argv[a + 1]);
                if (i == N_DEFS)
                    usage();
                state *s = setup(&defs[i]);
                run(s);
                printf("%ld\n", maxrss_kib());
                teardown(s);
                return EXIT_SUCCESS;
            }
            printf("%ld\n", maxrss_kib());
            return EXIT_SUCCESS;
        } else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc) {
            long r = strtol(argv[++a], NULL, 10);
            if (r < 1)
                usage();
            repeats = (size_t)r;
        } else if (strcmp(argv[a], "--brief") == 0) {
            brief = 1;
        } else if (strcmp(argv[a], "--no-memory") == 0) {
            memory = 0;
        } else if (strcmp(argv[a], "--dump") == 0 && a + 1 < argc) {
            dump_csv(argv[a + 1], ARTICLE_X4, "x4.csv");
            dump_csv(argv[a + 1], ARTICLE_X5, "x5.csv");
            return EXIT_SUCCESS;
        } else {
            size_t i = def_index(argv[a]);
            if (i == N_DEFS)
                usage();
            want[i] = 1;
            any = 1;
        }
    }
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[n > 0 ? n : 0] = '\0';
    if (!brief) {
        printf("libtinynn %s, tnn_real = %s, %zu runs per workload (median [fastest .. "
               "slowest] spread)\n",
               tnn_version(), TNN_REAL_IS_DOUBLE ? "double" : "float", repeats);
        printf("GFLOP/s counts 2 per multiply-add of the dense layers (forward, kernel "
               "gradient, input gradient); rows/s counts rows x epochs\n");
        if (memory) {
            long floor_kib = child_maxrss("-");
            printf("peak = max RSS of a child process running the workload once; process "
                   "floor (child running nothing) %.2f MiB\n",
                   floor_kib < 0 ? -1.0 : (double)floor_kib / 1024);
        }
    }
    for (size_t i = 0; i < N_DEFS; i++)
        if (!any || want[i])
            bench(i, repeats, brief, memory);
    return EXIT_SUCCESS;
}
