/* Backpropagation: finite-difference checks of every activation x loss
 * pairing, the PyTorch-autograd gradients of the reference script, block and
 * chunk invariance, and every error tnn_gradient() can return; each on the
 * gradient path (lib/train/gradient.c, tnn__gradient_path_of) it asserts
 * runs, and the rule that picks the path. */
#include <string.h>

#include "data/logits_ref.h"
#include "data/training_ref.h"
#include "tnn_test.h"
#include "train/gradient_paths.h"

#if TNN_REAL_IS_DOUBLE
#define FD_STEP 1e-6
#define FD_TOL 1e-6
#else
#define FD_STEP 1e-3
#define FD_TOL 2e-2
#endif

enum { N_IN = 3, N_HIDDEN = 4, N_ROWS = 6, MAX_OUT = 3, MAX_PARAMS = 64 };

/* The layer-by-layer path of this build: GENERIC, or COMPACT in builds with
 * the compact kernels (exactly one of them is built). */
static tnn__gradient_path layer_path(void)
{
    const bool generic = tnn__gradient_path_built(TNN__GRADIENT_GENERIC);
    ck_assert(generic != tnn__gradient_path_built(TNN__GRADIENT_COMPACT));
    return generic ? TNN__GRADIENT_GENERIC : TNN__GRADIENT_COMPACT;
}

/* The fused path of wide two-layer models where this build has it (vector
 * code), else the layer-by-layer one. */
static tnn__gradient_path fan_path(void)
{
    return tnn__gradient_path_built(TNN__GRADIENT_FAN) ? TNN__GRADIENT_FAN : layer_path();
}

static const char *path_name(tnn__gradient_path p)
{
    switch (p) {
    case TNN__GRADIENT_GENERIC: return "generic";
    case TNN__GRADIENT_COMPACT: return "compact";
    case TNN__GRADIENT_NARROW: return "narrow";
    case TNN__GRADIENT_FAN: return "fan";
    }
    return "?";
}

/* tnn_gradient() on m with work_size bytes of workspace takes `want`. */
static void assert_path(const tnn_model *m, size_t work_size, tnn__gradient_path want)
{
    tnn__gradient_path got;
    ck_assert_msg(tnn__gradient_path_for_work(m, work_size, &got), "no row fits %zu bytes",
                  work_size);
    ck_assert_msg(got == want, "path %s, expected %s", path_name(got), path_name(want));
}

/* Deterministic values in [-1, 1) (a 32-bit LCG; quality does not matter). */
static double lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return (double)(*s >> 8) / 8388608.0 - 1.0;
}

typedef struct pairing {
    tnn_activation out;
    tnn_loss loss;
    size_t units;
} pairing;

static const pairing pairings[] = {
    {TNN_ACT_SIGMOID, TNN_LOSS_BCE, 1}, {TNN_ACT_SIGMOID, TNN_LOSS_BCE, 2},
    {TNN_ACT_SOFTMAX, TNN_LOSS_CCE, 3}, {TNN_ACT_LINEAR, TNN_LOSS_MSE, 1},
    {TNN_ACT_LINEAR, TNN_LOSS_MSE, 2},  {TNN_ACT_SIGMOID, TNN_LOSS_MSE, 1},
    {TNN_ACT_TANH, TNN_LOSS_MSE, 2},    {TNN_ACT_RELU, TNN_LOSS_MSE, 2},
    {TNN_ACT_SOFTMAX, TNN_LOSS_MSE, 3},
};
static const tnn_activation hidden_acts[] = {TNN_ACT_LINEAR, TNN_ACT_RELU, TNN_ACT_SIGMOID,
                                             TNN_ACT_TANH};

static void make_targets(const pairing *p, uint32_t *seed, tnn_real *y)
{
    for (size_t r = 0; r < N_ROWS; r++) {
        tnn_real *yr = y + r * p->units;
        if (p->loss == TNN_LOSS_CCE) {
            size_t cls = r % p->units;
            for (size_t j = 0; j < p->units; j++)
                yr[j] = j == cls ? 1 : 0;
        } else if (p->loss == TNN_LOSS_BCE) {
            for (size_t j = 0; j < p->units; j++)
                yr[j] = (r + j) % 3 == 0 ? (tnn_real)0.25 : (tnn_real)((r + j) % 2);
        } else {
            for (size_t j = 0; j < p->units; j++)
                yr[j] = (tnn_real)lcg(seed);
        }
    }
}

static double total_loss(const tnn_model *m, tnn_loss loss, const tnn_real *x,
                         const tnn_real *y, void *work, size_t work_size)
{
    double mean;
    ck_assert_ok(tnn_evaluate(m, loss, TNN_METRIC_NONE, x, y, N_ROWS, &mean, NULL, work,
                              work_size));
    return mean * N_ROWS;
}

