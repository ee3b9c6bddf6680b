/* Inference-only firmware for tests/mcu/size-report.sh: a model placed in
 * static memory, its weights set, one prediction. volatile inputs keep the
 * compiler from computing the result at build time. */
#include "tinynn/tinynn.h"

int main(void);

static _Alignas(8) unsigned char model_mem[256], work[64];
static volatile tnn_real input[2] = {(tnn_real)0.5, (tnn_real)-1};
static volatile tnn_real params[13];

int main(void)
{
    static const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU),
                                          TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = 0;
    tnn_real p[13], x[2] = {input[0], input[1]}, y = 0;
    for (int i = 0; i < 13; i++)
        p[i] = params[i];
    if (tnn_model_init(&m, model_mem, sizeof model_mem, 2, spec, 2) != TNN_OK ||
        tnn_model_set_params(m, p, 13) != TNN_OK ||
        tnn_predict(m, x, 1, &y, work, sizeof work) != TNN_OK)
        return 1;
    return y > (tnn_real)0.5;
}
