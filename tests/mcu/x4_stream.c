/* X4 streamed from the reference table (see x4_stream.h). The table is the
 * only copy of the data; with -fdata-sections only what is used is linked. */
#include "x4_stream.h"

#include "data/training_ref.h"

const tnn_layer_spec x4_spec[2] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};

void x4_read_chunk(size_t first, size_t n, tnn_real *x, tnn_real *y)
{
    for (size_t r = 0; r < n; r++) {
        x[2 * r] = (tnn_real)trref_x4_x[2 * (first + r)];
        x[2 * r + 1] = (tnn_real)trref_x4_x[2 * (first + r) + 1];
        y[r] = (tnn_real)trref_x4_y[first + r];
    }
}

tnn_status x4_set_initial_weights(tnn_model *m)
{
    tnn_real k0[6], b0[3], k1[3], b1[1];
    for (int i = 0; i < 6; i++)
        k0[i] = (tnn_real)trref_x4_kernel0[i];
    for (int i = 0; i < 3; i++) {
        b0[i] = (tnn_real)trref_x4_bias0[i];
        k1[i] = (tnn_real)trref_x4_kernel1[i];
    }
    b1[0] = (tnn_real)trref_x4_bias1[0];
    tnn_status st = tnn_model_set_weights(m, 0, k0, 6, b0, 3);
    return st != TNN_OK ? st : tnn_model_set_weights(m, 1, k1, 3, b1, 1);
}
