/* Inference from a model file image in flash without a copy, for
 * tests/mcu/size-report.sh: a read-only view (validation, CRC-32) and one
 * prediction. RAM: the view (model struct and layer table) and the
 * workspace, sized as tnn_model_view_size() and
 * tnn_predict_workspace_size() report them for the 2-3-1 network on this
 * target (tests/mcu/test_mcu_view.c prints them). */
#include "data/view_ref.h"
#include "tinynn/tinynn.h"

int main(void);

static _Alignas(8) unsigned char view_mem[112], work[24];
static _Alignas(4) const unsigned char model_file[X4_IMAGE_F32_SIZE] = {X4_IMAGE_F32_BYTES};
static volatile tnn_real input[2];

int main(void)
{
    const tnn_model *m = 0;
    tnn_real x[2] = {input[0], input[1]}, y = 0;
    if (tnn_model_view(&m, view_mem, sizeof view_mem, model_file, sizeof model_file) != TNN_OK ||
        tnn_predict(m, x, 1, &y, work, sizeof work) != TNN_OK)
        return 1;
    return y > (tnn_real)0.5;
}
