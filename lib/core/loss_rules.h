/* The per-value rules of the losses and metrics, shared by loss.c and the
 * vectorised narrow gradient path (gradient_narrow.c), so each rule is
 * written once. Inlined, and vectorisable (no branches). Not installed. */
#ifndef TINYNN_LOSS_RULES_H
#define TINYNN_LOSS_RULES_H

#include "kernels/kernels.h"

/* log(1 + e) for e in [0, 1], accurate for tiny e too (log1p), given
 * s = 1 / (1 + e), which the sigmoid computes anyway. */
TNN_INLINE tnn_real tnn__log1p_unit(tnn_real e, tnn_real s)
{
#if TNN_REAL_IS_DOUBLE
    (void)s;
    return log1p(e);
#else
    /* u = 1 + e rounded; log(1 + e) = log(u) + log((1 + e) / u), and the
     * second term is (e - (u - 1)) / u to within rounding (u - 1 is exact):
     * e itself where u rounds to 1. */
    const float u = 1.0f + e;
    return tnn__log(u) + (e - (u - 1.0f)) * s;
#endif
}

/* Binary cross-entropy of a sigmoid output from its logit z, as
 * tf.nn.sigmoid_cross_entropy_with_logits: max(z, 0) - z y + log(1 + e^-|z|).
 * Exact where the sigmoid rounds to 0 or 1, unlike log(p). Also gives the
 * sigmoid itself, equal to tnn__sigmoid(z), so one exponential serves both. */
TNN_INLINE tnn_real tnn__sigmoid_bce(tnn_real z, tnn_real y, tnn_real *p)
{
    const int32_t pos = z >= 0;
    const tnn_real e = tnn__exp(TNN_SEL(pos, -z, z)); /* exp(-|z|) <= 1 */
    const tnn_real s = (tnn_real)1 / ((tnn_real)1 + e);
    *p = TNN_SEL(pos, s, e * s);
    return TNN_SEL(pos, z, (tnn_real)0) - z * y + tnn__log1p_unit(e, s);
}

TNN_INLINE tnn_real tnn__bce_from_logit(tnn_real z, tnn_real y)
{
    tnn_real p;
    return tnn__sigmoid_bce(z, y, &p);
}

/* Keras's binary_accuracy for one row: 1 when the prediction is on the
 * target's side of the threshold, strictly above it for class 1. */
TNN_INLINE tnn_real tnn__binary_correct(tnn_real a, tnn_real y)
{
    const int32_t same = (a > TNN__ACCURACY_THRESHOLD) == (y >= TNN__ACCURACY_THRESHOLD);
    return TNN_SEL(same, (tnn_real)1, (tnn_real)0);
}

TNN_INLINE tnn_real tnn__squared_error(tnn_real a, tnn_real y)
{
    const tnn_real d = a - y;
    return d * d;
}

/* Categorical cross-entropy's term of output j: y_j (logsumexp(z) - z_j). */
TNN_INLINE tnn_real tnn__cce_term(tnn_real lse, tnn_real z, tnn_real y)
{
    return y * (lse - z);
}

/* dL/da of MSE averaged over the outputs: scale = 2 / units. */
TNN_INLINE tnn_real tnn__mse_delta(tnn_real a, tnn_real y, tnn_real scale)
{
    return scale * (a - y);
}

/* dL/dz of BCE averaged over the outputs, from the sigmoid output p:
 * inv = 1 / units. */
TNN_INLINE tnn_real tnn__bce_delta(tnn_real p, tnn_real y, tnn_real inv)
{
    return (p - y) * inv;
}

/* dL/dz_j of CCE from the softmax output p_j: mass = sum_k y_k. */
TNN_INLINE tnn_real tnn__cce_delta(tnn_real p, tnn_real y, tnn_real mass)
{
    return p * mass - y;
}

#endif /* TINYNN_LOSS_RULES_H */
