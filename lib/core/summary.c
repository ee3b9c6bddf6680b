/* A Keras-like model summary as text, formatted without stdio. */
#include <string.h>

#include "core/internal.h"

typedef struct summary_text {
    char *buf;  /* NULL while only measuring */
    size_t len; /* characters produced so far */
} summary_text;

static void put(summary_text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->buf != NULL)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void put_count(summary_text *t, size_t v)
{
    char digits[3 * sizeof(size_t) + 1];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    char out[sizeof digits + 1];
    for (size_t i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    out[n] = '\0';
    put(t, out);
}

/* Pads with spaces from line_start up to column col (at least one space). */
static void pad_to(summary_text *t, size_t line_start, size_t col)
{
    do
        put(t, " ");
    while (t->len - line_start < col);
}

static void rule(summary_text *t, char c)
{
    char line[66];
    memset(line, c, 65);
    line[65] = '\0';
    put(t, line);
    put(t, "\n");
}

static void render(const tnn_model *m, summary_text *t)
{
    put(t, "Model: \"sequential\"\n");
    rule(t, '_');
    size_t start = t->len;
    put(t, " Layer (type)");
    pad_to(t, start, 24);
    put(t, "Activation");
    pad_to(t, start, 37);
    put(t, "Output Shape");
    pad_to(t, start, 53);
    put(t, "Param #\n");
    rule(t, '=');
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        const tnn__layer_kind_names *kind = tnn__layer_kind_names_of(l->kind);
        /* Keras numbers the layers of each kind: dense, dense_1, dense_2 */
        size_t same_kind = 0;
        for (size_t i = 0; i < k; i++)
            same_kind += m->layers[i].kind == l->kind;
        start = t->len;
        put(t, " ");
        put(t, kind->name);
        if (same_kind > 0) {
            put(t, "_");
            put_count(t, same_kind);
        }
        put(t, " (");
        put(t, kind->class_name);
        put(t, ")");
        pad_to(t, start, 24);
        put(t, tnn_activation_name(l->activation));
        pad_to(t, start, 37);
        put(t, "(None, ");
        put_count(t, l->units);
        put(t, ")");
        pad_to(t, start, 53);
        size_t n_params = 0; /* within the model's count */
        (void)tnn__layer_n_params(l->kind, l->n_inputs, l->units, &n_params);
        put_count(t, n_params);
        put(t, "\n");
    }
    rule(t, '=');
    put(t, "Total params: ");
    put_count(t, m->n_params);
    put(t, "\nTrainable params: ");
    put_count(t, m->n_params);
    put(t, "\nNon-trainable params: 0\n");
    rule(t, '_');
}

tnn_status tnn_model_summary(const tnn_model *model, char *buf, size_t size, size_t *needed)
{
    if (!tnn__model_ok(model) || (buf == NULL && size != 0))
        return TNN_E_INVALID_ARGUMENT;
    summary_text measure = {NULL, 0};
    render(model, &measure);
    if (needed != NULL)
        *needed = measure.len + 1;
    if (size < measure.len + 1)
        return TNN_E_BUFFER_TOO_SMALL;
    summary_text out = {buf, 0};
    render(model, &out);
    buf[out.len] = '\0';
    return TNN_OK;
}
