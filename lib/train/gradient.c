/* Backpropagation over blocks of rows: the gradient of the summed loss. */
#include <string.h>

#include "kernels/dense.h"
#include "train/gradient_paths.h"
#include "kernels/kernels.h"

/* Narrow models: every layer and the inputs at most TNN_NARROW_MAX wide, one
 * output, no softmax. */
static bool narrow_model(const tnn_model *m)
{
    if (m->max_width > TNN_NARROW_MAX || tnn_model_n_outputs(m) != 1)
        return false;
    for (size_t k = 0; k < m->n_layers; k++)
        if (tnn__act_couples_units(m->layers[k].activation))
            return false;
    return true;
}

#if TNN_VECTOR_CODE
/* Two layers, at most TNN_FAN_MAX_IN inputs, a ReLU or linear hidden layer
 * wider than a narrow model's, one output, no softmax. */
static bool fan_model(const tnn_model *m)
{
    if (m->n_layers != 2 || m->n_inputs > TNN_FAN_MAX_IN || m->layers[1].units != 1 ||
        m->layers[0].units <= TNN_NARROW_MAX)
        return false;
    switch (m->layers[0].activation) { /* the fused loop's hidden units */
    case TNN_ACT_LINEAR:
    case TNN_ACT_RELU: break;
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_SOFTMAX: return false;
    }
    return !tnn__act_couples_units(m->layers[1].activation);
}
#endif

/* The one place that decides which loop computes a gradient: from the
 * model's shape and the rows its workspace holds, the same for every call
 * with both the same. Every path adds the same terms; the order of sums
 * (and so the bits) is the generic path's except where said.
 * - FAN: fan_model(), in builds with vector code, with room for one tile
 *   of rows. Few inputs and a wide hidden layer (W2's 1-400-1): the hidden
 *   activations cost more to store and reload than to recompute, so the
 *   fused loop never writes them. Same bits as GENERIC.
 * - NARROW: narrow_model(), with room for one group of TNN_GROUP_ROWS rows.
 *   Layers too narrow to fill a vector (W1's 2-3-1): the whole model a
 *   chunk of rows at a time, unit-major, in L1. Sums rows in fixed groups
 *   (gradient_narrow.c), so its bits differ from GENERIC's by rounding, but
 *   not with the workspace size once a group fits.
 * - GENERIC: everything else, layer by layer through dense.c; the first
 *   layer reads shuffled rows through the index where they are.
 * - COMPACT: GENERIC in builds with the compact kernels (size-optimised),
 *   which leave out the kernels reading through an index to save flash
 *   and gather the shuffled rows instead. */
tnn__gradient_path tnn__gradient_path_of(const tnn_model *m, size_t block_rows)
{
#if TNN_VECTOR_CODE
    if (fan_model(m) && tnn__fan_block(m, block_rows) > 0)
        return TNN__GRADIENT_FAN;
#endif
    if (narrow_model(m) && tnn__narrow_chunk(m, block_rows) > 0)
        return TNN__GRADIENT_NARROW;
    return TNN_COMPACT_KERNELS ? TNN__GRADIENT_COMPACT : TNN__GRADIENT_GENERIC;
}

size_t tnn__gradient_row_bytes(const tnn_model *m)
{
    /* activations of every layer, two delta buffers, and one gathered row
     * (x gathered by the compact path only, y by all); at least the narrow
     * path's layout, so that it runs in any workspace of a group */
    size_t reals = m->sum_units + 2 * m->max_width + m->n_inputs + tnn_model_n_outputs(m);
    if (narrow_model(m) && tnn__narrow_row_reals(m) > reals)
        reals = tnn__narrow_row_reals(m);
    return reals * sizeof(tnn_real);
}

/* Forward and kernel gradient of a layer whose input rows are
 * in + rows_of[r] * n_inputs (rows_of NULL: in order). The compact kernels
 * have none reading through rows_of: the COMPACT path gathers the rows
 * instead, and passes NULL. */
static void layer_forward(const struct tnn_layer *l, const tnn_real *in, const size_t *rows_of,
                          size_t rows, tnn_real *out, bool logits)
{
#if TNN_COMPACT_KERNELS
    (void)rows_of;
    if (logits)
        tnn__dense_forward(l, in, rows, out);
    else
        tnn__dense_forward_act(l, in, rows, out);
#else
    if (logits)
        tnn__dense_forward_rows(l, in, rows_of, rows, out);
    else
        tnn__dense_forward_act_rows(l, in, rows_of, rows, out);
#endif
}

