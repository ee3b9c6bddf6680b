/* tinynn export-c: a trained model as C source for firmware, plus what the
 * firmware must know to feed it (input order and standardisation) and to
 * read it (class names). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"name", "IDENT", "C identifier of the model array (default: the model file's name)", NULL},
    {"format", "float32|float64", "number type of the embedded file (default: this build's)",
     NULL},
    {"out", "DIR", "folder for the four files (default: the current folder)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "export-c",
    "MODEL [options]",
    "Writes NAME.c and NAME.h (tnn_model_export_c: the model file as\n"
    "`const unsigned char NAME[]` and `const size_t NAME_size`, to load with\n"
    "tnn_model_load_init) and NAME_columns.c and NAME_columns.h: NAME_n_inputs,\n"
    "NAME_input_names, NAME_input_mean and NAME_input_scale (feed the model\n"
    "(x_i - mean_i) / scale_i; mean 0 and scale 1 when it was trained without\n"
    "--standardize) and, for classifiers, NAME_n_classes and NAME_class_names.",
    1,
    options,
};

/* The default identifier: the file's base name without extension, with
 * other characters than [A-Za-z0-9_] replaced by '_'. */
static void default_name(const char *path, char *out, size_t out_size)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t n = 0;
    if (isdigit((unsigned char)base[0]))
        out[n++] = '_';
    for (const char *p = base; *p != '\0' && *p != '.' && n + 1 < out_size && n < 64; p++)
        out[n++] = isalnum((unsigned char)*p) ? *p : '_';
    out[n] = '\0';
    if (n == 0)
        snprintf(out, out_size, "tinynn_model");
}

static void c_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\' || *p == '?') /* '?' : no trigraphs */
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\%03o", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int write_text(const char *dir, const char *file, const char *text)
{
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, file) != 0 || (f = output_open(path)) == NULL)
        return -1;
    fputs(text, f);
    return 0;
}

static int write_library_part(const tnn_model *model, tnn_number_format format, const char *name,
                              tnn_c_export_part part, const char *dir, const char *file)
{
    size_t needed = 0;
    tnn_status st = tnn_model_export_c(model, format, name, part, NULL, 0, &needed);
    if (st != TNN_OK && st != TNN_E_BUFFER_TOO_SMALL) {
        diag_status("exporting the model as C", st);
        return -1;
    }
    char *text = common_alloc(needed);
    if (text == NULL)
        return -1;
    st = tnn_model_export_c(model, format, name, part, text, needed, NULL);
    int rc = st == TNN_OK ? write_text(dir, file, text) : -1;
    if (st != TNN_OK)
        diag_status("exporting the model as C", st);
    free(text);
    return rc;
}

