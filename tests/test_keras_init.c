/* Keras's initial weights (tnn_model_draw_keras) and the generators behind
 * them, against independent references only: the Random123 and TensorFlow
 * known answers quoted below from their sources, CPython's own random module
 * and a from-the-spec Python model (data/gen_keras_reference.py). */
#include <stdint.h>
#include <string.h>

#include "tnn_test.h"
#include "data/keras_ref.h"
#include "init/keras_rng.h"

/* Random123's kat_vectors for philox4x32_10 (counter, key, expected). */
static const struct {
    uint32_t ctr[4], key[2], out[4];
} philox_kat[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627E8D5u, 0xE169C58Du, 0xBC57AC4Cu, 0x9B00DBD8u}},
    {{0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu},
     {0xFFFFFFFFu, 0xFFFFFFFFu},
     {0x408F276Du, 0x41C83B0Eu, 0xA20BC7C6u, 0x6D5451FDu}},
    {{0x243F6A88u, 0x85A308D3u, 0x13198A2Eu, 0x03707344u},
     {0xA4093822u, 0x299F31D0u},
     {0xD16CFE09u, 0x94FDCCEBu, 0x5001E420u, 0x24126EA1u}},
};

START_TEST(philox_known_answers)
{
    for (size_t i = 0; i < sizeof philox_kat / sizeof philox_kat[0]; i++) {
        uint32_t out[4];
        tnn__philox4x32_10(philox_kat[i].ctr, philox_kat[i].key, out);
        for (int j = 0; j < 4; j++)
            ck_assert_msg(out[j] == philox_kat[i].out[j], "vector %zu word %d: %08x", i, j,
                          out[j]);
    }
}
END_TEST

/* TensorFlow's docstring of tf.random.experimental.stateless_split: the
 * first stateless int32 words for seed [1, 2]. Checks the key scrambling,
 * the counter layout and the stream order together. */
START_TEST(tensorflow_stateless_golden_words)
{
    static const int64_t golden[6] = {1105988140, 1738052849, -335576002,
                                      370444179,  10670227,   -246211131};
    tnn__philox_stream s;
    tnn__philox_stateless_init(&s, 1, 2);
    for (int i = 0; i < 6; i++) {
        uint32_t w = tnn__philox_next(&s);
        int64_t as_int32 = w >= UINT32_C(0x80000000) ? (int64_t)w - INT64_C(4294967296) : w;
        ck_assert_msg(as_int32 == golden[i], "word %d: %lld", i, (long long)as_int32);
    }
}
END_TEST

/* The counter carries across all four words (a 128-bit increment). */
START_TEST(philox_counter_carries)
{
    tnn__philox_stream s;
    tnn__philox_stateless_init(&s, 5, 0);
    s.counter[0] = s.counter[1] = s.counter[2] = 0xFFFFFFFFu;
    uint32_t c3 = s.counter[3];
    tnn__philox_next(&s);
    ck_assert_uint_eq(s.counter[0], 0);
    ck_assert_uint_eq(s.counter[1], 0);
    ck_assert_uint_eq(s.counter[2], 0);
    ck_assert_uint_eq(s.counter[3], (uint32_t)(c3 + 1u));
}
END_TEST

START_TEST(cpython_words)
{
    for (size_t k = 0; k < KERAS_REF_N_SEEDS; k++) {
        tnn__mt mt;
        tnn__pyrandom_seed(&mt, keras_ref_seeds[k]);
        const uint32_t *expected = keras_ref_words + k * KERAS_REF_N_WORDS;
        for (size_t i = 0; i < KERAS_REF_N_WORDS; i++)
            ck_assert_msg(tnn__pyrandom_getrandbits(&mt, 32) == expected[i], "seed %u word %zu",
                          keras_ref_seeds[k], i);
    }
}
END_TEST

/* getrandbits(k) keeps the top k bits of a word; 0 bits draw nothing. */
START_TEST(cpython_getrandbits_widths)
{
    tnn__mt mt;
    tnn__pyrandom_seed(&mt, keras_ref_seeds[0]);
    for (unsigned k = 0; k <= 32; k++) {
        uint32_t got = tnn__pyrandom_getrandbits(&mt, k);
        ck_assert_uint_eq(got, k == 0 ? 0u : keras_ref_words[k - 1] >> (32 - k));
    }
}
END_TEST

START_TEST(cpython_randint)
{
    for (size_t k = 0; k < KERAS_REF_N_SEEDS; k++) {
        tnn__mt mt, words;
        tnn__pyrandom_seed(&mt, keras_ref_seeds[k]);
        for (size_t i = 0; i < KERAS_REF_N_RANDINT; i++) {
            uint32_t got = 1u + tnn__pyrandom_below(&mt, UINT32_C(1000000000));
            ck_assert_msg(got == keras_ref_randint[k * KERAS_REF_N_RANDINT + i],
                          "seed %u draw %zu: %u", keras_ref_seeds[k], i, got);
        }
        /* the rejected draws were consumed, no more: the next word matches */
        tnn__pyrandom_seed(&words, keras_ref_seeds[k]);
        for (uint32_t i = 0; i < keras_ref_randint_words[k]; i++)
            tnn__pyrandom_getrandbits(&words, 32);
        ck_assert_uint_eq(tnn__pyrandom_getrandbits(&mt, 32),
                          tnn__pyrandom_getrandbits(&words, 32));
    }
}
END_TEST

static tnn_model *new_model(size_t n_inputs, const size_t *widths, size_t n_layers)
{
    tnn_layer_spec spec[3];
    for (size_t k = 0; k < n_layers; k++) {
        spec[k].units = widths[k];
        spec[k].activation = k + 1 == n_layers ? TNN_ACT_LINEAR : TNN_ACT_RELU;
        spec[k].kind = TNN_LAYER_DENSE;
    }
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, n_inputs, spec, n_layers, NULL));
    return m;
}

