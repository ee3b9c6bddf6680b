/* The binary model file: writing it, and validating and loading it from a
 * buffer nobody vouches for. Byte-by-byte layout: docs/model-format.md.
 *
 * Every multi-byte field is assembled from single bytes, so the code is the
 * same on little- and big-endian hosts and needs no alignment of the
 * buffer (firmware often keeps the file at an odd flash address). */
#include <string.h>

#include "io/serialize_internal.h"

/* The format stores IEEE-754 bit patterns; copying them into float and
 * double is only right where those types are IEEE binary32 and binary64. */
_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24 && FLT_MAX_EXP == 128,
               "the model file needs IEEE-754 binary32 floats");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024,
               "the model file needs IEEE-754 binary64 doubles");

enum {
    HEADER_BYTES = 20, /* magic 4, version 2, number type 1, reserved 1, length 4,
                          inputs 4, layers 4 */
    LAYER_BYTES = 8,   /* units 4, activation 1, kind 1 (reserved in version 1), reserved 2 */
    CRC_BYTES = 4
};

static const unsigned char file_magic[4] = {'T', 'N', 'N', 'M'};

/* The oldest version still read: version 1 files have no layer kinds (the
 * kind byte is reserved and zero) and hold dense layers only. */
#define OLDEST_VERSION 1u

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* The one validity check of a number format (from the caller or a file):
 * the switches below see valid ones only. */
static bool format_valid(unsigned format)
{
    return format == TNN_FORMAT_FLOAT32 || format == TNN_FORMAT_FLOAT64;
}

static size_t value_bytes(tnn_number_format format)
{
    switch (format) {
    case TNN_FORMAT_FLOAT32: return 4;
    case TNN_FORMAT_FLOAT64: return 8;
    }
    return 0;
}

#if !TNN_REAL_IS_DOUBLE
/* A binary64 bit pattern rounded to the nearest float (ties to even), as
 * (float)d does, in integer arithmetic only: a float build that reads
 * float64 files pulls in no double-precision helpers (soft-float
 * __aeabi_d* on a microcontroller). False beyond the float range (NaN and
 * infinities included), as the double build's check. */
static bool binary64_to_float(uint64_t bits, float *out)
{
    const uint64_t magnitude = bits & ~(UINT64_C(1) << 63);
    if (magnitude > UINT64_C(0x47EFFFFFE0000000)) /* (double)FLT_MAX */
        return false;
    const int exponent = (int)(magnitude >> 52) - 1023;
    const uint64_t significand = (magnitude & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
    uint32_t result = 0; /* zero for doubles below half the smallest float */
    if (magnitude >> 52 != 0) {
        /* drop the bits below a float's last place: 29 for a normal
         * float, more for a subnormal one (steps of 2^-149) */
        const int shift = exponent >= -126 ? 29 : -exponent - 97;
        if (shift < 54) {
            const uint64_t rest = significand & ((UINT64_C(1) << shift) - 1);
            const uint64_t half = UINT64_C(1) << (shift - 1);
            uint32_t q = (uint32_t)(significand >> shift);
            if (rest > half || (rest == half && (q & 1u) != 0))
                q++;
            /* a normal float's significand carries its implicit bit into
             * the exponent field, hence exponent + 126, not + 127; a
             * rounding carry moves to the next exponent as it should */
            result = exponent >= -126 ? ((uint32_t)(exponent + 126) << 23) + q : q;
        }
    }
    result |= (uint32_t)(bits >> 32) & UINT32_C(0x80000000);
    memcpy(out, &result, sizeof *out);
    return true;
}
#endif

/* A stored value as a tnn_real; false when it is NaN, infinite, or (float
 * build) beyond the float range, so that loading can never put a
 * non-finite weight into a model. */
static bool read_value(const unsigned char *p, tnn_number_format format, tnn_real *out)
{
    switch (format) {
    case TNN_FORMAT_FLOAT32: {
        uint32_t bits = get_u32(p);
        float v;
        memcpy(&v, &bits, sizeof v);
        if (!(v - v == 0.0f))
            return false;
        *out = (tnn_real)v;
        return true;
    }
    case TNN_FORMAT_FLOAT64: {
#if TNN_REAL_IS_DOUBLE
        uint64_t bits = get_u64(p);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!(v >= -DBL_MAX && v <= DBL_MAX))
            return false;
        *out = v;
        return true;
#else
        return binary64_to_float(get_u64(p), out);
#endif
    }
    }
    return false;
}

