/* Fuzz target: the public API driven by the fuzzer's bytes.
 *
 * Builds a model of fuzzed shape (bounded: up to 4 inputs, 3 layers of up
 * to 5 units, activations including invalid values), fills it with fuzzed
 * or Glorot weights, trains it a few epochs on fuzzed data with a fuzzed
 * loss, metric, optimizer and settings (NaN, infinities, 1e6 learning
 * rates...), then predicts, evaluates, samples a fuzzed grid, extracts
 * every layer's activations and asks for the geometry.
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
    tnn_grid_slice slice = {fuzz_below(in, MAX_IN + 1), fuzz_below(in, MAX_IN + 1),
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
               tnn_output_contributions(m, x, n_rows, acts, contrib, MAX_ROWS * MAX_UNITS, &bias,
                                        sums, work, ws));
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

    tnn_fit_options o = tnn_fit_options_default();
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size, 0};
    fuzz_alloc alloc;
    fuzz_alloc_init(&alloc, fuzz_below(&in, 8)); /* sometimes fail an allocation */

    const size_t n_in = 1 + fuzz_below(&in, MAX_IN);
    const size_t n_layers = 1 + fuzz_below(&in, MAX_LAYERS);
    tnn_layer_spec spec[MAX_LAYERS];
    for (size_t k = 0; k < n_layers; k++) {
        spec[k].units = fuzz_below(&in, MAX_UNITS + 1); /* 0: a zero-width layer */
        spec[k].activation = (tnn_activation)fuzz_below(&in, 7); /* 6: not an activation */
    }

    tnn_rng *rng = NULL;
    tnn_status st = tnn_rng_new(&rng, fuzz_u32(&in), &alloc.hooks);
    FUZZ_CHECK(fuzz_status_known(st));
    if (st != TNN_OK) {
        FUZZ_CHECK(st == TNN_E_OUT_OF_MEMORY && rng == NULL);
        FUZZ_CHECK(alloc.live == 0);
        return 0;
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
        return 0;
    }

    /* weights: Glorot, or fuzzed values (refused when not finite) */
    const size_t n_params = tnn_model_n_params(m);
    if (fuzz_bool(&in)) {
        FUZZ_CHECK(tnn_model_init_glorot(m, rng) == TNN_OK);
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
    return 0;
}