/* Every kernel equal to the float32 value, in both builds; biases zero. */
static void check_model(tnn_model *m, const float *kernels, size_t n_values)
{
    size_t n = tnn_model_n_params(m);
    tnn_real *p = malloc(n * sizeof *p);
    ck_assert_ptr_nonnull(p);
    ck_assert_ok(tnn_model_get_params(m, p, n));
    size_t at = 0, used = 0;
    for (size_t k = 0; k < tnn_model_n_layers(m); k++) {
        const tnn_layer *layer = tnn_model_layer(m, k);
        size_t fan_in = tnn_layer_n_inputs(layer), units = tnn_layer_units(layer);
        for (size_t i = 0; i < fan_in * units; i++, at++, used++)
            ck_assert_msg(p[at] == (tnn_real)kernels[used], "layer %zu kernel %zu: %a vs %a", k,
                          i, (double)p[at], (double)kernels[used]);
        for (size_t j = 0; j < units; j++, at++)
            ck_assert_msg(p[at] == 0, "layer %zu bias %zu", k, j);
    }
    ck_assert_uint_eq(used, n_values);
    free(p);
}

START_TEST(keras_kernels_match)
{
    for (size_t i = 0; i < KERAS_REF_N_MODELS; i++) {
        const struct keras_ref_model *r = &keras_ref_models[i];
        tnn_model *m = new_model(r->n_inputs, r->widths, r->n_layers);
        /* earlier weights and biases do not matter */
        tnn_real *p = calloc(tnn_model_n_params(m), sizeof *p);
        for (size_t j = 0; j < tnn_model_n_params(m); j++)
            p[j] = (tnn_real)1.5;
        ck_assert_ok(tnn_model_set_params(m, p, tnn_model_n_params(m)));
        free(p);
        ck_assert_ok(tnn_model_draw_keras(m, r->seed));
        check_model(m, r->kernels, r->n_values);
        /* the same seed again gives the same weights: no hidden state */
        ck_assert_ok(tnn_model_draw_keras(m, r->seed));
        check_model(m, r->kernels, r->n_values);
        tnn_model_free(m);
    }
}
END_TEST

START_TEST(keras_kernels_784_128_10)
{
    const size_t widths[2] = {128, 10};
    tnn_model *m = new_model(784, widths, 2);
    ck_assert_ok(tnn_model_draw_keras(m, 3));
    size_t n = tnn_model_n_params(m);
    tnn_real *p = malloc(n * sizeof *p);
    ck_assert_ok(tnn_model_get_params(m, p, n));
    for (size_t i = 0; i < sizeof keras_ref_big_index / sizeof keras_ref_big_index[0]; i++)
        ck_assert(p[keras_ref_big_index[i]] == (tnn_real)keras_ref_big_value[i]);
    /* kernel sums in double: every value float32, so the sums are exact
     * enough to tell any changed value apart */
    const size_t start[2] = {0, 784 * 128 + 128}, len[2] = {784 * 128, 128 * 10};
    for (int k = 0; k < 2; k++) {
        double sum = 0;
        for (size_t i = 0; i < len[k]; i++)
            sum += (double)p[start[k] + i];
        ck_assert_msg(sum == keras_ref_big_sum[k], "kernel %d sum %a vs %a", k, sum,
                      keras_ref_big_sum[k]);
    }
    free(p);
    tnn_model_free(m);
}
END_TEST

START_TEST(keras_limits_hold)
{
    /* every value inside [-limit, limit) of its layer */
    const size_t widths[3] = {64, 1, 300};
    tnn_model *m = new_model(2, widths, 3);
    ck_assert_ok(tnn_model_draw_keras(m, 4294967295u));
    size_t in = 2;
    for (size_t k = 0; k < 3; k++) {
        tnn_real kernel[64 * 300];
        ck_assert_ok(tnn_model_get_weights(m, k, kernel, in * widths[k], NULL, 0));
        double limit = sqrt(3.0 / fmax(1.0, (double)(in + widths[k]) / 2.0));
        for (size_t i = 0; i < in * widths[k]; i++)
            ck_assert(fabs((double)kernel[i]) <= (double)(float)limit);
        in = widths[k];
    }
    tnn_model_free(m);
}
END_TEST

START_TEST(keras_dead_model_refused)
{
    ck_assert_status(tnn_model_draw_keras(NULL, 0), TNN_E_INVALID_ARGUMENT);
    tnn_rng *rng = NULL;
    ck_assert_ok(tnn_rng_new(&rng, 0, NULL));
    ck_assert_status(tnn_model_draw_keras((tnn_model *)(void *)rng, 0), TNN_E_INVALID_ARGUMENT);
    tnn_rng_free(rng);
}
END_TEST

static Suite *keras_suite(void)
{
    Suite *s = suite_create("keras_init");
    TCase *tc = tcase_create("generators");
    tcase_add_test(tc, philox_known_answers);
    tcase_add_test(tc, tensorflow_stateless_golden_words);
    tcase_add_test(tc, philox_counter_carries);
    tcase_add_test(tc, cpython_words);
    tcase_add_test(tc, cpython_getrandbits_widths);
    tcase_add_test(tc, cpython_randint);
    suite_add_tcase(s, tc);
    tc = tcase_create("weights");
    tcase_add_test(tc, keras_kernels_match);
    tcase_add_test(tc, keras_kernels_784_128_10);
    tcase_add_test(tc, keras_limits_hold);
    tcase_add_test(tc, keras_dead_model_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(keras_suite());
}
