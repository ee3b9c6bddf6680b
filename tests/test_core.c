/* Core API: status codes, version, model placement and access, inference,
 * evaluation and the summary. Expected numbers are derived by hand. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tnn_test.h"

static const tnn_layer_spec spec_231[] = {TNN_DENSE(3, TNN_ACT_RELU),
                                          TNN_DENSE(1, TNN_ACT_SIGMOID)};

static tnn_model *new_model(size_t n_in, const tnn_layer_spec *spec, size_t n_layers)
{
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_in, spec, n_layers, NULL));
    return m;
}

START_TEST(status_strings)
{
    const tnn_status all[] = {TNN_OK,
                              TNN_E_INVALID_ARGUMENT,
                              TNN_E_OUT_OF_MEMORY,
                              TNN_E_BUFFER_TOO_SMALL,
                              TNN_E_SHAPE_MISMATCH,
                              TNN_E_NON_FINITE,
                              TNN_E_UNSUPPORTED,
                              TNN_E_DIVERGED,
                              TNN_E_OUT_OF_RANGE,
                              TNN_E_OVERFLOW,
                              TNN_E_MISALIGNED,
                              TNN_E_BAD_FORMAT,
                              TNN_E_VERSION,
                              TNN_E_TRUNCATED,
                              TNN_E_CHECKSUM,
                              TNN_E_READ_ONLY};
    const size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(all[i], -(int)i); /* frozen values */
        const char *s = tnn_status_message(all[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_ne(s, "unknown status code");
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(s, tnn_status_message(all[j]));
    }
    ck_assert_str_eq(tnn_status_message((tnn_status)-999), "unknown status code");
    ck_assert_str_eq(tnn_status_message((tnn_status)42), "unknown status code");
}
END_TEST

START_TEST(version)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", TNN_VERSION_MAJOR, TNN_VERSION_MINOR,
             TNN_VERSION_PATCH);
    ck_assert_str_eq(tnn_version(), expected);
    ck_assert_str_eq(tnn_version(), TNN_VERSION_STRING);

    /* The number from the parts of the string, as zstd composes it. */
    unsigned major, minor, patch;
    ck_assert_int_eq(sscanf(tnn_version(), "%u.%u.%u", &major, &minor, &patch), 3);
    ck_assert_uint_eq(tnn_version_number(), major * 10000u + minor * 100u + patch);
    ck_assert_uint_eq(TNN_VERSION_NUMBER, major * 10000u + minor * 100u + patch);
#if TNN_VERSION_NUMBER < 100 || TNN_VERSION_NUMBER >= 1000000
#error "TNN_VERSION_NUMBER is not usable in #if"
#endif
}
END_TEST

START_TEST(model_shape)
{
    tnn_model *m = new_model(2, spec_231, 2);
    ck_assert_uint_eq(tnn_model_n_inputs(m), 2);
    ck_assert_uint_eq(tnn_model_n_outputs(m), 1);
    ck_assert_uint_eq(tnn_model_n_layers(m), 2);
    ck_assert_uint_eq(tnn_model_n_params(m), 2 * 3 + 3 + 3 * 1 + 1);
    const tnn_layer *l0 = tnn_model_layer(m, 0), *l1 = tnn_model_layer(m, 1);
    ck_assert_ptr_nonnull(l0);
    ck_assert_uint_eq(tnn_layer_n_inputs(l0), 2);
    ck_assert_uint_eq(tnn_layer_units(l0), 3);
    ck_assert_int_eq(tnn_layer_activation(l0), TNN_ACT_RELU);
    ck_assert_uint_eq(tnn_layer_n_inputs(l1), 3);
    ck_assert_int_eq(tnn_layer_activation(l1), TNN_ACT_SIGMOID);
    ck_assert_ptr_null(tnn_model_layer(m, 2));
    ck_assert_ptr_null(tnn_model_layer(NULL, 0));
    ck_assert_uint_eq(tnn_layer_units(NULL), 0);
    /* a fresh model is all zeros */
    tnn_real p[13];
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    for (int i = 0; i < 13; i++)
        ck_assert(p[i] == 0);
    tnn_model_free(m);
    tnn_model_free(NULL);
}
END_TEST

