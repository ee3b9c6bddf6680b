/* Fuzz target: the public API driven by the fuzzer's bytes, in two modes
 * chosen by the first byte: robustness (below 0xE0, this part) and the
 * kernels (0xE0 and above: kernel mode, further down).
 *
 * Robustness mode: builds a model of fuzzed shape (bounded: up to 4
 * inputs, 3 layers of up to 5 units, activations including invalid
 * values), fills it with fuzzed or Glorot weights, trains it a few epochs
 * on fuzzed data with a fuzzed loss, metric, optimizer and settings (NaN,
 * infinities, 1e6 learning rates...), then predicts, evaluates, samples a
 * fuzzed grid, extracts every layer's activations and asks for the
 * geometry.
 *
 * Invariants (a violation aborts, which is a crash to libFuzzer):
 * - every call returns a known status; nothing crashes, leaks or trips a
 *   sanitizer;
 * - a failing call leaves its outputs untouched (checked with sentinels);
 * - after tnn_fit returns TNN_OK or TNN_E_DIVERGED, every weight is finite;
 * - every block allocated through the library is freed. */
#include "fuzz_common.h"

#define MAX_IN 4
#define MAX_LAYERS 3
#define MAX_UNITS 5
#define MAX_ROWS 16
#define MAX_AXIS 8
#define SENTINEL_BYTE 0x5A

static bool untouched(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != SENTINEL_BYTE)
            return false;
    return true;
}

/* Calls `call` with `out` (n bytes) filled with sentinels; on failure the
 * sentinels must still be there. */
#define CALL_CLEAN(st, out, n, call)                                                           \
    do {                                                                                       \
        memset((out), SENTINEL_BYTE, (n));                                                     \
        (st) = (call);                                                                         \
        FUZZ_CHECK(fuzz_status_known(st));                                                     \
        if ((st) != TNN_OK)                                                                    \
            FUZZ_CHECK(untouched((out), (n)));                                                 \
    } while (0)


static void inspect(fuzz_input *in, const tnn_model *m, const tnn_real *x, const tnn_real *y,
                    size_t n_rows)
{
    const size_t n_in = tnn_model_n_inputs(m), n_out = tnn_model_n_outputs(m);
    const size_t n_layers = tnn_model_n_layers(m);
    tnn_status st;
    size_t ws = 0;
    /* scratch of a fuzzed number of rows, or one byte too few */
    const size_t block = 1 + fuzz_below(in, 4);
    FUZZ_CHECK(tnn_predict_workspace_size(m, block, &ws) == TNN_OK);
    if (fuzz_u8(in) < 16)
        ws -= 1;
    void *work = fuzz_buffer(ws);

    tnn_real out[MAX_ROWS * MAX_UNITS], z[MAX_ROWS * MAX_UNITS];
    CALL_CLEAN(st, out, sizeof out, tnn_predict(m, x, n_rows, out, work, ws));
    if (st == TNN_OK && n_rows > 0) {
        int32_t classes[MAX_ROWS];
        tnn_real scores[MAX_ROWS];
        CALL_CLEAN(st, classes, sizeof classes,
                   tnn_output_classes(m, out, n_rows, classes, fuzz_bool(in) ? scores : NULL));
        if (st == TNN_OK)
            for (size_t r = 0; r < n_rows; r++)
                FUZZ_CHECK(classes[r] >= 0 && (size_t)classes[r] < (n_out < 2 ? 2 : n_out));
    }
    double lv, mv;
    st = tnn_evaluate(m, (tnn_loss)fuzz_below(in, 4), (tnn_metric)fuzz_below(in, 4), x, y,
                      n_rows, &lv, &mv, work, ws);
    FUZZ_CHECK(fuzz_status_known(st));

    for (size_t k = 0; k <= n_layers; k++) { /* k == n_layers: out of range */
        size_t len = n_rows * (k < n_layers ? tnn_layer_units(tnn_model_layer(m, k)) : 1);
        if (fuzz_u8(in) < 16 && len > 0)
            len -= 1;
        memset(z, SENTINEL_BYTE, sizeof z);
        CALL_CLEAN(st, out, sizeof out,
                   tnn_layer_activations(m, k, x, n_rows, out, fuzz_bool(in) ? z : NULL, len,
                                         work, ws));
        if (st != TNN_OK)
            FUZZ_CHECK(untouched(z, sizeof z));
    }

    /* a grid over two fuzzed inputs */
    double x1[MAX_AXIS], x2[MAX_AXIS];
    const size_t n1 = 1 + fuzz_below(in, MAX_AXIS), n2 = fuzz_below(in, MAX_AXIS + 1);
    for (size_t i = 0; i < MAX_AXIS; i++) {
        x1[i] = fuzz_double(in);
        x2[i] = fuzz_double(in);
    }
    tnn_real fixed[MAX_IN];
    for (size_t i = 0; i < MAX_IN; i++)
        fixed[i] = fuzz_real(in);
    tnn_grid_slice slice = {sizeof slice, fuzz_below(in, MAX_IN + 1), fuzz_below(in, MAX_IN + 1),
                            fuzz_bool(in) ? fixed : NULL, fuzz_bool(in) ? n_in : MAX_IN};
    size_t gws = 0;
    if (tnn_grid_workspace_size(m, 1 + fuzz_below(in, 8), &gws) == TNN_OK) {
        if (fuzz_u8(in) < 16)
            gws -= 1;
        void *gwork = fuzz_buffer(gws);
        int32_t classes[MAX_AXIS * MAX_AXIS];
        tnn_real scores[MAX_AXIS * MAX_AXIS];
        size_t cells = n1 * n2;
        if (fuzz_u8(in) < 16 && cells > 0)
            cells -= 1;
        memset(scores, SENTINEL_BYTE, sizeof scores);
        CALL_CLEAN(st, classes, sizeof classes,
                   tnn_grid_sample(m, x1, n1, x2, n2, fuzz_bool(in) ? &slice : NULL, classes,
                                   fuzz_bool(in) ? scores : NULL, cells, gwork, gws));
        if (st != TNN_OK)
            FUZZ_CHECK(untouched(scores, sizeof scores));
        free(gwork);
    }

    /* geometry of a fuzzed layer and units */
    tnn_real normal[MAX_UNITS + MAX_IN], offset[MAX_UNITS];
    const size_t layer = fuzz_below(in, n_layers + 1);
    const size_t u1 = fuzz_below(in, MAX_UNITS + 1), u2 = fuzz_below(in, MAX_UNITS + 1);
    const size_t nlen = fuzz_below(in, MAX_UNITS + MAX_IN + 1);
    CALL_CLEAN(st, normal, sizeof normal,
               tnn_unit_hyperplane(m, layer, u1, normal, nlen, offset));
    CALL_CLEAN(st, normal, sizeof normal,
               tnn_class_boundary(m, layer, u1, u2, normal, nlen, fuzz_bool(in) ? offset : NULL));
    tnn_real vectors[MAX_UNITS * MAX_UNITS];
    CALL_CLEAN(st, vectors, sizeof vectors,
               tnn_linear_layer_span(m, layer, vectors, fuzz_below(in, 26), offset,
                                     fuzz_below(in, MAX_UNITS + 1)));
    tnn_real heights[MAX_AXIS * MAX_AXIS];
    const tnn_real pn[3] = {fuzz_real(in), fuzz_real(in), fuzz_real(in)};
    CALL_CLEAN(st, heights, sizeof heights,
               tnn_plane_surface(pn, 3, fuzz_real(in), x1, n1, x2, n2, heights,
                                 MAX_AXIS * MAX_AXIS));
    tnn_real acts[MAX_ROWS * MAX_UNITS], contrib[MAX_ROWS * MAX_UNITS], sums[MAX_ROWS], bias;
    memset(acts, SENTINEL_BYTE, sizeof acts);
    CALL_CLEAN(st, contrib, sizeof contrib,
               tnn_output_contributions(m, x, n_rows, acts, contrib, MAX_ROWS * MAX_UNITS,
                                        &bias, sums, work, ws));
    if (st != TNN_OK)
        FUZZ_CHECK(untouched(acts, sizeof acts));

    char text[2048];
    size_t needed = 0;
    const size_t tsize = fuzz_bool(in) ? sizeof text : fuzz_below(in, 64);
    CALL_CLEAN(st, text, sizeof text, tnn_model_summary(m, text, tsize, &needed));
    if (st == TNN_OK)
        FUZZ_CHECK(strlen(text) + 1 == needed);
    free(work);
}

