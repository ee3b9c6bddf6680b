/* Rosenblatt's perceptron rule, exactly as the article's Listing 2 runs it. */
#include "internal.h"

/* One dense layer with step activation. */
static tnn_status check_model(const tnn_model *m)
{
    if (!tnn__model_ok(m))
        return TNN_E_INVALID_ARGUMENT;
    if (m->n_layers != 1 || m->layers[0].activation != TNN_ACT_STEP)
        return TNN_E_UNSUPPORTED;
    return TNN_OK;
}

tnn_status tnn_perceptron_workspace_size(const tnn_model *model, size_t *size)
{
    if (size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status s = check_model(model);
    if (s != TNN_OK)
        return s;
    if (!tnn__mul(model->n_params, sizeof(double), size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

tnn_status tnn_perceptron_fit(tnn_model *model, const tnn_real *x, const tnn_real *y,
                              size_t n_rows, double eta, size_t epochs, size_t *errors_per_epoch,
                              void *work, size_t work_size)
{
    if (x == NULL || y == NULL || work == NULL || n_rows == 0 || epochs == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t needed;
    tnn_status s = tnn_perceptron_workspace_size(model, &needed);
    if (s != TNN_OK)
        return s;
    if (!(isfinite(eta) && eta > 0))
        return TNN_E_OUT_OF_RANGE;
    if ((s = tnn__check_mem(work, work_size, needed)) != TNN_OK)
        return s;
    const size_t n_in = model->n_inputs, units = model->layers[0].units;
    size_t n_x, n_y;
    if (!tnn__mul(n_rows, n_in, &n_x) || !tnn__mul(n_rows, units, &n_y))
        return TNN_E_OVERFLOW;
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
    for (size_t e = 0; e < epochs; e++) {
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
        if (errors_per_epoch != NULL)
            errors_per_epoch[e] = wrong;
    }
    for (size_t i = 0; i < model->n_params; i++)
        finite &= tnn__finite((tnn_real)kernel[i]);
    if (!finite)
        return TNN_E_DIVERGED;
    for (size_t i = 0; i < model->n_params; i++)
        model->params[i] = (tnn_real)kernel[i];
    return TNN_OK;
}
