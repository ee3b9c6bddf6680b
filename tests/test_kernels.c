/* The training and inference kernels' own math (lib/kernels/kernels.h): the
 * vectorisable exp and log against libm over their whole range, and the
 * sigmoid built on them; and the dense forward kernels' paths against each
 * other (tnn_predict for every block size). Whether the x86-64-v3 or the
 * portable versions of the kernels run is decided at load time; a build with
 * -Dkernels=portable runs every suite on the portable ones. */
#include <float.h>
#include <string.h>

#include "kernels/dense.h"
#include "kernels/kernels.h"
#include "tnn_test.h"

/* Under valgrind (tests/ci/meson.build sets TNN_TEST_SPARSE) the sweeps
 * take every 50th of their points: memory errors do not need them all. */
static uint32_t sparse_factor(void)
{
    return getenv("TNN_TEST_SPARSE") != NULL ? 50u : 1u;
}

#if !TNN_REAL_IS_DOUBLE
/* Distance in representable floats (both finite, same sign). */
static double ulps(float a, float b)
{
    int32_t ia, ib;
    memcpy(&ia, &a, sizeof ia);
    memcpy(&ib, &b, sizeof ib);
    return fabs((double)ia - (double)ib);
}

/* Every 601st float in [-87.3, 88.3] (by bit pattern, both signs):
 * within 2 ulps of exp rounded once. */
START_TEST(exp_matches_libm)
{
    double worst = 0;
    float worst_x = 0;
    const float ends[2] = {88.3f, 87.3f};
    const uint32_t signs[2] = {0, 0x80000000u};
    for (int side = 0; side < 2; side++) {
        uint32_t end;
        memcpy(&end, &ends[side], sizeof end);
        for (uint32_t u = 0; u <= end; u += 601 * sparse_factor()) {
            const uint32_t v = u | signs[side];
            float x;
            memcpy(&x, &v, sizeof x);
            const float ref = (float)exp((double)x), got = tnn__exp(x);
            const double d = ulps(got, ref);
            if (d > worst) {
                worst = d;
                worst_x = x;
            }
        }
    }
    ck_assert_msg(worst <= 2, "exp: %g ulps at %.9g", worst, (double)worst_x);
    ck_assert(tnn__exp(0.0f) == 1.0f);
    ck_assert(isnan(tnn__exp(NAN)));
    const float tiny = tnn__exp(-1000.0f), huge = tnn__exp(1000.0f);
    ck_assert(tiny >= 0 && tiny <= 2e-38f);
    ck_assert(isfinite(huge) && huge > 1e38f);
}
END_TEST

/* Every 997th positive normal float: within 2 ulps of log rounded once. */
START_TEST(log_matches_libm)
{
    double worst = 0;
    float worst_x = 0;
    for (uint32_t u = 0x00800000u; u < 0x7f800000u; u += 997 * sparse_factor()) {
        float x;
        memcpy(&x, &u, sizeof x);
        const float ref = (float)log((double)x), got = tnn__log(x);
        const double d = ulps(got, ref);
        if (d > worst && !(ref == 0 && got == 0)) {
            worst = d;
            worst_x = x;
        }
    }
    ck_assert_msg(worst <= 2, "log: %g ulps at %.9g", worst, (double)worst_x);
    ck_assert(tnn__log(1.0f) == 0.0f);
}
END_TEST

/* Arguments outside the positive normal floats: log of NaN is NaN (it used
 * to be a finite number, which hid a NaN loss), log(+inf) = +inf, log(+-0)
 * = -inf, a negative argument gives NaN, and subnormals are as accurate as
 * normal floats. */
