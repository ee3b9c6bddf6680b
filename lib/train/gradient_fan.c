/* The fused gradient of two-layer models with few inputs and a wide hidden
 * layer (W2's 1-400-1). */
#include <string.h>

#include "train/gradient_paths.h"
#include "kernels/kernels.h"

/* The fan path (tnn__gradient_path_of, gradient.c, says which models take
 * it): two layers, at most TNN_FAN_MAX_IN inputs, a wide linear or ReLU
 * hidden layer and one output (W2's 1-400-1). Its hidden activations cost
 * more to store and reload than to recompute from the few inputs, so they
 * are never written: the forward pass keeps FAN_ROWS rows in vector lanes
 * and runs over hidden units, the backward pass keeps a chunk of FAN_UNITS
 * units' gradients in registers and runs over the rows.
 * Every value is the generic path's formula in its order (z: bias, then
 * inputs in order; gradients: rows added one by one in order), so the
 * results are the same, and do not depend on the block size. Vector code
 * only (TNN_VECTOR_CODE, kernels.h). */
#define FAN_ROWS 32u
#define FAN_UNITS 16u
#define FAN_BLOCK 256u
_Static_assert(FAN_BLOCK % FAN_ROWS == 0, "a block is whole tiles of rows");

#if TNN_VECTOR_CODE
_Static_assert(FAN_ROWS == 4 * 8 && FAN_UNITS == 2 * 8,
               "fan_forward_n and fan_backward_n hold 4 and 2 tnn_v8 of 8 lanes");
_Static_assert(TNN_FAN_MAX_IN == 4, "fan_forward and fan_backward have cases 1 to 4");

size_t tnn__fan_block(const tnn_model *m, size_t block_rows)
{
    /* x, y, output and delta of each row */
    const size_t reals = block_rows * (tnn__gradient_row_bytes(m) / sizeof(tnn_real));
    const size_t block = reals / (m->n_inputs + 3) / FAN_ROWS * FAN_ROWS;
    return block < FAN_BLOCK ? block : FAN_BLOCK;
}

/* Rows or units in the lanes of tnn_v8 (kernels.h): FAN_ROWS = 4 vectors,
 * FAN_UNITS = 2. */
/* Output z of rows [0, rows) (a multiple of FAN_ROWS) of the transposed
 * inputs xt (input k of row r at [k * ld + r]); n_in a constant. */
TNN_INLINE void fan_forward_n(const tnn_model *m, const tnn_real *restrict xt, size_t rows,
                              size_t ld, tnn_real *restrict out, const size_t n_in)
{
    const struct tnn_layer *l0 = &m->layers[0], *l1 = &m->layers[1];
    const size_t hidden = l0->units;
    const tnn_real *restrict k0 = l0->kernel, *restrict b0 = l0->bias, *restrict k1 = l1->kernel;
    const tnn_m8 lin = l0->activation == TNN_ACT_RELU ? (tnn_m8){0} : ~(tnn_m8){0};
    const tnn_v8 zero = {0};
    for (size_t r0 = 0; r0 < rows; r0 += FAN_ROWS) {
        tnn_v8 acc[4], x[TNN_FAN_MAX_IN][4];
        for (size_t k = 0; k < n_in; k++)
            for (size_t v = 0; v < 4; v++)
                TNN_VLOAD(x[k][v], xt + k * ld + r0 + 8 * v);
        for (size_t v = 0; v < 4; v++)
            acc[v] = zero + l1->bias[0];
        for (size_t j = 0; j < hidden; j++) {
            const tnn_real kj = k1[j], bj = b0[j];
            for (size_t v = 0; v < 4; v++) {
                tnn_v8 h = zero + bj;
                for (size_t k = 0; k < n_in; k++)
                    h += x[k][v] * k0[k * hidden + j];
                h = (tnn_v8)((tnn_m8)h & ((h > zero) | lin));
                acc[v] += h * kj;
            }
        }
        for (size_t v = 0; v < 4; v++)
            TNN_VSTORE(out + r0 + 8 * v, acc[v]);
    }
}