/* Central differences of the summed loss against tnn_gradient(). */
static void check_against_finite_differences(size_t n_layers, tnn_activation hidden,
                                             const pairing *p, uint32_t seed)
{
    tnn_layer_spec spec[2];
    if (n_layers == 2) {
        spec[0] = (tnn_layer_spec)TNN_DENSE(N_HIDDEN, hidden);
        spec[1] = (tnn_layer_spec)TNN_DENSE(p->units, p->out);
    } else {
        spec[0] = (tnn_layer_spec)TNN_DENSE(p->units, p->out);
    }
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, N_IN, spec, n_layers, NULL));
    size_t n_params = tnn_model_n_params(m);
    ck_assert_uint_le(n_params, MAX_PARAMS);

    tnn_real params[MAX_PARAMS], x[N_ROWS * N_IN], y[N_ROWS * MAX_OUT];
    for (size_t i = 0; i < n_params; i++)
        params[i] = (tnn_real)lcg(&seed);
    for (size_t i = 0; i < N_ROWS * N_IN; i++)
        x[i] = (tnn_real)(2 * lcg(&seed));
    make_targets(p, &seed, y);
    ck_assert_ok(tnn_model_set_params(m, params, n_params));

    /* a workspace with room for a group of the narrow path, which a model of
     * one output (no softmax) takes, and one of a row: layer by layer */
    _Alignas(8) unsigned char work[4096];
    size_t one_row;
    ck_assert_ok(tnn_gradient_workspace_size(m, 1, &one_row));
    const size_t sizes[2] = {sizeof work, one_row};
    const tnn__gradient_path paths[2] = {p->units == 1 && p->out != TNN_ACT_SOFTMAX
                                             ? TNN__GRADIENT_NARROW
                                             : layer_path(),
                                         layer_path()};
    tnn_real grads[2][MAX_PARAMS] = {{0}};
    for (size_t w = 0; w < 2; w++) {
        assert_path(m, sizes[w], paths[w]);
        double loss_sum = 0;
        ck_assert_ok(tnn_gradient(m, p->loss, x, y, N_ROWS, grads[w], n_params, &loss_sum, work,
                                  sizes[w]));
        ck_assert_close(loss_sum, total_loss(m, p->loss, x, y, work, sizeof work), 1e-12);
    }

    for (size_t i = 0; i < n_params; i++) {
        tnn_real saved = params[i];
        params[i] = (tnn_real)((double)saved + FD_STEP);
        ck_assert_ok(tnn_model_set_params(m, params, n_params));
        double up = total_loss(m, p->loss, x, y, work, sizeof work);
        double h_up = (double)params[i] - (double)saved;
        params[i] = (tnn_real)((double)saved - FD_STEP);
        ck_assert_ok(tnn_model_set_params(m, params, n_params));
        double down = total_loss(m, p->loss, x, y, work, sizeof work);
        double h_down = (double)saved - (double)params[i];
        params[i] = saved;
        double numeric = (up - down) / (h_up + h_down);
        for (size_t w = 0; w < 2; w++)
            ck_assert_msg(fabs((double)grads[w][i] - numeric) <= FD_TOL * fmax(1.0, fabs(numeric)),
                          "%s hidden=%s out=%s loss=%d units=%zu path %s param %zu: "
                          "analytic %.10g, numeric %.10g",
                          n_layers == 2 ? "2 layers" : "1 layer", tnn_activation_name(hidden),
                          tnn_activation_name(p->out), (int)p->loss, p->units,
                          path_name(paths[w]), i, (double)grads[w][i], numeric);
    }
    ck_assert_ok(tnn_model_set_params(m, params, n_params));
    tnn_model_free(m);
}

START_TEST(finite_differences_every_pairing)
{
    uint32_t seed = 12345;
    for (size_t p = 0; p < sizeof pairings / sizeof pairings[0]; p++) {
        check_against_finite_differences(1, TNN_ACT_LINEAR, &pairings[p], seed++);
        for (size_t h = 0; h < sizeof hidden_acts / sizeof hidden_acts[0]; h++)
            check_against_finite_differences(2, hidden_acts[h], &pairings[p], seed++);
    }
}
END_TEST

/* Loads the reference case's data and initial weights into a fresh model. */
static tnn_model *reference_model(size_t n_in, size_t hidden, tnn_activation hidden_act,
                                  tnn_activation out_act, const double *k0, const double *b0,
                                  const double *k1, const double *b1)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(hidden, hidden_act), TNN_DENSE(1, out_act)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, 2, NULL));
    tnn_real k0r[64], b0r[16], k1r[16], b1r[1];
    for (size_t i = 0; i < n_in * hidden; i++)
        k0r[i] = (tnn_real)k0[i];
    for (size_t j = 0; j < hidden; j++) {
        b0r[j] = (tnn_real)b0[j];
        k1r[j] = (tnn_real)k1[j];
    }
    b1r[0] = (tnn_real)b1[0];
    ck_assert_ok(tnn_model_set_weights(m, 0, k0r, n_in * hidden, b0r, hidden));
    ck_assert_ok(tnn_model_set_weights(m, 1, k1r, hidden, b1r, 1));
    return m;
}