static int write_columns_files(const model_columns *mc, const char *name, const char *dir)
{
    char file[128], path[4096];
    FILE *h, *c;
    snprintf(file, sizeof file, "%s_columns.h", name);
    if (output_join(path, sizeof path, dir, file) != 0 || (h = output_open(path)) == NULL)
        return -1;
    snprintf(file, sizeof file, "%s_columns.c", name);
    if (output_join(path, sizeof path, dir, file) != 0 || (c = output_open(path)) == NULL)
        return -1;
    const size_t d = mc->n_features;
    fprintf(h, "/* Written by tinynn export-c: the inputs and classes of %s. */\n", name);
    fprintf(h, "#ifndef %s_COLUMNS_H\n#define %s_COLUMNS_H\n\n", name, name);
    fprintf(h, "#include <stddef.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    fprintf(h,
            "/* Input i of the model is (x_i - %s_input_mean[i]) / %s_input_scale[i],\n"
            " * where x_i is the column %s_input_names[i] of the data. */\n",
            name, name, name);
    fprintf(h, "extern const size_t %s_n_inputs;\n", name);
    fprintf(h, "extern const char *const %s_input_names[%zu];\n", name, d);
    fprintf(h, "extern const double %s_input_mean[%zu];\n", name, d);
    fprintf(h, "extern const double %s_input_scale[%zu];\n", name, d);
    fprintf(c, "/* Written by tinynn export-c from the columns file of %s. */\n", name);
    fprintf(c, "#include \"%s_columns.h\"\n\n", name);
    fprintf(c, "const size_t %s_n_inputs = %zu;\n", name, d);
    fprintf(c, "const char *const %s_input_names[%zu] = {", name, d);
    for (size_t i = 0; i < d; i++) {
        fputs(i ? ", " : "", c);
        c_string(c, mc->features[i]);
    }
    fprintf(c, "};\nconst double %s_input_mean[%zu] = {", name, d);
    for (size_t i = 0; i < d; i++)
        fprintf(c, "%s%.17g", i ? ", " : "", mc->standardized ? mc->mean[i] : 0.0);
    fprintf(c, "};\nconst double %s_input_scale[%zu] = {", name, d);
    for (size_t i = 0; i < d; i++)
        fprintf(c, "%s%.17g", i ? ", " : "", mc->standardized ? mc->scale[i] : 1.0);
    fputs("};\n", c);
    if (mc->n_classes > 0) {
        fprintf(h,
                "\n/* Class k of the model's output (tnn_output_classes) is named "
                "%s_class_names[k]. */\n",
                name);
        fprintf(h, "extern const size_t %s_n_classes;\n", name);
        fprintf(h, "extern const char *const %s_class_names[%zu];\n", name, mc->n_classes);
        fprintf(c, "const size_t %s_n_classes = %zu;\n", name, mc->n_classes);
        fprintf(c, "const char *const %s_class_names[%zu] = {", name, mc->n_classes);
        for (size_t k = 0; k < mc->n_classes; k++) {
            fputs(k ? ", " : "", c);
            c_string(c, mc->classes[k]);
        }
        fputs("};\n", c);
    }
    fprintf(h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
    return 0;
}

static int run_export(const char *model_path)
{
    char name[80];
    const char *v = args_get(&command, "name");
    if (v != NULL) {
        int ok = strlen(v) <= 64 && (isalpha((unsigned char)v[0]) || v[0] == '_');
        for (const char *p = v; *p != '\0' && ok; p++)
            ok = isalnum((unsigned char)*p) || *p == '_';
        if (!ok) {
            diag("--name: expected a C identifier of at most 64 characters, found '%s'", v);
            return EXIT_USAGE;
        }
        snprintf(name, sizeof name, "%s", v);
    } else {
        default_name(model_path, name, sizeof name);
    }
    tnn_number_format format = TNN_REAL_IS_DOUBLE ? TNN_FORMAT_FLOAT64 : TNN_FORMAT_FLOAT32;
    if ((v = args_get(&command, "format")) != NULL && model_io_parse_format(v, &format) != 0) {
        diag("--format: expected float32 or float64, found '%s'", v);
        return EXIT_USAGE;
    }
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, NULL, NULL, &dir, &m) != 0)
        return EXIT_DATA;
    char c_file[96], h_file[96];
    snprintf(c_file, sizeof c_file, "%s.c", name);
    snprintf(h_file, sizeof h_file, "%s.h", name);
    int rc = EXIT_DATA;
    if (write_library_part(m.model, format, name, TNN_EXPORT_SOURCE, dir, c_file) == 0 &&
        write_library_part(m.model, format, name, TNN_EXPORT_HEADER, dir, h_file) == 0 &&
        write_columns_files(&m.cols, name, dir) == 0) {
        output_report("wrote: %s/%s, %s, %s_columns.c, %s_columns.h (%s)\n", dir, c_file,
                      h_file, name, name, model_io_format_name(format));
        rc = 0;
    }
    model_io_free(&m);
    return rc;
}

int cmd_export_c(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_export(pos[0]));
}