#if TNN_HAVE_TRAINING
static tnn_real *params_copy(const tnn_model *m, size_t *n)
{
    *n = tnn_model_n_params(m);
    tnn_real *p = fuzz_buffer(*n * sizeof *p);
    FUZZ_CHECK(tnn_model_get_params(m, p, *n) == TNN_OK);
    return p;
}

static void train(fuzz_input *in, tnn_model *m, fuzz_alloc *alloc, tnn_rng *rng,
                  const tnn_real *x, const tnn_real *y, size_t n_rows)
{
    tnn_optimizer *opt = NULL;
    const tnn_optimizer_kind kind = (tnn_optimizer_kind)fuzz_below(in, 4);
    size_t n_params = tnn_model_n_params(m);
    if (fuzz_u8(in) < 8)
        n_params += 1; /* the wrong optimizer state */
    tnn_status st = tnn_optimizer_new(&opt, kind, n_params, &alloc->hooks);
    FUZZ_CHECK(fuzz_status_known(st));
    if (st != TNN_OK) {
        FUZZ_CHECK(opt == NULL);
        return;
    }
    /* a few settings, valid or not */
    for (size_t i = fuzz_below(in, 5); i > 0; i--) {
        const tnn_optimizer_param p = (tnn_optimizer_param)fuzz_below(in, 13);
        const double v = fuzz_double(in), before = 0;
        double got = before;
        st = tnn_optimizer_set(opt, p, v);
        FUZZ_CHECK(fuzz_status_known(st));
        if (st == TNN_OK) {
            FUZZ_CHECK(tnn_optimizer_get(opt, p, &got) == TNN_OK);
            FUZZ_CHECK(got == v || (v == 0 && got == 0));
        }
    }

    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = (tnn_loss)fuzz_below(in, 4);
    o.metric = (tnn_metric)fuzz_below(in, 4);
    o.epochs = fuzz_below(in, 5);
    o.batch_size = fuzz_below(in, n_rows + 2);
    o.shuffle = fuzz_bool(in) ? rng : NULL;
    double history[4] = {0, 0, 0, 0};
    o.history_loss = fuzz_bool(in) ? history : NULL;
    size_t ws = 0;
    st = tnn_fit_workspace_size(m, &o, n_rows, &ws);
    FUZZ_CHECK(fuzz_status_known(st));
    if (st == TNN_OK) {
        if (fuzz_u8(in) < 16)
            ws -= 1;
        void *work = fuzz_buffer(ws);
        size_t n_before = 0;
        tnn_real *before = params_copy(m, &n_before);
        size_t epochs_run = 12345;
        st = tnn_fit(m, opt, &o, x, y, n_rows, work, ws, &epochs_run);
        FUZZ_CHECK(fuzz_status_known(st));
        size_t n_after = 0;
        tnn_real *after = params_copy(m, &n_after);
        if (st == TNN_OK || st == TNN_E_DIVERGED) {
            /* documented: training never leaves a NaN or infinite weight */
            FUZZ_CHECK(fuzz_all_finite(after, n_after));
            FUZZ_CHECK(epochs_run <= o.epochs);
            if (o.history_loss != NULL)
                for (size_t e = 0; e < epochs_run; e++)
                    FUZZ_CHECK(isfinite(history[e]));
        } else {
            /* argument errors: the model and epochs_run untouched */
            FUZZ_CHECK(epochs_run == 12345);
            FUZZ_CHECK(memcmp(before, after, n_after * sizeof *after) == 0);
        }
        free(before);
        free(after);
        free(work);
    }

    /* one gradient and one manual step */
    size_t gws = 0;
    if (tnn_gradient_workspace_size(m, 1 + fuzz_below(in, 3), &gws) == TNN_OK) {
        void *work = fuzz_buffer(gws);
        const size_t n = tnn_model_n_params(m);
        tnn_real *grad = fuzz_buffer(n * sizeof *grad);
        memset(grad, 0, n * sizeof *grad);
        double loss_sum = 0;
        st = tnn_gradient(m, o.loss, x, y, n_rows, grad, n, &loss_sum, work, gws);
        FUZZ_CHECK(fuzz_status_known(st));
        if (st == TNN_OK) {
            st = tnn_optimizer_step(opt, m, grad, n, n_rows == 0 ? 1 : n_rows);
            FUZZ_CHECK(fuzz_status_known(st));
            size_t np = 0;
            tnn_real *p = params_copy(m, &np);
            FUZZ_CHECK(fuzz_all_finite(p, np)); /* a step never stores a non-finite weight */
            free(p);
        }
        free(grad);
        free(work);
    }
    tnn_optimizer_free(opt);
}
#endif