static tnn_real *to_real(const double *v, size_t n)
{
    tnn_real *out = malloc(n * sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++)
        out[i] = (tnn_real)v[i];
    return out;
}

/* On the narrow path (these models are narrow; a workspace of 64 rows) and
 * layer by layer (a workspace of one row). */
static void check_reference_gradient(tnn_model *m, tnn_loss loss, const double *xd,
                                     const double *yd, size_t rows, const double *expected,
                                     double loss0)
{
    size_t n_in = tnn_model_n_inputs(m), n_params = tnn_model_n_params(m);
    tnn_real *x = to_real(xd, rows * n_in), *y = to_real(yd, rows);
    const size_t block[2] = {64, 1};
    const tnn__gradient_path path[2] = {TNN__GRADIENT_NARROW, layer_path()};
    for (size_t c = 0; c < 2; c++) {
        size_t ws;
        ck_assert_ok(tnn_gradient_workspace_size(m, block[c], &ws));
        assert_path(m, ws, path[c]);
        void *work = malloc(ws);
        tnn_real grad[64] = {0};
        double loss_sum = 0;
        ck_assert_ok(tnn_gradient(m, loss, x, y, rows, grad, n_params, &loss_sum, work, ws));
        ck_assert_close(loss_sum / (double)rows, loss0, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-5);
        for (size_t i = 0; i < n_params; i++)
            ck_assert_close((double)grad[i] / (double)rows, expected[i],
                            TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-5);
        free(work);
    }
    free(x);
    free(y);
}

START_TEST(matches_pytorch_autograd)
{
    tnn_model *m = reference_model(TRREF_X4_INPUTS, TRREF_X4_HIDDEN, TNN_ACT_RELU,
                                   TNN_ACT_SIGMOID, trref_x4_kernel0, trref_x4_bias0,
                                   trref_x4_kernel1, trref_x4_bias1);
    check_reference_gradient(m, TNN_LOSS_BCE, trref_x4_x, trref_x4_y, TRREF_X4_ROWS,
                             trref_x4_grad0, trref_x4_loss[0]);
    tnn_model_free(m);
    m = reference_model(TRREF_X5_INPUTS, TRREF_X5_HIDDEN, TNN_ACT_RELU, TNN_ACT_LINEAR,
                        trref_x5_kernel0, trref_x5_bias0, trref_x5_kernel1, trref_x5_bias1);
    check_reference_gradient(m, TNN_LOSS_MSE, trref_x5_x, trref_x5_y, TRREF_X5_ROWS,
                             trref_x5_grad0, trref_x5_loss[0]);
    tnn_model_free(m);
}
END_TEST

/* Same rows, any block size, any chunking: the same gradient. To the bit
 * on the narrow path (this model; workspaces of 16 rows and more) for
 * chunks of a multiple of 16 rows: it sums rows in fixed groups of 16
 * counted from the first row of the call (lib/kernels/kernels.h,
 * TNN_GROUP_ROWS). A workspace of one row has no room for a group: layer by
 * layer, which adds rows one by one in order, equal up to rounding. */
START_TEST(blocks_and_chunks_do_not_change_the_gradient)
{
    tnn_model *m = reference_model(TRREF_X4_INPUTS, TRREF_X4_HIDDEN, TNN_ACT_RELU,
                                   TNN_ACT_SIGMOID, trref_x4_kernel0, trref_x4_bias0,
                                   trref_x4_kernel1, trref_x4_bias1);
    const size_t rows = TRREF_X4_ROWS;
    tnn_real *x = to_real(trref_x4_x, rows * 2), *y = to_real(trref_x4_y, rows);
    size_t big, one, w16, w48;
    ck_assert_ok(tnn_gradient_workspace_size(m, rows, &big));
    ck_assert_ok(tnn_gradient_workspace_size(m, 1, &one));
    ck_assert_ok(tnn_gradient_workspace_size(m, 16, &w16));
    ck_assert_ok(tnn_gradient_workspace_size(m, 53, &w48)); /* 53 rows: blocks of 48 */
    assert_path(m, big, TNN__GRADIENT_NARROW);
    assert_path(m, w16, TNN__GRADIENT_NARROW);
    assert_path(m, w48, TNN__GRADIENT_NARROW);
    assert_path(m, one, layer_path());
    void *work = malloc(big);
    tnn_real g_full[13] = {0}, g_one[13] = {0}, g_chunks[13] = {0}, g_16[13] = {0},
             g_48[13] = {0};
    double l_full = 0, l_one = 0, l_chunks = 0, l_16 = 0, l_48 = 0;
    ck_assert_ok(tnn_gradient(m, TNN_LOSS_BCE, x, y, rows, g_full, 13, &l_full, work, big));
    ck_assert_ok(tnn_gradient(m, TNN_LOSS_BCE, x, y, rows, g_one, 13, &l_one, work, one));
    ck_assert_ok(tnn_gradient(m, TNN_LOSS_BCE, x, y, rows, g_16, 13, &l_16, work, w16));
    ck_assert_ok(tnn_gradient(m, TNN_LOSS_BCE, x, y, rows, g_48, 13, &l_48, work, w48));
    for (size_t first = 0; first < rows; first += 32) {
        size_t n = rows - first < 32 ? rows - first : 32;
        ck_assert_ok(tnn_gradient(m, TNN_LOSS_BCE, x + first * 2, y + first, n, g_chunks, 13,
                                  &l_chunks, work, big));
    }
    ck_assert_mem_eq(g_full, g_16, sizeof g_full);
    ck_assert_mem_eq(g_full, g_48, sizeof g_full);
    ck_assert_mem_eq(g_full, g_chunks, sizeof g_full);
    for (size_t i = 0; i < 13; i++) /* rounding only: relative to the sum's scale */
        ck_assert_close(g_one[i], g_full[i], TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-4);
    /* the layer-by-layer path computes the loss outside the vector kernels */
    ck_assert_close(l_full, l_one, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-6);
    ck_assert_close(l_full, l_16, 1e-12);
    ck_assert_close(l_full, l_48, 1e-12);
    ck_assert_close(l_full, l_chunks, 1e-12);
    free(work);
    free(x);
    free(y);
    tnn_model_free(m);
}
END_TEST

