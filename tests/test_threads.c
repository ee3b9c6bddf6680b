/* Reentrant inference (tinynn.h, "Threads"): functions taking a const model
 * may run on one model from many threads at once, each with its own scratch
 * and outputs. Several threads here run prediction, evaluation, layer
 * activations, class grids and (training builds) gradients on one shared
 * model, round after round, and must get exactly what one thread alone got
 * with the same scratch sizes. Models of the kernels' fast paths: register
 * tiles (wide layers), the fused gradient of a wide hidden layer (fan) and
 * the narrow gradient and grid paths. Under ThreadSanitizer
 * (tests/ci/sanitizers.sh) any write the library made to shared state would
 * also be reported as a data race. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "tinynn/inspect.h"
#include "tnn_test.h"

#define N_THREADS 4
#define ROWS 100
#define GRID 9 /* cells per axis */

/* Everything one pass computes; a thread fills its own copy. */
typedef struct results {
    tnn_real *pred, *acts, *grad, *scores;
    int32_t *classes;
    double loss, metric, loss_sum;
} results;

typedef struct shared_case {
    const tnn_model *model;
    const tnn_real *x, *y;
    tnn_loss loss;
    size_t n_out, hidden, n_params;
    double axis[GRID];
    results want; /* one thread alone */
    int rounds;
} shared_case;

typedef struct worker {
    pthread_t thread;
    const shared_case *c;
    int mismatches, failures;
} worker;

static void results_alloc(results *r, const shared_case *c)
{
    r->pred = calloc(ROWS * c->n_out, sizeof *r->pred);
    r->acts = calloc(ROWS * c->hidden, sizeof *r->acts);
    r->grad = calloc(c->n_params, sizeof *r->grad);
    r->scores = calloc(GRID * GRID, sizeof *r->scores);
    r->classes = calloc(GRID * GRID, sizeof *r->classes);
    ck_assert(r->pred && r->acts && r->grad && r->scores && r->classes);
}

static void results_free(results *r)
{
    free(r->pred);
    free(r->acts);
    free(r->grad);
    free(r->scores);
    free(r->classes);
}

/* One pass of every const function; the number of failed calls. Scratch
 * sizes are fixed, so that each call splits rows into the same blocks as
 * the single-threaded pass. */
static int run_pass(const shared_case *c, results *r)
{
    const tnn_model *m = c->model;
    int failures = 0;
    size_t ws = 0, gws = 0, cws = 0;
    failures += tnn_predict_workspace_size(m, 32, &ws) != TNN_OK;
    failures += tnn_grid_workspace_size(m, 32, &cws) != TNN_OK;
#if TNN_HAVE_TRAINING
    failures += tnn_gradient_workspace_size(m, 64, &gws) != TNN_OK;
#endif
    const size_t bytes = ws > gws ? (ws > cws ? ws : cws) : (gws > cws ? gws : cws);
    void *work = malloc(bytes); /* aligned for any type, so for TNN_ALIGNMENT */
    if (work == NULL)
        return 1;
    failures += tnn_predict(m, c->x, ROWS, r->pred, work, ws) != TNN_OK;
    failures += tnn_evaluate(m, c->loss, TNN_METRIC_ACCURACY, c->x, c->y, ROWS, &r->loss,
                             &r->metric, work, ws) != TNN_OK;
    failures += tnn_layer_activations(m, 0, c->x, ROWS, r->acts, NULL, ROWS * c->hidden, work,
                                      ws) != TNN_OK;
    /* the other inputs: row 0's */
    const tnn_grid_slice slice = {sizeof slice, 0, 1, c->x, tnn_model_n_inputs(m)};
    failures += tnn_grid_sample(m, c->axis, GRID, c->axis, GRID, &slice, r->classes, r->scores,
                                GRID * GRID, work, cws) != TNN_OK;
#if TNN_HAVE_TRAINING
    memset(r->grad, 0, c->n_params * sizeof *r->grad);
    r->loss_sum = 0;
    failures += tnn_gradient(m, c->loss, c->x, c->y, ROWS, r->grad, c->n_params, &r->loss_sum,
                             work, gws) != TNN_OK;
#endif
    free(work);
    return failures;
}

