/* Status strings and the version: constant data only. */
#include "core/internal.h"

const char *tnn_status_message(tnn_status status)
{
    switch (status) {
    case TNN_OK: return "success";
    case TNN_E_INVALID_ARGUMENT:
        return "invalid argument (NULL pointer, zero size, unknown enum or not a live handle)";
    case TNN_E_OUT_OF_MEMORY: return "out of memory: the allocator returned NULL";
    case TNN_E_BUFFER_TOO_SMALL: return "buffer too small";
    case TNN_E_SHAPE_MISMATCH: return "shape mismatch between arrays and model";
    case TNN_E_NON_FINITE:
        return "NaN or infinity in the input, or a value computed from it overflows";
    case TNN_E_UNSUPPORTED: return "unsupported combination";
    case TNN_E_DIVERGED:
        return "training diverged: the loss, a weight or a value became NaN or infinite, or the loss ran away";
    case TNN_E_OUT_OF_RANGE: return "index, label or value out of range";
    case TNN_E_OVERFLOW: return "size computation overflows size_t";
    case TNN_E_MISALIGNED: return "memory not aligned to TNN_ALIGNMENT";
    case TNN_E_BAD_FORMAT: return "not a valid model file: bad magic or an invalid field";
    case TNN_E_VERSION: return "model file format version not supported by this build";
    case TNN_E_TRUNCATED: return "model file truncated: shorter than its header says";
    case TNN_E_CHECKSUM: return "model file checksum (CRC-32) mismatch";
    case TNN_E_READ_ONLY: return "the model is a read-only view of a model file";
    }
    return "unknown status code";
}

const char *tnn_version(void)
{
    return TNN_VERSION_STRING;
}

uint32_t tnn_version_number(void)
{
    return TNN_VERSION_NUMBER;
}
