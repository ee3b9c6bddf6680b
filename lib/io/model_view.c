/* A read-only model over a model file image in place: the parameters stay
 * in the caller's (flash) image, only the model struct and the layer table
 * are placed in caller memory. */
#include <string.h>

#include "io/serialize_internal.h"

#if TNN_REAL_IS_DOUBLE
#define REAL_FORMAT TNN_FORMAT_FLOAT64
#else
#define REAL_FORMAT TNN_FORMAT_FLOAT32
#endif

static bool host_little_endian(void)
{
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

/* The loader's validation, then what using the stored values as tnn_real
 * in place needs: the build's number type, its byte order, its alignment. */
static tnn_status check_image(const void *buf, size_t size, tnn__parsed_file *f)
{
    tnn_status st = tnn__model_file_parse(buf, size, f);
    if (st != TNN_OK)
        return st;
    if (f->format != REAL_FORMAT || !host_little_endian())
        return TNN_E_UNSUPPORTED;
    if ((uintptr_t)f->params % _Alignof(tnn_real) != 0)
        return TNN_E_MISALIGNED;
    return TNN_OK;
}

tnn_status tnn_model_view_size(const void *buf, size_t size, size_t *view_size)
{
    if (view_size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn__parsed_file f;
    tnn_status st = check_image(buf, size, &f);
    if (st != TNN_OK)
        return st;
    return tnn__model_view_size_from(f.n_inputs, tnn__model_file_layer, f.layers, f.n_layers,
                                     view_size);
}

tnn_status tnn_model_view(const tnn_model **model, void *mem, size_t mem_size, const void *buf,
                          size_t size)
{
    if (model == NULL || mem == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn__parsed_file f;
    tnn_status st = check_image(buf, size, &f);
    if (st != TNN_OK)
        return st;
    return tnn__model_view_from(model, mem, mem_size, f.n_inputs, tnn__model_file_layer,
                                f.layers, f.n_layers, (const tnn_real *)(const void *)f.params);
}
