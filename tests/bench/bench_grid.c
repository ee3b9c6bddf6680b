/* Timings of libtinynn workloads, each a named entry of a table: run them
 * all, or name some on the command line. Every workload is repeated; the
 * median and the spread (fastest, slowest) are printed in ms, with the
 * throughput in the workload's unit per second.
 *
 *   bench_grid [-r REPEATS] [WORKLOAD...]
 *
 * The figure to watch is grid500_relu_2-3-1: the article's 500 x 500
 * decision-boundary grid of a 2-3(relu)-1(sigmoid) network (Keras took
 * about 9 s for it). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tinynn/tinynn.h"

/* One workload: setup builds its state once, run is timed, teardown frees.
 * `items` is how many units (cells, rows...) one run processes. */
typedef struct workload {
    const char *name;
    const char *unit;
    void *(*setup)(size_t *items);
    void (*run)(void *state);
    void (*teardown)(void *state);
} workload;

static void fail(const char *what, tnn_status st)
{
    fprintf(stderr, "bench_grid: %s: %s\n", what, tnn_status_str(st));
    exit(EXIT_FAILURE);
}

static void check(const char *what, tnn_status st)
{
    if (st != TNN_OK)
        fail(what, st);
}

/* ---------------------------------------------------------------------- */
/* class grids */

typedef struct grid_state {
    tnn_model *model;
    double *x1, *x2;
    size_t n1, n2;
    int32_t *classes;
    tnn_real *scores;
    void *work;
    size_t work_size;
} grid_state;

/* The article's plot_boundary axis: arange(l0, l1, (l1 - l0) / 500). */
static double *article_axis(double l0, double l1, size_t *n)
{
    const double step = (l1 - l0) / 500;
    check("arange count", tnn_arange_count(l0, l1, step, n));
    double *v = malloc(*n * sizeof *v);
    if (v == NULL)
        fail("axis", TNN_E_OUT_OF_MEMORY);
    check("arange", tnn_arange(l0, l1, step, v, *n));
    return v;
}

static void *grid_setup(const tnn_layer_spec *spec, size_t n_layers, const tnn_real *params,
                        size_t n_params, size_t *items)
{
    grid_state *g = calloc(1, sizeof *g);
    if (g == NULL)
        fail("setup", TNN_E_OUT_OF_MEMORY);
    check("model", tnn_model_new(&g->model, 2, spec, n_layers, NULL));
    check("weights", tnn_model_set_params(g->model, params, n_params));
    g->x1 = article_axis(-1.9, 1.9, &g->n1);
    g->x2 = article_axis(-1.9, 1.9, &g->n2);
    *items = g->n1 * g->n2;
    g->classes = malloc(*items * sizeof *g->classes);
    g->scores = malloc(*items * sizeof *g->scores);
    check("workspace", tnn_grid_workspace_size(g->model, 256, &g->work_size));
    g->work = malloc(g->work_size);
    if (g->classes == NULL || g->scores == NULL || g->work == NULL)
        fail("setup", TNN_E_OUT_OF_MEMORY);
    return g;
}

static void *grid_relu_231_setup(size_t *items)
{
    static const tnn_layer_spec spec[] = {{3, TNN_ACT_RELU}, {1, TNN_ACT_SIGMOID}};
    /* kernel 0 (2 x 3), bias 0, kernel 1 (3 x 1), bias 1 */
    static const tnn_real params[] = {
        (tnn_real)1.5, (tnn_real)-0.7, (tnn_real)0.3, (tnn_real)0.4, (tnn_real)1.2,
        (tnn_real)-1.1, (tnn_real)0.2, (tnn_real)-0.3, (tnn_real)0.5,
        (tnn_real)1.8, (tnn_real)1.6, (tnn_real)-2.0, (tnn_real)-0.9,
    };
    return grid_setup(spec, 2, params, sizeof params / sizeof params[0], items);
}

static void *grid_softmax_23_setup(size_t *items)
{
    static const tnn_layer_spec spec[] = {{3, TNN_ACT_SOFTMAX}};
    static const tnn_real params[] = {0, 2, -1, -2, 0, 2, (tnn_real)0.5, 0, 0};
    return grid_setup(spec, 1, params, sizeof params / sizeof params[0], items);
}

static void grid_run(void *state)
{
    grid_state *g = state;
    check("grid", tnn_grid_sample(g->model, g->x1, g->n1, g->x2, g->n2, NULL, g->classes,
                                  g->scores, g->n1 * g->n2, g->work, g->work_size));
}

static void grid_teardown(void *state)
{
    grid_state *g = state;
    tnn_model_free(g->model);
    free(g->x1);
    free(g->x2);
    free(g->classes);
    free(g->scores);
    free(g->work);
    free(g);
}

/* ---------------------------------------------------------------------- */

static const workload workloads[] = {
    {"grid500_relu_2-3-1", "cells", grid_relu_231_setup, grid_run, grid_teardown},
    {"grid500_softmax_2-3", "cells", grid_softmax_23_setup, grid_run, grid_teardown},
};
#define N_WORKLOADS (sizeof workloads / sizeof workloads[0])

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

static void bench(const workload *w, size_t repeats)
{
    size_t items = 0;
    void *state = w->setup(&items);
    w->run(state); /* warm-up: caches, page faults */
    double *ms = malloc(repeats * sizeof *ms);
    if (ms == NULL)
        fail("bench", TNN_E_OUT_OF_MEMORY);
    for (size_t i = 0; i < repeats; i++) {
        const double t0 = now_ms();
        w->run(state);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, repeats, sizeof *ms, compare_doubles);
    const double median =
        repeats % 2 ? ms[repeats / 2] : 0.5 * (ms[repeats / 2 - 1] + ms[repeats / 2]);
    printf("%-22s %9.3f ms median  [%.3f .. %.3f] over %zu runs  %.3g %s/s\n", w->name, median,
           ms[0], ms[repeats - 1], repeats, (double)items / (median * 1e-3), w->unit);
    free(ms);
    w->teardown(state);
}

int main(int argc, char **argv)
{
    size_t repeats = 21;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        long r = strtol(argv[2], NULL, 10);
        if (r < 1) {
            fprintf(stderr, "usage: bench_grid [-r REPEATS] [WORKLOAD...]\n");
            return EXIT_FAILURE;
        }
        repeats = (size_t)r;
        first = 3;
    }
    printf("libtinynn %s, tnn_real = %s\n", tnn_version(),
           TNN_REAL_IS_DOUBLE ? "double" : "float");
    int ran = 0;
    for (size_t i = 0; i < N_WORKLOADS; i++) {
        int wanted = first >= argc;
        for (int a = first; a < argc; a++)
            wanted |= strcmp(argv[a], workloads[i].name) == 0;
        if (wanted) {
            bench(&workloads[i], repeats);
            ran++;
        }
    }
    if (ran == 0) {
        fprintf(stderr, "bench_grid: no such workload; known:");
        for (size_t i = 0; i < N_WORKLOADS; i++)
            fprintf(stderr, " %s", workloads[i].name);
        fprintf(stderr, "\n");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