/* ---- reading ---- */

tnn_layer_spec tnn__model_file_layer(const void *ctx, size_t k)
{
    const unsigned char *row = (const unsigned char *)ctx + k * LAYER_BYTES;
    tnn_layer_spec spec;
    spec.units = (size_t)get_u32(row);
    spec.activation = (tnn_activation)row[4];
    spec.kind = row[5]; /* 0, dense, in a version 1 file */
    return spec;
}

/* The layer table: every units, activation and kind valid, reserved bytes
 * zero, and the parameter count the shapes imply exactly what the declared
 * length leaves room for. Each count is compared with that room before it
 * is added, so no size is trusted or overflows (a count beyond size_t is
 * beyond the room, which fits the caller's size_t). */
static tnn_status parse_layers(tnn__parsed_file *f, size_t room)
{
    size_t n_params = 0, fan_in = f->n_inputs;
    const bool has_kinds = f->version >= 2;
    for (size_t k = 0; k < f->n_layers; k++) {
        const unsigned char *row = f->layers + k * LAYER_BYTES;
        const uint32_t units = get_u32(row);
        const bool kind_ok = has_kinds ? tnn__layer_kind_valid(row[5]) : row[5] == 0;
        if (units == 0 || !tnn__activation_valid((tnn_activation)row[4]) || !kind_ok ||
            row[6] != 0 || row[7] != 0)
            return TNN_E_BAD_FORMAT;
        size_t count;
        if (!tnn__layer_n_params((tnn_layer_kind)row[5], fan_in, units, &count) ||
            count > room - n_params)
            return TNN_E_BAD_FORMAT;
        n_params += count;
        fan_in = units;
    }
    if (n_params != room)
        return TNN_E_BAD_FORMAT;
    f->n_params = n_params;
    return TNN_OK;
}

/* Validates the whole file; reads at most `size` bytes. */
static tnn_status parse_file(const unsigned char *b, size_t size, tnn__parsed_file *f)
{
    if (memcmp(b, file_magic, size < 4 ? size : 4) != 0)
        return TNN_E_BAD_FORMAT;
    if (size < 6)
        return TNN_E_TRUNCATED;
    /* the version comes first: a later version may lay out the rest anew */
    f->version = (unsigned)b[4] | (unsigned)b[5] << 8;
    if (f->version < OLDEST_VERSION || f->version > TNN_MODEL_FORMAT_VERSION)
        return TNN_E_VERSION;
    if (size < HEADER_BYTES)
        return TNN_E_TRUNCATED;
    if (!format_valid(b[6]) || b[7] != 0)
        return TNN_E_BAD_FORMAT;
    f->format = (tnn_number_format)b[6];
    const uint32_t file_size = get_u32(b + 8);
    if (file_size < HEADER_BYTES + LAYER_BYTES + CRC_BYTES)
        return TNN_E_BAD_FORMAT;
    if (file_size > size)
        return TNN_E_TRUNCATED;
    f->file_size = file_size;
    if (tnn_crc32(0, b, file_size - CRC_BYTES) != get_u32(b + file_size - CRC_BYTES))
        return TNN_E_CHECKSUM;

    const uint32_t n_inputs = get_u32(b + 12), n_layers = get_u32(b + 16);
    const uint32_t body = file_size - HEADER_BYTES - CRC_BYTES;
    if (n_inputs == 0 || n_layers == 0 || n_layers > body / LAYER_BYTES)
        return TNN_E_BAD_FORMAT;
    const uint32_t param_bytes = body - n_layers * LAYER_BYTES;
    const size_t width = value_bytes(f->format);
    if (param_bytes % width != 0)
        return TNN_E_BAD_FORMAT;
    f->n_inputs = n_inputs;
    f->n_layers = n_layers;
    f->layers = b + HEADER_BYTES;
    f->params = f->layers + (size_t)n_layers * LAYER_BYTES;
    tnn_status st = parse_layers(f, param_bytes / width);
    if (st != TNN_OK)
        return st;
    tnn_real unused;
    for (size_t i = 0; i < f->n_params; i++)
        if (!read_value(f->params + i * width, f->format, &unused))
            return TNN_E_NON_FINITE;
    return TNN_OK;
}

tnn_status tnn__model_file_parse(const void *buf, size_t size, tnn__parsed_file *f)
{
    if (buf == NULL)
        return TNN_E_INVALID_ARGUMENT;
    return parse_file(buf, size, f);
}

