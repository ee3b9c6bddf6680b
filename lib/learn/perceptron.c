/* Rosenblatt's perceptron rule, exactly as the article's Listing 2 runs it. */
#include "core/internal.h"

/* One dense layer with step activation. */
static tnn_status check_perceptron_model(const tnn_model *m)
{
    if (!tnn__model_ok(m))
        return TNN_E_INVALID_ARGUMENT;
    if (m->n_layers != 1 || !tnn__layer_affine(&m->layers[0]))
        return TNN_E_UNSUPPORTED;
    switch (m->layers[0].activation) {
    case TNN_ACT_STEP: return TNN_OK;
    case TNN_ACT_LINEAR:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU:
    case TNN_ACT_SOFTMAX: return TNN_E_UNSUPPORTED;
    }
    return TNN_E_UNSUPPORTED;
}

tnn_status tnn_perceptron_workspace_size(const tnn_model *model, size_t *size)
{
    if (size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status s = check_perceptron_model(model);
    if (s != TNN_OK)
        return s;
    if (!tnn__mul(model->n_params, sizeof(double), size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

tnn_status tnn_perceptron_fit(tnn_model *model, const tnn_real *x, const tnn_real *y,
                              size_t n_rows, double eta, size_t epochs,
                              size_t *errors_per_epoch, void *work, size_t work_size)
{
    if (x == NULL || y == NULL || work == NULL || n_rows == 0 || epochs == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t needed;
    tnn_status s = tnn_perceptron_workspace_size(model, &needed);
    if (s != TNN_OK)
        return s;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    /* eta scales every update and so the weights, which end in tnn_real: it
     * must be a normal number there, as an optimizer's learning rate */
    if (!tnn__normal_real(eta))
        return TNN_E_OUT_OF_RANGE;
    if ((s = tnn__check_mem(work, work_size, needed)) != TNN_OK)
        return s;
    const size_t n_in = model->n_inputs, units = model->layers[0].units;
    /* rows of x and y, and the error counts, must fit in memory */
    size_t counts_bytes;
    if (!tnn__rows_fit(n_rows, model->max_width) ||
        (errors_per_epoch != NULL && !tnn__mul(epochs, sizeof(size_t), &counts_bytes)))
        return TNN_E_OVERFLOW;
    const size_t n_x = n_rows * n_in, n_y = n_rows * units;
    if ((s = tnn__check_finite(x, n_x)) != TNN_OK)
        return s;
    for (size_t i = 0; i < n_y; i++)
        if (y[i] != 0 && y[i] != 1)
            return TNN_E_OUT_OF_RANGE;

    /* float64 weights in the model's layout: kernel (n_in x units), bias */
    double *kernel = work, *bias = kernel + n_in * units;
    for (size_t i = 0; i < model->n_params; i++)
        kernel[i] = 0;
    bool finite = true;
    for (size_t e = 0; e < epochs && finite; e++) {
        size_t wrong = 0;
        for (size_t r = 0; r < n_rows; r++) {
            const tnn_real *xr = x + r * n_in;
            bool row_wrong = false;
            for (size_t j = 0; j < units; j++) {
                /* numpy's order: dot(x, w) first, then + w0 */
                double z = 0;
                for (size_t i = 0; i < n_in; i++)
                    z += (double)xr[i] * kernel[i * units + j];
                z += bias[j];
                /* a sum that overflowed decides nothing (NaN >= 0 is false) */
                finite &= isfinite(z) != 0;
                double error = (double)y[r * units + j] - (z >= 0 ? 1.0 : 0.0);
                if (error == 0)
                    continue;
                double update = eta * error;
                for (size_t i = 0; i < n_in; i++)
                    kernel[i * units + j] += update * (double)xr[i];
                bias[j] += update;
                row_wrong = true;
            }
            wrong += row_wrong;
        }
        if (errors_per_epoch != NULL && finite)
            errors_per_epoch[e] = wrong;
    }
    for (size_t i = 0; i < model->n_params; i++)
        finite &= tnn__representable(kernel[i]);
    if (!finite)
        return TNN_E_DIVERGED;
    for (size_t i = 0; i < model->n_params; i++)
        model->params[i] = (tnn_real)kernel[i];
    return TNN_OK;
}
