/* A model file as C source: a const byte array firmware keeps in flash.
 *
 * The text is produced twice through one writer: a dry run that only
 * counts, then the real run once the caller's buffer is known to be big
 * enough, so a too-small buffer never receives half a file and no
 * scratch memory is needed. No stdio: the library stays free of printf. */
#include <string.h>

#include "io/serialize_internal.h"

#define MAX_NAME 64u
#define BYTES_PER_LINE 12u

typedef struct text {
    char *buf;     /* NULL during the counting run */
    size_t len;    /* characters produced so far */
    size_t column; /* bytes on the current array line */
} text;

static void put_chars(text *t, const char *s, size_t n)
{
    if (t->buf != NULL)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void put_str(text *t, const char *s)
{
    put_chars(t, s, strlen(s));
}

static void put_size(text *t, size_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put_chars(t, digits + sizeof digits - n, n);
}

/* The identifier upper-cased, for the include guard. */
static void put_upper(text *t, const char *s)
{
    for (; *s != '\0'; s++) {
        char c = *s;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        put_chars(t, &c, 1);
    }
}

/* The byte sink of tnn__model_file_emit: "0x1f," twelve to a line. */
static void put_bytes(void *ctx, const unsigned char *bytes, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    text *t = ctx;
    for (size_t i = 0; i < n; i++) {
        const char item[6] = {' ', '0', 'x', hex[bytes[i] >> 4], hex[bytes[i] & 15u], ','};
        if (t->column == 0)
            put_str(t, "   ");
        put_chars(t, item, sizeof item);
        if (++t->column == BYTES_PER_LINE) {
            put_str(t, "\n");
            t->column = 0;
        }
    }
}

static bool identifier_ok(const char *name)
{
    size_t n = 0;
    for (const char *c = name; *c != '\0'; c++, n++) {
        bool alpha = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_';
        bool digit = *c >= '0' && *c <= '9';
        if (n >= MAX_NAME || !(alpha || (digit && n > 0)))
            return false;
    }
    return n > 0;
}

/* The comment both files start with: what the array holds. */
static void put_banner(text *t, const tnn_model *m, tnn_number_format format, const char *name,
                       size_t file_size)
{
    put_str(t, "/* ");
    put_str(t, name);
    put_str(t, ": a libtinynn model file (format ");
    put_size(t, TNN_MODEL_FORMAT_VERSION);
    switch (format) {
    case TNN_FORMAT_FLOAT32: put_str(t, ", float32"); break;
    case TNN_FORMAT_FLOAT64: put_str(t, ", float64"); break;
    }
    put_str(t, ", ");
    put_size(t, file_size);
    put_str(t, " bytes),\n * written by tnn_model_export_c() of libtinynn " TNN_VERSION_STRING
               ".\n * Model: ");
    put_size(t, m->n_inputs);
    put_str(t, " inputs");
    for (size_t k = 0; k < m->n_layers; k++) {
        put_str(t, " -> ");
        put_str(t, tnn_layer_kind_name(m->layers[k].kind));
        put_str(t, " ");
        put_size(t, m->layers[k].units);
        put_str(t, " ");
        put_str(t, tnn_activation_name(m->layers[k].activation));
    }
    put_str(t, ", ");
    put_size(t, m->n_params);
    put_str(t, " parameters.\n * Load it with tnn_model_file_query() and tnn_model_load_init(), or read\n"
               " * it in place with tnn_model_view() (float32 in a float build). */\n");
}

static void put_declarations(text *t, const char *name, size_t file_size)
{
    put_str(t, "extern const unsigned char ");
    put_str(t, name);
    put_str(t, "[");
    put_size(t, file_size);
    put_str(t, "];\nextern const size_t ");
    put_str(t, name);
    put_str(t, "_size;\n");
}

static void write_header(text *t, const char *name, size_t file_size)
{
    put_str(t, "#ifndef ");
    put_upper(t, name);
    put_str(t, "_H\n#define ");
    put_upper(t, name);
    put_str(t, "_H\n\n#include <stddef.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    put_declarations(t, name, file_size);
    put_str(t, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
}

/* The source repeats the declarations so that it needs no header and its
 * definitions get external linkage under any compiler. */
static void write_source(text *t, const tnn_model *m, tnn_number_format format,
                         const char *name, size_t file_size)
{
    put_str(t, "#include <stddef.h>\n\n");
    put_declarations(t, name, file_size);
    put_str(t, "\nconst size_t ");
    put_str(t, name);
    put_str(t, "_size = ");
    put_size(t, file_size);
    /* aligned so that tnn_model_view() can read a float32 file in place;
     * C89 has no alignment syntax, so it is each compiler's own */
    put_str(t, ";\n\n#if defined(__GNUC__) || defined(__clang__)\n__attribute__((aligned(8)))\n"
               "#elif defined(_MSC_VER)\n__declspec(align(8))\n#endif\nconst unsigned char ");
    put_str(t, name);
    put_str(t, "[");
    put_size(t, file_size);
    put_str(t, "] = {\n");
    t->column = 0;
    tnn__model_file_emit(m, format, put_bytes, t);
    if (t->column != 0)
        put_str(t, "\n");
    put_str(t, "};\n");
}

static void write_text(text *t, const tnn_model *m, tnn_number_format format, const char *name,
                       tnn_c_export_part part, size_t file_size)
{
    put_banner(t, m, format, name, file_size);
    switch (part) {
    case TNN_EXPORT_SOURCE: write_source(t, m, format, name, file_size); break;
    case TNN_EXPORT_HEADER: write_header(t, name, file_size); break;
    }
}

/* The one validity check of a part: write_text sees valid ones only. */
static bool part_valid(tnn_c_export_part part)
{
    return part == TNN_EXPORT_SOURCE || part == TNN_EXPORT_HEADER;
}

tnn_status tnn_model_export_c(const tnn_model *model, tnn_number_format format, const char *name,
                              tnn_c_export_part part, char *buf, size_t size, size_t *needed)
{
    if (name == NULL || !identifier_ok(name) || !part_valid(part) || (buf == NULL && size > 0))
        return TNN_E_INVALID_ARGUMENT;
    size_t file_size;
    tnn_status st = tnn__model_file_size(model, format, &file_size);
    if (st != TNN_OK)
        return st;
    if ((st = tnn__model_file_check(model, format)) != TNN_OK)
        return st;
    /* A file byte becomes under 7 characters and a layer (8 file bytes)
     * under 40 of banner, the names a few hundred: check the count cannot
     * overflow before the dry run makes it. */
    if (file_size > (SIZE_MAX - 4096) / 16)
        return TNN_E_OVERFLOW;
    text count = {NULL, 0, 0};
    write_text(&count, model, format, name, part, file_size);
    const size_t total = count.len + 1;
    if (needed != NULL)
        *needed = total;
    if (size < total)
        return TNN_E_BUFFER_TOO_SMALL;
    text out = {buf, 0, 0};
    write_text(&out, model, format, name, part, file_size);
    buf[out.len] = '\0';
    return TNN_OK;
}