START_TEST(model_size_errors)
{
    size_t size = 12345;
    ck_assert_status(tnn_model_size(0, spec_231, 2, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, NULL, 2, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, spec_231, 0, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_size(2, spec_231, 2, NULL), TNN_E_INVALID_ARGUMENT);
    tnn_layer_spec zero_width[] = {TNN_DENSE(0, TNN_ACT_RELU)};
    ck_assert_status(tnn_model_size(2, zero_width, 1, &size), TNN_E_INVALID_ARGUMENT);
    tnn_layer_spec bad_act[] = {TNN_DENSE(2, (tnn_activation)17)};
    ck_assert_status(tnn_model_size(2, bad_act, 1, &size), TNN_E_INVALID_ARGUMENT);
    tnn_layer_spec huge[] = {TNN_DENSE(SIZE_MAX / 2, TNN_ACT_LINEAR)};
    ck_assert_status(tnn_model_size(4, huge, 1, &size), TNN_E_OVERFLOW);
    tnn_layer_spec big[] = {TNN_DENSE(SIZE_MAX / 4, TNN_ACT_LINEAR)};
    ck_assert_status(tnn_model_size(1, big, 1, &size), TNN_E_OVERFLOW); /* bytes overflow */
    ck_assert_uint_eq(size, 12345);                                     /* untouched */
}
END_TEST

/* Kinds: 0 is dense (also when an initialiser leaves the field out), a
 * model keeps each layer's kind, and an unknown kind is refused. */
START_TEST(layer_kinds)
{
    ck_assert_int_eq(TNN_LAYER_DENSE, 0); /* frozen value */
    ck_assert_int_eq(TNN_LAYER_KIND_COUNT, 1);
    ck_assert_int_eq(spec_231[0].kind, TNN_LAYER_DENSE);
    ck_assert_str_eq(tnn_layer_kind_name(TNN_LAYER_DENSE), "dense");
    ck_assert_str_eq(tnn_layer_kind_name((tnn_layer_kind)TNN_LAYER_KIND_COUNT), "unknown");
    ck_assert_str_eq(tnn_layer_kind_name((tnn_layer_kind)-1), "unknown");
    tnn_layer_kind kind = (tnn_layer_kind)77;
    ck_assert_ok(tnn_layer_kind_from_name("dense", &kind));
    ck_assert_int_eq(kind, TNN_LAYER_DENSE);
    kind = (tnn_layer_kind)77;
    const char *not_kinds[] = {"Dense", "dense ", "", "unknown", "relu"};
    for (size_t i = 0; i < sizeof not_kinds / sizeof not_kinds[0]; i++)
        ck_assert_status(tnn_layer_kind_from_name(not_kinds[i], &kind), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_layer_kind_from_name(NULL, &kind), TNN_E_INVALID_ARGUMENT);
    ck_assert_int_eq(kind, 77); /* untouched */
    ck_assert_status(tnn_layer_kind_from_name("dense", NULL), TNN_E_INVALID_ARGUMENT);

    const tnn_layer_spec dense[] = {
        {.units = 3, .activation = TNN_ACT_RELU, .kind = TNN_LAYER_DENSE},
        {.units = 1, .activation = TNN_ACT_SIGMOID}};
    _Alignas(8) unsigned char mem[1024];
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_init(&m, mem, sizeof mem, 2, dense, 2));
    ck_assert_int_eq(tnn_layer_kind_of(tnn_model_layer(m, 0)), TNN_LAYER_DENSE);
    ck_assert_int_eq(tnn_layer_kind_of(tnn_model_layer(m, 1)), TNN_LAYER_DENSE);
    ck_assert_uint_eq(tnn_model_n_params(m), 13);

    const uint32_t bad_kinds[] = {TNN_LAYER_KIND_COUNT, UINT32_MAX, 255, INT32_MAX,
                                  (uint32_t)INT32_MAX + 1u};
    for (size_t i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; i++) {
        tnn_layer_spec bad[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
        bad[1].kind = bad_kinds[i];
        size_t size = 12345;
        tnn_model *untouched = (tnn_model *)(uintptr_t)0x1;
        memset(mem, 0xA5, sizeof mem);
        ck_assert_status(tnn_model_size(2, bad, 2, &size), TNN_E_INVALID_ARGUMENT);
        ck_assert_status(tnn_model_init(&untouched, mem, sizeof mem, 2, bad, 2),
                         TNN_E_INVALID_ARGUMENT);
        ck_assert_status(tnn_model_new(&untouched, 2, bad, 2, NULL), TNN_E_INVALID_ARGUMENT);
        ck_assert_uint_eq(size, 12345);
        ck_assert_ptr_eq(untouched, (tnn_model *)(uintptr_t)0x1);
        for (size_t b = 0; b < sizeof mem; b++)
            ck_assert_uint_eq(mem[b], 0xA5);
    }
    ck_assert_int_eq(tnn_layer_kind_of(NULL), TNN_LAYER_DENSE);
}
END_TEST

START_TEST(model_init_in_caller_memory)
{
    size_t size;
    ck_assert_ok(tnn_model_size(2, spec_231, 2, &size));
    ck_assert_uint_ge(size, 13 * sizeof(tnn_real));
    _Alignas(8) unsigned char mem[1024];
    ck_assert_uint_le(size + 1, sizeof mem);
    tnn_model *m = (tnn_model *)(uintptr_t)0x1;
    ck_assert_status(tnn_model_init(&m, mem, size - 1, 2, spec_231, 2), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_model_init(&m, mem + 1, size, 2, spec_231, 2), TNN_E_MISALIGNED);
    ck_assert_status(tnn_model_init(&m, NULL, size, 2, spec_231, 2), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_init(NULL, mem, size, 2, spec_231, 2), TNN_E_INVALID_ARGUMENT);
    ck_assert_ptr_eq(m, (tnn_model *)(uintptr_t)0x1); /* untouched on failure */
    ck_assert_ok(tnn_model_init(&m, mem, size, 2, spec_231, 2));
    ck_assert_ptr_eq(m, (void *)mem);
    ck_assert_uint_eq(tnn_model_n_params(m), 13);
    tnn_model_free(m); /* harmless on caller memory */
    ck_assert_uint_eq(tnn_model_n_params(m), 13);
}
END_TEST

START_TEST(model_new_with_allocator)
{
    counting_allocator ca;
    counting_allocator_init(&ca, 0);
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec_231, 2, &ca.hooks));
    ck_assert_uint_eq(ca.live_blocks, 1);
    tnn_model_free(m);
    ck_assert_uint_eq(ca.live_blocks, 0);
    ck_assert_uint_eq(ca.live_bytes, 0);

    counting_allocator_init(&ca, 1);
    m = NULL;
    ck_assert_status(tnn_model_new(&m, 2, spec_231, 2, &ca.hooks), TNN_E_OUT_OF_MEMORY);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(ca.live_blocks, 0);

    tnn_allocator no_hooks = {NULL, NULL, NULL}; /* hooks must be both set, as for tnn_rng_new */
    ck_assert_status(tnn_model_new(&m, 2, spec_231, 2, &no_hooks), TNN_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(dead_handles_refused)
{
    tnn_model *m = new_model(2, spec_231, 2);
    _Alignas(8) unsigned char copy[512];
    size_t size;
    ck_assert_ok(tnn_model_size(2, spec_231, 2, &size));
    /* A block that is not a model: zeroed memory has no magic word. */
    memset(copy, 0, sizeof copy);
    tnn_model *fake = (tnn_model *)(void *)copy;
    ck_assert_uint_eq(tnn_model_n_params(fake), 0);
    tnn_real p[13] = {0};
    ck_assert_status(tnn_model_set_params(fake, p, 13), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_zero_params(fake), TNN_E_INVALID_ARGUMENT);
    tnn_model_free(m);
}
END_TEST

START_TEST(weights_roundtrip_and_errors)
{
    tnn_model *m = new_model(2, spec_231, 2);
    const tnn_real k0[6] = {1, 2, 3, 4, 5, 6}, b0[3] = {-1, -2, -3};
    const tnn_real k1[3] = {0.5, -0.5, 0.25}, b1[1] = {0.125};
    ck_assert_ok(tnn_model_set_weights(m, 0, k0, 6, b0, 3));
    ck_assert_ok(tnn_model_set_weights(m, 1, k1, 3, b1, 1));
    tnn_real p[13];
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    const tnn_real expected[13] = {1, 2, 3, 4, 5, 6, -1, -2, -3, 0.5, -0.5, 0.25, 0.125};
    ck_assert_mem_eq(p, expected, sizeof expected);

    tnn_real k[6], b[3];
    ck_assert_ok(tnn_model_get_weights(m, 0, k, 6, b, 3));
    ck_assert_mem_eq(k, k0, sizeof k0);
    ck_assert_mem_eq(b, b0, sizeof b0);
    ck_assert_ok(tnn_model_get_weights(m, 1, NULL, 0, b, 1));
    ck_assert(b[0] == (tnn_real)0.125);

    ck_assert_status(tnn_model_get_weights(m, 0, k, 5, NULL, 0), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_model_get_weights(NULL, 0, k, 6, b, 3), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_get_weights(m, 2, k, 6, b, 3), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_model_get_weights(m, 0, NULL, 0, NULL, 0), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_set_weights(m, 2, k0, 6, b0, 3), TNN_E_OUT_OF_RANGE);
    ck_assert_status(tnn_model_set_weights(m, 0, k0, 5, b0, 3), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_model_set_weights(m, 0, k0, 6, b0, 2), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_model_set_weights(NULL, 0, k0, 6, b0, 3), TNN_E_INVALID_ARGUMENT);

    /* a NaN anywhere changes nothing */
    tnn_real bad[6] = {9, 9, 9, 9, 9, (tnn_real)NAN};
    ck_assert_status(tnn_model_set_weights(m, 0, bad, 6, NULL, 0), TNN_E_NON_FINITE);
    tnn_real bad_b[3] = {9, (tnn_real)INFINITY, 9};
    ck_assert_status(tnn_model_set_weights(m, 0, k0, 6, bad_b, 3), TNN_E_NON_FINITE);
    tnn_real bad_p[13] = {0};
    bad_p[12] = (tnn_real)-INFINITY;
    ck_assert_status(tnn_model_set_params(m, bad_p, 13), TNN_E_NON_FINITE);
    ck_assert_status(tnn_model_set_params(m, bad_p, 12), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_model_get_params(m, p, 14), TNN_E_SHAPE_MISMATCH);
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    ck_assert_mem_eq(p, expected, sizeof expected);

    ck_assert_ok(tnn_model_zero_params(m));
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    for (int i = 0; i < 13; i++)
        ck_assert(p[i] == 0);
    tnn_model_free(m);
}
END_TEST

/* 2 -> 2 (relu) -> 2 (softmax), forward pass derived by hand. */
START_TEST(predict_by_hand)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(2, TNN_ACT_RELU), TNN_DENSE(2, TNN_ACT_SOFTMAX)};
    tnn_model *m = new_model(2, spec, 2);
    /* hidden: z1 = x1 - x2 + 0.5, z2 = 2 x1 + x2 - 1 */
    const tnn_real k0[4] = {1, 2, -1, 1}, b0[2] = {0.5, -1};
    /* output: u1 = h1, u2 = h2 + 1 */
    const tnn_real k1[4] = {1, 0, 0, 1}, b1[2] = {0, 1};
    ck_assert_ok(tnn_model_set_weights(m, 0, k0, 4, b0, 2));
    ck_assert_ok(tnn_model_set_weights(m, 1, k1, 4, b1, 2));
    const tnn_real x[3 * 2] = {1, 1, 0, 0, -2, 3};
    /* row 0: h = (0.5, 2) -> u = (0.5, 3); row 1: h = (0.5, 0) -> u = (0.5, 1);
     * row 2: h = (0, 0) -> u = (0, 1) */
    const double u[3][2] = {{0.5, 3}, {0.5, 1}, {0, 1}};
    tnn_real y[6];
    _Alignas(8) unsigned char work[256];
    ck_assert_ok(tnn_predict(m, x, 3, y, work, sizeof work));
    for (int r = 0; r < 3; r++) {
        double e0 = exp(u[r][0]), e1 = exp(u[r][1]);
        ck_assert_close(y[2 * r], e0 / (e0 + e1), TNN_TEST_EPS);
        ck_assert_close(y[2 * r + 1], e1 / (e0 + e1), TNN_TEST_EPS);
    }
    /* The smallest workspace (one row per block) gives the same numbers. */
    size_t one;
    ck_assert_ok(tnn_predict_workspace_size(m, 1, &one));
    tnn_real y1[6];
    ck_assert_ok(tnn_predict(m, x, 3, y1, work, one));
    ck_assert_mem_eq(y, y1, sizeof y);
    ck_assert_status(tnn_predict(m, x, 3, y1, work, one - 1), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_predict(m, x, 3, y1, work + 1, one), TNN_E_MISALIGNED);
    ck_assert_status(tnn_predict(m, x, 3, y1, NULL, one), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_predict(m, NULL, 3, y1, work, one), TNN_E_INVALID_ARGUMENT);
    ck_assert_ok(tnn_predict(m, NULL, 0, NULL, work, one));
    size_t s = 7;
    ck_assert_status(tnn_predict_workspace_size(m, 0, &s), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_predict_workspace_size(m, SIZE_MAX / 2, &s), TNN_E_OVERFLOW);
    ck_assert_uint_eq(s, 7);
    tnn_model_free(m);
}
END_TEST