/* Gradients of both layers from the output deltas d of rows [0, rows). */
TNN_INLINE void fan_backward_n(const tnn_model *m, const tnn_real *restrict xt, size_t rows,
                               size_t ld, const tnn_real *restrict d, tnn_real *restrict grad,
                               const size_t n_in)
{
    const struct tnn_layer *l0 = &m->layers[0], *l1 = &m->layers[1];
    const size_t hidden = l0->units;
    const tnn_real *restrict k0 = l0->kernel, *restrict b0 = l0->bias, *restrict k1 = l1->kernel;
    tnn_real *restrict gk0 = grad + (l0->kernel - m->params);
    tnn_real *restrict gb0 = grad + (l0->bias - m->params);
    tnn_real *restrict gk1 = grad + (l1->kernel - m->params);
    tnn_real *restrict gb1 = grad + (l1->bias - m->params);
    const bool relu = l0->activation == TNN_ACT_RELU;
    const tnn_m8 lin = relu ? (tnn_m8){0} : ~(tnn_m8){0};
    const tnn_v8 zero = {0};
    const size_t full = hidden / FAN_UNITS * FAN_UNITS;
    for (size_t j0 = 0; j0 < full; j0 += FAN_UNITS) {
        tnn_v8 w[TNN_FAN_MAX_IN][2], b[2], kk[2], a_k[TNN_FAN_MAX_IN][2], a_b[2], a_k1[2];
        for (size_t v = 0; v < 2; v++) {
            const size_t j = j0 + 8 * v;
            for (size_t k = 0; k < n_in; k++) {
                TNN_VLOAD(w[k][v], k0 + k * hidden + j);
                TNN_VLOAD(a_k[k][v], gk0 + k * hidden + j);
            }
            TNN_VLOAD(b[v], b0 + j);
            TNN_VLOAD(kk[v], k1 + j);
            TNN_VLOAD(a_b[v], gb0 + j);
            TNN_VLOAD(a_k1[v], gk1 + j);
        }
        for (size_t r = 0; r < rows; r++) {
            const tnn_real dr = d[r];
            tnn_real xr[TNN_FAN_MAX_IN];
            for (size_t k = 0; k < n_in; k++)
                xr[k] = xt[k * ld + r];
            for (size_t v = 0; v < 2; v++) {
                tnn_v8 h = b[v];
                for (size_t k = 0; k < n_in; k++)
                    h += xr[k] * w[k][v];
                const tnn_m8 keep = (h > zero) | lin;
                const tnn_v8 a = (tnn_v8)((tnn_m8)h & keep);
                const tnn_v8 g = zero + dr * kk[v];
                const tnn_v8 dh = (tnn_v8)((tnn_m8)g & keep);
                a_k1[v] += a * dr;
                a_b[v] += dh;
                for (size_t k = 0; k < n_in; k++)
                    a_k[k][v] += xr[k] * dh;
            }
        }
        for (size_t v = 0; v < 2; v++) {
            const size_t j = j0 + 8 * v;
            for (size_t k = 0; k < n_in; k++)
                TNN_VSTORE(gk0 + k * hidden + j, a_k[k][v]);
            TNN_VSTORE(gb0 + j, a_b[v]);
            TNN_VSTORE(gk1 + j, a_k1[v]);
        }
    }
    for (size_t j = full; j < hidden; j++) /* the last units, one at a time */
        for (size_t r = 0; r < rows; r++) {
            tnn_real h = b0[j];
            for (size_t k = 0; k < n_in; k++)
                h += xt[k * ld + r] * k0[k * hidden + j];
            const tnn_real a = relu ? (h > 0 ? h : (tnn_real)0) : h;
            const tnn_real g = (tnn_real)0 + d[r] * k1[j];
            const tnn_real dh = relu ? (a > 0 ? g : (tnn_real)0) : g;
            gk1[j] += a * d[r];
            gb0[j] += dh;
            for (size_t k = 0; k < n_in; k++)
                gk0[k * hidden + j] += xt[k * ld + r] * dh;
        }
    for (size_t r = 0; r < rows; r++)
        gb1[0] += d[r];
}

/* One compiled copy per input count, so that the loops over inputs unroll
 * and every vector stays in a register. */
TNN_KERNEL
static void fan_forward(const tnn_model *m, const tnn_real *restrict xt, size_t rows, size_t ld,
                        tnn_real *restrict out)
{
    switch (m->n_inputs) {
    case 1: fan_forward_n(m, xt, rows, ld, out, 1); break;
    case 2: fan_forward_n(m, xt, rows, ld, out, 2); break;
    case 3: fan_forward_n(m, xt, rows, ld, out, 3); break;
    default: fan_forward_n(m, xt, rows, ld, out, 4); break;
    }
}

TNN_KERNEL
static void fan_backward(const tnn_model *m, const tnn_real *restrict xt, size_t rows,
                         size_t ld, const tnn_real *restrict d, tnn_real *restrict grad)
{
    switch (m->n_inputs) {
    case 1: fan_backward_n(m, xt, rows, ld, d, grad, 1); break;
    case 2: fan_backward_n(m, xt, rows, ld, d, grad, 2); break;
    case 3: fan_backward_n(m, xt, rows, ld, d, grad, 3); break;
    default: fan_backward_n(m, xt, rows, ld, d, grad, 4); break;
    }
}

void tnn__gradient_rows_fan(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                            const tnn_real *x, const tnn_real *y, const size_t *index,
                            size_t first, size_t count, tnn_real *grad, double *loss_sum,
                            double *metric_sum, void *work, size_t block_rows)
{
    const size_t n_in = m->n_inputs, block = tnn__fan_block(m, block_rows);
    tnn_real *xt = work, *yb = xt + n_in * block, *out = yb + block, *d = out + block;
    const tnn_activation out_act = m->layers[1].activation;
    for (size_t done = 0; done < count; done += block) {
        const size_t b = count - done < block ? count - done : block;
        const size_t pb = (b + FAN_ROWS - 1) / FAN_ROWS * FAN_ROWS;
        for (size_t r = 0; r < b; r++) {
            const size_t row = index != NULL ? index[first + done + r] : first + done + r;
            for (size_t i = 0; i < n_in; i++)
                xt[i * block + r] = x[row * n_in + i];
            yb[r] = y[row];
        }
        for (size_t i = 0; i < n_in; i++)
            for (size_t r = b; r < pb; r++)
                xt[i * block + r] = 0;
        fan_forward(m, xt, pb, block, out);
        if (tnn__loss_from_logits(loss)) /* from the logits, before the sigmoid */
            tnn__loss_sum(loss, out, yb, b, 1, loss_sum);
        tnn__activate(out_act, out, b, 1);
        if (!tnn__loss_from_logits(loss))
            tnn__loss_sum(loss, out, yb, b, 1, loss_sum);
        tnn__metric_sum(metric, out, yb, b, 1, metric_sum);
        tnn__loss_delta(loss, out_act, out, yb, b, 1, d);
        fan_backward(m, xt, b, block, d, grad);
    }
}

#endif /* TNN_VECTOR_CODE */
