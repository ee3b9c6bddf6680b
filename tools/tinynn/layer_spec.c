/* Parsing and describing layer stacks (see layer_spec.h). */
#include "layer_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* The activation named by the len characters at name (not terminated). */
static int parse_activation(const char *name, size_t len, tnn_activation *out)
{
    char word[32]; /* longer than any activation's name */
    if (len >= sizeof word)
        return -1;
    memcpy(word, name, len);
    word[len] = '\0';
    return tnn_activation_from_name(word, out) == TNN_OK ? 0 : -1;
}

/* An optional "KIND:" before the units, such as "dense:"; without one the
 * layer is dense. Moves *p past it. */
static int parse_kind(const char **p, const char *end, tnn_layer_kind *out)
{
    *out = TNN_LAYER_DENSE;
    if (**p >= '0' && **p <= '9')
        return 0;
    const char *colon = memchr(*p, ':', (size_t)(end - *p));
    char name[32];
    const size_t len = colon != NULL ? (size_t)(colon - *p) : 0;
    if (colon == NULL || len >= sizeof name)
        return -1;
    memcpy(name, *p, len);
    name[len] = '\0';
    if (tnn_layer_kind_from_name(name, out) != TNN_OK)
        return -1;
    *p = colon + 1;
    return 0;
}

int layer_spec_parse(const char *text, tnn_layer_spec *layers, size_t *n_layers)
{
    const char *p = text;
    size_t n = 0;
    for (;;) {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *item = p;
        tnn_layer_kind kind;
        const int kind_ok = parse_kind(&p, end, &kind);
        const char *colon = memchr(p, ':', (size_t)(end - p));
        char *stop;
        unsigned long units = strtoul(p, &stop, 10);
        tnn_activation act;
        if (n == LAYER_SPEC_MAX_LAYERS) {
            diag("--layers: expected at most %d layers", LAYER_SPEC_MAX_LAYERS);
            return -1;
        }
        if (kind_ok != 0 || colon == NULL || stop != colon || p[0] < '0' || p[0] > '9' ||
            units < 1 || units > LAYER_SPEC_MAX_UNITS ||
            parse_activation(colon + 1, (size_t)(end - colon - 1), &act) != 0) {
            diag("--layers: expected UNITS:ACTIVATION items separated by commas (units 1 to %d; "
                 "activation linear, step, sigmoid, tanh, relu or softmax; optionally the "
                 "layer kind first, as in dense:8:relu), found '%.*s' in '%s'",
                 LAYER_SPEC_MAX_UNITS, (int)(end - item), item, text);
            return -1;
        }
        layers[n].units = units;
        layers[n].activation = act;
        layers[n].kind = (uint32_t)kind;
        n++;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    *n_layers = n;
    return 0;
}

void layer_spec_describe(const tnn_model *model, char *out, size_t out_size)
{
    int w = snprintf(out, out_size, "%zu", tnn_model_n_inputs(model));
    for (size_t k = 0; k < tnn_model_n_layers(model) && w > 0 && (size_t)w < out_size; k++) {
        const tnn_layer *l = tnn_model_layer(model, k);
        w += snprintf(out + w, out_size - (size_t)w, " -> %zu %s", tnn_layer_units(l),
                      tnn_activation_name(tnn_layer_activation(l)));
    }
}