/* One unit with each activation on chosen pre-activations. */
START_TEST(activations_by_hand)
{
    const tnn_real z[] = {-1000, -2, 0, 0.5, 1000};
    const size_t n = sizeof z / sizeof z[0];
    const tnn_activation acts[] = {TNN_ACT_LINEAR, TNN_ACT_STEP, TNN_ACT_SIGMOID, TNN_ACT_TANH,
                                   TNN_ACT_RELU};
    for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
        tnn_layer_spec spec[] = {TNN_DENSE(1, acts[a])};
        tnn_model *m = new_model(1, spec, 1);
        const tnn_real w[1] = {1}, b[1] = {0};
        ck_assert_ok(tnn_model_set_weights(m, 0, w, 1, b, 1));
        tnn_real y[5];
        _Alignas(8) unsigned char work[64];
        ck_assert_ok(tnn_predict(m, z, n, y, work, sizeof work));
        for (size_t i = 0; i < n; i++) {
            double zi = (double)z[i], e;
            switch (acts[a]) {
            case TNN_ACT_LINEAR: e = zi; break;
            case TNN_ACT_STEP: e = zi >= 0 ? 1 : 0; break; /* Heaviside: 1 at z = 0 */
            case TNN_ACT_SIGMOID: e = zi < -700 ? 0 : 1 / (1 + exp(-zi)); break;
            case TNN_ACT_TANH: e = tanh(zi); break;
            default: e = zi > 0 ? zi : 0; break;
            }
            ck_assert_msg(isfinite((double)y[i]), "%s(%g) not finite",
                          tnn_activation_name(acts[a]), zi);
            ck_assert_close(y[i], e, TNN_TEST_EPS);
        }
        tnn_model_free(m);
    }
    ck_assert_str_eq(tnn_activation_name(TNN_ACT_SOFTMAX), "softmax");
    ck_assert_str_eq(tnn_activation_name((tnn_activation)99), "unknown");
}
END_TEST

