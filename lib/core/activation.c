/* Activation functions and their derivatives on blocks of rows. */
#include "kernels/kernels.h"

#if TNN_COMPACT_KERNELS && !TNN_REAL_IS_DOUBLE
float tnn__exp_shared(float x)
{
    return tnn__exp_body(x);
}

float tnn__log_shared(float x)
{
    return tnn__log_body(x);
}
#endif

TNN_KERNEL
static void activate_k(tnn_activation act, tnn_real *z, size_t rows, size_t units)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: tnn__act_elementwise(act, z, rows * units); break;
    case TNN_ACT_SOFTMAX:
        for (size_t r = 0; r < rows; r++)
            tnn__softmax_row(z + r * units, units);
        break;
    }
}

void tnn__activate(tnn_activation act, tnn_real *z, size_t rows, size_t units)
{
    activate_k(act, z, rows, units);
}

TNN_KERNEL
static void activation_backward_k(tnn_activation act, const tnn_real *a, tnn_real *delta,
                                  size_t rows, size_t units)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: tnn__act_backward_elementwise(act, a, delta, rows * units); return;
    case TNN_ACT_SOFTMAX: break;
    }
    /* softmax's Jacobian-vector product: d_j = a_j (g_j - sum_k g_k a_k) */
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *ar = a + r * units;
        tnn_real *dr = delta + r * units;
        tnn_real dot = 0;
        for (size_t j = 0; j < units; j++)
            dot += dr[j] * ar[j];
        for (size_t j = 0; j < units; j++)
            dr[j] = ar[j] * (dr[j] - dot);
    }
}

void tnn__activation_backward(tnn_activation act, const tnn_real *a, tnn_real *delta,
                              size_t rows, size_t units)
{
    activation_backward_k(act, a, delta, rows, units);
}