START_TEST(log_special_values)
{
    const float nan_f = (float)NAN, inf_f = (float)INFINITY;
    ck_assert(isnan(tnn__log(nan_f)));
    ck_assert(isnan(tnn__log(-nan_f)));
    ck_assert(tnn__log(inf_f) == inf_f);
    ck_assert(tnn__log(0.0f) == -inf_f);
    ck_assert(tnn__log(-0.0f) == -inf_f);
    ck_assert(isnan(tnn__log(-1.0f)));
    ck_assert(isnan(tnn__log(-FLT_MIN)));
    ck_assert(isnan(tnn__log(-inf_f)));
    double worst = 0;
    for (uint32_t u = 1; u < 0x00800000u; u += 97 * sparse_factor()) {
        float x;
        memcpy(&x, &u, sizeof x);
        const float ref = (float)log((double)x), got = tnn__log(x);
        const double d = ulps(got, ref);
        if (d > worst)
            worst = d;
    }
    ck_assert_msg(worst <= 2, "log of subnormals: %g ulps", worst);
}
END_TEST
#endif

/* sigmoid: exact at 0, symmetric, saturates without overflow, close to
 * the textbook formula in double. */
START_TEST(sigmoid_is_accurate)
{
    ck_assert(tnn__sigmoid(0) == (tnn_real)0.5);
    for (double z = -40; z <= 40; z += 0.01) {
        const double ref = 1 / (1 + exp(-z));
        const double got = (double)tnn__sigmoid((tnn_real)z);
        const double zr = (double)(tnn_real)z, ref_r = 1 / (1 + exp(-zr));
        (void)ref;
        /* plain ifs: a passing ck_assert per value costs a pipe write in Check */
        if (fabs(got - ref_r) > (TNN_REAL_IS_DOUBLE ? 1e-15 : 4e-7) * fmax(1.0, fabs(ref_r)) ||
            !(got >= 0 && got <= 1))
            ck_abort_msg("sigmoid(%.17g) = %.17g, expected %.17g", zr, got, ref_r);
    }
    ck_assert(tnn__sigmoid((tnn_real)-1000) >= 0);
    ck_assert(tnn__sigmoid((tnn_real)1000) == 1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Block invariance of the forward pass: a row's outputs are
 * summed in the same order, and rounded the same way, whichever kernel
 * path its block takes (register tiles of 6 rows and their remainders of
 * 1 to 5, the row-vector path of 8 rows and its padded remainder, row at a
 * time), so tnn_predict gives the same bits for every scratch size. */

static double lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return (double)(*s >> 8) / 8388608.0 - 1.0;
}

/* A model of these layers with weights of a fan-in scale (so that no unit
 * saturates) and biases, from a seed. */
static tnn_model *random_model(size_t n_in, const tnn_layer_spec *spec, size_t n_layers,
                               uint32_t seed)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, n_layers, NULL));
    for (size_t k = 0; k < n_layers; k++) {
        const size_t fan_in = k == 0 ? n_in : spec[k - 1].units, units = spec[k].units;
        const double scale = 2.0 / sqrt((double)fan_in);
        tnn_real *kernel = malloc(fan_in * units * sizeof *kernel);
        tnn_real *bias = malloc(units * sizeof *bias);
        ck_assert_ptr_nonnull(kernel);
        ck_assert_ptr_nonnull(bias);
        for (size_t i = 0; i < fan_in * units; i++)
            kernel[i] = (tnn_real)(scale * lcg(&seed));
        for (size_t j = 0; j < units; j++)
            bias[j] = (tnn_real)(0.5 * lcg(&seed));
        ck_assert_ok(tnn_model_set_weights(m, k, kernel, fan_in * units, bias, units));
        free(kernel);
        free(bias);
    }
    return m;
}

/* tnn_predict on `rows` rows with scratch for every block size from 1 to
 * max_block (beyond 9 every 37th under valgrind), to the bit the same as
 * with one block for all rows. */
