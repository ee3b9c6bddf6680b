/* The layer layer_kinds' names: one table row per kind. */
#include <string.h>

#include "core/internal.h"

static const tnn__layer_kind_names layer_kinds[] = {
    [TNN_LAYER_DENSE] = {"dense", "Dense"},
};
_Static_assert(sizeof layer_kinds / sizeof layer_kinds[0] == TNN_LAYER_KIND_COUNT,
               "one row per layer kind");

const tnn__layer_kind_names *tnn__layer_kind_names_of(tnn_layer_kind kind)
{
    return &layer_kinds[kind];
}

const char *tnn_layer_kind_name(tnn_layer_kind kind)
{
    return tnn__layer_kind_valid((uint32_t)kind) ? layer_kinds[kind].name : "unknown";
}

tnn_status tnn_layer_kind_from_name(const char *name, tnn_layer_kind *kind)
{
    if (name == NULL || kind == NULL)
        return TNN_E_INVALID_ARGUMENT;
    for (uint32_t k = 0; k < TNN_LAYER_KIND_COUNT; k++) {
        if (strcmp(name, layer_kinds[k].name) == 0) {
            *kind = (tnn_layer_kind)k;
            return TNN_OK;
        }
    }
    return TNN_E_INVALID_ARGUMENT;
}