/* Copies the validated parameters into a model of the file's shape. */
static void load_params(tnn_model *m, const tnn__parsed_file *f)
{
    const size_t width = value_bytes(f->format);
    for (size_t i = 0; i < f->n_params; i++)
        (void)read_value(f->params + i * width, f->format, &m->params[i]);
}

tnn_status tnn_model_file_query(const void *buf, size_t size, tnn_model_file_info *info)
{
    tnn_status st = tnn__sized_check(info, sizeof *info);
    if (st != TNN_OK)
        return st;
    tnn__parsed_file f;
    st = tnn__model_file_parse(buf, size, &f);
    size_t model_size = 0;
    if (st == TNN_OK)
        st = tnn__model_size_from(f.n_inputs, tnn__model_file_layer, f.layers, f.n_layers,
                                  &model_size);
    if (st != TNN_OK)
        return st;
    tnn_model_file_info read = TNN_MODEL_FILE_INFO_INIT;
    read.version = f.version;
    read.number_format = f.format;
    read.file_size = f.file_size;
    read.n_inputs = f.n_inputs;
    read.n_layers = f.n_layers;
    read.n_params = f.n_params;
    read.model_size = model_size;
    return tnn__sized_write(info, &read, sizeof read);
}

tnn_status tnn_model_file_layers(const void *buf, size_t size, tnn_layer_spec *layers,
                                 size_t n_layers)
{
    if (layers == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn__parsed_file f;
    tnn_status st = tnn__model_file_parse(buf, size, &f);
    if (st != TNN_OK)
        return st;
    if (n_layers != f.n_layers)
        return TNN_E_SHAPE_MISMATCH;
    for (size_t k = 0; k < n_layers; k++)
        layers[k] = tnn__model_file_layer(f.layers, k);
    return TNN_OK;
}

tnn_status tnn_model_load(tnn_model *model, const void *buf, size_t size)
{
    if (!tnn__model_ok(model))
        return TNN_E_INVALID_ARGUMENT;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    tnn__parsed_file f;
    tnn_status st = tnn__model_file_parse(buf, size, &f);
    if (st != TNN_OK)
        return st;
    if (f.n_inputs != model->n_inputs || f.n_layers != model->n_layers)
        return TNN_E_SHAPE_MISMATCH;
    for (size_t k = 0; k < f.n_layers; k++) {
        tnn_layer_spec spec = tnn__model_file_layer(f.layers, k);
        if (spec.units != model->layers[k].units ||
            spec.activation != model->layers[k].activation ||
            spec.kind != (uint32_t)model->layers[k].kind)
            return TNN_E_SHAPE_MISMATCH;
    }
    load_params(model, &f);
    return TNN_OK;
}

tnn_status tnn_model_load_init(tnn_model **model, void *mem, size_t mem_size, const void *buf,
                               size_t size)
{
    if (model == NULL || mem == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn__parsed_file f;
    tnn_status st = tnn__model_file_parse(buf, size, &f);
    if (st != TNN_OK)
        return st;
    tnn_model *m;
    st = tnn__model_init_from(&m, mem, mem_size, f.n_inputs, tnn__model_file_layer, f.layers,
                              f.n_layers);
    if (st != TNN_OK)
        return st;
    load_params(m, &f);
    *model = m;
    return TNN_OK;
}

tnn_status tnn_model_load_new(tnn_model **model, const void *buf, size_t size,
                              const tnn_allocator *alloc)
{
    if (model == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn__parsed_file f;
    tnn_status st = tnn__model_file_parse(buf, size, &f);
    if (st != TNN_OK)
        return st;
    tnn_model *m;
    st = tnn__model_new_from(&m, f.n_inputs, tnn__model_file_layer, f.layers, f.n_layers, alloc);
    if (st != TNN_OK)
        return st;
    load_params(m, &f);
    *model = m;
    return TNN_OK;
}

/* ---- writing ---- */

tnn_status tnn__model_file_size(const tnn_model *model, tnn_number_format format, size_t *size)
{
    if (!tnn__model_ok(model) || !format_valid(format) || size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    size_t table, params, total;
    if (!tnn__mul(model->n_layers, LAYER_BYTES, &table) ||
        !tnn__mul(model->n_params, value_bytes(format), &params) ||
        !tnn__add(table, params, &total) || !tnn__add(total, HEADER_BYTES + CRC_BYTES, &total) ||
        total > UINT32_MAX || model->n_inputs > UINT32_MAX)
        return TNN_E_OVERFLOW;
    for (size_t k = 0; k < model->n_layers; k++)
        if (model->layers[k].units > UINT32_MAX)
            return TNN_E_OVERFLOW;
    *size = total;
    return TNN_OK;
}

tnn_status tnn__model_file_check(const tnn_model *model, tnn_number_format format)
{
#if TNN_REAL_IS_DOUBLE
    switch (format) {
    case TNN_FORMAT_FLOAT32: {
        const double max = (double)FLT_MAX;
        for (size_t i = 0; i < model->n_params; i++)
            if (model->params[i] > max || model->params[i] < -max)
                return TNN_E_OUT_OF_RANGE;
        break;
    }
    case TNN_FORMAT_FLOAT64: break;
    }
#else
    (void)model;
    (void)format;
#endif
    return TNN_OK;
}

/* Passes bytes on to the caller's sink while keeping the running CRC. */
typedef struct crc_sink {
    tnn__byte_sink sink;
    void *ctx;
    uint32_t crc;
} crc_sink;

static void emit(crc_sink *s, const unsigned char *bytes, size_t n)
{
    s->crc = tnn_crc32(s->crc, bytes, n);
    s->sink(s->ctx, bytes, n);
}

static void emit_u32(crc_sink *s, uint32_t v)
{
    unsigned char b[4];
    put_u32(b, v);
    emit(s, b, 4);
}

static void emit_value(crc_sink *s, tnn_real v, tnn_number_format format)
{
    unsigned char b[8];
    switch (format) {
    case TNN_FORMAT_FLOAT32: {
        float f = (float)v;
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        put_u32(b, bits);
        emit(s, b, 4);
        break;
    }
    case TNN_FORMAT_FLOAT64: {
        double d = (double)v;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        put_u32(b, (uint32_t)bits);
        put_u32(b + 4, (uint32_t)(bits >> 32));
        emit(s, b, 8);
        break;
    }
    }
}

void tnn__model_file_emit(const tnn_model *model, tnn_number_format format, tnn__byte_sink sink,
                          void *ctx)
{
    size_t size = 0;
    (void)tnn__model_file_size(model, format, &size);
    crc_sink s = {sink, ctx, 0};
    const unsigned char head[8] = {file_magic[0],
                                   file_magic[1],
                                   file_magic[2],
                                   file_magic[3],
                                   (unsigned char)(TNN_MODEL_FORMAT_VERSION & 0xffu),
                                   (unsigned char)(TNN_MODEL_FORMAT_VERSION >> 8),
                                   (unsigned char)format,
                                   0};
    emit(&s, head, sizeof head);
    emit_u32(&s, (uint32_t)size);
    emit_u32(&s, (uint32_t)model->n_inputs);
    emit_u32(&s, (uint32_t)model->n_layers);
    for (size_t k = 0; k < model->n_layers; k++) {
        unsigned char row[LAYER_BYTES] = {0};
        put_u32(row, (uint32_t)model->layers[k].units);
        row[4] = (unsigned char)model->layers[k].activation;
        row[5] = (unsigned char)model->layers[k].kind;
        emit(&s, row, sizeof row);
    }
    for (size_t i = 0; i < model->n_params; i++)
        emit_value(&s, model->params[i], format);
    unsigned char crc[4];
    put_u32(crc, s.crc);
    sink(ctx, crc, sizeof crc); /* the CRC covers everything before it */
}

tnn_status tnn_model_save_size(const tnn_model *model, tnn_number_format format, size_t *size)
{
    return tnn__model_file_size(model, format, size);
}

typedef struct buffer_sink {
    unsigned char *at;
} buffer_sink;

static void to_buffer(void *ctx, const unsigned char *bytes, size_t n)
{
    buffer_sink *b = ctx;
    memcpy(b->at, bytes, n);
    b->at += n;
}

tnn_status tnn_model_save(const tnn_model *model, tnn_number_format format, void *buf,
                          size_t size, size_t *written)
{
    if (buf == NULL)
        return TNN_E_INVALID_ARGUMENT;
    size_t needed;
    tnn_status st = tnn__model_file_size(model, format, &needed);
    if (st != TNN_OK)
        return st;
    if (size < needed)
        return TNN_E_BUFFER_TOO_SMALL;
    if ((st = tnn__model_file_check(model, format)) != TNN_OK)
        return st;
    buffer_sink b = {buf};
    tnn__model_file_emit(model, format, to_buffer, &b);
    if (written != NULL)
        *written = needed;
    return TNN_OK;
}