static void layer_params(const struct tnn_layer *l, const tnn_real *in, const size_t *rows_of,
                         const tnn_real *delta, size_t rows, tnn_real *grad_kernel,
                         tnn_real *grad_bias)
{
#if TNN_COMPACT_KERNELS
    (void)rows_of;
    tnn__dense_backward_params(l, in, delta, rows, grad_kernel, grad_bias);
#else
    tnn__dense_backward_params_rows(l, in, rows_of, delta, rows, grad_kernel, grad_bias);
#endif
}

/* The GENERIC path, or the COMPACT one in builds with the compact kernels. */
static void gradient_rows_layers(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                                 const tnn_real *x, const tnn_real *y, const size_t *index,
                                 size_t first, size_t count, tnn_real *grad, double *loss_sum,
                                 double *metric_sum, void *work, size_t block_rows)
{
    const size_t n_in = m->n_inputs, n_out = tnn_model_n_outputs(m), last = m->n_layers - 1;
    tnn_real *acts = work;
    tnn_real *delta = acts + block_rows * m->sum_units;
    tnn_real *delta_next = delta + block_rows * m->max_width;
    tnn_real *gx = delta_next + block_rows * m->max_width;
    tnn_real *gy = gx + block_rows * n_in;

    for (size_t done = 0; done < count; done += block_rows) {
        const size_t b = count - done < block_rows ? count - done : block_rows;
        /* shuffled rows: the first layer reads x through the index (rows_of),
         * except on the COMPACT path, which gathers x like y */
        const size_t *rows_of = NULL;
        const tnn_real *xin, *yin;
        if (index != NULL) {
            for (size_t r = 0; r < b; r++) {
                size_t row = index[first + done + r];
                if (TNN_COMPACT_KERNELS)
                    memcpy(gx + r * n_in, x + row * n_in, n_in * sizeof *gx);
                memcpy(gy + r * n_out, y + row * n_out, n_out * sizeof *gy);
            }
            xin = TNN_COMPACT_KERNELS ? gx : x;
            rows_of = TNN_COMPACT_KERNELS ? NULL : index + first + done;
            yin = gy;
        } else {
            xin = x + (first + done) * n_in;
            yin = y + (first + done) * n_out;
        }

        /* forward, keeping every layer's activations; a cross-entropy is
         * taken from the output layer's logits before they are activated */
        const bool logits = tnn__loss_from_logits(loss);
        const tnn_real *in = xin;
        tnn_real *a = acts;
        for (size_t k = 0; k <= last; k++) {
            const struct tnn_layer *l = &m->layers[k];
            layer_forward(l, in, k == 0 ? rows_of : NULL, b, a, logits && k == last);
            in = a;
            a += b * l->units;
        }
        tnn_real *out = a - b * n_out;
        tnn__loss_sum(loss, out, yin, b, n_out, loss_sum); /* logits or outputs */
        if (logits)
            tnn__activate(m->layers[last].activation, out, b, n_out);
        tnn__metric_sum(metric, out, yin, b, n_out, metric_sum);

        /* backward */
        tnn_real *d = delta, *dn = delta_next;
        tnn__loss_delta(loss, m->layers[last].activation, out, yin, b, n_out, d);
        const tnn_real *a_k = out;
        for (size_t k = last + 1; k-- > 0;) {
            const struct tnn_layer *l = &m->layers[k];
            const tnn_real *a_prev = k == 0 ? xin : a_k - b * l->n_inputs;
            tnn_real *gk = grad + (l->kernel - m->params), *gb = grad + (l->bias - m->params);
            layer_params(l, a_prev, k == 0 ? rows_of : NULL, d, b, gk, gb);
            if (k > 0) {
                tnn__dense_backward_input(l, d, b, dn);
                tnn__activation_backward(m->layers[k - 1].activation, a_prev, dn, b, l->n_inputs);
                tnn_real *t = d;
                d = dn;
                dn = t;
            }
            a_k = a_prev;
        }
    }
}


void tnn__gradient_rows(const tnn_model *m, tnn_loss loss, tnn_metric metric, const tnn_real *x,
                        const tnn_real *y, const size_t *index, size_t first, size_t count,
                        tnn_real *grad, double *loss_sum, double *metric_sum, void *work,
                        size_t block_rows)
{
    switch (tnn__gradient_path_of(m, block_rows)) {
    case TNN__GRADIENT_FAN:
#if TNN_VECTOR_CODE
        tnn__gradient_rows_fan(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                               metric_sum, work, block_rows);
#endif
        break;
    case TNN__GRADIENT_NARROW:
        tnn__gradient_rows_narrow(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                                  metric_sum, work, block_rows);
        break;
    case TNN__GRADIENT_GENERIC:
    case TNN__GRADIENT_COMPACT:
        gradient_rows_layers(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                             metric_sum, work, block_rows);
        break;
    }
}

