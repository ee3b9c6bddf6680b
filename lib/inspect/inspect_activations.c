/* Layer activations for a batch of inputs (Keras's
 * Model(inputs, outputs=layers[k].output)), and the partial forward pass
 * the other inspection functions share. */
#include <string.h>

#include "inspect/inspect_internal.h"
#include "kernels/dense.h"

tnn_status tnn__inspect_work_rows(const void *work, size_t work_size, size_t row_bytes,
                                  size_t *rows)
{
    if (work == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__is_aligned(work))
        return TNN_E_MISALIGNED;
    *rows = work_size / row_bytes;
    return *rows == 0 ? TNN_E_BUFFER_TOO_SMALL : TNN_OK;
}

const tnn_real *tnn__forward_prefix(const tnn_model *m, size_t n_layers, const tnn_real *x,
                                    size_t rows, tnn_real *scratch)
{
    tnn_real *half[2] = {scratch, scratch + m->max_width * rows};
    const tnn_real *in = x;
    for (size_t k = 0; k < n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        tnn_real *out = half[k % 2];
        tnn__layer_forward_z(l, in, rows, out);
        tnn__activate(l->activation, out, rows, l->units);
        in = out;
    }
    return in;
}

tnn_status tnn_layer_activations(const tnn_model *model, size_t layer, const tnn_real *x,
                                 size_t n_rows, tnn_real *a, tnn_real *z, size_t out_len,
                                 void *work, size_t work_size)
{
    if (!tnn__model_ok(model))
        return TNN_E_INVALID_ARGUMENT;
    if (n_rows > 0 && (x == NULL || (a == NULL && z == NULL)))
        return TNN_E_INVALID_ARGUMENT;
    if (layer >= model->n_layers)
        return TNN_E_OUT_OF_RANGE;
    const struct tnn_layer *l = &model->layers[layer];
    size_t needed;
    if (!tnn__mul(n_rows, l->units, &needed) || !tnn__rows_fit(n_rows, model->max_width))
        return TNN_E_OVERFLOW;
    if (out_len < needed)
        return TNN_E_BUFFER_TOO_SMALL;
    size_t block;
    tnn_status st = tnn__inspect_work_rows(work, work_size, tnn__predict_row_bytes(model),
                                           &block);
    if (st != TNN_OK)
        return st;

    const size_t n_in = model->n_inputs, units = l->units;
    for (size_t done = 0; done < n_rows; done += block) {
        const size_t b = n_rows - done < block ? n_rows - done : block;
        const tnn_real *in = tnn__forward_prefix(model, layer, x + done * n_in, b, work);
        tnn_real *zb = z != NULL ? z + done * units : NULL;
        tnn_real *ab = a != NULL ? a + done * units : NULL;
        /* The layer writes straight into the caller's array: z if wanted,
         * then a copy activated in place. */
        tnn__layer_forward_z(l, in, b, zb != NULL ? zb : ab);
        if (ab != NULL) {
            if (zb != NULL)
                memcpy(ab, zb, b * units * sizeof(tnn_real));
            tnn__activate(l->activation, ab, b, units);
        }
    }
    return TNN_OK;
}
