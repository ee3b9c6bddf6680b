/* Inference plus Adam training for tests/mcu/size-report.sh: what firmware
 * that learns on the device links: model, Adam, the chunked gradient and
 * the optimizer step (tnn_fit is not needed for that), then a prediction. */
#include "tinynn/tinynn.h"

int main(void);

static _Alignas(8) unsigned char model_mem[256], opt_mem[512], work[2048];
static volatile tnn_real data[32 * 3];

int main(void)
{
    static const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU),
                                          TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = 0;
    tnn_optimizer *opt = 0;
    tnn_real x[64], y[32], grad[13] = {0};
    for (int r = 0; r < 32; r++) {
        x[2 * r] = data[3 * r];
        x[2 * r + 1] = data[3 * r + 1];
        y[r] = data[3 * r + 2];
    }
    if (tnn_model_init(&m, model_mem, sizeof model_mem, 2, spec, 2) != TNN_OK ||
        tnn_optimizer_init(&opt, opt_mem, sizeof opt_mem, TNN_OPT_ADAM, 13) != TNN_OK ||
        tnn_gradient(m, TNN_LOSS_BCE, x, y, 32, grad, 13, 0, work, sizeof work) != TNN_OK ||
        tnn_optimizer_step(opt, m, grad, 13, 32) != TNN_OK ||
        tnn_predict(m, x, 1, y, work, sizeof work) != TNN_OK)
        return 1;
    return y[0] > (tnn_real)0.5;
}