/* A deeper narrow model (3 inputs, 16-16-12 hidden of every trainable
 * activation, one output): the narrow path for workspaces of 16 rows and
 * more and chunks of a multiple of 16 rows, to the bit, as for the 2-3-1
 * model above; a workspace of one row goes layer by layer, equal up to
 * rounding. MSE on a tanh output and BCE on a sigmoid one, with soft
 * targets (both logarithms of BCE). */
START_TEST(deep_narrow_model_is_block_invariant)
{
    static const struct {
        tnn_activation out;
        tnn_loss loss;
    } cases[] = {{TNN_ACT_TANH, TNN_LOSS_MSE}, {TNN_ACT_SIGMOID, TNN_LOSS_BCE}};
    enum { ROWS = 83, D_IN = 3, MAXP = 4 * 16 + 17 * 16 + 17 * 12 + 13 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const tnn_layer_spec spec[] = {TNN_DENSE(16, TNN_ACT_RELU), TNN_DENSE(16, TNN_ACT_TANH),
                                       TNN_DENSE(12, TNN_ACT_SIGMOID),
                                       TNN_DENSE(1, cases[c].out)};
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_new(&m, D_IN, spec, 4, NULL));
        const size_t np = tnn_model_n_params(m);
        ck_assert_uint_eq(np, MAXP);
        uint32_t seed = 7 + (uint32_t)c;
        tnn_real params[MAXP], x[ROWS * D_IN], y[ROWS];
        for (size_t i = 0; i < np; i++)
            params[i] = (tnn_real)(0.5 * lcg(&seed));
        for (size_t i = 0; i < ROWS * D_IN; i++)
            x[i] = (tnn_real)(2 * lcg(&seed));
        for (size_t r = 0; r < ROWS; r++)
            y[r] = (tnn_real)(0.5 + 0.5 * lcg(&seed));
        ck_assert_ok(tnn_model_set_params(m, params, np));
        size_t big, w16, w40, one;
        ck_assert_ok(tnn_gradient_workspace_size(m, ROWS, &big));
        ck_assert_ok(tnn_gradient_workspace_size(m, 16, &w16));
        ck_assert_ok(tnn_gradient_workspace_size(m, 40, &w40));
        ck_assert_ok(tnn_gradient_workspace_size(m, 1, &one));
        assert_path(m, big, TNN__GRADIENT_NARROW);
        assert_path(m, w16, TNN__GRADIENT_NARROW);
        assert_path(m, w40, TNN__GRADIENT_NARROW);
        assert_path(m, one, layer_path());
        void *work = malloc(big);
        static tnn_real g_full[MAXP], g_16[MAXP], g_40[MAXP], g_chunks[MAXP], g_one[MAXP];
        memset(g_full, 0, sizeof g_full);
        memset(g_16, 0, sizeof g_16);
        memset(g_40, 0, sizeof g_40);
        memset(g_chunks, 0, sizeof g_chunks);
        memset(g_one, 0, sizeof g_one);
        double l_full = 0, l_16 = 0, l_40 = 0, l_chunks = 0, l_one = 0;
        const tnn_loss loss = cases[c].loss;
        ck_assert_ok(tnn_gradient(m, loss, x, y, ROWS, g_full, np, &l_full, work, big));
        ck_assert_ok(tnn_gradient(m, loss, x, y, ROWS, g_16, np, &l_16, work, w16));
        ck_assert_ok(tnn_gradient(m, loss, x, y, ROWS, g_40, np, &l_40, work, w40));
        ck_assert_ok(tnn_gradient(m, loss, x, y, ROWS, g_one, np, &l_one, work, one));
        for (size_t first = 0; first < ROWS; first += 32) {
            size_t n = ROWS - first < 32 ? ROWS - first : 32;
            ck_assert_ok(tnn_gradient(m, loss, x + first * D_IN, y + first, n, g_chunks, np,
                                      &l_chunks, work, big));
        }
        ck_assert_mem_eq(g_full, g_16, np * sizeof *g_full);
        ck_assert_mem_eq(g_full, g_40, np * sizeof *g_full);
        ck_assert_mem_eq(g_full, g_chunks, np * sizeof *g_full);
        double scale = 0;
        for (size_t i = 0; i < np; i++)
            scale = fmax(scale, fabs((double)g_full[i]));
        for (size_t i = 0; i < np; i++)
            ck_assert_double_le(fabs((double)g_one[i] - (double)g_full[i]),
                                scale * (TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-5));
        ck_assert_close(l_full, l_16, 1e-12);
        ck_assert_close(l_full, l_40, 1e-12);
        ck_assert_close(l_full, l_chunks, 1e-12);
        ck_assert_close(l_full, l_one, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-6);
        free(work);
        tnn_model_free(m);
    }
}
END_TEST