static void check_predict_blocks(size_t n_in, const tnn_layer_spec *spec, size_t n_layers,
                                 size_t rows, size_t max_block, uint32_t seed)
{
    tnn_model *m = random_model(n_in, spec, n_layers, seed);
    const size_t n_out = tnn_model_n_outputs(m);
    tnn_real *x = malloc(rows * n_in * sizeof *x);
    tnn_real *want = malloc(rows * n_out * sizeof *want);
    tnn_real *got = malloc(rows * n_out * sizeof *got);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(want);
    ck_assert_ptr_nonnull(got);
    for (size_t i = 0; i < rows * n_in; i++)
        x[i] = (tnn_real)(2 * lcg(&seed));
    size_t big;
    ck_assert_ok(tnn_predict_workspace_size(m, rows, &big));
    void *work = malloc(big);
    ck_assert_ptr_nonnull(work);
    ck_assert_ok(tnn_predict(m, x, rows, want, work, big));
    const size_t step = sparse_factor() > 1 ? 37 : 1;
    for (size_t b = 1; b <= max_block; b += b < 9 ? 1 : step) {
        size_t ws;
        ck_assert_ok(tnn_predict_workspace_size(m, b, &ws));
        ck_assert_ok(tnn_predict(m, x, rows, got, work, ws));
        /* plain comparisons: a Check assertion per value costs a pipe write */
        if (memcmp(got, want, rows * n_out * sizeof *got) != 0) {
            size_t i = 0;
            while (memcmp(&got[i], &want[i], sizeof got[i]) == 0)
                i++;
            ck_abort_msg("%zu inputs, %zu layers: block of %zu rows: output %zu of row %zu is "
                         "%.17g, one block gives %.17g",
                         n_in, n_layers, b, i % n_out, i / n_out, (double)got[i],
                         (double)want[i]);
        }
    }
    free(work);
    free(x);
    free(want);
    free(got);
    tnn_model_free(m);
}

/* Narrow, wide and fan-shaped models, every activation: each layer shape
 * takes a different mix of paths (16-unit tiles plus remainder units,
 * fewer than 16 units over 8 inputs or more in passes of 128, fewer than
 * 8 inputs row by row, tiles over 784 inputs in passes of 256). */
