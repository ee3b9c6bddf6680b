/* Model placement, shape queries, parameter access and initialisers. */
#include <string.h>

#include "core/internal.h"

/* Layout in one block: [struct tnn_model][layers][params], each aligned. */
typedef struct model_layout {
    size_t layers_offset;
    size_t params_offset;
    size_t total;
    size_t n_params;
} model_layout;

/* Layer shapes come through a getter so that a model can be placed from a
 * caller's array or straight from a model file's layer table (serialize.c)
 * without copying the shapes first. */
static tnn_layer_spec spec_from_array(const void *ctx, size_t k)
{
    return ((const tnn_layer_spec *)ctx)[k];
}

static tnn_status model_layout_of(size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                  size_t n_layers, model_layout *out)
{
    if (n_inputs == 0 || ctx == NULL || n_layers == 0)
        return TNN_E_INVALID_ARGUMENT;
    /* refused before any shape is read: no array of that many shapes (nor
     * of that many layer records) fits in memory */
    size_t records;
    if (!tnn__mul(n_layers, sizeof(struct tnn_layer), &records) ||
        n_layers > SIZE_MAX / sizeof(tnn_layer_spec))
        return TNN_E_OVERFLOW;
    size_t n_params = 0;
    size_t fan_in = n_inputs;
    for (size_t k = 0; k < n_layers; k++) {
        const tnn_layer_spec layer = spec(ctx, k);
        size_t units = layer.units;
        if (units == 0 || !tnn__activation_valid(layer.activation) ||
            !tnn__layer_kind_valid(layer.kind))
            return TNN_E_INVALID_ARGUMENT;
        size_t layer_params;
        if (!tnn__layer_n_params((tnn_layer_kind)layer.kind, fan_in, units, &layer_params) ||
            !tnn__add(n_params, layer_params, &n_params))
            return TNN_E_OVERFLOW;
        fan_in = units;
    }
    size_t head, layers_bytes, params_bytes, total;
    if (!tnn__align_up(sizeof(struct tnn_model), &head) ||
        !tnn__mul(n_layers, sizeof(struct tnn_layer), &layers_bytes) ||
        !tnn__align_up(layers_bytes, &layers_bytes) ||
        !tnn__mul(n_params, sizeof(tnn_real), &params_bytes) ||
        !tnn__add(head, layers_bytes, &total) || !tnn__add(total, params_bytes, &total))
        return TNN_E_OVERFLOW;
    out->layers_offset = head;
    out->params_offset = head + layers_bytes;
    out->total = total;
    out->n_params = n_params;
    return TNN_OK;
}