/* Two layers, few inputs, a wide hidden layer, one output (W2's shape):
 * with room for the rows of a tile the gradient takes a fused path that
 * never stores the hidden activations (lib/train/gradient_fan.c, "fan";
 * builds with vector code); with room for one row, the layer-by-layer
 * path. Both add rows one by one in order: the same bits, for widths that
 * fill the unit chunks and widths that do not. */
START_TEST(fused_wide_path_matches_layer_by_layer)
{
    static const struct {
        size_t n_in, hidden;
        tnn_activation hid, out;
        tnn_loss loss;
    } cases[] = {
        {1, 40, TNN_ACT_RELU, TNN_ACT_LINEAR, TNN_LOSS_MSE},
        {2, 35, TNN_ACT_RELU, TNN_ACT_SIGMOID, TNN_LOSS_BCE},
        {3, 17, TNN_ACT_LINEAR, TNN_ACT_TANH, TNN_LOSS_MSE},
        {4, 64, TNN_ACT_RELU, TNN_ACT_SIGMOID, TNN_LOSS_MSE},
    };
    enum { ROWS = 77, MAXP = 4 * 64 + 64 + 64 + 1 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const tnn_layer_spec spec[] = {TNN_DENSE(cases[c].hidden, cases[c].hid),
                                       TNN_DENSE(1, cases[c].out)};
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_new(&m, cases[c].n_in, spec, 2, NULL));
        const size_t np = tnn_model_n_params(m);
        uint32_t seed = 99 + (uint32_t)c;
        tnn_real params[MAXP], x[ROWS * 4], y[ROWS];
        for (size_t i = 0; i < np; i++)
            params[i] = (tnn_real)lcg(&seed);
        for (size_t i = 0; i < ROWS * cases[c].n_in; i++)
            x[i] = (tnn_real)(2 * lcg(&seed));
        for (size_t r = 0; r < ROWS; r++)
            y[r] = (tnn_real)(0.5 + 0.5 * lcg(&seed));
        ck_assert_ok(tnn_model_set_params(m, params, np));
        size_t big, one;
        ck_assert_ok(tnn_gradient_workspace_size(m, ROWS, &big));
        ck_assert_ok(tnn_gradient_workspace_size(m, 1, &one));
        assert_path(m, big, fan_path());
        assert_path(m, one, layer_path());
        void *work = malloc(big);
        tnn_real g_fused[MAXP] = {0}, g_layers[MAXP] = {0}, g_chunks[MAXP] = {0};
        double l_fused = 0, l_layers = 0, l_chunks = 0;
        ck_assert_ok(tnn_gradient(m, cases[c].loss, x, y, ROWS, g_fused, np, &l_fused, work, big));
        ck_assert_ok(tnn_gradient(m, cases[c].loss, x, y, ROWS, g_layers, np, &l_layers, work,
                                  one));
        for (size_t first = 0; first < ROWS; first += 10) {
            size_t n = ROWS - first < 10 ? ROWS - first : 10;
            ck_assert_ok(tnn_gradient(m, cases[c].loss, x + first * cases[c].n_in, y + first, n,
                                      g_chunks, np, &l_chunks, work, big));
        }
        ck_assert_mem_eq(g_fused, g_layers, np * sizeof *g_fused);
        ck_assert_mem_eq(g_fused, g_chunks, np * sizeof *g_fused);
        ck_assert_close(l_fused, l_layers, 1e-12);
        ck_assert_close(l_fused, l_chunks, 1e-12);
        free(work);
        tnn_model_free(m);
    }
}
END_TEST

/* Saturated outputs: cross-entropy from the logits, as Keras's fit computes
 * it, against PyTorch (data/gen_logits_reference.py). The clipped probability
 * form would report a capped loss and a zero gradient for these rows. */
