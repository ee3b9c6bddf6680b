/* Predicting straight from flash: a read-only view of a model file image
 * kept as a const array, checked against outputs computed in float64 by
 * tests/data/gen_view_reference.py, and against the copying loader. */
#include <string.h>

#include "data/view_ref.h"
#include "mcu_test.h"

#if TNN_HAVE_SERIALIZE

#if TNN_REAL_IS_DOUBLE
/* float64 parameters start at byte 20 + 8 * 2 = 36 of the file: the file
 * goes 4 bytes past a multiple of 8 so that they are aligned */
static _Alignas(8) const struct {
    uint32_t pad;
    unsigned char bytes[X4_IMAGE_F64_SIZE];
} x4_flash = {0, {X4_IMAGE_F64_BYTES}};
#define X4_IMAGE x4_flash.bytes
#define X4_EXPECTED x4_view_expected_f64
#else
/* float32 parameters at byte 36: a 4-byte aligned array is enough */
static _Alignas(4) const unsigned char x4_flash[X4_IMAGE_F32_SIZE] = {X4_IMAGE_F32_BYTES};
#define X4_IMAGE x4_flash
#define X4_EXPECTED x4_view_expected_f32
#endif

void mcu_test_view_from_flash(void)
{
    /* const data stays in flash (mcu.ld: FLASH at 0, RAM at 0x20000000) */
    MCU_CHECK((uintptr_t)X4_IMAGE < 0x20000000u);
    static _Alignas(8) unsigned char view_mem[128], load_mem[256], work[64];
    size_t view_size = 0, work_size = 0;
    MCU_CHECK_OK(tnn_model_view_size(X4_IMAGE, sizeof X4_IMAGE, &view_size));
    MCU_CHECK(view_size <= sizeof view_mem);
    const tnn_model *view = NULL;
    MCU_CHECK_OK(tnn_model_view(&view, view_mem, view_size, X4_IMAGE, sizeof X4_IMAGE));
    if (view == NULL)
        return;
    MCU_CHECK_OK(tnn_predict_workspace_size(view, 1, &work_size));
    MCU_CHECK(work_size <= sizeof work);
    printf("ram: view 2-3-1 %u B + predict workspace %u B (model file %u B in flash)\n",
           (unsigned)view_size, (unsigned)work_size, (unsigned)sizeof X4_IMAGE);

    tnn_real x[X4_VIEW_ROWS * 2], y[X4_VIEW_ROWS], y_loaded[X4_VIEW_ROWS];
    for (int i = 0; i < X4_VIEW_ROWS * 2; i++)
        x[i] = (tnn_real)x4_view_inputs[i];
    for (int i = 0; i < X4_VIEW_ROWS; i++) { /* one row at a time: the least workspace */
        MCU_CHECK_OK(tnn_predict(view, x + 2 * i, 1, y + i, work, work_size));
        MCU_CHECK_CLOSE(y[i], X4_EXPECTED[i], 1e-6);
    }

    /* the copying loader gives the same bits */
    tnn_model *loaded = NULL;
    MCU_CHECK_OK(tnn_model_load_init(&loaded, load_mem, sizeof load_mem, X4_IMAGE,
                                     sizeof X4_IMAGE));
    MCU_CHECK_OK(tnn_predict(loaded, x, X4_VIEW_ROWS, y_loaded, work, sizeof work));
    MCU_CHECK(memcmp(y, y_loaded, sizeof y) == 0);

    /* and a view is never written to */
    const tnn_real zeros[13] = {0};
    MCU_CHECK_STATUS(tnn_model_set_params((tnn_model *)(uintptr_t)view, zeros, 13),
                     TNN_E_READ_ONLY);
}

#endif /* TNN_HAVE_SERIALIZE */
