/* tinynn export-c: a trained model as C source for firmware, plus what the
 * firmware must know to feed it (input order and standardisation) and to
 * read it (class names). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "c_ident.h"
#include "commands.h"
#include "diag.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"name", "IDENT",
     "C identifier of the model array (default: derived from the model file's name)", NULL},
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
    "(x_i - mean_i) / scale_i; mean 0 and scale 1 when it was trained with\n"
    "--no-standardize), for classifiers NAME_n_classes and NAME_class_names, for\n"
    "regression NAME_target_mean and NAME_target_scale (the target is the\n"
    "model's output times scale plus mean). --name must be a C identifier that\n"
    "does not start with '_', tnn_ or TNN_ and is not a C or C++ keyword; the\n"
    "default is the model file's name up to its first '.', other characters\n"
    "than letters, digits and '_' replaced by '_', with model_ in front if it\n"
    "would break a rule ('9x' -> model_9x, 'int' -> model_int). A model file\n"
    "without a columns file (saved by tnn_model_save) exports too, with inputs\n"
    "input0, input1, ... taken as they are.",
    1,
    options,
};

/* The default identifier: from the file's base name up to its first '.'. */
static void default_name(const char *path, char *out)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    char stem[C_IDENT_MAX + 1];
    size_t n = 0;
    for (const char *p = base; *p != '\0' && *p != '.' && n < C_IDENT_MAX; p++)
        stem[n++] = *p;
    stem[n] = '\0';
    c_ident_derive(stem, out);
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
    for (size_t i = 0; i < d; i++) {
        fputs(i ? ", " : "", c);
        output_number(c, mc->standardized ? mc->mean[i] : 0.0);
    }
    fprintf(c, "};\nconst double %s_input_scale[%zu] = {", name, d);
    for (size_t i = 0; i < d; i++) {
        fputs(i ? ", " : "", c);
        output_number(c, mc->standardized ? mc->scale[i] : 1.0);
    }
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
    } else {
        fprintf(h,
                "\n/* The model's output o is the target, in its column's units, as\n"
                " * o * %s_target_scale + %s_target_mean (scale 1 and mean 0 when the\n"
                " * target was not standardised for training). */\n",
                name, name);
        fprintf(h, "extern const double %s_target_mean;\n", name);
        fprintf(h, "extern const double %s_target_scale;\n", name);
        fprintf(c, "const double %s_target_mean = ", name);
        output_number(c, mc->target_standardized ? mc->target_mean : 0.0);
        fprintf(c, ";\nconst double %s_target_scale = ", name);
        output_number(c, mc->target_standardized ? mc->target_scale : 1.0);
        fputs(";\n", c);
    }
    fprintf(h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
    return 0;
}

static int run_export(const char *model_path)
{
    char name[C_IDENT_MAX + 1];
    const char *v = args_get(&command, "name"), *why;
    if (v != NULL) {
        if (c_ident_check(v, &why) != 0) {
            diag("--name: expected a C identifier for the model, found '%s': %s", v, why);
            return EXIT_USAGE;
        }
        snprintf(name, sizeof name, "%s", v);
    } else {
        default_name(model_path, name);
    }
    tnn_number_format format = TNN_REAL_IS_DOUBLE ? TNN_FORMAT_FLOAT64 : TNN_FORMAT_FLOAT32;
    if ((v = args_get(&command, "format")) != NULL && model_io_parse_format(v, &format) != 0) {
        diag("--format: expected float32 or float64, found '%s'", v);
        return EXIT_USAGE;
    }
    const char *dir = common_out_dir(&command, ".");
    cli_model m;
    if (dir == NULL || model_io_load_any(model_path, &m) != 0)
        return EXIT_DATA;
    char c_file[96], h_file[96];
    snprintf(c_file, sizeof c_file, "%s.c", name);
    snprintf(h_file, sizeof h_file, "%s.h", name);
    int rc = EXIT_DATA;
    if (write_library_part(m.model, format, name, TNN_EXPORT_SOURCE, dir, c_file) == 0 &&
        write_library_part(m.model, format, name, TNN_EXPORT_HEADER, dir, h_file) == 0 &&
        write_columns_files(&m.cols, name, dir) == 0) {
        if (!m.has_columns)
            output_report("no columns file: inputs named input0 to input%zu, taken as they are\n",
                          m.cols.n_features - 1);
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
