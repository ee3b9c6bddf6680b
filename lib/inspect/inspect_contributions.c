/* Per-unit contributions to a linear output (the article's Listing 30):
 * y = b + sum_i w_i a_i(x), with every term written out. */
#include "inspect/inspect_internal.h"

tnn_status tnn_output_contributions(const tnn_model *model, const tnn_real *x, size_t n_rows,
                                    tnn_real *activations, tnn_real *contributions,
                                    size_t out_len, tnn_real *bias, tnn_real *sums, void *work,
                                    size_t work_size)
{
    if (!tnn__model_ok(model) || (n_rows > 0 && x == NULL))
        return TNN_E_INVALID_ARGUMENT;
    const struct tnn_layer *out = &model->layers[model->n_layers - 1];
    if (!tnn__layer_linear(out) || out->units != 1)
        return TNN_E_UNSUPPORTED;
    const size_t h = out->n_inputs;
    size_t needed;
    if (!tnn__mul(n_rows, h, &needed) || !tnn__rows_fit(n_rows, model->max_width))
        return TNN_E_OVERFLOW;
    if ((activations != NULL || contributions != NULL) && out_len < needed)
        return TNN_E_BUFFER_TOO_SMALL;
    size_t block;
    tnn_status st = tnn__inspect_work_rows(work, work_size, tnn__predict_row_bytes(model),
                                           &block);
    if (st != TNN_OK)
        return st;

    const tnn_real b = out->bias[0];
    const tnn_real *w = out->kernel; /* h x 1: w[i] is unit i's weight */
    const size_t n_in = model->n_inputs;
    if (bias != NULL)
        *bias = b;
    for (size_t done = 0; done < n_rows; done += block) {
        const size_t rows = n_rows - done < block ? n_rows - done : block;
        const tnn_real *a = tnn__forward_prefix(model, model->n_layers - 1, x + done * n_in,
                                                rows, work);
        for (size_t r = 0; r < rows; r++) {
            const tnn_real *ar = a + r * h;
            const size_t at = (done + r) * h;
            /* Summed in the dense kernel's order (bias first, then unit by
             * unit) so the sum reproduces the prediction. */
            tnn_real sum = b;
            for (size_t i = 0; i < h; i++) {
                const tnn_real c = ar[i] * w[i];
                sum += c;
                if (activations != NULL)
                    activations[at + i] = ar[i];
                if (contributions != NULL)
                    contributions[at + i] = c;
            }
            if (sums != NULL)
                sums[done + r] = sum;
        }
    }
    return TNN_OK;
}