START_TEST(predict_does_not_depend_on_block_size)
{
    const tnn_layer_spec deep[] = {TNN_DENSE(64, TNN_ACT_RELU), TNN_DENSE(32, TNN_ACT_RELU),
                                   TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    check_predict_blocks(5, deep, 3, 301, 300, 1);
    const tnn_layer_spec fan[] = {TNN_DENSE(400, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    check_predict_blocks(2, fan, 2, 301, 300, 2);
    const tnn_layer_spec small[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    check_predict_blocks(2, small, 2, 301, 300, 3);
    const tnn_layer_spec narrow[] = {TNN_DENSE(16, TNN_ACT_RELU), TNN_DENSE(16, TNN_ACT_TANH),
                                     TNN_DENSE(12, TNN_ACT_SIGMOID),
                                     TNN_DENSE(1, TNN_ACT_LINEAR)};
    check_predict_blocks(3, narrow, 4, 301, 300, 4);
    const tnn_layer_spec odd[] = {TNN_DENSE(20, TNN_ACT_TANH), TNN_DENSE(17, TNN_ACT_SIGMOID),
                                  TNN_DENSE(5, TNN_ACT_SOFTMAX)};
    check_predict_blocks(9, odd, 3, 150, 150, 5);
    const tnn_layer_spec mnist[] = {TNN_DENSE(128, TNN_ACT_RELU), TNN_DENSE(10, TNN_ACT_SOFTMAX)};
    check_predict_blocks(784, mnist, 2, 20, 20, 6);
}
END_TEST

/* |got - want| within the rounding a sum of n terms in tnn_real can have:
 * (n + 2) epsilons of the sum of the terms' magnitudes (the standard bound
 * is n / 2 of them). A term left out or counted twice is far beyond it. */
static void check_sum(const char *what, size_t n, double got, double want, double magnitude,
                      size_t at)
{
    const double tol = (double)(n + 2) * (double)TNN_REAL_EPSILON * magnitude;
    ck_assert_msg(fabs(got - want) <= tol, "%s %zu: %.17g, the double sum %.17g (tolerance %g)",
                  what, at, got, want, tol);
}

/* The dense kernels (lib/kernels/dense.c) on one layer of n_in inputs and
 * `units` units over `rows` rows, against sums in double: the forward pass
 * (rows in order, and through a row list with ReLU), the kernel and bias
 * gradients added to what is there (in order and through the row list) and
 * the input gradient (written over what is there). */
static void check_dense_layer(size_t n_in, size_t units, size_t rows, uint32_t seed)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(units, TNN_ACT_RELU)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, 1, NULL));
    const struct tnn_layer *l = &m->layers[0];
    const size_t np = tnn_model_n_params(m);
    tnn_real *params = malloc(np * sizeof *params);
    tnn_real *x = malloc(rows * n_in * sizeof *x), *d = malloc(rows * units * sizeof *d);
    tnn_real *z = malloc(rows * units * sizeof *z), *a = malloc(rows * units * sizeof *a);
    tnn_real *gk = malloc(2 * n_in * units * sizeof *gk), *gb = malloc(2 * units * sizeof *gb);
    tnn_real *din = malloc(rows * n_in * sizeof *din);
    size_t *rows_of = malloc(rows * sizeof *rows_of);
    ck_assert(params && x && d && z && a && gk && gb && din && rows_of);
    for (size_t i = 0; i < np; i++)
        params[i] = (tnn_real)lcg(&seed);
    ck_assert_ok(tnn_model_set_params(m, params, np));
    for (size_t i = 0; i < rows * n_in; i++)
        x[i] = (tnn_real)lcg(&seed);
    for (size_t i = 0; i < rows * units; i++)
        d[i] = (tnn_real)lcg(&seed);
    for (size_t i = 0; i < 2 * n_in * units; i++)
        gk[i] = (tnn_real)lcg(&seed);
    for (size_t j = 0; j < 2 * units; j++)
        gb[j] = (tnn_real)lcg(&seed);
    for (size_t r = 0; r < rows; r++)
        rows_of[r] = (r * 7 + 3) % rows; /* rows is not a multiple of 7 */
    for (size_t i = 0; i < rows * n_in; i++)
        din[i] = 12345; /* written over */
    tnn_real *gk_rows = gk + n_in * units, *gb_rows = gb + units;
    const tnn_real *gk0 = gk, *gb0 = gb;
    tnn_real *gk_init = malloc(2 * n_in * units * sizeof *gk_init);
    tnn_real *gb_init = malloc(2 * units * sizeof *gb_init);
    ck_assert(gk_init && gb_init);
    memcpy(gk_init, gk, 2 * n_in * units * sizeof *gk);
    memcpy(gb_init, gb, 2 * units * sizeof *gb);

    tnn__dense_forward(l, x, rows, z);
    tnn__dense_backward_params(l, x, d, rows, gk, gb);
#if TNN_COMPACT_KERNELS /* no kernels reading through a row list: a gathered copy */
    tnn_real *xs = malloc(rows * n_in * sizeof *xs);
    ck_assert_ptr_nonnull(xs);
    for (size_t r = 0; r < rows; r++)
        memcpy(xs + r * n_in, x + rows_of[r] * n_in, n_in * sizeof *xs);
    tnn__dense_forward_act(l, xs, rows, a);
    tnn__dense_backward_params(l, xs, d, rows, gk_rows, gb_rows);
    free(xs);
#else
    tnn__dense_forward_act_rows(l, x, rows_of, rows, a);
    tnn__dense_backward_params_rows(l, x, rows_of, d, rows, gk_rows, gb_rows);
#endif
    tnn__dense_backward_input(l, d, rows, din);

    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < units; j++) {
            for (size_t shuffled = 0; shuffled < 2; shuffled++) {
                const tnn_real *xr = x + (shuffled ? rows_of[r] : r) * n_in;
                double sum = (double)l->bias[j], mag = fabs(sum);
                for (size_t i = 0; i < n_in; i++) {
                    const double t = (double)xr[i] * (double)l->kernel[i * units + j];
                    sum += t;
                    mag += fabs(t);
                }
                if (shuffled)
                    check_sum("relu(z) through the row list, value", n_in,
                              (double)a[r * units + j], sum > 0 ? sum : 0, mag, r * units + j);
                else
                    check_sum("z, value", n_in, (double)z[r * units + j], sum, mag,
                              r * units + j);
            }
        }
    for (size_t shuffled = 0; shuffled < 2; shuffled++) {
        const tnn_real *g = shuffled ? gk_rows : gk0, *g0 = gk_init + shuffled * n_in * units;
        for (size_t i = 0; i < n_in; i++)
            for (size_t j = 0; j < units; j++) {
                double sum = (double)g0[i * units + j], mag = fabs(sum);
                for (size_t r = 0; r < rows; r++) {
                    const size_t row = shuffled ? rows_of[r] : r;
                    const double t = (double)x[row * n_in + i] * (double)d[r * units + j];
                    sum += t;
                    mag += fabs(t);
                }
                check_sum("kernel gradient", rows, (double)g[i * units + j], sum, mag,
                          i * units + j);
            }
        const tnn_real *b = shuffled ? gb_rows : gb0, *b0 = gb_init + shuffled * units;
        for (size_t j = 0; j < units; j++) {
            double sum = (double)b0[j], mag = fabs(sum);
            for (size_t r = 0; r < rows; r++) {
                sum += (double)d[r * units + j];
                mag += fabs((double)d[r * units + j]);
            }
            check_sum("bias gradient", rows, (double)b[j], sum, mag, j);
        }
    }
    for (size_t r = 0; r < rows; r++)
        for (size_t i = 0; i < n_in; i++) {
            double sum = 0, mag = 0;
            for (size_t j = 0; j < units; j++) {
                const double t = (double)d[r * units + j] * (double)l->kernel[i * units + j];
                sum += t;
                mag += fabs(t);
            }
            check_sum("input gradient", units, (double)din[r * n_in + i], sum, mag, r * n_in + i);
        }
    free(gk_init);
    free(gb_init);
    free(rows_of);
    free(din);
    free(gb);
    free(gk);
    free(a);
    free(z);
    free(d);
    free(x);
    free(params);
    tnn_model_free(m);
}