/* The robustness mode: small shapes, invalid values and arguments. */
static void robustness(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size, 0};
    fuzz_alloc alloc;
    fuzz_alloc_init(&alloc, fuzz_below(&in, 8)); /* sometimes fail an allocation */

    const size_t n_in = 1 + fuzz_below(&in, MAX_IN);
    const size_t n_layers = 1 + fuzz_below(&in, MAX_LAYERS);
    tnn_layer_spec spec[MAX_LAYERS] = {{0}}; /* kind 0: dense */
    for (size_t k = 0; k < n_layers; k++) {
        spec[k].units = fuzz_below(&in, MAX_UNITS + 1);          /* 0: a zero-width layer */
        spec[k].activation = (tnn_activation)fuzz_below(&in, 7); /* 6: not an activation */
    }

    tnn_rng *rng = NULL;
    tnn_status st = tnn_rng_new(&rng, fuzz_u32(&in), &alloc.hooks);
    FUZZ_CHECK(fuzz_status_known(st));
    if (st != TNN_OK) {
        FUZZ_CHECK(st == TNN_E_OUT_OF_MEMORY && rng == NULL);
        FUZZ_CHECK(alloc.live == 0);
        return;
    }

    /* heap model, or one placed in caller memory of a fuzzed size */
    tnn_model *m = NULL;
    void *mem = NULL;
    if (fuzz_bool(&in)) {
        st = tnn_model_new(&m, n_in, spec, n_layers, &alloc.hooks);
    } else {
        size_t msize = 0;
        st = tnn_model_size(n_in, spec, n_layers, &msize);
        if (st == TNN_OK) {
            if (fuzz_u8(&in) < 32)
                msize -= 1;
            mem = fuzz_buffer(msize);
            st = tnn_model_init(&m, mem, msize, n_in, spec, n_layers);
        }
    }
    FUZZ_CHECK(fuzz_status_known(st));
    if (st != TNN_OK) {
        FUZZ_CHECK(m == NULL);
        free(mem);
        tnn_rng_free(rng);
        FUZZ_CHECK(alloc.live == 0);
        return;
    }

    /* weights: Glorot, or fuzzed values (refused when not finite) */
    const size_t n_params = tnn_model_n_params(m);
    if (fuzz_bool(&in)) {
        FUZZ_CHECK(tnn_model_draw_glorot(m, rng) == TNN_OK);
    } else {
        tnn_real *p = fuzz_buffer(n_params * sizeof *p);
        for (size_t i = 0; i < n_params; i++)
            p[i] = fuzz_real(&in);
        st = tnn_model_set_params(m, p, n_params);
        FUZZ_CHECK(st == (fuzz_all_finite(p, n_params) ? TNN_OK : TNN_E_NON_FINITE));
        free(p);
    }

    /* data: fuzzed rows of fuzzed values */
    const size_t n_out = tnn_model_n_outputs(m);
    const size_t n_rows = fuzz_below(&in, MAX_ROWS + 1);
    tnn_real x[MAX_ROWS * MAX_IN], y[MAX_ROWS * MAX_UNITS];
    for (size_t i = 0; i < n_rows * n_in; i++)
        x[i] = fuzz_real(&in);
    for (size_t i = 0; i < n_rows * n_out; i++)
        y[i] = fuzz_u8(&in) < 200 ? (tnn_real)(fuzz_u8(&in) & 1) : fuzz_real(&in);

#if TNN_HAVE_TRAINING
    train(&in, m, &alloc, rng, x, y, n_rows);
#endif
    inspect(&in, m, x, y, n_rows);

    tnn_model_free(m); /* ignores a model in caller memory */
    free(mem);
    tnn_rng_free(rng);
    FUZZ_CHECK(alloc.live == 0);
}

/* ---------------------------------------------------------------------- */
/* Kernel mode (first byte KERNEL_MODE or above): models of the shapes that
 * pick the library's fast paths, every result compared with the plain
 * double-precision reference of fuzz_reference.h.
 *
 * Shapes (the first byte's low two bits):
 * - wide: up to 300 inputs and 96 units a layer, 16 rows, so that dense.c's
 *   register tiles (6 rows x 16 units), their passes of 256 inputs, the
 *   narrow-unit tiles and the input gradient's blocks of 64 units all run,
 *   with every remainder of rows, inputs and units;
 * - fan: gradient_fan.c's two layers, 1-4 inputs, a wide ReLU or linear
 *   hidden layer and one output;
 * - narrow: gradient_narrow.c's and the narrow grid's models, every layer
 *   and the inputs at most 16 wide, one output, up to 300 rows;
 * - any: up to 40 inputs, 4 layers of 24 units, softmax anywhere.
 * Weights: Glorot, or drawn from a few fuzzed bytes (uniform, small exact
 * multiples of 1/4, sparse, non-negative) with fuzzed values put in; the
 * inputs likewise. Workspaces hold a fuzzed number of rows (or cells) plus
 * a fuzzed number of bytes, so that blocks, chunks and groups split
 * anywhere. Checked against the reference: tnn_predict, tnn_layer_activations
 * (a and z), tnn_evaluate (loss and metric), tnn_gradient (gradient and
 * loss), tnn_fit (SGD, shuffled or not: one full batch, or a vanishing
 * learning rate over mini-batches; the history and the weights) and
 * tnn_grid_sample (classes and scores; also exactly tnn_predict's). An
 * input runs every check, or one of them (a byte picks), for speed.
 * TNN_FUZZ_VERBOSE=1 in the environment prints what an input decoded to. */
#include "fuzz_reference.h"

#define KERNEL_MODE 0xE0u
#define K_MAX_IN 300u
#define K_MAX_UNITS 96u
/* For speed: weights per layer (257 inputs still get a register tile of
 * 16 units), and grid cells times weights. */
#define K_MAX_WEIGHTS 4608u
#define K_GRID_MACS 32768u
#define K_MAX_ROWS 300u
#define K_MAX_N1 12u
#define K_MAX_N2 8u

enum { SHAPE_WIDE, SHAPE_FAN, SHAPE_NARROW, SHAPE_ANY };
enum {
    CHECK_PREDICT = 1,
    CHECK_LAYER = 2,
    CHECK_EVALUATE = 4,
    CHECK_GRADIENT = 8,
    CHECK_FIT = 16,
    CHECK_GRID = 32
};

/* Two bytes, high first. */
static size_t fuzz_u16(fuzz_input *in)
{
    const size_t hi = fuzz_u8(in);
    return hi << 8 | fuzz_u8(in);
}

/* Many values from a few bytes: splitmix64 and a fuzzed distribution. */
typedef struct value_gen {
    uint64_t state;
    unsigned kind;
    double scale;
} value_gen;