START_TEST(softmax_does_not_overflow)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    tnn_model *m = new_model(1, spec, 1);
    const tnn_real k[3] = {1, 2, 3}, b[3] = {0, 0, 0};
    ck_assert_ok(tnn_model_set_weights(m, 0, k, 3, b, 3));
    const tnn_real x[2] = {1000, -1000};
    tnn_real y[6];
    _Alignas(8) unsigned char work[128];
    ck_assert_ok(tnn_predict(m, x, 2, y, work, sizeof work));
    /* z = (1000, 2000, 3000): all mass on the last class; and the reverse */
    ck_assert_close(y[0], 0, TNN_TEST_EPS);
    ck_assert_close(y[1], 0, TNN_TEST_EPS);
    ck_assert_close(y[2], 1, TNN_TEST_EPS);
    ck_assert_close(y[3], 1, TNN_TEST_EPS);
    ck_assert_close(y[5], 0, TNN_TEST_EPS);
    tnn_model_free(m);
}
END_TEST

START_TEST(evaluate_by_hand)
{
    /* one linear unit y = x: predictions equal inputs */
    const tnn_layer_spec lin[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    tnn_model *m = new_model(1, lin, 1);
    const tnn_real one[1] = {1}, zero[1] = {0};
    ck_assert_ok(tnn_model_set_weights(m, 0, one, 1, zero, 1));
    const tnn_real x[4] = {0, 1, 2, 3}, y[4] = {0, 2, 2, 0};
    double loss = -1, metric = -1;
    _Alignas(8) unsigned char work[256];
    ck_assert_ok(tnn_evaluate(m, TNN_LOSS_MSE, TNN_METRIC_MSE, x, y, 4, &loss, &metric, work,
                              sizeof work));
    ck_assert_close(loss, (0 + 1 + 0 + 9) / 4.0, 1e-12);
    ck_assert_close(metric, loss, 1e-12);
    ck_assert_status(tnn_evaluate(m, TNN_LOSS_BCE, TNN_METRIC_NONE, x, y, 4, &loss, NULL, work,
                                  sizeof work),
                     TNN_E_UNSUPPORTED);
    tnn_model_free(m);

    /* sigmoid unit with z = x: p = sigmoid(x) */
    const tnn_layer_spec sig[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    m = new_model(1, sig, 1);
    ck_assert_ok(tnn_model_set_weights(m, 0, one, 1, zero, 1));
    const tnn_real xs[4] = {0, 2, -1, 40}, ys[4] = {1, 1, 1, 0};
    ck_assert_ok(tnn_evaluate(m, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, xs, ys, 4, &loss, &metric,
                              work, sizeof work));
    /* rows, from the logits as Keras's fit: -log(0.5), -log(s(2)), -log(s(-1)),
     * and for z = 40, y = 0 (p rounds to 1): 40 + log(1 + e^-40) */
    double expected =
        (log(2.0) + log(1 + exp(-2.0)) + log(1 + exp(1.0)) + 40 + log1p(exp(-40.0))) / 4;
    ck_assert_close(loss, expected, TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-5);
    /* accuracy as Keras's binary_accuracy: p > 0.5 counts as class 1, so
     * row 0 (p exactly 0.5, y = 1) is wrong; only row 1 is right */
    ck_assert_close(metric, 0.25, 1e-15);
    tnn_model_free(m);

    /* softmax and one-hot targets */
    const tnn_layer_spec sm[] = {TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    m = new_model(1, sm, 1);
    const tnn_real k[3] = {0, 0, 0}, b[3] = {0, (tnn_real)log(2.0), 0};
    ck_assert_ok(tnn_model_set_weights(m, 0, k, 3, b, 3));
    /* p = (0.25, 0.5, 0.25) for every row */
    const tnn_real xc[2] = {0, 0}, yc[6] = {0, 1, 0, 1, 0, 0};
    ck_assert_ok(tnn_evaluate(m, TNN_LOSS_CCE, TNN_METRIC_ACCURACY, xc, yc, 2, &loss, &metric,
                              work, sizeof work));
    ck_assert_close(loss, (log(2.0) + log(4.0)) / 2, TNN_REAL_IS_DOUBLE ? 1e-12 : 1e-6);
    ck_assert_close(metric, 0.5, 1e-15);
    ck_assert_status(tnn_evaluate(m, (tnn_loss)7, TNN_METRIC_NONE, xc, yc, 2, &loss, NULL, work,
                                  sizeof work),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_evaluate(m, TNN_LOSS_CCE, (tnn_metric)9, xc, yc, 2, &loss, NULL, work,
                                  sizeof work),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_evaluate(m, TNN_LOSS_CCE, TNN_METRIC_NONE, xc, yc, 0, &loss, NULL,
                                  work, sizeof work),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_evaluate(m, TNN_LOSS_CCE, TNN_METRIC_NONE, xc, yc, 2, &loss, NULL,
                                  work, 4),
                     TNN_E_BUFFER_TOO_SMALL);
    tnn_model_free(m);
}
END_TEST

START_TEST(loss_activation_pairs)
{
    for (int a = TNN_ACT_LINEAR; a <= TNN_ACT_SOFTMAX; a++) {
        tnn_activation act = (tnn_activation)a;
        ck_assert_status(tnn_loss_supported(TNN_LOSS_MSE, act),
                         act == TNN_ACT_STEP ? TNN_E_UNSUPPORTED : TNN_OK);
        ck_assert_status(tnn_loss_supported(TNN_LOSS_BCE, act),
                         act == TNN_ACT_SIGMOID ? TNN_OK : TNN_E_UNSUPPORTED);
        ck_assert_status(tnn_loss_supported(TNN_LOSS_CCE, act),
                         act == TNN_ACT_SOFTMAX ? TNN_OK : TNN_E_UNSUPPORTED);
    }
    ck_assert_status(tnn_loss_supported((tnn_loss)3, TNN_ACT_LINEAR), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_loss_supported(TNN_LOSS_MSE, (tnn_activation)6), TNN_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(summary_text)
{
    tnn_model *m = new_model(2, spec_231, 2);
    const char *expected = "Model: \"sequential\"\n"
                           "_________________________________________________________________\n"
                           " Layer (type)           Activation   Output Shape    Param #\n"
                           "=================================================================\n"
                           " dense (Dense)          relu         (None, 3)       9\n"
                           " dense_1 (Dense)        sigmoid      (None, 1)       4\n"
                           "=================================================================\n"
                           "Total params: 13\n"
                           "Trainable params: 13\n"
                           "Non-trainable params: 0\n"
                           "_________________________________________________________________\n";
    char buf[1024];
    size_t needed = 0;
    ck_assert_ok(tnn_model_summary(m, buf, sizeof buf, &needed));
    ck_assert_str_eq(buf, expected);
    ck_assert_uint_eq(needed, strlen(expected) + 1);

    char small[16];
    memset(small, 'x', sizeof small);
    ck_assert_status(tnn_model_summary(m, small, sizeof small, &needed), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(needed, strlen(expected) + 1);
    ck_assert_int_eq(small[0], 'x'); /* nothing written */
    ck_assert_status(tnn_model_summary(m, NULL, 0, &needed), TNN_E_BUFFER_TOO_SMALL);
    ck_assert_status(tnn_model_summary(m, NULL, 5, &needed), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_summary(m, buf, needed, NULL), TNN_OK);
    tnn_model_free(m);

    /* wide layers: parameter counts with many digits */
    const tnn_layer_spec wide[] = {TNN_DENSE(400, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_LINEAR)};
    m = new_model(1, wide, 2);
    ck_assert_ok(tnn_model_summary(m, buf, sizeof buf, NULL));
    ck_assert_ptr_nonnull(strstr(buf, "(None, 400)     800\n"));
    ck_assert_ptr_nonnull(strstr(buf, "Total params: 1201\n"));
    tnn_model_free(m);
}
END_TEST

/* The names of activations, losses, metrics and optimizers: the documented
 * spellings, both ways, every value; unknown names and NULL refused with
 * the output untouched; a value past the last has no name. */
#define CHECK_NAMES(type, name_of, from_name, values, names, past_last, sentinel)              \
    do {                                                                                       \
        const size_t n = sizeof(values) / sizeof((values)[0]);                                 \
        for (size_t i = 0; i < n; i++) {                                                       \
            type v = (sentinel);                                                               \
            ck_assert_str_eq(name_of((values)[i]), (names)[i]);                                \
            ck_assert_ok(from_name((names)[i], &v));                                           \
            ck_assert_int_eq(v, (values)[i]);                                                  \
        }                                                                                      \
        ck_assert_str_eq(name_of((type)(past_last)), "unknown");                               \
        static const char *const bad[] = {                                                     \
            "",      "unknown", "none ", "RELU", "Mse", "adam\n", "binary_crossentropy",       \
            "relu,", "sig"};                                                                   \
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {                              \
            type v = (sentinel);                                                               \
            ck_assert_int_eq(from_name(bad[i], &v), TNN_E_INVALID_ARGUMENT);                   \
            ck_assert_int_eq(v, (sentinel));                                                   \
        }                                                                                      \
        type v = (sentinel);                                                                   \
        ck_assert_int_eq(from_name(NULL, &v), TNN_E_INVALID_ARGUMENT);                         \
        ck_assert_int_eq(v, (sentinel));                                                       \
        ck_assert_int_eq(from_name((names)[0], NULL), TNN_E_INVALID_ARGUMENT);                 \
    } while (0)

START_TEST(enum_names)
{
    const tnn_activation acts[] = {TNN_ACT_LINEAR, TNN_ACT_STEP, TNN_ACT_SIGMOID,
                                   TNN_ACT_TANH,   TNN_ACT_RELU, TNN_ACT_SOFTMAX};
    const char *const act_names[] = {"linear", "step", "sigmoid", "tanh", "relu", "softmax"};
    CHECK_NAMES(tnn_activation, tnn_activation_name, tnn_activation_from_name, acts, act_names,
                6, (tnn_activation)77);

    const tnn_loss losses[] = {TNN_LOSS_MSE, TNN_LOSS_BCE, TNN_LOSS_CCE};
    const char *const loss_names[] = {"mse", "bce", "cce"};
    CHECK_NAMES(tnn_loss, tnn_loss_name, tnn_loss_from_name, losses, loss_names, 3, (tnn_loss)77);

    const tnn_metric metrics[] = {TNN_METRIC_NONE, TNN_METRIC_ACCURACY, TNN_METRIC_MSE};
    const char *const metric_names[] = {"none", "accuracy", "mse"};
    CHECK_NAMES(tnn_metric, tnn_metric_name, tnn_metric_from_name, metrics, metric_names, 3,
                (tnn_metric)77);

#if TNN_HAVE_TRAINING
    const tnn_optimizer_kind kinds[] = {TNN_OPT_SGD, TNN_OPT_ADAM, TNN_OPT_LBFGS};
    const char *const kind_names[] = {"sgd", "adam", "lbfgs"};
    CHECK_NAMES(tnn_optimizer_kind, tnn_optimizer_name, tnn_optimizer_from_name, kinds,
                kind_names, 3, (tnn_optimizer_kind)77);
#endif
    ck_assert_str_eq(tnn_loss_name((tnn_loss)-1), "unknown");
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, status_strings);
    tcase_add_test(tc, version);
    tcase_add_test(tc, model_shape);
    tcase_add_test(tc, model_size_errors);
    tcase_add_test(tc, layer_kinds);
    tcase_add_test(tc, model_init_in_caller_memory);
    tcase_add_test(tc, model_new_with_allocator);
    tcase_add_test(tc, dead_handles_refused);
    tcase_add_test(tc, weights_roundtrip_and_errors);
    tcase_add_test(tc, predict_by_hand);
    tcase_add_test(tc, activations_by_hand);
    tcase_add_test(tc, softmax_does_not_overflow);
    tcase_add_test(tc, evaluate_by_hand);
    tcase_add_test(tc, loss_activation_pairs);
    tcase_add_test(tc, summary_text);
    tcase_add_test(tc, enum_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(core_suite());
}
