/* The model file's writer, shared by serialize.c (into a byte buffer) and
 * export_c.c (as C text). Not installed. */
#ifndef TINYNN_LIB_SERIALIZE_INTERNAL_H
#define TINYNN_LIB_SERIALIZE_INTERNAL_H

#include "core/internal.h"

/* What validating a model file finds (serialize.c). */
typedef struct tnn__parsed_file {
    unsigned version;
    tnn_number_format format;
    size_t file_size;
    size_t n_inputs;
    size_t n_layers;
    size_t n_params;
    const unsigned char *layers; /* the layer table */
    const unsigned char *params; /* the first stored parameter */
} tnn__parsed_file;

/* Validates the whole file as tnn_model_file_query() documents (buf may be
 * NULL: TNN_E_INVALID_ARGUMENT); reads at most `size` bytes. */
tnn_status tnn__model_file_parse(const void *buf, size_t size, tnn__parsed_file *f);

/* Layer k's shape from a validated file's layer table (ctx: f->layers),
 * a tnn__layer_spec_fn. */
tnn_layer_spec tnn__model_file_layer(const void *ctx, size_t k);

/* Receives the file's bytes in order, a few at a time. */
typedef void (*tnn__byte_sink)(void *ctx, const unsigned char *bytes, size_t n);

/* Bytes of the model file of `model` in `format`; TNN_E_INVALID_ARGUMENT
 * for a dead model or unknown format, TNN_E_OVERFLOW past the format's
 * 2^32 - 1 byte limit. */
tnn_status tnn__model_file_size(const tnn_model *model, tnn_number_format format, size_t *size);

/* Checks that every parameter can be stored in `format` (a double build's
 * values must fit float32): TNN_OK or TNN_E_OUT_OF_RANGE. */
tnn_status tnn__model_file_check(const tnn_model *model, tnn_number_format format);

/* Streams the file (header, layer table, parameters, CRC-32) to `sink`.
 * Call after tnn__model_file_size() and tnn__model_file_check() passed. */
void tnn__model_file_emit(const tnn_model *model, tnn_number_format format, tnn__byte_sink sink,
                          void *ctx);

#endif /* TINYNN_LIB_SERIALIZE_INTERNAL_H */