static REF_NO_COVERAGE uint64_t gen_bits(value_gen *g)
{
    uint64_t z = (g->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void gen_init(fuzz_input *in, value_gen *g, uint32_t seed)
{
    static const double scales[4] = {1.0 / 16, 1.0 / 4, 1, 4}; /* powers of 2 */
    g->state = seed;
    g->kind = (unsigned)fuzz_below(in, 4);
    g->scale = scales[fuzz_below(in, 4)];
}

static REF_NO_COVERAGE double gen_value(value_gen *g)
{
    const double u = (double)(gen_bits(g) >> 11) * 0x1p-53; /* [0, 1) */
    switch (g->kind) {
    case 0: /* uniform */ return (2 * u - 1) * g->scale;
    case 1: /* multiples of 1/4 in [-2, 2], scaled: exact sums, exact zeros and ties */
        return (double)((int)(gen_bits(g) % 17) - 8) / 4 * g->scale;
    case 2: /* sparse */ return (gen_bits(g) & 3) == 0 ? (2 * u - 1) * g->scale : 0;
    default: /* non-negative: every ReLU on, or every one off */ return u * g->scale;
    }
}

/* n values from the generator, then up to three fuzzed values put in at
 * fuzzed places (the finite ones only when `finite`). */
static REF_NO_COVERAGE void gen_fill(fuzz_input *in, value_gen *g, tnn_real *v, size_t n,
                                     bool finite)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (tnn_real)gen_value(g);
    for (size_t k = fuzz_below(in, 4); k > 0 && n > 0; k--) {
        const size_t at = fuzz_u16(in) % n;
        const tnn_real r = fuzz_real(in);
        if (!finite || isfinite((double)r))
            v[at] = r;
    }
}

/* Widths on both sides of the kernels' tile, pass and block sizes. */
static size_t pick_width(fuzz_input *in, size_t max)
{
    static const uint16_t widths[32] = {1,  2,  3,  4,  5,  6,   7,   8,   9,   11, 15,
                                        16, 17, 18, 23, 31, 32,  33,  38,  47,  48, 63,
                                        64, 65, 70, 81, 96, 250, 256, 257, 262, 300};
    const size_t w = widths[fuzz_below(in, 32)];
    return w <= max ? w : 1 + w % max;
}

/* Mostly ReLU (a zero byte gives ReLU), step rarely: it has no gradient. */
static tnn_activation pick_act(fuzz_input *in, bool softmax)
{
    const unsigned b = fuzz_u8(in) % 16u;
    if (b < 5)
        return TNN_ACT_RELU;
    if (b < 8)
        return TNN_ACT_LINEAR;
    if (b < 11)
        return TNN_ACT_SIGMOID;
    if (b < 13)
        return TNN_ACT_TANH;
    if (b < 15)
        return softmax ? TNN_ACT_SOFTMAX : TNN_ACT_SIGMOID;
    return TNN_ACT_STEP;
}

static size_t pick_shape(fuzz_input *in, unsigned shape, tnn_layer_spec *spec, size_t *n_layers,
                         size_t *n_rows)
{
    size_t n_in = 1;
    switch (shape) {
    case SHAPE_WIDE:
        n_in = pick_width(in, K_MAX_IN);
        *n_layers = 1 + fuzz_below(in, 3);
        for (size_t k = 0, fan_in = n_in; k < *n_layers; k++) {
            const size_t cap = K_MAX_WEIGHTS / fan_in;
            spec[k].units = pick_width(in, cap < K_MAX_UNITS ? cap : K_MAX_UNITS);
            spec[k].activation = pick_act(in, true);
            fan_in = spec[k].units;
        }
        *n_rows = fuzz_below(in, 17);
        break;
    case SHAPE_FAN: {
        n_in = 1 + fuzz_below(in, 4);
        *n_layers = 2;
        const unsigned h = fuzz_u8(in);
        spec[0].units = 17 + fuzz_below(in, 80);
        spec[0].activation = h % 8 == 7 ? pick_act(in, false)
                             : h & 1    ? TNN_ACT_LINEAR
                                        : TNN_ACT_RELU;
        spec[1].units = 1;
        spec[1].activation = pick_act(in, false);
        *n_rows = 1 + fuzz_below(in, 100);
        break;
    }
    case SHAPE_NARROW:
        n_in = 1 + fuzz_below(in, 16);
        *n_layers = 1 + fuzz_below(in, REF_MAX_LAYERS);
        for (size_t k = 0; k < *n_layers; k++) {
            spec[k].units = k + 1 < *n_layers ? 1 + fuzz_below(in, 16) : 1;
            spec[k].activation = pick_act(in, false);
        }
        *n_rows = fuzz_u8(in) < 32 ? 1 + fuzz_u16(in) % K_MAX_ROWS : 1 + fuzz_below(in, 100);
        break;
    default:
        n_in = 1 + fuzz_below(in, 40);
        *n_layers = 1 + fuzz_below(in, REF_MAX_LAYERS);
        for (size_t k = 0; k < *n_layers; k++) {
            spec[k].units = 1 + fuzz_below(in, 24);
            spec[k].activation = pick_act(in, true);
        }
        *n_rows = fuzz_below(in, 25);
        break;
    }
    return n_in;
}

/* Scratch for a fuzzed number of rows (or cells) in 1 .. max_rows, plus a
 * fuzzed part of one more: fn is a tnn_*_workspace_size function. */
typedef tnn_status (*workspace_fn)(const tnn_model *, size_t, size_t *);
static size_t fuzzed_work(fuzz_input *in, const tnn_model *m, workspace_fn fn, size_t max_rows)
{
    size_t one = 0, two = 0, size = 0;
    FUZZ_CHECK(fn(m, 1, &one) == TNN_OK && fn(m, 2, &two) == TNN_OK);
    FUZZ_CHECK(fn(m, 1 + fuzz_below(in, max_rows), &size) == TNN_OK);
    return size + fuzz_below(in, two - one);
}

/* Everything the checks share: the model, its data and the reference. */
typedef struct kernel_case {
    tnn_model *m;
    ref_model rm;
    tnn_real *params, *x, *y;
    size_t n_in, n_out, n_rows;
    tnn_loss loss;
    tnn_metric metric;
    bool x_finite, rows_ok, trainable;
    ref_row *rows; /* per data row, and one more: scratch */
    bool *row_ok;
    ref_stats stats;
    double zero_loss; /* mean loss of outputs (or logits) of zeros */
    ref_grad grad;
    bool grad_ok;
} kernel_case;

/* The loss and metric over every row, from the rows' forward passes done
 * already, or done again with weights dw off (as ref_forward); false if a
 * row is unreliable. */
REF_FN bool data_stats(const kernel_case *c, const double *dw, ref_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t r = 0; r < c->n_rows; r++) {
        const tnn_real *yr = c->y + r * c->n_out;
        const ref_row *scratch = dw != NULL ? &c->rows[c->n_rows] : &c->rows[r];
        if (dw != NULL ? !ref_forward(&c->rm, c->x + r * c->n_in, scratch, dw) : !c->row_ok[r])
            return false;
        double v, b;
        bool unsure;
        ref_loss(&c->rm, c->loss, yr, scratch, &v, &b);
        st->loss_sum += v;
        st->loss_bound += b;
        ref_metric(&c->rm, c->metric, yr, scratch, &v, &b, &unsure);
        if (unsure)
            st->metric_uncertain++;
        else
            st->metric_sum += v;
        st->metric_bound += b;
    }
    return ref_ok(st->loss_sum) && ref_ok(st->loss_bound) && ref_ok(st->metric_sum) &&
           ref_ok(st->metric_bound);
}

