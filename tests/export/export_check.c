/* The exported array, compiled into this program, loads back into the
 * model it came from, as firmware would load it from flash. */
#include <stdio.h>

#include "export_model.h"
#include "exported_model.h"

int main(void)
{
    tnn_model *ref = export_model_new();
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    _Alignas(8) unsigned char mem[512];
    tnn_model *m = NULL;
    if (ref == NULL ||
        tnn_model_file_query(exported_model, exported_model_size, &info) != TNN_OK ||
        info.model_size > sizeof mem || sizeof exported_model != exported_model_size ||
        tnn_model_load_init(&m, mem, sizeof mem, exported_model, exported_model_size) != TNN_OK) {
        fprintf(stderr, "the exported model does not load\n");
        return 1;
    }
    tnn_real a[13], b[13];
    int bad = tnn_model_get_params(ref, a, 13) != TNN_OK ||
              tnn_model_get_params(m, b, 13) != TNN_OK;
    for (size_t k = 0; k < tnn_model_n_layers(ref); k++) /* the kinds came along */
        bad |= tnn_layer_kind_of(tnn_model_layer(m, k)) !=
               tnn_layer_kind_of(tnn_model_layer(ref, k));
    bad |= tnn_model_n_layers(m) != tnn_model_n_layers(ref);
    bad |= info.version != TNN_MODEL_FORMAT_VERSION;
    for (int i = 0; i < 13; i++) /* stored as float32: equal after rounding */
        bad |= (tnn_real)(float)a[i] != b[i];
#if !TNN_REAL_IS_DOUBLE
    /* the array is aligned for a view in place */
    _Alignas(8) unsigned char view_mem[256];
    const tnn_model *view = NULL;
    tnn_real c[13];
    bad |= tnn_model_view(&view, view_mem, sizeof view_mem, exported_model,
                          exported_model_size) != TNN_OK ||
           tnn_model_get_params(view, c, 13) != TNN_OK;
    for (int i = 0; i < 13 && !bad; i++)
        bad |= c[i] != b[i];
#endif
    tnn_model_free(ref);
    if (bad)
        fprintf(stderr, "the exported parameters differ\n");
    return bad;
}
