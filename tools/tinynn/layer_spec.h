/* The --layers option: "UNITS:ACTIVATION,..." such as "8:relu,3:softmax",
 * each item optionally after its layer kind: "dense:8:relu". */
#ifndef TINYNN_CLI_LAYER_SPEC_H
#define TINYNN_CLI_LAYER_SPEC_H

#include <stddef.h>

#include <tinynn/tinynn.h>

#define LAYER_SPEC_MAX_LAYERS 64
#define LAYER_SPEC_MAX_UNITS 100000

/* Parses text into at most LAYER_SPEC_MAX_LAYERS specs. 0, or -1 (reported). */
int layer_spec_parse(const char *text, tnn_layer_spec *layers, size_t *n_layers);

/* "4 -> 8 relu -> 3 softmax" */
void layer_spec_describe(const tnn_model *model, char *out, size_t out_size);

#endif /* TINYNN_CLI_LAYER_SPEC_H */