static tnn_real *real_copy(const double *v, size_t n)
{
    tnn_real *r = malloc(n * sizeof *r);
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < n; i++)
        r[i] = (tnn_real)v[i];
    return r;
}

/* Gradient and loss of `m` through every workspace size from one row to all
 * rows, and tnn_evaluate, against the reference (mean loss; gradient of the
 * mean); the paths taken on the way are `paths` (bit p for path p). */
static void check_logit_case(tnn_model *m, tnn_loss loss, const double *xd, const double *yd,
                             size_t rows, size_t n_out, const double *ref_grad, double ref_loss,
                             double clipped_loss, unsigned paths)
{
    const size_t n = tnn_model_n_params(m), n_in = tnn_model_n_inputs(m);
    tnn_real *x = real_copy(xd, rows * n_in), *y = real_copy(yd, rows * n_out);
    tnn_real *grad = malloc(n * sizeof *grad);
    size_t big;
    ck_assert_ok(tnn_gradient_workspace_size(m, rows, &big));
    void *work = malloc(big);
    const double tol = TNN_REAL_IS_DOUBLE ? 1e-12 : 2e-5;
    unsigned seen = 0;
    for (size_t block = 1; block <= rows; block++) {
        size_t ws;
        ck_assert_ok(tnn_gradient_workspace_size(m, block, &ws));
        tnn__gradient_path path;
        ck_assert(tnn__gradient_path_for_work(m, ws, &path));
        seen |= 1u << path;
        memset(grad, 0, n * sizeof *grad);
        double sum = 0;
        ck_assert_ok(tnn_gradient(m, loss, x, y, rows, grad, n, &sum, work, ws));
        ck_assert_close(sum / (double)rows, ref_loss, tol);
        for (size_t i = 0; i < n; i++)
            ck_assert_close((double)grad[i] / (double)rows, ref_grad[i], tol);
    }
    ck_assert_uint_eq(seen, paths);
    double value = 0;
    ck_assert_ok(tnn_evaluate(m, loss, TNN_METRIC_NONE, x, y, rows, &value, NULL, work, big));
    ck_assert_close(value, ref_loss, tol);
    /* far from what clipping probabilities at 1e-7 would report */
    ck_assert(fabs(value - clipped_loss) > 1.0);
    free(work);
    free(grad);
    free(x);
    free(y);
}

START_TEST(saturated_cross_entropy_from_logits)
{
    tnn_model *m = NULL;
    const tnn_layer_spec sig[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&m, 2, sig, 1, NULL));
    tnn_real *k = real_copy(lgref_bce_kernel, 2), *b = real_copy(lgref_bce_bias, 1);
    ck_assert_ok(tnn_model_set_weights(m, 0, k, 2, b, 1));
    const double bce_grad[3] = {lgref_bce_grad_kernel[0], lgref_bce_grad_kernel[1],
                                lgref_bce_grad_bias[0]};
    /* (no room for a group of the narrow path in a workspace of 6 rows) */
    check_logit_case(m, TNN_LOSS_BCE, lgref_bce_x, lgref_bce_y, LGREF_BCE_ROWS, 1, bce_grad,
                     lgref_bce_loss, lgref_bce_clipped_loss, 1u << layer_path());
    tnn_model_free(m);
    free(k);
    free(b);

    const tnn_layer_spec sm[] = {TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    ck_assert_ok(tnn_model_new(&m, 2, sm, 1, NULL));
    k = real_copy(lgref_cce_kernel, 6);
    b = real_copy(lgref_cce_bias, 3);
    ck_assert_ok(tnn_model_set_weights(m, 0, k, 6, b, 3));
    double cce_grad[9];
    memcpy(cce_grad, lgref_cce_grad_kernel, sizeof lgref_cce_grad_kernel);
    memcpy(cce_grad + 6, lgref_cce_grad_bias, sizeof lgref_cce_grad_bias);
    check_logit_case(m, TNN_LOSS_CCE, lgref_cce_x, lgref_cce_y, LGREF_CCE_ROWS, 3, cce_grad,
                     lgref_cce_loss, lgref_cce_clipped_loss, 1u << layer_path());
    tnn_model_free(m);
    free(k);
    free(b);

    /* a wide hidden layer: the fused and layer-by-layer paths */
    const tnn_layer_spec deep[] = {TNN_DENSE(40, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&m, 2, deep, 2, NULL));
    const size_t n = tnn_model_n_params(m);
    ck_assert_uint_eq(n, sizeof lgref_deep_params / sizeof lgref_deep_params[0]);
    tnn_real *p = real_copy(lgref_deep_params, n);
    ck_assert_ok(tnn_model_set_params(m, p, n));
    check_logit_case(m, TNN_LOSS_BCE, lgref_bce_x, lgref_bce_y, LGREF_BCE_ROWS, 1,
                     lgref_deep_grad, lgref_deep_loss, lgref_deep_clipped_loss,
                     (1u << fan_path()) | (1u << layer_path()));
    tnn_model_free(m);
    free(p);
}
END_TEST

