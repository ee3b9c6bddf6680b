/* tinynn geometry: the hyperplanes behind a model's boundaries (the
 * article's weight vectors, normal to the boundary lines, Listings 4-16). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"
#include "model_io.h"
#include "output.h"

static arg_option options[] = {
    {"out", "DIR", "folder for the layerK_*.csv files (default: the current folder)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "geometry",
    "MODEL [options]",
    "Prints and writes the hyperplane b + w1 v1 + ... + wn vn = 0 of every unit\n"
    "(where a step unit flips, a sigmoid unit crosses 0.5, a ReLU unit switches\n"
    "on) in its layer's input space, and for softmax layers the boundary between\n"
    "every pair of classes i, j (normal w_i - w_j, pointing towards i). Layer 0\n"
    "is expressed in the data's own units (standardisation folded in); deeper\n"
    "layers in the previous layer's activations; the output unit of a model\n"
    "trained on a standardised target in the target's units (where the\n"
    "prediction crosses 0). Files: layerK_units.csv\n"
    "(unit,bias,V1,...: the examples' weights.csv layout with each coefficient\n"
    "named after its input, a feature of the data or a1, a2, ...; units from 1)\n"
    "and layerK_pairs.csv (i,j,bias,V1,...: class indices from 0).",
    1,
    options,
};

/* Rewrites a plane over standardised inputs in the data's units:
 * w0 + sum w_i (x_i - m_i) / s_i = (w0 - sum w_i m_i / s_i) + sum (w_i / s_i) x_i. */
static void to_data_units(const model_columns *mc, double *w, size_t n)
{
    if (!mc->standardized)
        return;
    for (size_t i = 0; i < n; i++) {
        w[1 + i] /= mc->scale[i];
        w[0] -= w[1 + i] * mc->mean[i];
    }
}

/* Rewrites the output unit of a model trained on a standardised target in
 * the target's units: s (w0 + sum w_i v_i) + m = 0 is where the prediction
 * crosses 0. */
static void to_target_units(const model_columns *mc, double *w, size_t n)
{
    if (!mc->target_standardized)
        return;
    for (size_t i = 0; i <= n; i++)
        w[i] *= mc->target_scale;
    w[0] += mc->target_mean;
}

static void print_plane(const char *what, const double *w, size_t n, const model_columns *mc,
                        size_t layer)
{
    output_report("  %s: %.6g", what, w[0]);
    size_t shown = n < 8 ? n : 8;
    for (size_t i = 0; i < shown; i++) {
        if (layer == 0)
            output_report(" %+.6g*%s", w[1 + i], mc->features[i]);
        else
            output_report(" %+.6g*a%zu", w[1 + i], i + 1);
    }
    if (shown < n)
        output_report(" ... (%zu more terms in the file)", n - shown);
    output_report(" = 0\n");
}

/* Writes one plane as a CSV row (after its leading index columns) and prints it. */
static void emit_plane(FILE *f, const cli_model *m, size_t k, const char *what, tnn_real offset,
                       const tnn_real *normal, size_t fan_in, double *w)
{
    w[0] = (double)offset;
    for (size_t v = 0; v < fan_in; v++)
        w[1 + v] = (double)normal[v];
    if (k == 0)
        to_data_units(&m->cols, w, fan_in);
    if (k + 1 == tnn_model_n_layers(m->model))
        to_target_units(&m->cols, w, fan_in);
    for (size_t v = 0; v <= fan_in; v++) {
        fputc(',', f);
        output_number(f, w[v]);
    }
    fputc('\n', f);
    print_plane(what, w, fan_in, &m->cols, k);
}

/* Whether the layer's units decide together, by pairs of classes
 * (softmax), rather than each by its own plane. */
static int decides_in_pairs(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_SOFTMAX: return 1;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: return 0;
    }
    return 0;
}

static int write_layer(const char *dir, const cli_model *m, size_t k, tnn_real *normal, double *w)
{
    const tnn_model *model = m->model;
    const tnn_layer *l = tnn_model_layer(model, k);
    const size_t fan_in = tnn_layer_n_inputs(l), units = tnn_layer_units(l);
    const tnn_activation act = tnn_layer_activation(l);
    const int pairs = decides_in_pairs(act);
    /* class names apply to the output layer of a classifier */
    const int named = k + 1 == tnn_model_n_layers(model) && m->cols.n_classes == units;
    char name[64], path[4096], what[600];
    snprintf(name, sizeof name, "layer%zu_%s.csv", k, pairs ? "pairs" : "units");
    FILE *f;
    if (output_join(path, sizeof path, dir, name) != 0 || (f = output_open(path)) == NULL)
        return -1;
    /* each coefficient named after its input, as print_plane does */
    fputs(pairs ? "i,j,bias" : "unit,bias", f);
    for (size_t i = 0; i < fan_in; i++) {
        fputc(',', f);
        if (k == 0)
            output_text(f, m->cols.features[i]);
        else
            fprintf(f, "a%zu", i + 1);
    }
    fputc('\n', f);
    output_report("layer %zu: %zu %s units on %zu inputs (%s)\n", k, units,
                  tnn_activation_name(act), fan_in,
                  pairs ? "class boundaries z_i = z_j" : "unit planes z = 0");
    tnn_real offset;
    tnn_status st = TNN_OK;
    for (size_t i = 0; i < units && st == TNN_OK; i++) {
        if (!pairs) {
            st = tnn_unit_hyperplane(model, k, i, normal, fan_in, &offset);
            if (st != TNN_OK)
                break;
            snprintf(what, sizeof what, "unit %zu", i + 1);
            fprintf(f, "%zu", i + 1);
            emit_plane(f, m, k, what, offset, normal, fan_in, w);
            continue;
        }
        for (size_t j = i + 1; j < units && st == TNN_OK; j++) {
            st = tnn_class_boundary(model, k, i, j, normal, fan_in, &offset);
            if (st != TNN_OK)
                break;
            if (named)
                snprintf(what, sizeof what, "%s | %s", m->cols.classes[i], m->cols.classes[j]);
            else
                snprintf(what, sizeof what, "classes %zu | %zu", i, j);
            fprintf(f, "%zu,%zu", i, j);
            emit_plane(f, m, k, what, offset, normal, fan_in, w);
        }
    }
    if (st != TNN_OK) {
        diag_status("geometry", st);
        return -1;
    }
    return 0;
}

static int run_geometry(const char *model_path)
{
    const char *dir;
    cli_model m;
    if (common_open_model(&command, model_path, NULL, NULL, &dir, &m) != 0)
        return EXIT_DATA;
    int rc = EXIT_DATA;
    size_t widest = tnn_model_n_inputs(m.model);
    for (size_t k = 0; k < tnn_model_n_layers(m.model); k++) {
        size_t u = tnn_layer_units(tnn_model_layer(m.model, k));
        widest = u > widest ? u : widest;
    }
    tnn_real *normal = common_alloc(widest * sizeof *normal);
    double *w = common_alloc((widest + 1) * sizeof *w);
    if (normal != NULL && w != NULL) {
        rc = 0;
        for (size_t k = 0; k < tnn_model_n_layers(m.model) && rc == 0; k++)
            if (write_layer(dir, &m, k, normal, w) != 0)
                rc = EXIT_DATA;
    }
    if (rc == 0 && m.cols.standardized)
        output_report("(layer 0 is in the data's units: the standardisation is folded in)\n");
    free(normal);
    free(w);
    model_io_free(&m);
    return rc;
}

int cmd_geometry(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_geometry(pos[0]));
}
