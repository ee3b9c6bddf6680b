/* Inference from a model file in flash, for tests/mcu/size-report.sh:
 * the loader (validation, CRC-32) on top of inference. */
#include "tinynn/tinynn.h"

int main(void);

static _Alignas(8) unsigned char model_mem[256], work[64];
static volatile unsigned char model_file[92];
static volatile tnn_real input[2];

int main(void)
{
    unsigned char file[92];
    for (int i = 0; i < 92; i++)
        file[i] = model_file[i];
    tnn_model *m = 0;
    tnn_real x[2] = {input[0], input[1]}, y = 0;
    if (tnn_model_load_init(&m, model_mem, sizeof model_mem, file, sizeof file) != TNN_OK ||
        tnn_predict(m, x, 1, &y, work, sizeof work) != TNN_OK)
        return 1;
    return y > (tnn_real)0.5;
}
