/* The model both export_gen.c and export_check.c build: a 2-3-1 network
 * with parameters from a fixed formula. */
#ifndef TNN_TESTS_EXPORT_MODEL_H
#define TNN_TESTS_EXPORT_MODEL_H

#include "tinynn/tinynn.h"

static const tnn_layer_spec export_spec[] = {TNN_DENSE(3, TNN_ACT_TANH),
                                             TNN_DENSE(1, TNN_ACT_SIGMOID)};

static inline tnn_model *export_model_new(void)
{
    tnn_model *m = NULL;
    if (tnn_model_new(&m, 2, export_spec, 2, NULL) != TNN_OK)
        return NULL;
    tnn_real p[13];
    for (int i = 0; i < 13; i++)
        p[i] = (tnn_real)((i % 5) * 0.37 - 0.61);
    if (tnn_model_set_params(m, p, 13) != TNN_OK) {
        tnn_model_free(m);
        return NULL;
    }
    return m;
}

#endif /* TNN_TESTS_EXPORT_MODEL_H */
