/* FANN 2.2 peer of tests/bench/bench.c, for tests/bench/compare.sh.
 *
 * FANN has no Adam, no ReLU, no softmax, no cross-entropy and no
 * mini-batches, so this runs the closest FANN can do and says so:
 *   W1  X4, 2-3-1, hidden FANN_LINEAR_PIECE (a clamp to [0, 1], FANN's
 *       cheapest ReLU-like unit), sigmoid output, 2200 epochs of RPROP
 *       (full batch), MSE error function
 *   W2  X5, 1-400-1, same hidden units, linear output, 1500 RPROP epochs
 *   W3  the trained W1 network run on a 500 x 500 grid (fann_run per cell)
 *   W4  784-128-10 on the same 4096 random rows as bench.c, sigmoid
 *       outputs, 5 RPROP epochs (full batch: FANN has no mini-batches)
 * Output: one line per workload, "name median_ms final_value" (the final
 * value is the BCE / MSE / BCE of the trained network as bench.c reports
 * for libtinynn, or W3's share of class-1 cells).
 *
 *   peer_fann [-r REPEATS] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fann.h>

#include "tinynn/tinynn.h"

#include "article_data.h"

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

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static struct fann_train_data *article_train_data(article_set set)
{
    article_data a;
    if (article_load(set, &a) != TNN_OK) {
        fprintf(stderr, "peer_fann: cannot load the data\n");
        exit(EXIT_FAILURE);
    }
    struct fann_train_data *t = fann_create_train((unsigned)a.n_rows, (unsigned)a.n_cols, 1);
    for (size_t r = 0; r < a.n_rows; r++) {
        for (size_t i = 0; i < a.n_cols; i++)
            t->input[r][i] = (fann_type)a.x[r * a.n_cols + i];
        t->output[r][0] = (fann_type)a.y[r];
    }
    article_free(&a);
    return t;
}

static struct fann_train_data *random_train_data(size_t rows)
{
    tnn_rng *rng;
    if (tnn_rng_new(&rng, 0, NULL) != TNN_OK)
        exit(EXIT_FAILURE);
    struct fann_train_data *t = fann_create_train((unsigned)rows, 784, 10);
    for (size_t r = 0; r < rows; r++)
        for (size_t i = 0; i < 784; i++)
            t->input[r][i] = (fann_type)tnn_rng_random_sample(rng);
    for (size_t r = 0; r < rows; r++) {
        int64_t label = 0;
        if (tnn_rng_randint(rng, 0, 10, &label) != TNN_OK)
            exit(EXIT_FAILURE);
        for (size_t k = 0; k < 10; k++)
            t->output[r][k] = (int64_t)k == label ? 1 : 0;
    }
    tnn_rng_free(rng);
    return t;
}

static struct fann *network(unsigned n_in, unsigned hidden, unsigned n_out,
                            enum fann_activationfunc_enum out_act)
{
    struct fann *ann = fann_create_standard(3, n_in, hidden, n_out);
    fann_set_activation_function_hidden(ann, FANN_LINEAR_PIECE);
    fann_set_activation_function_output(ann, out_act);
    fann_set_activation_steepness_output(ann, 0.5f); /* FANN's sigmoid is 1/(1+exp(-2sx)) */
    fann_set_training_algorithm(ann, FANN_TRAIN_RPROP);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
    srand(2);
    fann_randomize_weights(ann, -0.5f, 0.5f);
    return ann;
}

/* Mean BCE (over rows and outputs) or MSE of a network on its data. */
static double final_loss(struct fann *ann, struct fann_train_data *t, int bce)
{
    double sum = 0;
    unsigned n_out = t->num_output;
    for (unsigned r = 0; r < t->num_data; r++) {
        fann_type *out = fann_run(ann, t->input[r]);
        for (unsigned k = 0; k < n_out; k++) {
            double p = (double)out[k], y = (double)t->output[r][k];
            if (bce) {
                p = p < 1e-7 ? 1e-7 : p > 1 - 1e-7 ? 1 - 1e-7 : p;
                sum -= y * log(p) + (1 - y) * log(1 - p);
            } else {
                sum += (p - y) * (p - y);
            }
        }
    }
    return sum / ((double)t->num_data * n_out);
}

static struct fann *train(struct fann_train_data *t, unsigned hidden,
                          enum fann_activationfunc_enum out_act, unsigned epochs,
                          size_t repeats, double *ms)
{
    struct fann *ann = NULL;
    double *times = malloc(repeats * sizeof *times);
    for (size_t rep = 0; rep <= repeats; rep++) { /* run 0 is a warm-up */
        if (ann != NULL)
            fann_destroy(ann);
        ann = network(t->num_input, hidden, t->num_output, out_act);
        double t0 = now_ms();
        for (unsigned e = 0; e < epochs; e++)
            fann_train_epoch(ann, t);
        if (rep > 0)
            times[rep - 1] = now_ms() - t0;
    }
    *ms = median(times, repeats);
    free(times);
    return ann;
}

int main(int argc, char **argv)
{
    size_t repeats = 5;
    if (argc > 2 && strcmp(argv[1], "-r") == 0)
        repeats = (size_t)strtoul(argv[2], NULL, 10);
    if (repeats < 1)
        repeats = 1;
    double ms;

    struct fann_train_data *x4 = article_train_data(ARTICLE_X4);
    struct fann *w1 = train(x4, 3, FANN_SIGMOID, 2200, repeats, &ms);
    printf("W1 %.6f %.9g\n", ms, final_loss(w1, x4, 1));
    fflush(stdout);

    struct fann_train_data *x5 = article_train_data(ARTICLE_X5);
    struct fann *w2 = train(x5, 400, FANN_LINEAR, 1500, repeats, &ms);
    printf("W2 %.6f %.9g\n", ms, final_loss(w2, x5, 0));
    fflush(stdout);
    fann_destroy(w2);
    fann_destroy_train(x5);

    double axis[500], *times = malloc(repeats * sizeof *times);
    if (tnn_linspace(-2.0, 2.0, axis, 500) != TNN_OK)
        exit(EXIT_FAILURE);
    size_t ones = 0;
    for (size_t rep = 0; rep <= repeats; rep++) {
        ones = 0;
        double t0 = now_ms();
        for (size_t r = 0; r < 500; r++)
            for (size_t c = 0; c < 500; c++) {
                fann_type in[2] = {(fann_type)axis[c], (fann_type)axis[r]};
                ones += fann_run(w1, in)[0] >= 0.5f;
            }
        if (rep > 0)
            times[rep - 1] = now_ms() - t0;
    }
    printf("W3 %.6f %.9g\n", median(times, repeats), (double)ones / 250000.0);
    fflush(stdout);
    free(times);
    fann_destroy(w1);
    fann_destroy_train(x4);

    struct fann_train_data *w4data = random_train_data(4096);
    size_t r4 = repeats < 3 ? repeats : 3; /* FANN is slow here */
    struct fann *w4 = train(w4data, 128, FANN_SIGMOID, 5, r4, &ms);
    printf("W4 %.6f %.9g\n", ms, final_loss(w4, w4data, 1));
    fann_destroy(w4);
    fann_destroy_train(w4data);
    return EXIT_SUCCESS;
}