tnn_status tnn_model_size(size_t n_inputs, const tnn_layer_spec *layers, size_t n_layers,
                          size_t *size)
{
    if (size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    model_layout lay;
    tnn_status st = model_layout_of(n_inputs, spec_from_array, layers, n_layers, &lay);
    if (st == TNN_OK)
        *size = lay.total;
    return st;
}

/* Places the model struct and layer table; the parameters are `params`
 * (a view's, never written) or, when NULL, the zeroed block after the table. */
static void model_place(struct tnn_model *m, const model_layout *lay, size_t n_inputs,
                        tnn__layer_spec_fn spec, const void *ctx, size_t n_layers,
                        const tnn_real *params)
{
    unsigned char *base = (unsigned char *)m;
    memset(m, 0, sizeof *m);
    m->n_inputs = n_inputs;
    m->n_layers = n_layers;
    m->n_params = lay->n_params;
    m->layers = (struct tnn_layer *)(void *)(base + lay->layers_offset);
    /* the one place a view's const parameters lose their const: every
     * writer checks read_only first */
    m->read_only = params != NULL;
    m->params = params != NULL ? (tnn_real *)(uintptr_t)params
                               : (tnn_real *)(void *)(base + lay->params_offset);
    m->max_width = n_inputs;
    size_t fan_in = n_inputs;
    tnn_real *p = m->params;
    for (size_t k = 0; k < n_layers; k++) {
        struct tnn_layer *l = &m->layers[k];
        const tnn_layer_spec layer = spec(ctx, k);
        l->model = m;
        l->n_inputs = fan_in;
        l->units = layer.units;
        l->activation = layer.activation;
        l->kind = (tnn_layer_kind)layer.kind;
        size_t layer_params = 0; /* counted without overflow by model_layout_of */
        (void)tnn__layer_n_params(l->kind, fan_in, l->units, &layer_params);
        switch (l->kind) {
        case TNN_LAYER_DENSE:
            l->kernel = p;
            l->bias = p + fan_in * l->units;
            break;
        }
        p += layer_params;
        if (l->units > m->max_width)
            m->max_width = l->units;
        m->sum_units += l->units;
        fan_in = l->units;
    }
    if (!m->read_only)
        for (size_t i = 0; i < m->n_params; i++)
            m->params[i] = 0;
    m->magic = TNN_MAGIC_MODEL;
}

tnn_status tnn__model_size_from(size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                size_t n_layers, size_t *size)
{
    model_layout lay;
    tnn_status st = model_layout_of(n_inputs, spec, ctx, n_layers, &lay);
    if (st == TNN_OK)
        *size = lay.total;
    return st;
}

/* Lays out and places a model in the caller's memory: the whole model, or
 * for a view (params not NULL) the struct and layer table only. */
static tnn_status model_place_in(struct tnn_model **model, void *mem, size_t size,
                                 size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                 size_t n_layers, const tnn_real *params)
{
    model_layout lay;
    tnn_status st = model_layout_of(n_inputs, spec, ctx, n_layers, &lay);
    if (st != TNN_OK)
        return st;
    st = tnn__check_mem(mem, size, params != NULL ? lay.params_offset : lay.total);
    if (st != TNN_OK)
        return st;
    model_place(mem, &lay, n_inputs, spec, ctx, n_layers, params);
    *model = mem;
    return TNN_OK;
}

tnn_status tnn__model_init_from(tnn_model **model, void *mem, size_t size, size_t n_inputs,
                                tnn__layer_spec_fn spec, const void *ctx, size_t n_layers)
{
    if (model == NULL)
        return TNN_E_INVALID_ARGUMENT;
    return model_place_in(model, mem, size, n_inputs, spec, ctx, n_layers, NULL);
}

tnn_status tnn__model_view_size_from(size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                     size_t n_layers, size_t *size)
{
    model_layout lay;
    tnn_status st = model_layout_of(n_inputs, spec, ctx, n_layers, &lay);
    if (st == TNN_OK)
        *size = lay.params_offset;
    return st;
}

tnn_status tnn__model_view_from(const tnn_model **model, void *mem, size_t size,
                                size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                size_t n_layers, const tnn_real *params)
{
    if (model == NULL || params == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_model *m;
    tnn_status st = model_place_in(&m, mem, size, n_inputs, spec, ctx, n_layers, params);
    if (st == TNN_OK)
        *model = m;
    return st;
}

tnn_status tnn_model_init(tnn_model **model, void *mem, size_t size, size_t n_inputs,
                          const tnn_layer_spec *layers, size_t n_layers)
{
    return tnn__model_init_from(model, mem, size, n_inputs, spec_from_array, layers, n_layers);
}

tnn_status tnn_model_new(tnn_model **model, size_t n_inputs, const tnn_layer_spec *layers,
                         size_t n_layers, const tnn_allocator *alloc)
{
    return tnn__model_new_from(model, n_inputs, spec_from_array, layers, n_layers, alloc);
}

tnn_status tnn__model_new_from(tnn_model **model, size_t n_inputs, tnn__layer_spec_fn spec,
                               const void *ctx, size_t n_layers, const tnn_allocator *alloc)
{
    if (model == NULL || !tnn__hooks_ok(alloc))
        return TNN_E_INVALID_ARGUMENT;
    model_layout lay;
    tnn_status st = model_layout_of(n_inputs, spec, ctx, n_layers, &lay);
    if (st != TNN_OK)
        return st;
    void *mem = tnn__alloc(alloc, lay.total);
    if (mem == NULL)
        return TNN_E_OUT_OF_MEMORY;
    if (!tnn__is_aligned(mem)) {
        tnn__free(alloc, mem, lay.total);
        return TNN_E_MISALIGNED;
    }
    struct tnn_model *m = mem;
    model_place(m, &lay, n_inputs, spec, ctx, n_layers, NULL);
    m->heap = true;
    m->alloc_size = lay.total;
    if (alloc != NULL) {
        m->alloc = *alloc;
        m->has_alloc = true;
    }
    *model = m;
    return TNN_OK;
}

void tnn_model_free(tnn_model *model)
{
    if (!tnn__model_ok(model) || !model->heap)
        return;
    tnn_allocator alloc = model->alloc;
    bool has_alloc = model->has_alloc;
    size_t size = model->alloc_size;
    model->magic = 0;
    tnn__free(has_alloc ? &alloc : NULL, model, size);
}

size_t tnn_model_n_inputs(const tnn_model *model)
{
    return tnn__model_ok(model) ? model->n_inputs : 0;
}

size_t tnn_model_n_outputs(const tnn_model *model)
{
    return tnn__model_ok(model) ? model->layers[model->n_layers - 1].units : 0;
}

size_t tnn_model_n_layers(const tnn_model *model)
{
    return tnn__model_ok(model) ? model->n_layers : 0;
}

size_t tnn_model_n_params(const tnn_model *model)
{
    return tnn__model_ok(model) ? model->n_params : 0;
}

const tnn_layer *tnn_model_layer(const tnn_model *model, size_t index)
{
    if (!tnn__model_ok(model) || index >= model->n_layers)
        return NULL;
    return &model->layers[index];
}

static bool layer_ok(const tnn_layer *layer)
{
    return layer != NULL && tnn__model_ok(layer->model);
}

size_t tnn_layer_units(const tnn_layer *layer)
{
    return layer_ok(layer) ? layer->units : 0;
}

size_t tnn_layer_n_inputs(const tnn_layer *layer)
{
    return layer_ok(layer) ? layer->n_inputs : 0;
}

tnn_activation tnn_layer_activation(const tnn_layer *layer)
{
    return layer_ok(layer) ? layer->activation : TNN_ACT_LINEAR;
}

tnn_layer_kind tnn_layer_kind_of(const tnn_layer *layer)
{
    return layer_ok(layer) ? layer->kind : TNN_LAYER_DENSE;
}

tnn_status tnn_model_get_weights(const tnn_model *model, size_t index, tnn_real *kernel,
                                 size_t kernel_len, tnn_real *bias, size_t bias_len)
{
    if (!tnn__model_ok(model) || (kernel == NULL && bias == NULL))
        return TNN_E_INVALID_ARGUMENT;
    if (index >= model->n_layers)
        return TNN_E_OUT_OF_RANGE;
    const struct tnn_layer *layer = &model->layers[index];
    size_t n_kernel = layer->n_inputs * layer->units;
    if ((kernel != NULL && kernel_len != n_kernel) || (bias != NULL && bias_len != layer->units))
        return TNN_E_SHAPE_MISMATCH;
    if (kernel != NULL)
        memcpy(kernel, layer->kernel, n_kernel * sizeof *kernel);
    if (bias != NULL)
        memcpy(bias, layer->bias, layer->units * sizeof *bias);
    return TNN_OK;
}

tnn_status tnn_model_set_weights(tnn_model *model, size_t index, const tnn_real *kernel,
                                 size_t kernel_len, const tnn_real *bias, size_t bias_len)
{
    if (!tnn__model_ok(model) || (kernel == NULL && bias == NULL))
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    if (index >= model->n_layers)
        return TNN_E_OUT_OF_RANGE;
    struct tnn_layer *l = &model->layers[index];
    size_t n_kernel = l->n_inputs * l->units;
    if ((kernel != NULL && kernel_len != n_kernel) || (bias != NULL && bias_len != l->units))
        return TNN_E_SHAPE_MISMATCH;
    if ((kernel != NULL && tnn__check_finite(kernel, n_kernel) != TNN_OK) ||
        (bias != NULL && tnn__check_finite(bias, l->units) != TNN_OK))
        return TNN_E_NON_FINITE;
    if (kernel != NULL)
        memcpy(l->kernel, kernel, n_kernel * sizeof *kernel);
    if (bias != NULL)
        memcpy(l->bias, bias, l->units * sizeof *bias);
    return TNN_OK;
}

tnn_status tnn_model_get_params(const tnn_model *model, tnn_real *params, size_t n)
{
    if (!tnn__model_ok(model) || params == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (n != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    memcpy(params, model->params, n * sizeof *params);
    return TNN_OK;
}

tnn_status tnn_model_set_params(tnn_model *model, const tnn_real *params, size_t n)
{
    if (!tnn__model_ok(model) || params == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    if (n != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    tnn_status st = tnn__check_finite(params, n);
    if (st != TNN_OK)
        return st;
    memcpy(model->params, params, n * sizeof *params);
    return TNN_OK;
}

tnn_status tnn_model_draw_glorot(tnn_model *model, tnn_rng *rng)
{
    if (!tnn__model_ok(model) || !tnn__rng_ok(rng))
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    for (size_t k = 0; k < model->n_layers; k++) {
        struct tnn_layer *l = &model->layers[k];
        switch (l->kind) {
        case TNN_LAYER_DENSE: {
            double limit = sqrt(6.0 / (double)(l->n_inputs + l->units));
            size_t n_kernel = l->n_inputs * l->units;
            for (size_t i = 0; i < n_kernel; i++)
                l->kernel[i] = (tnn_real)tnn_rng_uniform(rng, -limit, limit);
            for (size_t j = 0; j < l->units; j++)
                l->bias[j] = 0;
            break;
        }
        }
    }
    return TNN_OK;
}

tnn_status tnn_model_zero_params(tnn_model *model)
{
    if (!tnn__model_ok(model))
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    for (size_t i = 0; i < model->n_params; i++)
        model->params[i] = 0;
    return TNN_OK;
}
