/* The layer kinds: one table row per kind with what the model, the
 * summary, the model file and the names need to know of it. What a kind
 * computes lives in its own kernels (kernels/dense.c for dense), reached
 * through switches on the kind that have no default, so that -Wswitch
 * points at every one of them when a kind is added. */
#include <string.h>

#include "core/internal.h"

static bool dense_n_params(size_t fan_in, size_t units, size_t *count)
{
    size_t weights;
    return tnn__mul(fan_in, units, &weights) && tnn__add(weights, units, count);
}

static const tnn__layer_kind_ops kinds[] = {
    [TNN_LAYER_DENSE] = {"dense", "Dense", dense_n_params},
};
_Static_assert(sizeof kinds / sizeof kinds[0] == TNN_LAYER_KIND_COUNT,
               "one row per layer kind");

bool tnn__layer_kind_valid(int32_t kind)
{
    return kind >= 0 && kind < TNN_LAYER_KIND_COUNT;
}

const tnn__layer_kind_ops *tnn__layer_kind_ops_of(tnn_layer_kind kind)
{
    return &kinds[kind];
}

const char *tnn_layer_kind_name(tnn_layer_kind kind)
{
    return tnn__layer_kind_valid((int32_t)kind) ? kinds[kind].name : "unknown";
}

tnn_status tnn_layer_kind_from_name(const char *name, tnn_layer_kind *kind)
{
    if (name == NULL || kind == NULL)
        return TNN_E_INVALID_ARGUMENT;
    for (int32_t k = 0; k < TNN_LAYER_KIND_COUNT; k++) {
        if (strcmp(name, kinds[k].name) == 0) {
            *kind = (tnn_layer_kind)k;
            return TNN_OK;
        }
    }
    return TNN_E_INVALID_ARGUMENT;
}