/* Shapes that reach every branch of the dense kernels (dense.c's tiles of
 * TILE_R = 6 rows or inputs x TILE_J = 16 units, BLOCK_I = 256 inputs per
 * forward pass, INPUT_JB = 64 units per block of the input gradient,
 * ROWS_V_PASS = 64 inputs per pass of narrow layers): more than 256 inputs
 * (the forward tiles reload their partial sums from the output between
 * passes), more than 64 units (the input gradient's tiles reload theirs),
 * and the remainders of every tile. */
START_TEST(dense_kernels_match_double_sums)
{
    /* 301 inputs: passes of 256 and 45; 43 units: two unit tiles and 11
     * units row by row (kernel gradient: two tiles of 4 and one of 3);
     * 13 rows: two row tiles and one of 1 */
    check_dense_layer(301, 43, 13, 1);
    /* 520 inputs: passes of 256, 256 and 8; one unit tile; 11 rows */
    check_dense_layer(520, 16, 11, 2);
    /* 150 units: input gradient blocks of 64, 64 and 22 units over two
     * tiles of 16 inputs and 5 inputs row by row; 17 rows: 2 x 6 + 5 */
    check_dense_layer(37, 150, 17, 3);
    /* 70 inputs, 5 units: rows in vector lanes, inputs in passes of 64
     * and 6; 19 rows: groups of 16 (float; 8 in double) and the rest */
    check_dense_layer(70, 5, 19, 4);
}
END_TEST

static Suite *kernels_suite(void)
{
    Suite *s = suite_create("kernels");
    TCase *tc = tcase_create("math");
#if !TNN_REAL_IS_DOUBLE
    tcase_add_test(tc, exp_matches_libm);
    tcase_add_test(tc, log_matches_libm);
    tcase_add_test(tc, log_special_values);
#endif
    tcase_add_test(tc, sigmoid_is_accurate);
    suite_add_tcase(s, tc);
    TCase *blocks = tcase_create("blocks");
    tcase_add_test(blocks, predict_does_not_depend_on_block_size);
    tcase_add_test(blocks, dense_kernels_match_double_sums);
    suite_add_tcase(s, blocks);
    return s;
}

int main(void)
{
    return tnn_test_run(kernels_suite());
}
