/* Activation functions and their derivatives on blocks of rows. */
#include "internal.h"

bool tnn__activation_valid(tnn_activation act)
{
    return act >= TNN_ACT_LINEAR && act <= TNN_ACT_SOFTMAX;
}

const char *tnn_activation_name(tnn_activation activation)
{
    switch (activation) {
    case TNN_ACT_LINEAR: return "linear";
    case TNN_ACT_STEP: return "step";
    case TNN_ACT_SIGMOID: return "sigmoid";
    case TNN_ACT_TANH: return "tanh";
    case TNN_ACT_RELU: return "relu";
    case TNN_ACT_SOFTMAX: return "softmax";
    }
    return "unknown";
}

/* Never evaluates exp of a large positive number, so it cannot overflow. */
static tnn_real sigmoid(tnn_real z)
{
    if (z >= 0)
        return (tnn_real)1 / ((tnn_real)1 + TNN_EXP(-z));
    tnn_real e = TNN_EXP(z);
    return e / ((tnn_real)1 + e);
}

/* Shifting by the row maximum keeps every exponent <= 0. */
static void softmax_row(tnn_real *z, size_t units)
{
    tnn_real max = z[0];
    for (size_t j = 1; j < units; j++)
        if (z[j] > max)
            max = z[j];
    tnn_real sum = 0;
    for (size_t j = 0; j < units; j++) {
        z[j] = TNN_EXP(z[j] - max);
        sum += z[j];
    }
    for (size_t j = 0; j < units; j++)
        z[j] /= sum;
}

void tnn__activate(tnn_activation act, tnn_real *z, size_t rows, size_t units)
{
    size_t n = rows * units;
    switch (act) {
    case TNN_ACT_LINEAR:
        break;
    case TNN_ACT_STEP:
        for (size_t i = 0; i < n; i++)
            z[i] = z[i] >= 0 ? (tnn_real)1 : (tnn_real)0;
        break;
    case TNN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            z[i] = sigmoid(z[i]);
        break;
    case TNN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            z[i] = TNN_TANH(z[i]);
        break;
    case TNN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            z[i] = z[i] > 0 ? z[i] : (tnn_real)0;
        break;
    case TNN_ACT_SOFTMAX:
        for (size_t r = 0; r < rows; r++)
            softmax_row(z + r * units, units);
        break;
    }
}

void tnn__activation_backward(tnn_activation act, const tnn_real *a, tnn_real *delta,
                              size_t rows, size_t units)
{
    size_t n = rows * units;
    switch (act) {
    case TNN_ACT_LINEAR:
        break;
    case TNN_ACT_STEP: /* no gradient: callers refuse step layers before */
        for (size_t i = 0; i < n; i++)
            delta[i] = 0;
        break;
    case TNN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            delta[i] *= a[i] * ((tnn_real)1 - a[i]);
        break;
    case TNN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            delta[i] *= (tnn_real)1 - a[i] * a[i];
        break;
    case TNN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            delta[i] = a[i] > 0 ? delta[i] : (tnn_real)0;
        break;
    case TNN_ACT_SOFTMAX:
        /* Jacobian-vector product: d_j = a_j (g_j - sum_k g_k a_k). */
        for (size_t r = 0; r < rows; r++) {
            const tnn_real *ar = a + r * units;
            tnn_real *dr = delta + r * units;
            tnn_real dot = 0;
            for (size_t j = 0; j < units; j++)
                dot += dr[j] * ar[j];
            for (size_t j = 0; j < units; j++)
                dr[j] = ar[j] * (dr[j] - dot);
        }
        break;
    }
}