static REF_NO_COVERAGE void check_predict(fuzz_input *in, const kernel_case *c)
{
    const size_t ws = fuzzed_work(in, c->m, tnn_predict_workspace_size, c->n_rows + 4);
    void *work = fuzz_buffer(ws);
    tnn_real *out = fuzz_buffer(c->n_rows * c->n_out * sizeof *out);
    FUZZ_CHECK(tnn_predict(c->m, c->x, c->n_rows, out, work, ws) == TNN_OK);
    const size_t at = c->rm.at[c->rm.n_layers - 1];
    for (size_t r = 0; r < c->n_rows; r++)
        if (c->row_ok[r])
            for (size_t j = 0; j < c->n_out; j++)
                ref_check("tnn_predict", r * c->n_out + j, (double)out[r * c->n_out + j],
                          c->rows[r].a[at + j], c->rows[r].ea[at + j]);
    free(out);
    free(work);
}

static REF_NO_COVERAGE void check_layer(fuzz_input *in, const kernel_case *c)
{
    const size_t k = fuzz_below(in, c->rm.n_layers), u = c->rm.units[k], at = c->rm.at[k];
    const size_t ws = fuzzed_work(in, c->m, tnn_predict_workspace_size, c->n_rows + 4);
    void *work = fuzz_buffer(ws);
    const size_t len = c->n_rows * u;
    tnn_real *a = fuzz_buffer(len * sizeof *a), *z = fuzz_buffer(len * sizeof *z);
    const bool want_z = fuzz_bool(in);
    FUZZ_CHECK(tnn_layer_activations(c->m, k, c->x, c->n_rows, a, want_z ? z : NULL, len, work,
                                     ws) == TNN_OK);
    for (size_t r = 0; r < c->n_rows; r++)
        if (c->row_ok[r])
            for (size_t j = 0; j < u; j++) {
                ref_check("tnn_layer_activations a", r * u + j, (double)a[r * u + j],
                          c->rows[r].a[at + j], c->rows[r].ea[at + j]);
                if (want_z)
                    ref_check("tnn_layer_activations z", r * u + j, (double)z[r * u + j],
                              c->rows[r].z[at + j], c->rows[r].ez[at + j]);
            }
    free(a);
    free(z);
    free(work);
}

/* The library's metric value against the reference's sums over n rows. */
static REF_NO_COVERAGE void check_metric(const char *what, const kernel_case *c,
                                         const ref_stats *st, double got)
{
    const double n = (double)c->n_rows;
    switch (c->metric) {
    case TNN_METRIC_NONE: FUZZ_CHECK(got == 0); break;
    case TNN_METRIC_ACCURACY: { /* correct rows: those sure, and some unsure */
        const double correct = got * n;
        if (!(correct >= st->metric_sum - 1e-6 &&
              correct <= st->metric_sum + (double)st->metric_uncertain + 1e-6)) {
            fprintf(stderr, "%s: %.17g correct, reference %.17g (+ up to %zu unsure)\n", what,
                    correct, st->metric_sum, st->metric_uncertain);
            FUZZ_FAIL("accuracy off the reference");
        }
        break;
    }
    case TNN_METRIC_MSE: {
        const double scale = n * (double)c->n_out;
        ref_check(what, 0, got, st->metric_sum / scale, st->metric_bound / scale);
        break;
    }
    }
}

/* st is want, or also `other` when that is not TNN_OK. */
static void expect_status(const char *what, tnn_status st, tnn_status want, tnn_status other)
{
    if (st == want || (other != TNN_OK && st == other))
        return;
    fprintf(stderr, "%s: %s, expected %s\n", what, tnn_status_message(st),
            tnn_status_message(want));
    FUZZ_FAIL("unexpected status");
}

static REF_NO_COVERAGE void check_evaluate(fuzz_input *in, const kernel_case *c)
{
    if (c->n_rows == 0)
        return;
    const size_t ws = fuzzed_work(in, c->m, tnn_predict_workspace_size, c->n_rows + 4);
    void *work = fuzz_buffer(ws);
    double lv = -1, mv = -1;
    const tnn_status st = tnn_evaluate(c->m, c->loss, c->metric, c->x, c->y, c->n_rows, &lv,
                                       &mv, work, ws);
    tnn_status want = tnn_loss_supported(c->loss, c->rm.act[c->rm.n_layers - 1]);
    if (want == TNN_OK && !c->x_finite)
        want = TNN_E_NON_FINITE;
    /* values beyond the reference's limit may overflow in the library */
    expect_status("tnn_evaluate", st, want, c->rows_ok ? TNN_OK : TNN_E_NON_FINITE);
    if (st == TNN_OK && c->rows_ok) {
        const double n = (double)c->n_rows;
        ref_check("tnn_evaluate loss", 0, lv, c->stats.loss_sum / n, c->stats.loss_bound / n);
        check_metric("tnn_evaluate metric", c, &c->stats, mv);
    }
    free(work);
}

