/* Boundary geometry: the hyperplane of a unit, the boundary between two
 * classes, a plane sampled as a surface for 3-D plots, and the plane a
 * linear layer's outputs lie on. */
#include <math.h>

#include "inspect/inspect_internal.h"

/* The layer, or NULL when the index is out of range. */
static const struct tnn_layer *layer_at(const tnn_model *m, size_t layer)
{
    return layer < m->n_layers ? &m->layers[layer] : NULL;
}

tnn_status tnn_unit_hyperplane(const tnn_model *model, size_t layer, size_t unit,
                               tnn_real *normal, size_t normal_len, tnn_real *offset)
{
    if (!tnn__model_ok(model) || (normal == NULL && offset == NULL))
        return TNN_E_INVALID_ARGUMENT;
    const struct tnn_layer *l = layer_at(model, layer);
    if (l == NULL || unit >= l->units)
        return TNN_E_OUT_OF_RANGE;
    /* softmax units decide together: tnn_class_boundary */
    if (!tnn__layer_affine(l) || tnn__act_couples_units(l->activation))
        return TNN_E_UNSUPPORTED;
    if (normal != NULL && normal_len < l->n_inputs)
        return TNN_E_BUFFER_TOO_SMALL;
    if (normal != NULL)
        for (size_t i = 0; i < l->n_inputs; i++)
            normal[i] = l->kernel[i * l->units + unit];
    if (offset != NULL)
        *offset = l->bias[unit];
    return TNN_OK;
}

tnn_status tnn_class_boundary(const tnn_model *model, size_t layer, size_t class_i,
                              size_t class_j, tnn_real *normal, size_t normal_len,
                              tnn_real *offset)
{
    if (!tnn__model_ok(model) || (normal == NULL && offset == NULL))
        return TNN_E_INVALID_ARGUMENT;
    const struct tnn_layer *l = layer_at(model, layer);
    if (l == NULL || class_i >= l->units || class_j >= l->units)
        return TNN_E_OUT_OF_RANGE;
    if (class_i == class_j)
        return TNN_E_INVALID_ARGUMENT;
    /* Step and ReLU flatten z: equal outputs over whole regions, so z_i = z_j
     * is not where their argmax changes. */
    if (!tnn__layer_affine(l))
        return TNN_E_UNSUPPORTED;
    switch (l->activation) {
    case TNN_ACT_STEP:
    case TNN_ACT_RELU: return TNN_E_UNSUPPORTED;
    case TNN_ACT_LINEAR:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_SOFTMAX: break;
    }
    if (normal != NULL && normal_len < l->n_inputs)
        return TNN_E_BUFFER_TOO_SMALL;
    if (normal != NULL)
        for (size_t i = 0; i < l->n_inputs; i++) {
            const tnn_real *row = l->kernel + i * l->units;
            normal[i] = row[class_i] - row[class_j];
        }
    if (offset != NULL)
        *offset = l->bias[class_i] - l->bias[class_j];
    return TNN_OK;
}

/* Largest |v| of a non-empty array, or NaN/infinity if one is not finite. */
static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            return v[i];
        m = fmax(m, fabs(v[i]));
    }
    return m;
}

tnn_status tnn_plane_surface(const tnn_real *normal, size_t n_normal, tnn_real offset,
                             const double *x1, size_t n1, const double *x2, size_t n2,
                             tnn_real *x3, size_t out_len)
{
    if (normal == NULL || x1 == NULL || x2 == NULL || x3 == NULL || n1 == 0 || n2 == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (n_normal != 3)
        return TNN_E_SHAPE_MISMATCH;
    const double w0 = (double)offset, w1 = (double)normal[0], w2 = (double)normal[1],
                 w3 = (double)normal[2];
    if (!isfinite(w0) || !isfinite(w1) || !isfinite(w2) || !isfinite(w3))
        return TNN_E_NON_FINITE;
    if (w3 == 0.0)
        return TNN_E_UNSUPPORTED;
    size_t total;
    if (!tnn__mul(n1, n2, &total) || !tnn__rows_fit(total, 1) ||
        n1 > SIZE_MAX / sizeof(double) || n2 > SIZE_MAX / sizeof(double)) /* the axes */
        return TNN_E_OVERFLOW;
    const double m1 = max_abs(x1, n1), m2 = max_abs(x2, n2);
    if (!isfinite(m1) || !isfinite(m2))
        return TNN_E_NON_FINITE;
    /* Every height is at most this bound; refusing up front keeps the
     * output untouched instead of half-written with infinities. */
    const double bound = (fabs(w0) + fabs(w1) * m1 + fabs(w2) * m2) / fabs(w3);
    if (!(bound <= (double)TNN_REAL_MAX))
        return TNN_E_NON_FINITE;
    if (out_len < total)
        return TNN_E_BUFFER_TOO_SMALL;
    for (size_t r = 0; r < n2; r++) {
        const double row_part = w0 + w2 * x2[r];
        tnn_real *out = x3 + r * n1;
        for (size_t c = 0; c < n1; c++)
            out[c] = (tnn_real)(-(row_part + w1 * x1[c]) / w3);
    }
    return TNN_OK;
}

tnn_status tnn_linear_layer_span(const tnn_model *model, size_t layer, tnn_real *vectors,
                                 size_t vectors_len, tnn_real *offset, size_t offset_len)
{
    if (!tnn__model_ok(model) || (vectors == NULL && offset == NULL))
        return TNN_E_INVALID_ARGUMENT;
    const struct tnn_layer *l = layer_at(model, layer);
    if (l == NULL)
        return TNN_E_OUT_OF_RANGE;
    if (!tnn__layer_linear(l))
        return TNN_E_UNSUPPORTED;
    const size_t n = l->n_inputs * l->units; /* fits: the model holds it */
    if ((vectors != NULL && vectors_len < n) || (offset != NULL && offset_len < l->units))
        return TNN_E_BUFFER_TOO_SMALL;
    /* Row k of the kernel is v_k already: output = b + sum_k x_k v_k. */
    if (vectors != NULL)
        for (size_t i = 0; i < n; i++)
            vectors[i] = l->kernel[i];
    if (offset != NULL)
        for (size_t j = 0; j < l->units; j++)
            offset[j] = l->bias[j];
    return TNN_OK;
}