/* The rule that picks a path (lib/train/gradient.c, tnn__gradient_path_of)
 * at each of its edges: the shapes just inside and just outside the narrow
 * and fan paths, and the fewest rows of workspace each path needs. */
START_TEST(path_rule)
{
    static const struct {
        size_t n_in, n_layers;
        tnn_layer_spec spec[3];
        int want; /* 0 layer by layer, 1 narrow, 2 fan */
    } cases[] = {
        {2, 2, {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)}, 1}, /* W1's 2-3-1 */
        {16, 2, {TNN_DENSE(16, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_LINEAR)}, 1}, /* 16 wide */
        {17, 1, {TNN_DENSE(1, TNN_ACT_SIGMOID)}, 0},                             /* 17 inputs */
        {2, 2, {TNN_DENSE(16, TNN_ACT_RELU), TNN_DENSE(2, TNN_ACT_LINEAR)}, 0}, /* two outputs */
        {2, 2, {TNN_DENSE(4, TNN_ACT_SOFTMAX), TNN_DENSE(1, TNN_ACT_LINEAR)}, 0}, /* a softmax */
        {2,
         3,
         {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)},
         1},
        {1, 2, {TNN_DENSE(400, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)}, 2}, /* W2's 1-400-1 */
        {4, 2, {TNN_DENSE(17, TNN_ACT_LINEAR), TNN_DENSE(1, TNN_ACT_SIGMOID)}, 2}, /* 4 inputs, 17 wide */
        {5, 2, {TNN_DENSE(17, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)}, 0}, /* 5 inputs */
        {2, 2, {TNN_DENSE(17, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_LINEAR)}, 0}, /* a tanh hidden layer */
        {2, 2, {TNN_DENSE(17, TNN_ACT_RELU), TNN_DENSE(2, TNN_ACT_LINEAR)}, 0}, /* two outputs */
        {2,
         3,
         {TNN_DENSE(17, TNN_ACT_RELU), TNN_DENSE(4, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)},
         0}, /* 3 layers */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_new(&m, cases[c].n_in, cases[c].spec, cases[c].n_layers, NULL));
        const tnn__gradient_path want = cases[c].want == 1   ? TNN__GRADIENT_NARROW
                                        : cases[c].want == 2 ? fan_path()
                                                             : layer_path();
        /* the fewest rows of workspace: one group of 16 rows of the narrow
         * layout (inputs, target, activations and deltas), one tile of 32
         * rows of the fan's (inputs, target, output and delta) */
        const size_t row_reals = tnn__gradient_row_bytes(m) / sizeof(tnn_real);
        const size_t need = cases[c].want == 1   ? 16 * tnn__narrow_row_reals(m)
                            : cases[c].want == 2 ? 32 * (cases[c].n_in + 3)
                                                 : 1;
        const size_t fewest = (need + row_reals - 1) / row_reals;
        ck_assert_msg(tnn__gradient_path_of(m, fewest) == want, "case %zu: %s, expected %s", c,
                      path_name(tnn__gradient_path_of(m, fewest)), path_name(want));
        ck_assert(tnn__gradient_path_of(m, 1000) == want);
        if (fewest > 1)
            ck_assert_msg(tnn__gradient_path_of(m, fewest - 1) == layer_path(), "case %zu", c);
        tnn_model_free(m);
    }
}
END_TEST

/* Rows picked through an index (tnn_fit's shuffled mini-batches) on every
 * path: read where they are (GENERIC, the first layer's kernels follow the
 * index) or gathered (COMPACT, NARROW, FAN), the same bits as the rows
 * copied in that order. */