/* tnn_gradient's scratch: one gradient (the caller's plus this chunk's,
 * added up there and checked before the caller's array is written), then
 * blocks of rows. */
bool tnn__gradient_head_bytes(const tnn_model *m, size_t *bytes)
{
    return tnn__mul(m->n_params, sizeof(tnn_real), bytes) && tnn__align_up(*bytes, bytes);
}

/* Rows per block in a workspace of work_size bytes, head included. */
tnn_status tnn__gradient_block(const tnn_model *m, size_t head, size_t work_size, size_t *block)
{
    if (work_size < head)
        return TNN_E_BUFFER_TOO_SMALL;
    return tnn__forward_block_capacity(m, work_size - head, tnn__gradient_row_bytes(m), block);
}

tnn_status tnn_gradient_workspace_size(const tnn_model *model, size_t n_rows, size_t *size)
{
    if (!tnn__model_ok(model) || size == NULL || n_rows == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t head, rows;
    if (!tnn__gradient_head_bytes(model, &head) ||
        !tnn__mul(tnn__gradient_row_bytes(model), n_rows, &rows) || !tnn__add(head, rows, size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

/* A layer kind the gradient paths (gradient*.c) backpropagate through. */
static bool kind_trainable(tnn_layer_kind kind)
{
    switch (kind) {
    case TNN_LAYER_DENSE: return true;
    }
    return false;
}

/* Refuses what backpropagation cannot train: a loss that does not suit the
 * output activation, a layer of a kind the gradient paths do not handle,
 * or a step layer (its gradient is zero everywhere). */
tnn_status tnn__check_trainable(const tnn_model *m, tnn_loss loss)
{
    if (!tnn__loss_valid(loss))
        return TNN_E_INVALID_ARGUMENT;
    for (size_t k = 0; k < m->n_layers; k++)
        if (!kind_trainable(m->layers[k].kind) || m->layers[k].activation == TNN_ACT_STEP)
            return TNN_E_UNSUPPORTED;
    return tnn_loss_supported(loss, m->layers[m->n_layers - 1].activation);
}

tnn_status tnn_gradient(const tnn_model *model, tnn_loss loss, const tnn_real *x,
                        const tnn_real *y, size_t n_rows, tnn_real *grad, size_t n_grad,
                        double *loss_sum, void *work, size_t work_size)
{
    if (!tnn__model_ok(model) || grad == NULL || (n_rows > 0 && (x == NULL || y == NULL)) ||
        work == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn__check_trainable(model, loss);
    if (st != TNN_OK)
        return st;
    if (n_grad != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    size_t head;
    if (!tnn__rows_fit(n_rows, model->max_width) || !tnn__gradient_head_bytes(model, &head))
        return TNN_E_OVERFLOW;
    if (!tnn__is_aligned(work))
        return TNN_E_MISALIGNED;
    size_t block;
    st = tnn__gradient_block(model, head, work_size, &block);
    if (st != TNN_OK)
        return st;
    tnn_real x_max;
    if ((st = tnn__check_finite_max(x, n_rows * model->n_inputs, &x_max)) != TNN_OK ||
        (st = tnn__check_targets(loss, y, n_rows * tnn_model_n_outputs(model))) != TNN_OK)
        return st;
    if (n_rows == 0)
        return TNN_OK;
    void *block_work = (unsigned char *)work + head;
    /* finite inputs whose values overflow inside the network (forward_check.c) */
    if (!tnn__forward_ok(model, x_max, x, NULL, 0, n_rows, block_work, block))
        return TNN_E_NON_FINITE;
    /* the sum is formed in the scratch copy, in the same order as in grad
     * itself, and written back only when it is finite */
    tnn_real *sum = work;
    memcpy(sum, grad, n_grad * sizeof *sum);
    double l = 0, unused = 0;
    tnn__gradient_rows(model, loss, TNN_METRIC_NONE, x, y, NULL, 0, n_rows, sum, &l, &unused,
                       block_work, block);
    if (!isfinite(l) || (loss_sum != NULL && !isfinite(*loss_sum + l)) ||
        tnn__check_finite(sum, n_grad) != TNN_OK)
        return TNN_E_NON_FINITE;
    memcpy(grad, sum, n_grad * sizeof *grad);
    if (loss_sum != NULL)
        *loss_sum += l;
    return TNN_OK;
}