static bool same_results(const shared_case *c, const results *r)
{
    const results *w = &c->want;
    return memcmp(r->pred, w->pred, ROWS * c->n_out * sizeof *r->pred) == 0 &&
           memcmp(r->acts, w->acts, ROWS * c->hidden * sizeof *r->acts) == 0 &&
           memcmp(r->grad, w->grad, c->n_params * sizeof *r->grad) == 0 &&
           memcmp(r->scores, w->scores, GRID * GRID * sizeof *r->scores) == 0 &&
           memcmp(r->classes, w->classes, GRID * GRID * sizeof *r->classes) == 0 &&
           r->loss == w->loss && r->metric == w->metric && r->loss_sum == w->loss_sum;
}

/* Check's assertions are for the test's own thread: workers count. */
static void *work_rounds(void *arg)
{
    worker *w = arg;
    results r;
    results_alloc(&r, w->c);
    for (int i = 0; i < w->c->rounds; i++) {
        w->failures += run_pass(w->c, &r);
        w->mismatches += !same_results(w->c, &r);
    }
    results_free(&r);
    return NULL;
}

/* A model of n_in inputs and two layers, Glorot weights, data and targets
 * for `loss`, one thread's results, then N_THREADS threads at once. */
static void run_case(size_t n_in, tnn_layer_spec hidden, tnn_layer_spec out, tnn_loss loss)
{
    const tnn_layer_spec spec[2] = {hidden, out};
    tnn_model *m = NULL;
    tnn_rng *rng = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, 2, NULL));
    ck_assert_ok(tnn_rng_new(&rng, 7, NULL));
    ck_assert_ok(tnn_model_draw_glorot(m, rng));
    tnn_real *x = malloc(ROWS * n_in * sizeof *x), *y = calloc(ROWS * out.units, sizeof *y);
    ck_assert(x != NULL && y != NULL);
    for (size_t i = 0; i < ROWS * n_in; i++)
        x[i] = (tnn_real)tnn_rng_uniform(rng, -2, 2);
    for (size_t r = 0; r < ROWS; r++) /* one-hot, or 0/1 for one output */
        y[r * out.units + (out.units > 1 ? r % out.units : 0)] = (tnn_real)(out.units > 1 ||
                                                                            r % 3 == 0);
    shared_case c = {.model = m,
                     .x = x,
                     .y = y,
                     .loss = loss,
                     .n_out = out.units,
                     .hidden = hidden.units,
                     .n_params = tnn_model_n_params(m),
                     .rounds = getenv("TNN_TEST_SPARSE") != NULL ? 2 : 20}; /* valgrind: 2 */
    for (size_t i = 0; i < GRID; i++)
        c.axis[i] = -2.0 + 0.5 * (double)i;
    results_alloc(&c.want, &c);
    ck_assert_int_eq(run_pass(&c, &c.want), 0);

    worker w[N_THREADS];
    for (int t = 0; t < N_THREADS; t++) {
        w[t] = (worker){.c = &c};
        ck_assert_int_eq(pthread_create(&w[t].thread, NULL, work_rounds, &w[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++) {
        ck_assert_int_eq(pthread_join(w[t].thread, NULL), 0);
        ck_assert_msg(w[t].failures == 0, "thread %d: %d calls failed", t, w[t].failures);
        ck_assert_msg(w[t].mismatches == 0, "thread %d: %d of %d rounds differ from one thread's",
                      t, w[t].mismatches, c.rounds);
    }
    results_free(&c.want);
    free(x);
    free(y);
    tnn_rng_free(rng);
    tnn_model_free(m);
}

START_TEST(wide_layers)
{
    run_case(40, (tnn_layer_spec)TNN_DENSE(48, TNN_ACT_RELU),
             (tnn_layer_spec)TNN_DENSE(3, TNN_ACT_SOFTMAX), TNN_LOSS_CCE);
}
END_TEST

START_TEST(wide_hidden_layer_one_output)
{
    run_case(2, (tnn_layer_spec)TNN_DENSE(64, TNN_ACT_RELU),
             (tnn_layer_spec)TNN_DENSE(1, TNN_ACT_SIGMOID), TNN_LOSS_BCE);
}
END_TEST

START_TEST(narrow_model)
{
    run_case(2, (tnn_layer_spec)TNN_DENSE(3, TNN_ACT_TANH),
             (tnn_layer_spec)TNN_DENSE(1, TNN_ACT_SIGMOID), TNN_LOSS_BCE);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared model");
    tcase_add_test(tc, wide_layers);
    tcase_add_test(tc, wide_hidden_layer_one_output);
    tcase_add_test(tc, narrow_model);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(threads_suite());
}
