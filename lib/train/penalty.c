/* The L2 penalty on kernel weights: Keras's kernel_regularizer=l2(lambda),
 * lambda * sum(w^2) added to the loss, 2 lambda w to its gradient. */
#include "train/fit_parts.h"

double tnn__squared_weights(const tnn_model *m, bool biases)
{
    double sum = 0;
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        const size_t count = l->n_inputs * l->units + (biases ? l->units : 0);
        for (size_t i = 0; i < count; i++) { /* the bias follows its kernel */
            const double w = (double)l->kernel[i];
            sum += w * w;
        }
    }
    return sum;
}

void tnn__add_l2_gradient(const tnn_model *m, double l2, size_t rows, tnn_real *grad)
{
    const double scale = 2.0 * l2 * (double)rows;
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        tnn_real *g = grad + (l->kernel - m->params);
        const size_t count = l->n_inputs * l->units;
        for (size_t i = 0; i < count; i++) {
            const double v = (double)g[i] + scale * (double)l->kernel[i];
            /* beyond tnn_real: NaN, which the optimizer's step reports as
             * divergence (converting v would be undefined) */
            g[i] = tnn__representable(v) ? (tnn_real)v : (tnn_real)NAN;
        }
    }
}
