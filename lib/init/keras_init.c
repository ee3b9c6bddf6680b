/* Keras's default initial weights, bit for bit: an unseeded glorot_uniform
 * kernel per Dense layer and zero biases, as Keras (2.10 and later, and
 * Keras 3 on TensorFlow) draws them after random.seed(seed).
 *
 * The float expressions below are TensorFlow's float32 tensor ops, each
 * rounded on its own: meson builds this file with -ffp-contract=off. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "init/keras_rng.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "keras_init.c needs float arithmetic without excess precision"
#endif

/* Uint32ToFloat (tensorflow/core/lib/random/random_distributions.h): the
 * low 23 bits as the mantissa of a number in [1, 2), minus 1; exact. */
static float unit_float(uint32_t word)
{
    return (float)(word & UINT32_C(0x7FFFFF)) * (1.0f / 8388608.0f);
}

/* One kernel: tf.random.stateless_uniform(shape, seed=[seed, 0],
 * minval=-limit, maxval=limit) in row-major order. */
static void draw_kernel(tnn_real *kernel, size_t fan_in, size_t units, uint32_t seed)
{
    /* VarianceScaling(scale=1, mode="fan_avg", distribution="uniform"),
     * in Python's doubles and in its order of operations. */
    double scale = 1.0 / fmax(1.0, ((double)fan_in + (double)units) / 2.0);
    double limit = sqrt(3.0 * scale);
    const float lo = (float)-limit, hi = (float)limit;
    const float range = hi - lo;

    tnn__philox_stream stream;
    tnn__philox_stateless_init(&stream, seed, 0);
    const size_t n = fan_in * units;
    for (size_t i = 0; i < n; i++) {
        float scaled = unit_float(tnn__philox_next(&stream)) * range;
        float value = scaled + lo;
        kernel[i] = (tnn_real)value;
    }
}

tnn_status tnn_model_draw_keras(tnn_model *model, uint32_t seed)
{
    if (!tnn__model_ok(model))
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    tnn__mt py;
    tnn__pyrandom_seed(&py, seed);
    for (size_t k = 0; k < model->n_layers; k++) {
        struct tnn_layer *l = &model->layers[k];
        switch (l->kind) {
        case TNN_LAYER_DENSE: {
            /* GlorotUniform() with no seed: random.randint(1, 10**9) */
            uint32_t kernel_seed = 1u + tnn__pyrandom_below(&py, UINT32_C(1000000000));
            draw_kernel(l->kernel, l->n_inputs, l->units, kernel_seed);
            memset(l->bias, 0, l->units * sizeof *l->bias);
            break;
        }
        }
    }
    return TNN_OK;
}
