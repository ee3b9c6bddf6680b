/* The class rule: model outputs -> class index and score, shared by
 * tnn_output_classes and the grid sampler. */
#include "inspect/inspect_internal.h"

/* First index of the largest value; NaN never wins (comparisons with it
 * are false), so an all-NaN row gives 0. */
static size_t argmax_row(const tnn_real *y, size_t units)
{
    size_t best = 0;
    for (size_t j = 1; j < units; j++)
        if (y[j] > y[best] || (y[best] != y[best] && y[j] == y[j]))
            best = j;
    return best;
}

/* One output: every activation's class boundary is z = 0, written in
 * terms of its output (see tnn_output_classes in inspect.h). */
static int32_t single_output_class(tnn_activation act, tnn_real y)
{
    switch (act) {
    case TNN_ACT_SIGMOID:
    case TNN_ACT_SOFTMAX: /* one softmax unit is always 1: class 1 */
        return y >= (tnn_real)0.5 ? 1 : 0;
    case TNN_ACT_STEP: return y >= (tnn_real)0.5 ? 1 : 0; /* outputs are exactly 0 or 1 */
    case TNN_ACT_RELU: return y > (tnn_real)0 ? 1 : 0;    /* relu is 0 for all z <= 0 */
    case TNN_ACT_LINEAR:
    case TNN_ACT_TANH: return y >= (tnn_real)0 ? 1 : 0;
    }
    return 0;
}

void tnn__classify_rows(const tnn_model *m, const tnn_real *y, size_t rows, int32_t *classes,
                        tnn_real *scores)
{
    const struct tnn_layer *out = &m->layers[m->n_layers - 1];
    const size_t units = out->units;
    if (units == 1) {
        for (size_t r = 0; r < rows; r++) {
            if (classes != NULL)
                classes[r] = single_output_class(out->activation, y[r]);
            if (scores != NULL)
                scores[r] = y[r];
        }
        return;
    }
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *yr = y + r * units;
        size_t best = argmax_row(yr, units);
        if (classes != NULL)
            classes[r] = (int32_t)best;
        if (scores != NULL)
            scores[r] = yr[best];
    }
}

tnn_status tnn__check_classifiable(const tnn_model *m)
{
    return tnn_model_n_outputs(m) > (size_t)INT32_MAX ? TNN_E_UNSUPPORTED : TNN_OK;
}

tnn_status tnn_output_classes(const tnn_model *model, const tnn_real *y, size_t n_rows,
                              int32_t *classes, tnn_real *scores)
{
    if (!tnn__model_ok(model))
        return TNN_E_INVALID_ARGUMENT;
    if (n_rows > 0 && (y == NULL || (classes == NULL && scores == NULL)))
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn__check_classifiable(model);
    if (st != TNN_OK)
        return st;
    if (!tnn__rows_fit(n_rows, tnn_model_n_outputs(model)))
        return TNN_E_OVERFLOW;
    tnn__classify_rows(model, y, n_rows, classes, scores);
    return TNN_OK;
}
