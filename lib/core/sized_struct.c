/* Structs that start with their own size: old callers keep working when a
 * struct grows at its end (docs/api-stability.md). The size is read with
 * memcpy because the caller's struct may be an older type than the
 * library's. */
#include <string.h>

#include "core/internal.h"

static tnn_status caller_size(const void *caller, size_t lib_size, size_t *size)
{
    *size = 0;
    if (caller == NULL)
        return TNN_E_INVALID_ARGUMENT;
    memcpy(size, caller, sizeof *size);
    if (*size < sizeof *size)
        return TNN_E_INVALID_ARGUMENT; /* 0: not initialised with its TNN_*_INIT */
    if (*size > lib_size)
        return TNN_E_UNSUPPORTED; /* fields this library does not know */
    return TNN_OK;
}

tnn_status tnn__sized_check(const void *caller, size_t lib_size)
{
    size_t size;
    return caller_size(caller, lib_size, &size);
}

tnn_status tnn__sized_read(const void *caller, void *out, size_t lib_size)
{
    size_t size;
    tnn_status st = caller_size(caller, lib_size, &size);
    if (st != TNN_OK)
        return st;
    unsigned char *dst = out;
    const unsigned char *src = caller;
    memcpy(dst + sizeof size, src + sizeof size, size - sizeof size);
    memcpy(dst, &lib_size, sizeof lib_size);
    return TNN_OK;
}

tnn_status tnn__sized_write(void *caller, const void *in, size_t lib_size)
{
    size_t size;
    tnn_status st = caller_size(caller, lib_size, &size);
    if (st != TNN_OK)
        return st;
    unsigned char *dst = caller;
    const unsigned char *src = in;
    memcpy(dst + sizeof size, src + sizeof size, size - sizeof size);
    return TNN_OK;
}
