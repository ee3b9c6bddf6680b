/* The columns file next to a model (see columns.h).
 *
 * One record per line: a keyword, then numbers, then (last, so it may hold
 * spaces) a name with backslash escapes for \, line ends and tabs:
 *
 *   tinynn-columns 2
 *   model_fnv1a64 8c0f4d2e7a1b3c59
 *   loss cce
 *   standardized 1
 *   feature 5.8433333333333337 0.82530067619520247 sepal_length
 *   target species
 *   class setosa
 *
 * and for a regression model trained on a standardised target (2 only):
 *
 *   target_standardized 152.13348416289594 77.00574586945044
 *
 * Format 1 files (no model_hash32, no target_standardized) still load.
 */
#include "columns.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "input.h"
#include "number_text.h"

/* Largest columns file read: what fit writes for the widest CSV file (256 Ki
 * features of about 60 bytes each, plus their names, up to the 64 MiB of
 * the file, escaped). */
#define COLUMNS_MAX_BYTES ((size_t)160 << 20)

char *columns_path(const char *model_path)
{
    size_t n = strlen(model_path);
    char *p = malloc(n + sizeof ".columns");
    if (p != NULL) {
        memcpy(p, model_path, n);
        memcpy(p + n, ".columns", sizeof ".columns");
    }
    return p;
}

uint64_t columns_hash(const void *data, size_t size)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < size; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

double columns_target_value(const model_columns *mc, double output)
{
    return mc->target_standardized ? output * mc->target_scale + mc->target_mean : output;
}

int columns_loss_classifies(tnn_loss loss)
{
    switch (loss) {
    case TNN_LOSS_MSE: return 0;
    case TNN_LOSS_BCE: return 1;
    case TNN_LOSS_CCE: return 1;
    }
    return 0;
}

int columns_is_classifier(const model_columns *mc)
{
    return columns_loss_classifies(mc->loss);
}

long columns_class_index(const model_columns *mc, const char *label)
{
    for (size_t k = 0; k < mc->n_classes; k++)
        if (strcmp(mc->classes[k], label) == 0)
            return (long)k;
    return -1;
}

static void write_name(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: fputc(*s, f);
        }
    }
    fputc('\n', f);
}

void columns_write(FILE *f, const model_columns *mc)
{
    char mean[NUMBER_TEXT_SIZE], scale[NUMBER_TEXT_SIZE];
    fprintf(f, "tinynn-columns %d\n", COLUMNS_FORMAT_VERSION);
    if (mc->has_model_hash)
        fprintf(f, "model_fnv1a64 %016llx\n", (unsigned long long)mc->model_hash);
    fprintf(f, "loss %s\n", tnn_loss_name(mc->loss));
    fprintf(f, "standardized %d\n", mc->standardized ? 1 : 0);
    if (mc->target_standardized) {
        number_text(mc->target_mean, mean);
        number_text(mc->target_scale, scale);
        fprintf(f, "target_standardized %s %s\n", mean, scale);
    }
    for (size_t i = 0; i < mc->n_features; i++) {
        number_text(mc->mean[i], mean);
        number_text(mc->scale[i], scale);
        fprintf(f, "feature %s %s ", mean, scale);
        write_name(f, mc->features[i]);
    }
    fputs("target ", f);
    write_name(f, mc->target);
    for (size_t k = 0; k < mc->n_classes; k++) {
        fputs("class ", f);
        write_name(f, mc->classes[k]);
    }
}

void columns_free(model_columns *mc)
{
    for (size_t i = 0; i < mc->n_features; i++)
        free(mc->features[i]);
    for (size_t k = 0; k < mc->n_classes; k++)
        free(mc->classes[k]);
    free(mc->features);
    free(mc->mean);
    free(mc->scale);
    free(mc->classes);
    free(mc->target);
    memset(mc, 0, sizeof *mc);
}

/* Undoes write_name's escapes in place. -1 on a bad escape. */
static int unescape(char *s)
{
    char *out = s;
    for (; *s != '\0'; s++) {
        if (*s != '\\') {
            *out++ = *s;
            continue;
        }
        s++;
        switch (*s) {
        case '\\': *out++ = '\\'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        default: return -1;
        }
    }
    *out = '\0';
    return 0;
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL)
        memcpy(c, s, n);
    return c;
}

/* Appends name to a growing array of strings. */
static int push_name(char ***names, size_t *n, const char *name)
{
    char **grown = realloc(*names, (*n + 1) * sizeof **names);
    if (grown == NULL)
        return -1;
    *names = grown;
    if ((grown[*n] = dup_text(name)) == NULL)
        return -1;
    (*n)++;
    return 0;
}

/* Reads a number and the space after it from *p. */
static int take_number(char **p, double *v)
{
    char *stop;
    errno = 0;
    *v = strtod(*p, &stop);
    if (stop == *p || *stop != ' ' || !isfinite(*v))
        return -1;
    *p = stop + 1;
    return 0;
}

/* The rest of a feature line: MEAN SCALE NAME (NAME unescaped already). */
static int parse_feature(char *rest, model_columns *mc, const char **why)
{
    double mean, scale;
    if (take_number(&rest, &mean) != 0 || take_number(&rest, &scale) != 0 || !(scale > 0)) {
        *why = "expected 'feature MEAN SCALE NAME' with finite numbers and SCALE > 0";
        return -1;
    }
    size_t n = mc->n_features;
    double *m = realloc(mc->mean, (n + 1) * sizeof *m);
    if (m != NULL)
        mc->mean = m;
    double *s = realloc(mc->scale, (n + 1) * sizeof *s);
    if (s != NULL)
        mc->scale = s;
    if (m == NULL || s == NULL || push_name(&mc->features, &mc->n_features, rest) != 0) {
        *why = "out of memory";
        return -1;
    }
    mc->mean[n] = mean;
    mc->scale[n] = scale;
    return 0;
}