START_TEST(index_rows_match_copied_rows)
{
    static const struct {
        size_t n_in;
        tnn_layer_spec spec[2];
        tnn_loss loss;
        size_t block;
        int fan;
    } cases[] = {
        {3, {TNN_DENSE(20, TNN_ACT_TANH), TNN_DENSE(2, TNN_ACT_SIGMOID)}, TNN_LOSS_BCE, 7, 0}, /* layer by layer */
        {2, {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)}, TNN_LOSS_BCE, 40, 0}, /* narrow */
        {2, {TNN_DENSE(40, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)}, TNN_LOSS_MSE, 40, 1}, /* fan */
    };
    enum { ROWS = 57, MAXP = 3 * 40 + 40 + 40 * 2 + 2 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        tnn_model *m = NULL;
        ck_assert_ok(tnn_model_new(&m, cases[c].n_in, cases[c].spec, 2, NULL));
        const size_t np = tnn_model_n_params(m), n_in = cases[c].n_in;
        const size_t n_out = cases[c].spec[1].units;
        ck_assert_uint_le(np, MAXP);
        uint32_t seed = 31 + (uint32_t)c;
        tnn_real params[MAXP], x[ROWS * 3], y[ROWS * 2], xs[ROWS * 3], ys[ROWS * 2];
        for (size_t i = 0; i < np; i++)
            params[i] = (tnn_real)(0.5 * lcg(&seed));
        ck_assert_ok(tnn_model_set_params(m, params, np));
        for (size_t i = 0; i < ROWS * n_in; i++)
            x[i] = (tnn_real)(2 * lcg(&seed));
        for (size_t i = 0; i < ROWS * n_out; i++)
            y[i] = (tnn_real)(0.5 + 0.5 * lcg(&seed));
        size_t index[ROWS];
        for (size_t r = 0; r < ROWS; r++) {
            index[r] = r * 23 % ROWS; /* a permutation: 23 and 57 are coprime */
            memcpy(xs + r * n_in, x + index[r] * n_in, n_in * sizeof *x);
            memcpy(ys + r * n_out, y + index[r] * n_out, n_out * sizeof *y);
        }
        const tnn__gradient_path want = cases[c].fan                  ? fan_path()
                                        : cases[c].spec[0].units == 3 ? TNN__GRADIENT_NARROW
                                                                      : layer_path();
        ck_assert(tnn__gradient_path_of(m, cases[c].block) == want);
        void *work = malloc(cases[c].block * tnn__gradient_row_bytes(m));
        tnn_real g_index[MAXP] = {0}, g_copy[MAXP] = {0};
        double l_index = 0, l_copy = 0, metric = 0;
        tnn__gradient_rows(m, cases[c].loss, TNN_METRIC_NONE, x, y, index, 0, ROWS, g_index,
                           &l_index, &metric, work, cases[c].block);
        tnn__gradient_rows(m, cases[c].loss, TNN_METRIC_NONE, xs, ys, NULL, 0, ROWS, g_copy,
                           &l_copy, &metric, work, cases[c].block);
        ck_assert_mem_eq(g_index, g_copy, np * sizeof *g_index);
        ck_assert(l_index == l_copy);
        free(work);
        tnn_model_free(m);
    }
}
END_TEST

START_TEST(errors_write_nothing)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(2, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec, 2, NULL));
    const size_t np = tnn_model_n_params(m);
    tnn_real x[4] = {1, 2, 3, 4}, y[2] = {0, 1};
    tnn_real grad[9];
    for (size_t i = 0; i < np; i++)
        grad[i] = 7;
    double loss = 5;
    _Alignas(8) unsigned char work[512];
    size_t ws = sizeof work;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_MSE, x, y, 2, grad, np - 1, &loss, work, ws),
                     TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_gradient(m, TNN_LOSS_CCE, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_UNSUPPORTED);
    ck_assert_status(tnn_gradient(m, (tnn_loss)-1, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, NULL, y, 2, grad, np, &loss, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, NULL, np, &loss, work, ws),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work + 4, ws - 8),
                     TNN_E_MISALIGNED);
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work, 8),
                     TNN_E_BUFFER_TOO_SMALL);
    x[3] = (tnn_real)NAN;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_NON_FINITE);
    x[3] = 4;
    y[1] = (tnn_real)INFINITY;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_NON_FINITE);
    y[1] = 2; /* BCE targets must be probabilities */
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_OUT_OF_RANGE);
    y[1] = -0.5;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_BCE, x, y, 2, grad, np, &loss, work, ws),
                     TNN_E_OUT_OF_RANGE);
    for (size_t i = 0; i < np; i++)
        ck_assert(grad[i] == 7);
    ck_assert(loss == 5);
    size_t s = 3;
    ck_assert_status(tnn_gradient_workspace_size(m, 0, &s), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_gradient_workspace_size(m, SIZE_MAX / 4, &s), TNN_E_OVERFLOW);
    ck_assert_uint_eq(s, 3);
    tnn_model_free(m);

    /* a step layer cannot be trained by gradients */
    const tnn_layer_spec step[] = {TNN_DENSE(1, TNN_ACT_STEP)};
    ck_assert_ok(tnn_model_new(&m, 2, step, 1, NULL));
    y[1] = 1;
    ck_assert_status(tnn_gradient(m, TNN_LOSS_MSE, x, y, 2, grad, 3, &loss, work, ws),
                     TNN_E_UNSUPPORTED);
    tnn_model_free(m);
}
END_TEST

static Suite *gradient_suite(void)
{
    Suite *s = suite_create("gradient");
    TCase *tc = tcase_create("gradient");
    tcase_add_test(tc, finite_differences_every_pairing);
    tcase_add_test(tc, matches_pytorch_autograd);
    tcase_add_test(tc, blocks_and_chunks_do_not_change_the_gradient);
    tcase_add_test(tc, deep_narrow_model_is_block_invariant);
    tcase_add_test(tc, fused_wide_path_matches_layer_by_layer);
    tcase_add_test(tc, saturated_cross_entropy_from_logits);
    tcase_add_test(tc, path_rule);
    tcase_add_test(tc, index_rows_match_copied_rows);
    tcase_add_test(tc, errors_write_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(gradient_suite());
}