#if TNN_HAVE_TRAINING
static REF_NO_COVERAGE void check_gradient(fuzz_input *in, const kernel_case *c, value_gen *g)
{
    /* up to 80 rows: the narrow path wants a group of 16, the fan path 32 */
    const size_t ws = fuzzed_work(in, c->m, tnn_gradient_workspace_size, 80);
    void *work = fuzz_buffer(ws);
    const size_t n = c->rm.n_params;
    tnn_real *grad = fuzz_buffer(n * sizeof *grad), *g0 = fuzz_buffer(n * sizeof *g0);
    const bool from_zero = fuzz_bool(in); /* else the gradient is added to values */
    for (size_t i = 0; i < n; i++)
        g0[i] = from_zero ? 0 : (tnn_real)gen_value(g);
    memcpy(grad, g0, n * sizeof *grad);
    const double l0 = from_zero ? 0 : 1.5;
    double loss_sum = l0;
    const tnn_status st = tnn_gradient(c->m, c->loss, c->x, c->y, c->n_rows, grad, n, &loss_sum,
                                       work, ws);
    const tnn_status want = !c->trainable  ? TNN_E_UNSUPPORTED
                            : !c->x_finite ? TNN_E_NON_FINITE
                                           : TNN_OK;
    expect_status("tnn_gradient", st, want, c->grad_ok ? TNN_OK : TNN_E_NON_FINITE);
    if (st == TNN_OK && c->grad_ok) {
        for (size_t i = 0; i < n; i++)
            ref_check("tnn_gradient", i, (double)grad[i], (double)g0[i] + c->grad.g[i],
                      ref_grad_bound(&c->grad, i, (double)g0[i]));
        ref_check("tnn_gradient loss_sum", 0, loss_sum, l0 + c->stats.loss_sum,
                  c->stats.loss_bound);
    } else if (st != TNN_OK) {
        FUZZ_CHECK(memcmp(grad, g0, n * sizeof *grad) == 0 && loss_sum == l0);
    }
    free(g0);
    free(grad);
    free(work);
}

/* SGD through tnn_fit, shuffled or not: one full batch with a learning
 * rate of 2^-k (the weights move by lr * gradient / rows), or mini-batches
 * with a learning rate so small that the weights barely move (a rate of 0
 * is refused), so that every batch's loss is the reference's at the same
 * weights to within what those moves can change. */
static REF_NO_COVERAGE void check_fit(fuzz_input *in, kernel_case *c, fuzz_alloc *alloc,
                                      tnn_rng *rng)
{
    const size_t n = c->rm.n_params;
    tnn_optimizer *opt = NULL;
    FUZZ_CHECK(tnn_optimizer_new(&opt, TNN_OPT_SGD, n, &alloc->hooks) == TNN_OK);
    const bool full = fuzz_bool(in);
    const double lr = full ? ldexp(1, -(int)(2 + fuzz_below(in, 10)))
                           : ldexp(1, TNN_REAL_IS_DOUBLE ? -1000 : -120);
    FUZZ_CHECK(tnn_optimizer_set(opt, TNN_PARAM_LEARNING_RATE, lr) == TNN_OK);
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = c->loss;
    o.metric = c->metric;
    o.epochs = full ? 1 : 1 + fuzz_below(in, 2);
    o.batch_size = full ? (fuzz_bool(in) ? 0 : c->n_rows + fuzz_below(in, 3))
                        : 1 + fuzz_below(in, c->n_rows + 1);
    o.shuffle = fuzz_u8(in) < 192 ? rng : NULL;
    double hl[2] = {-1, -1}, hm[2] = {-1, -1};
    o.history_loss = hl;
    o.history_metric = hm;
    size_t ws = 0;
    tnn_status st = tnn_fit_workspace_size(c->m, &o, c->n_rows, &ws);
    const tnn_status want = c->n_rows == 0  ? TNN_E_INVALID_ARGUMENT
                            : !c->trainable ? TNN_E_UNSUPPORTED
                                            : TNN_OK;
    expect_status("tnn_fit_workspace_size", st, want, TNN_OK);
    if (st == TNN_OK) {
        void *work = fuzz_buffer(ws);
        tnn_real *after = fuzz_buffer(n * sizeof *after);
        size_t epochs = 0;
        st = tnn_fit(c->m, opt, &o, c->x, c->y, c->n_rows, work, ws, &epochs);
        FUZZ_CHECK(fuzz_status_known(st));
        FUZZ_CHECK(tnn_model_get_params(c->m, after, n) == TNN_OK);
        /* tnn_fit stops a run whose loss grows far beyond that of an
         * output of zeros: not one whose loss stays below that */
        const double rows = (double)c->n_rows;
        const bool runaway = c->stats.loss_sum + c->stats.loss_bound > rows * c->zero_loss;
        if (!c->x_finite) {
            expect_status("tnn_fit", st, TNN_E_NON_FINITE, TNN_OK);
        } else if (!c->grad_ok) {
            FUZZ_CHECK(st == TNN_OK || st == TNN_E_DIVERGED || st == TNN_E_NON_FINITE);
        } else if (st == TNN_E_DIVERGED && runaway) {
            /* the library's call; nothing to compare */
        } else {
            expect_status("tnn_fit", st, TNN_OK, TNN_OK);
            FUZZ_CHECK(epochs == o.epochs);
            ref_stats moved = c->stats;
            bool moved_ok = true;
            if (full) { /* the loss before the step, the weights after it */
                for (size_t i = 0; i < n; i++) {
                    const double w = (double)c->params[i], step = lr * c->grad.g[i] / rows;
                    const double bound = lr * ref_grad_bound(&c->grad, i, 0) / rows +
                                         3 * REF_U * (fabs(w) + 2 * fabs(step));
                    ref_check("tnn_fit weights", i, (double)after[i], w - step, bound);
                }
            } else { /* each step moves a weight by at most lr |its gradient|
                      * (doubled for rounding): the losses and metric are
                      * the reference's with weights that far off */
                double *dw = fuzz_buffer(n * sizeof *dw);
                for (size_t i = 0; i < n; i++) {
                    dw[i] = 2 * (double)o.epochs * lr *
                            (c->grad.m[i] + c->grad.e[i] + fabs(c->grad.g[i]));
                    ref_check("tnn_fit weights", i, (double)after[i], (double)c->params[i],
                              dw[i] / 2);
                }
                moved_ok = data_stats(c, dw, &moved);
                free(dw);
            }
            for (size_t e = 0; e < o.epochs && moved_ok; e++) {
                ref_check("tnn_fit history_loss", e, hl[e], moved.loss_sum / rows,
                          moved.loss_bound / rows);
                check_metric("tnn_fit history_metric", c, &moved, hm[e]);
            }
        }
        /* back to the weights the reference has, for the checks after this */
        FUZZ_CHECK(tnn_model_set_params(c->m, c->params, n) == TNN_OK);
        free(after);
        free(work);
    }
    tnn_optimizer_free(opt);
}
#endif