/* The rest of a target_standardized line: MEAN SCALE. */
static int parse_target_scaling(char *rest, model_columns *mc, const char **why)
{
    double mean, scale;
    char *stop;
    int ok = take_number(&rest, &mean) == 0;
    if (ok) {
        scale = strtod(rest, &stop);
        ok = stop != rest && *stop == '\0' && isfinite(scale) && scale > 0;
    }
    if (!ok) {
        *why = "expected 'target_standardized MEAN SCALE' with finite numbers and SCALE > 0";
        return -1;
    }
    mc->target_standardized = 1;
    mc->target_mean = mean;
    mc->target_scale = scale;
    return 0;
}

/* The rest of a model_fnv1a64 line: 16 hexadecimal digits. */
static int parse_hash(const char *rest, model_columns *mc, const char **why)
{
    char *stop;
    errno = 0;
    unsigned long long v = strtoull(rest, &stop, 16);
    if (strlen(rest) != 16 || *stop != '\0' || rest[0] == '-' || rest[0] == '+' || errno != 0) {
        *why = "expected 'model_fnv1a64' and 16 hexadecimal digits";
        return -1;
    }
    mc->has_model_hash = 1;
    mc->model_hash = (uint64_t)v;
    return 0;
}

static int parse_line(char *line, model_columns *mc, int *have_version, int *have_loss,
                      const char **why)
{
    char *rest = strchr(line, ' ');
    if (rest == NULL) {
        *why = "expected a keyword, a space and a value";
        return -1;
    }
    *rest++ = '\0';
    if (!*have_version) {
        if (strcmp(line, "tinynn-columns") != 0) {
            *why = "expected 'tinynn-columns 2' (is this a tinynn columns file?)";
            return -1;
        }
        if (strcmp(rest, "1") != 0 && strcmp(rest, "2") != 0) {
            *why = "unsupported columns file version: expected 1 or 2";
            return -1;
        }
        *have_version = 1;
        return 0;
    }
    if (strcmp(line, "loss") == 0) {
        if (tnn_loss_from_name(rest, &mc->loss) != TNN_OK) {
            *why = "expected loss bce, cce or mse";
            return -1;
        }
        *have_loss = 1;
        return 0;
    }
    if (strcmp(line, "standardized") == 0) {
        if (strcmp(rest, "0") != 0 && strcmp(rest, "1") != 0) {
            *why = "expected standardized 0 or 1";
            return -1;
        }
        mc->standardized = rest[0] == '1';
        return 0;
    }
    if (strcmp(line, "target_standardized") == 0)
        return parse_target_scaling(rest, mc, why);
    if (strcmp(line, "model_fnv1a64") == 0)
        return parse_hash(rest, mc, why);
    if (unescape(rest) != 0) {
        *why = "bad backslash escape in a name";
        return -1;
    }
    if (strcmp(line, "feature") == 0)
        return parse_feature(rest, mc, why);
    if (strcmp(line, "target") == 0) {
        if (mc->target != NULL) {
            *why = "a second target line: expected one";
            return -1;
        }
        if ((mc->target = dup_text(rest)) == NULL) {
            *why = "out of memory";
            return -1;
        }
        return 0;
    }
    if (strcmp(line, "class") == 0) {
        if (push_name(&mc->classes, &mc->n_classes, rest) != 0) {
            *why = "out of memory";
            return -1;
        }
        return 0;
    }
    *why = "unknown keyword: expected feature, target, class, loss, standardized, target_standardized or model_fnv1a64";
    return -1;
}

int columns_read(const char *path, model_columns *mc)
{
    memset(mc, 0, sizeof *mc);
    char *data;
    size_t size;
    if (input_read_file(path, COLUMNS_MAX_BYTES, &data, &size) != 0) {
        diag("(the columns file is written by 'tinynn fit' next to the model)");
        return -1;
    }
    int have_version = 0, have_loss = 0;
    size_t line_no = 0;
    const char *why = NULL;
    char *line = data;
    while (line < data + size) {
        line_no++;
        char *eol = memchr(line, '\n', (size_t)(data + size - line));
        char *next = eol != NULL ? eol + 1 : data + size;
        if (eol != NULL)
            *eol = '\0';
        if (memchr(line, '\0', (size_t)(next - line) - (eol != NULL)) != NULL) {
            why = "unexpected NUL byte";
            break;
        }
        if (*line != '\0' && parse_line(line, mc, &have_version, &have_loss, &why) != 0)
            break;
        line = next;
    }
    free(data);
    if (why == NULL && !have_version)
        why = "empty file: expected 'tinynn-columns 2'";
    else if (why == NULL && (!have_loss || mc->target == NULL || mc->n_features == 0))
        why = "incomplete: expected loss, target and feature lines";
    else if (why == NULL && columns_is_classifier(mc) && mc->n_classes == 0)
        why = "a classifier without class lines";
    else if (why == NULL && columns_is_classifier(mc) && mc->target_standardized)
        why = "target_standardized in a classifier's file: expected it for loss mse only";
    if (why == NULL)
        return 0;
    diag("%s: line %zu: %s", path, line_no, why);
    columns_free(mc);
    return -1;
}
