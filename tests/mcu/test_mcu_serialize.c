/* The model file on the microcontroller: the CRC check value, a round trip
 * through float32 and float64 files into a model placed from the file's
 * own shape, and the loader's refusals of damaged files. */
#include <string.h>

#include "data/training_ref.h"
#include "mcu_test.h"
#include "x4_stream.h"

#if TNN_HAVE_SERIALIZE

void mcu_test_crc32(void)
{
    MCU_CHECK(tnn_crc32(0, "123456789", 9) == 0xCBF43926u);
}

static _Alignas(8) unsigned char model_mem[2][256];
static unsigned char file[256];

/* The reference's trained 2-3-1 network, placed in model_mem[0]. */
static tnn_model *trained_x4(void)
{
    tnn_model *m = NULL;
    MCU_CHECK_OK(tnn_model_init(&m, model_mem[0], sizeof model_mem[0], 2, x4_spec, 2));
    tnn_real p[TRREF_X4_N_PARAMS];
    for (int i = 0; i < TRREF_X4_N_PARAMS; i++)
        p[i] = (tnn_real)trref_x4_params_full[i];
    MCU_CHECK_OK(tnn_model_set_params(m, p, TRREF_X4_N_PARAMS));
    return m;
}

void mcu_test_save_load(void)
{
    tnn_model *m = trained_x4();
    const tnn_number_format formats[2] = {TNN_FORMAT_FLOAT32, TNN_FORMAT_FLOAT64};
    for (int k = 0; k < 2; k++) {
        size_t need = 0, n = 0;
        MCU_CHECK_OK(tnn_model_save_size(m, formats[k], &need));
        MCU_CHECK(need <= sizeof file);
        MCU_CHECK_OK(tnn_model_save(m, formats[k], file, sizeof file, &n));
        MCU_CHECK(n == need);

        /* firmware's order: size everything from the file, then place */
        tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
        MCU_CHECK_OK(tnn_model_file_query(file, n, &info));
        MCU_CHECK(info.n_inputs == 2 && info.n_layers == 2 && info.n_params == 13);
        MCU_CHECK(info.model_size <= sizeof model_mem[1]);
        tnn_model *back = NULL;
        MCU_CHECK_OK(tnn_model_load_init(&back, model_mem[1], info.model_size, file, n));
        if (back == NULL)
            return;
        tnn_real a[13], b[13];
        MCU_CHECK_OK(tnn_model_get_params(m, a, 13));
        MCU_CHECK_OK(tnn_model_get_params(back, b, 13));
        for (int i = 0; i < 13; i++)
            MCU_CHECK(b[i] == (formats[k] == TNN_FORMAT_FLOAT32 ? (tnn_real)(float)a[i] : a[i]));

        /* and it predicts like the original */
        const tnn_real x[4] = {(tnn_real)0.25, (tnn_real)-1.5, (tnn_real)1.125, (tnn_real)0.5};
        tnn_real y0[2], y1[2];
        static _Alignas(8) unsigned char work[128];
        MCU_CHECK_OK(tnn_predict(m, x, 2, y0, work, sizeof work));
        MCU_CHECK_OK(tnn_predict(back, x, 2, y1, work, sizeof work));
        MCU_CHECK(memcmp(y0, y1, sizeof y0) == 0 || formats[k] == TNN_FORMAT_FLOAT32);
        MCU_CHECK_CLOSE(y1[0], y0[0], 1e-6);
        MCU_CHECK_CLOSE(y1[1], y0[1], 1e-6);
    }
}

void mcu_test_load_errors(void)
{
    tnn_model *m = trained_x4();
    size_t n = 0;
    MCU_CHECK_OK(tnn_model_save(m, TNN_FORMAT_FLOAT32, file, sizeof file, &n));
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    for (size_t len = 0; len < n; len++)
        MCU_CHECK_STATUS(tnn_model_file_query(file, len, &info), TNN_E_TRUNCATED);
    file[40] ^= 0x10;
    MCU_CHECK_STATUS(tnn_model_file_query(file, n, &info), TNN_E_CHECKSUM);
    MCU_CHECK_STATUS(tnn_model_load(m, file, n), TNN_E_CHECKSUM);
    file[40] ^= 0x10;
    const unsigned char version = file[4];
    file[4] = 9;
    MCU_CHECK_STATUS(tnn_model_file_query(file, n, &info), TNN_E_VERSION);
    file[4] = version;
    file[0] = 'X';
    MCU_CHECK_STATUS(tnn_model_file_query(file, n, &info), TNN_E_BAD_FORMAT);
    file[0] = 'T';
    MCU_CHECK_OK(tnn_model_file_query(file, n, &info));
}

#endif /* TNN_HAVE_SERIALIZE */