static REF_NO_COVERAGE void check_grid(fuzz_input *in, const kernel_case *c, value_gen *g,
                                       const ref_row *cell)
{
    const size_t n_in = c->n_in;
    if (n_in < 2)
        return;
    size_t n1 = 1 + fuzz_below(in, K_MAX_N1), n2 = 1 + fuzz_below(in, K_MAX_N2);
    while (n1 * n2 > 1 && n1 * n2 * c->rm.n_params > K_GRID_MACS) { /* big models: fewer */
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    const size_t total = n1 * n2;
    double x1[K_MAX_N1], x2[K_MAX_N2];
    for (size_t i = 0; i < n1; i++)
        x1[i] = gen_value(g);
    for (size_t i = 0; i < n2; i++)
        x2[i] = gen_value(g);
    tnn_real *fixed = fuzz_buffer(n_in * sizeof *fixed), *row = fuzz_buffer(n_in * sizeof *row);
    gen_fill(in, g, fixed, n_in, true);
    size_t i1 = fuzz_below(in, n_in), i2 = fuzz_below(in, n_in - 1);
    i2 += i2 >= i1;
    const bool with_slice = n_in > 2 || fuzz_bool(in), with_fixed = n_in > 2 || fuzz_bool(in);
    if (!with_slice) {
        i1 = 0;
        i2 = 1;
    }
    const tnn_grid_slice slice = {sizeof slice, i1, i2, with_fixed ? fixed : NULL, n_in};
    const unsigned outputs = 1 + (unsigned)fuzz_below(in, 3); /* 1 classes, 2 scores, 3 both */
    int32_t classes[K_MAX_N1 * K_MAX_N2];
    tnn_real scores[K_MAX_N1 * K_MAX_N2];
    const size_t ws = fuzzed_work(in, c->m, tnn_grid_workspace_size, total + 4);
    void *work = fuzz_buffer(ws);
    FUZZ_CHECK(tnn_grid_sample(c->m, x1, n1, x2, n2, with_slice ? &slice : NULL,
                               outputs & 1 ? classes : NULL, outputs & 2 ? scores : NULL, total,
                               work, ws) == TNN_OK);
    const size_t at = c->rm.at[c->rm.n_layers - 1];
    tnn_real *cells = fuzz_buffer(total * n_in * sizeof *cells);
    for (size_t r = 0; r < n2; r++)
        for (size_t col = 0; col < n1; col++) {
            const size_t k = r * n1 + col;
            for (size_t i = 0; i < n_in; i++)
                row[i] = with_fixed ? fixed[i] : 0;
            row[i1] = (tnn_real)x1[col];
            row[i2] = (tnn_real)x2[r];
            memcpy(cells + k * n_in, row, n_in * sizeof *row);
            if (!ref_forward(&c->rm, row, cell, NULL))
                continue;
            bool unsure = false;
            const int32_t want = ref_class(&c->rm, cell, &unsure);
            if ((outputs & 1) && !unsure && classes[k] != want) {
                fprintf(stderr, "tnn_grid_sample cell %zu: class %d, reference %d\n", k,
                        (int)classes[k], (int)want);
                FUZZ_FAIL("a grid class is off the reference");
            }
            if (outputs & 2) { /* the output, or the largest of several */
                const size_t best = ref_argmax(cell->a + at, c->n_out);
                double bound = 0;
                for (size_t j = 0; j < c->n_out; j++)
                    bound = cell->ea[at + j] > bound ? cell->ea[at + j] : bound;
                ref_check("tnn_grid_sample score", k, (double)scores[k], cell->a[at + best],
                          bound);
            }
        }
    /* documented: each cell's class and score are exactly tnn_predict's
     * followed by tnn_output_classes' (where rounding decides a class, the
     * reference cannot: the sigmoid band of the narrow path) */
    const size_t pws = fuzzed_work(in, c->m, tnn_predict_workspace_size, total + 4);
    void *pwork = fuzz_buffer(pws);
    tnn_real *out = fuzz_buffer(total * c->n_out * sizeof *out);
    int32_t classes2[K_MAX_N1 * K_MAX_N2];
    tnn_real scores2[K_MAX_N1 * K_MAX_N2];
    FUZZ_CHECK(tnn_predict(c->m, cells, total, out, pwork, pws) == TNN_OK);
    FUZZ_CHECK(tnn_output_classes(c->m, out, total, classes2, scores2) == TNN_OK);
    for (size_t k = 0; k < total; k++) {
        if ((outputs & 1) && classes[k] != classes2[k]) {
            fprintf(stderr, "tnn_grid_sample cell %zu: class %d, tnn_predict's %d\n", k,
                    (int)classes[k], (int)classes2[k]);
            FUZZ_FAIL("a grid class is not tnn_predict's");
        }
        if ((outputs & 2) && memcmp(&scores[k], &scores2[k], sizeof scores[k]) != 0 &&
            !(isnan((double)scores[k]) && isnan((double)scores2[k]))) {
            fprintf(stderr, "tnn_grid_sample cell %zu: score %.9g, tnn_predict's %.9g\n", k,
                    (double)scores[k], (double)scores2[k]);
            FUZZ_FAIL("a grid score is not tnn_predict's");
        }
    }
    free(out);
    free(pwork);
    free(cells);
    free(work);
    free(row);
    free(fixed);
}

REF_FN double zero_output_loss(tnn_loss loss, const tnn_real *y, size_t rows, size_t units)
{
    double sum = 0;
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < units; j++) {
            const double v = (double)y[r * units + j];
            sum += loss == TNN_LOSS_MSE   ? v * v / (double)units
                   : loss == TNN_LOSS_BCE ? log(2.0) / (double)units
                                          : v * log((double)units);
        }
    return rows > 0 ? sum / (double)rows : 0;
}

/* Targets the loss accepts: [0, 1] for cross-entropies (one-hot or soft
 * for CCE), anything finite for MSE. */
static REF_NO_COVERAGE void fill_targets(value_gen *g, tnn_loss loss, tnn_real *y, size_t rows,
                                         size_t units)
{
    for (size_t r = 0; r < rows; r++) {
        tnn_real *yr = y + r * units;
        const uint64_t b = gen_bits(g);
        for (size_t j = 0; j < units; j++) {
            const uint64_t v = gen_bits(g) % 12;
            switch (loss) {
            case TNN_LOSS_MSE: yr[j] = (tnn_real)gen_value(g); break;
            case TNN_LOSS_BCE: yr[j] = v < 9 ? (tnn_real)v / 8 : (tnn_real)(v & 1); break;
            case TNN_LOSS_CCE:
                yr[j] = b & 4 ? (tnn_real)(v % 5) / 4 : (tnn_real)(j == b % units);
                break;
            }
        }
    }
}

