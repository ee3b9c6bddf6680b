/* Inference: forward passes over blocks of rows, predict and evaluate. */
#include "kernels/dense.h"
#include "kernels/kernels.h"

size_t tnn__predict_row_bytes(const tnn_model *m)
{
    return 2 * m->max_width * sizeof(tnn_real);
}

tnn_status tnn__forward_block_capacity(const tnn_model *m, size_t work_size, size_t row_bytes,
                                       size_t *rows)
{
    (void)m;
    *rows = work_size / row_bytes;
    return *rows == 0 ? TNN_E_BUFFER_TOO_SMALL : TNN_OK;
}

void tnn__layer_forward_z(const struct tnn_layer *l, const tnn_real *x, size_t rows, tnn_real *z)
{
    switch (l->kind) {
    case TNN_LAYER_DENSE: tnn__dense_forward(l, x, rows, z); break;
    }
}

/* Ping-pongs between two scratch halves; the last layer writes straight to
 * y when y is given, and leaves its logits unactivated when `logits`.
 * Returns where the outputs are. */
static tnn_real *forward(const tnn_model *m, const tnn_real *x, size_t rows, tnn_real *y,
                         tnn_real *scratch, bool logits)
{
    tnn_real *half[2] = {scratch, scratch + m->max_width * rows};
    const tnn_real *in = x;
    tnn_real *out = NULL;
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        const bool last = k + 1 == m->n_layers;
        out = (last && y != NULL) ? y : half[k % 2];
        switch (l->kind) {
        case TNN_LAYER_DENSE:
            if (last && logits)
                tnn__dense_forward(l, in, rows, out);
            else
                tnn__dense_forward_act(l, in, rows, out);
            break;
        }
        in = out;
    }
    return out;
}

void tnn__forward_rows(const tnn_model *m, const tnn_real *x, size_t rows, tnn_real *y,
                       tnn_real *scratch)
{
    (void)forward(m, x, rows, y, scratch, false);
}

tnn_status tnn_predict_workspace_size(const tnn_model *model, size_t n_rows, size_t *size)
{
    if (!tnn__model_ok(model) || size == NULL || n_rows == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__mul(tnn__predict_row_bytes(model), n_rows, size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

static tnn_status check_work(const tnn_model *m, const void *work, size_t work_size,
                             size_t row_bytes, size_t *block)
{
    if (work == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__is_aligned(work))
        return TNN_E_MISALIGNED;
    return tnn__forward_block_capacity(m, work_size, row_bytes, block);
}

tnn_status tnn_predict(const tnn_model *model, const tnn_real *x, size_t n_rows, tnn_real *y,
                       void *work, size_t work_size)
{
    if (!tnn__model_ok(model) || (n_rows > 0 && (x == NULL || y == NULL)))
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__rows_fit(n_rows, model->max_width))
        return TNN_E_OVERFLOW;
    size_t block;
    tnn_status st = check_work(model, work, work_size, tnn__predict_row_bytes(model), &block);
    if (st != TNN_OK)
        return st;
    const size_t n_in = model->n_inputs, n_out = tnn_model_n_outputs(model);
    for (size_t done = 0; done < n_rows; done += block) {
        size_t b = n_rows - done < block ? n_rows - done : block;
        tnn__forward_rows(model, x + done * n_in, b, y + done * n_out, work);
    }
    return TNN_OK;
}

tnn_status tnn_evaluate(const tnn_model *model, tnn_loss loss, tnn_metric metric,
                        const tnn_real *x, const tnn_real *y, size_t n_rows, double *loss_value,
                        double *metric_value, void *work, size_t work_size)
{
    if (!tnn__model_ok(model) || x == NULL || y == NULL || n_rows == 0 ||
        !tnn__loss_valid(loss) || !tnn__metric_valid(metric))
        return TNN_E_INVALID_ARGUMENT;
    const size_t n_in = model->n_inputs, n_out = tnn_model_n_outputs(model);
    tnn_status st = tnn_loss_supported(loss, model->layers[model->n_layers - 1].activation);
    if (st != TNN_OK)
        return st;
    size_t block;
    st = check_work(model, work, work_size, tnn__predict_row_bytes(model), &block);
    if (st != TNN_OK)
        return st;
    if (!tnn__rows_fit(n_rows, model->max_width))
        return TNN_E_OVERFLOW;
    tnn_real x_max;
    if ((st = tnn__check_finite_max(x, n_rows * n_in, &x_max)) != TNN_OK ||
        (st = tnn__check_targets(loss, y, n_rows * n_out)) != TNN_OK)
        return st;
    /* finite inputs whose values overflow inside the network (forward_check.c) */
    if (!tnn__forward_ok(model, x_max, x, NULL, 0, n_rows, work, block))
        return TNN_E_NON_FINITE;
    const bool logits = tnn__loss_from_logits(loss);
    const tnn_activation out_act = model->layers[model->n_layers - 1].activation;
    double loss_sum = 0, metric_sum = 0;
    for (size_t done = 0; done < n_rows; done += block) {
        size_t b = n_rows - done < block ? n_rows - done : block;
        const tnn_real *yb = y + done * n_out;
        tnn_real *out = forward(model, x + done * n_in, b, NULL, work, logits);
        tnn__loss_sum(loss, out, yb, b, n_out, &loss_sum); /* logits or outputs */
        if (logits)
            tnn__activate(out_act, out, b, n_out);
        tnn__metric_sum(metric, out, yb, b, n_out, &metric_sum);
    }
    if (!isfinite(loss_sum) || !isfinite(metric_sum)) /* e.g. (a - y)^2 beyond tnn_real */
        return TNN_E_NON_FINITE;
    if (loss_value != NULL)
        *loss_value = loss_sum / (double)n_rows;
    if (metric_value != NULL)
        *metric_value = tnn__metric_value(metric, metric_sum, n_rows, n_out);
    return TNN_OK;
}
