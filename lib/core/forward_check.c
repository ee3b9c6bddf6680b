/* Whether finite inputs can overflow inside a model: a bound from the
 * weights, and where it proves nothing, the forward pass checked value by
 * value. evaluate, gradient and fit call it before trusting a result. */
#include <string.h>

#include "core/internal.h"
#include "kernels/dense.h"

tnn_status tnn__check_finite_max(const tnn_real *v, size_t count, tnn_real *max_abs)
{
    bool ok = true;
    tnn_real m = 0;
    for (size_t i = 0; i < count; i++) {
        const tnn_real a = v[i] < 0 ? -v[i] : v[i];
        ok &= tnn__finite(a);
        m = a > m ? a : m;
    }
    *max_abs = m;
    return ok ? TNN_OK : TNN_E_NON_FINITE;
}

/* out_j = |b_j| + sum_i |W_ij| in_i for one layer (kernel n_in x units,
 * row-major); summed in any order: it is a bound. */
TNN_KERNEL
static void layer_abs_sums(const tnn_real *restrict kernel, const tnn_real *restrict bias,
                           const tnn_real *restrict in, size_t n_in, size_t units,
                           tnn_real *restrict out)
{
    if (units == 1) { /* a dot product: eight partial sums */
        tnn_real acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t i = 0;
        for (; i + 8 <= n_in; i += 8)
            for (size_t k = 0; k < 8; k++)
                acc[k] += TNN_FABS(kernel[i + k]) * in[i + k];
        tnn_real s = TNN_FABS(bias[0]);
        for (; i < n_in; i++)
            s += TNN_FABS(kernel[i]) * in[i];
        for (size_t k = 0; k < 8; k++)
            s += acc[k];
        out[0] = s;
        return;
    }
    for (size_t j = 0; j < units; j++)
        out[j] = TNN_FABS(bias[j]);
    for (size_t i = 0; i < n_in; i++) {
        const tnn_real a = in[i], *restrict w = kernel + i * units;
        for (size_t j = 0; j < units; j++)
            out[j] += TNN_FABS(w[j]) * a;
    }
}

/* Whether the activation's outputs grow with z without bound (the others
 * stay within [-1, 1]). */
static bool unbounded(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_RELU: return true;
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_SOFTMAX: return false;
    }
    return true;
}

/* Bounds every pre-activation of every layer for inputs of magnitude at
 * most x_max, from the weights alone: unit j of a layer sums at most
 * |b_j| + sum_i |W_ij| A_i, where A_i bounds its input i (x_max for the
 * model's inputs, the bound itself after a linear or relu layer, 1 after
 * the others). Every partial sum of the dense kernels, in whatever order
 * and with or without fused multiply-adds, stays within that times
 * (1 + (n + 1) eps); the bound is widened by twice that per layer, so a
 * bound under TNN_REAL_MAX / 2 means no value of the forward pass can be
 * infinite or NaN. O(n_params); scratch: 2 * max_width reals. */
static bool forward_bounded(const tnn_model *m, tnn_real x_max, tnn_real *scratch)
{
    const tnn_real limit = TNN_REAL_MAX / 2;
    tnn_real *in = scratch, *out = scratch + m->max_width;
    for (size_t i = 0; i < m->n_inputs; i++)
        in[i] = x_max;
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        const size_t units = l->units;
        if (l->n_inputs > ((size_t)1 << 20))
            return false; /* the widening below would not be small */
        switch (l->kind) {
        case TNN_LAYER_DENSE:
            layer_abs_sums(l->kernel, l->bias, in, l->n_inputs, units, out);
            break;
        }
        const tnn_real grow = 1 + (tnn_real)(2 * (l->n_inputs + 2)) * TNN_REAL_EPSILON;
        const bool unbounded_act = unbounded(l->activation);
        bool ok = true;
        for (size_t j = 0; j < units; j++) {
            const tnn_real b = out[j] * grow;
            ok &= b <= limit; /* false for NaN and infinity too */
            out[j] = unbounded_act ? b : (tnn_real)1;
        }
        if (!ok)
            return false;
        tnn_real *t = in;
        in = out;
        out = t;
    }
    return true;
}

/* Runs the forward pass layer by layer and checks every pre-activation. */
static bool forward_finite(const tnn_model *m, const tnn_real *x, const size_t *index,
                           size_t first, size_t count, void *work, size_t block)
{
    tnn_real *half[2] = {work, (tnn_real *)work + m->max_width * block};
    tnn_real *gathered = half[1] + m->max_width * block;
    const size_t n_in = m->n_inputs;
    for (size_t done = 0; done < count; done += block) {
        const size_t b = count - done < block ? count - done : block;
        const tnn_real *in = x + (first + done) * n_in;
        if (index != NULL) {
            for (size_t r = 0; r < b; r++)
                memcpy(gathered + r * n_in, x + index[first + done + r] * n_in,
                       n_in * sizeof *gathered);
            in = gathered;
        }
        for (size_t k = 0; k < m->n_layers; k++) {
            const struct tnn_layer *l = &m->layers[k];
            tnn_real *out = half[k % 2];
            tnn__layer_forward_z(l, in, b, out);
            if (tnn__check_finite(out, b * l->units) != TNN_OK)
                return false;
            tnn__activate(l->activation, out, b, l->units);
            in = out;
        }
    }
    return true;
}

bool tnn__forward_ok(const tnn_model *m, tnn_real x_max, const tnn_real *x, const size_t *index,
                     size_t first, size_t count, void *work, size_t block)
{
    return forward_bounded(m, x_max, work) ||
           forward_finite(m, x, index, first, count, work, block);
}