static void kernel_mode(const uint8_t *data, size_t size)
{
    fuzz_input in_ = {data, size, 1}, *in = &in_;
    fuzz_alloc alloc;
    fuzz_alloc_init(&alloc, 0);
    kernel_case c;
    memset(&c, 0, sizeof c);

    tnn_layer_spec spec[REF_MAX_LAYERS] = {{0}}; /* kind 0: dense */
    size_t n_layers = 0;
    c.n_in = pick_shape(in, data[0] & 3u, spec, &n_layers, &c.n_rows);
    FUZZ_CHECK(tnn_model_new(&c.m, c.n_in, spec, n_layers, &alloc.hooks) == TNN_OK);
    const size_t n = tnn_model_n_params(c.m);
    c.n_out = tnn_model_n_outputs(c.m);
    tnn_rng *rng = NULL;
    const uint32_t seed = fuzz_u32(in);
    FUZZ_CHECK(tnn_rng_new(&rng, seed, &alloc.hooks) == TNN_OK);

    /* weights: Glorot, or generated with fuzzed values put in */
    value_gen g;
    c.params = fuzz_buffer(n * sizeof *c.params);
    if (fuzz_below(in, 5) == 0) {
        FUZZ_CHECK(tnn_model_draw_glorot(c.m, rng) == TNN_OK);
    } else {
        gen_init(in, &g, seed);
        gen_fill(in, &g, c.params, n, true);
        FUZZ_CHECK(tnn_model_set_params(c.m, c.params, n) == TNN_OK);
    }
    FUZZ_CHECK(tnn_model_get_params(c.m, c.params, n) == TNN_OK);
    ref_model_init(&c.rm, c.m, c.params);

    /* a loss the output suits (step: none, so nothing trains) */
    const tnn_activation out_act = spec[n_layers - 1].activation;
    const bool other = fuzz_bool(in);
    c.loss = out_act == TNN_ACT_SIGMOID && other   ? TNN_LOSS_BCE
             : out_act == TNN_ACT_SOFTMAX && other ? TNN_LOSS_CCE
                                                   : TNN_LOSS_MSE;
    c.metric = (tnn_metric)fuzz_below(in, 3);
    c.trainable = out_act != TNN_ACT_STEP;
    for (size_t k = 0; k < n_layers; k++)
        c.trainable &= spec[k].activation != TNN_ACT_STEP;

    /* data */
    gen_init(in, &g, seed ^ 0x5bd1e995u);
    const size_t n_rows = c.n_rows;
    c.x = fuzz_buffer(n_rows * c.n_in * sizeof *c.x);
    c.y = fuzz_buffer(n_rows * c.n_out * sizeof *c.y);
    gen_fill(in, &g, c.x, n_rows * c.n_in, false);
    fill_targets(&g, c.loss, c.y, n_rows, c.n_out);
    c.x_finite = fuzz_all_finite(c.x, n_rows * c.n_in);
    c.zero_loss = zero_output_loss(c.loss, c.y, n_rows, c.n_out);
    /* the checks to run: all for 0 or 7 (a zero byte: all), else one, for
     * speed (an input is mutated far more often than it is all checked) */
    const unsigned pick = fuzz_u8(in) % 8u;
    const unsigned checks = pick == 0 || pick == 7 ? 63u : 1u << (pick - 1);
    const bool backward = (checks & (CHECK_GRADIENT | CHECK_FIT)) != 0;

    /* the reference: every row forward (and backward when trainable) */
    const size_t su = c.rm.sum_units;
    double *vals = fuzz_buffer((n_rows + 1) * 6 * su * sizeof *vals);
    c.rows = fuzz_buffer((n_rows + 1) * sizeof *c.rows);
    c.row_ok = fuzz_buffer((n_rows + 1) * sizeof *c.row_ok);
    for (size_t r = 0; r <= n_rows; r++) { /* row n_rows: scratch for the grid */
        double *v = vals + r * 6 * su;
        c.rows[r] = (ref_row){v, v + su, v + 2 * su, v + 3 * su, v + 4 * su, v + 5 * su};
    }
    double *grad_sums = calloc(3 * n, sizeof *grad_sums);
    FUZZ_CHECK(grad_sums != NULL);
    c.grad = (ref_grad){grad_sums, grad_sums + n, grad_sums + 2 * n, 0};
    double *s = fuzz_buffer(2 * (c.n_in > c.rm.sum_units ? c.n_in : c.rm.sum_units) * sizeof *s);
    double *es = s + (c.n_in > c.rm.sum_units ? c.n_in : c.rm.sum_units);
    c.rows_ok = true;
    c.grad_ok = c.trainable;
    for (size_t r = 0; r < n_rows; r++) {
        const tnn_real *xr = c.x + r * c.n_in, *yr = c.y + r * c.n_out;
        c.row_ok[r] = ref_forward(&c.rm, xr, &c.rows[r], NULL);
        c.rows_ok &= c.row_ok[r];
        if (c.row_ok[r] && c.trainable && backward)
            c.grad_ok &= ref_backward(&c.rm, xr, c.loss, yr, &c.rows[r], &c.grad, s, es);
    }
    c.rows_ok &= data_stats(&c, NULL, &c.stats);
    c.grad_ok &= c.rows_ok && backward;

    if (getenv("TNN_FUZZ_VERBOSE") != NULL) { /* what the input decoded to */
        fprintf(stderr, "kernel mode: %zu inputs,", c.n_in);
        for (size_t k = 0; k < n_layers; k++)
            fprintf(stderr, " %zu %s,", spec[k].units, tnn_activation_name(spec[k].activation));
        fprintf(stderr, " %zu rows, loss %d, metric %d, checks %02x, %s\n", n_rows, (int)c.loss,
                (int)c.metric, checks,
                c.grad_ok   ? "all compared"
                : c.rows_ok ? "no gradient"
                            : "unreliable");
    }
    if (checks & CHECK_PREDICT)
        check_predict(in, &c);
    if (checks & CHECK_LAYER)
        check_layer(in, &c);
    if (checks & CHECK_EVALUATE)
        check_evaluate(in, &c);
#if TNN_HAVE_TRAINING
    if (checks & CHECK_GRADIENT)
        check_gradient(in, &c, &g);
    if (checks & CHECK_FIT)
        check_fit(in, &c, &alloc, rng);
#endif
    if (checks & CHECK_GRID)
        check_grid(in, &c, &g, &c.rows[n_rows]);

    free(s);
    free(grad_sums);
    free(c.row_ok);
    free(c.rows);
    free(vals);
    free(c.y);
    free(c.x);
    free(c.params);
    tnn_rng_free(rng);
    tnn_model_free(c.m);
    FUZZ_CHECK(alloc.live == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0 && data[0] >= KERNEL_MODE)
        kernel_mode(data, size);
    else
        robustness(data, size);
    return 0;
}
