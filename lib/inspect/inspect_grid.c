/* Class and score grids over a 2-D box (or a 2-D slice of a wider input
 * space) for decision-boundary plots. Cells are laid out row-major, one row
 * per x2 value, and go through the batched forward pass a block at a time. */
#include <math.h>

#include "inspect/inspect_internal.h"
#include "kernels/dense.h"
#include "kernels/kernels.h"

/* Per cell: the forward pass's ping-pong scratch, the cell's input row and
 * its output row. */
static size_t grid_row_bytes(const tnn_model *m)
{
    return tnn__predict_row_bytes(m) + (m->n_inputs + tnn_model_n_outputs(m)) * sizeof(tnn_real);
}

tnn_status tnn_grid_workspace_size(const tnn_model *model, size_t n_cells, size_t *size)
{
    if (!tnn__model_ok(model) || size == NULL || n_cells == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__mul(grid_row_bytes(model), n_cells, size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

static bool all_representable(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!tnn__representable(v[i]))
            return false;
    return true;
}

/* Resolves which inputs vary; checks the slice against the model. */
static tnn_status resolve_slice(const tnn_model *m, const tnn_grid_slice *caller_slice,
                                size_t *in1, size_t *in2, const tnn_real **fixed)
{
    tnn_grid_slice read = TNN_GRID_SLICE_INIT;
    const tnn_grid_slice *slice = NULL;
    if (caller_slice != NULL) {
        tnn_status st = tnn__sized_read(caller_slice, &read, sizeof read);
        if (st != TNN_OK)
            return st;
        slice = &read;
    }
    const size_t n_in = m->n_inputs;
    if (n_in < 2)
        return TNN_E_SHAPE_MISMATCH;
    if (slice == NULL) {
        if (n_in > 2) /* values for inputs 2 .. n-1 are missing */
            return TNN_E_INVALID_ARGUMENT;
        *in1 = 0;
        *in2 = 1;
        *fixed = NULL;
        return TNN_OK;
    }
    if (slice->input1 >= n_in || slice->input2 >= n_in)
        return TNN_E_OUT_OF_RANGE;
    if (slice->input1 == slice->input2)
        return TNN_E_INVALID_ARGUMENT;
    if (slice->fixed == NULL) {
        if (n_in > 2)
            return TNN_E_INVALID_ARGUMENT;
    } else {
        if (slice->n_fixed != n_in)
            return TNN_E_SHAPE_MISMATCH;
        if (tnn__check_finite(slice->fixed, n_in) != TNN_OK)
            return TNN_E_NON_FINITE;
    }
    *in1 = slice->input1;
    *in2 = slice->input2;
    *fixed = slice->fixed;
    return TNN_OK;
}

/* The narrow path: a model of one output whose layers are all at most 16
 * wide goes through transposed blocks (kernels/dense_t.c), whose loops run
 * over cells and vectorise. Same sums in the same order as tnn_predict(),
 * so the same outputs. When only classes are wanted, the output's
 * activation is skipped where z alone decides the class (see
 * tnn_output_classes): step and linear outputs are class 1 exactly when
 * z >= 0, ReLU when z > 0, sigmoid when sigmoid(z) >= 0.5, which is z >= 0
 * except in a tiny band below 0 where the rounded sigmoid is 0.5: there it
 * is computed as tnn_predict() computes it. */
static bool layer_narrow(const struct tnn_layer *l)
{
    switch (l->kind) {
    case TNN_LAYER_DENSE: return !tnn__act_couples_units(l->activation);
    }
    return false;
}

static bool grid_narrow(const tnn_model *m)
{
    if (m->max_width > 16 || tnn_model_n_outputs(m) != 1)
        return false;
    for (size_t k = 0; k < m->n_layers; k++)
        if (!layer_narrow(&m->layers[k]))
            return false;
    return true;
}

/* Whether z alone decides the output's class (above). */
static bool z_decides_class(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_RELU: return true;
    case TNN_ACT_TANH:
    case TNN_ACT_SOFTMAX: return false;
    }
    return false;
}

#define SIGMOID_BAND ((tnn_real)-1e-5)

TNN_KERNEL
static void classes_from_z(tnn_activation act, const tnn_real *restrict z, size_t n,
                           int32_t *restrict classes)
{
    switch (act) {
    case TNN_ACT_RELU:
        for (size_t r = 0; r < n; r++)
            classes[r] = z[r] > 0;
        return;
    case TNN_ACT_SIGMOID: {
        int32_t in_band = 0;
        for (size_t r = 0; r < n; r++) {
            classes[r] = z[r] >= 0;
            in_band |= (z[r] < 0) & (z[r] >= SIGMOID_BAND);
        }
        if (in_band) /* rare: cells just below the boundary */
            for (size_t r = 0; r < n; r++)
                if (z[r] < 0 && z[r] >= SIGMOID_BAND)
                    classes[r] = tnn__sigmoid(z[r]) >= (tnn_real)0.5;
        return;
    }
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_TANH: /* tanh and softmax: never here (z_decides_class) */
    case TNN_ACT_SOFTMAX:
        for (size_t r = 0; r < n; r++)
            classes[r] = z[r] >= 0;
        return;
    }
}

/* run cells of one grid row: input 1 from x1 (converted), input 2 the
 * row's x2 value */
TNN_KERNEL
static void fill_run(tnn_real *restrict in1, tnn_real *restrict in2, const double *restrict x1,
                     double x2, size_t run)
{
    const tnn_real v2 = (tnn_real)x2;
    for (size_t r = 0; r < run; r++) {
        in1[r] = (tnn_real)x1[r];
        in2[r] = v2;
    }
}

static tnn_status grid_sample_narrow(const tnn_model *model, const double *x1, size_t n1,
                                     const double *x2, size_t total, size_t in1, size_t in2,
                                     const tnn_real *fixed, int32_t *classes, tnn_real *scores,
                                     void *work, size_t block)
{
    const size_t n_in = model->n_inputs, last = model->n_layers - 1;
    const struct tnn_layer *out_layer = &model->layers[last];
    const tnn_activation act = out_layer->activation;
    const bool z_decides = scores == NULL && z_decides_class(act);
    /* the same scratch as the row-major path: ping-pong halves, inputs, outputs */
    tnn_real *half[2] = {work, (tnn_real *)work + model->max_width * block};
    tnn_real *inputs = half[1] + model->max_width * block;
    tnn_real *outputs = inputs + n_in * block;
    size_t row = 0, col = 0;
    for (size_t done = 0; done < total; done += block) {
        const size_t b = total - done < block ? total - done : block;
        /* transposed inputs: input i of cell r at inputs[i * b + r] */
        for (size_t i = 0; i < n_in; i++)
            if (i != in1 && i != in2)
                for (size_t r = 0; r < b; r++)
                    inputs[i * b + r] = fixed[i];
        /* a grid row at a time: x1 runs along it, x2 is constant */
        for (size_t r = 0; r < b;) {
            const size_t run = n1 - col < b - r ? n1 - col : b - r;
            fill_run(inputs + in1 * b + r, inputs + in2 * b + r, x1 + col, x2[row], run);
            r += run;
            col += run;
            if (col == n1) {
                col = 0;
                row++;
            }
        }
        const tnn_real *in = inputs;
        for (size_t k = 0; k < last; k++) {
            tnn__dense_forward_t(&model->layers[k], in, b, b, half[k % 2]);
            in = half[k % 2];
        }
        if (z_decides) {
            tnn__dense_forward_t_act(out_layer, in, b, b, outputs, TNN_ACT_LINEAR);
            classes_from_z(act, outputs, b, classes + done);
        } else {
            tnn__dense_forward_t(out_layer, in, b, b, outputs);
            tnn__classify_rows(model, outputs, b, classes != NULL ? classes + done : NULL,
                               scores != NULL ? scores + done : NULL);
        }
    }
    return TNN_OK;
}

tnn_status tnn_grid_sample(const tnn_model *model, const double *x1, size_t n1, const double *x2,
                           size_t n2, const tnn_grid_slice *slice, int32_t *classes,
                           tnn_real *scores, size_t n_cells, void *work, size_t work_size)
{
    if (!tnn__model_ok(model) || x1 == NULL || x2 == NULL || work == NULL ||
        (classes == NULL && scores == NULL) || n1 == 0 || n2 == 0)
        return TNN_E_INVALID_ARGUMENT;
    size_t in1, in2;
    const tnn_real *fixed;
    tnn_status st = resolve_slice(model, slice, &in1, &in2, &fixed);
    if (st != TNN_OK)
        return st;
    size_t total;
    if (!tnn__mul(n1, n2, &total) || !tnn__rows_fit(total, 1) || /* cells, and the axes: */
        n1 > SIZE_MAX / sizeof(double) || n2 > SIZE_MAX / sizeof(double))
        return TNN_E_OVERFLOW;
    if (n_cells < total)
        return TNN_E_BUFFER_TOO_SMALL;
    if ((st = tnn__check_classifiable(model)) != TNN_OK)
        return st;
    if (!all_representable(x1, n1) || !all_representable(x2, n2))
        return TNN_E_NON_FINITE;
    size_t block;
    if ((st = tnn__inspect_work_rows(work, work_size, grid_row_bytes(model), &block)) != TNN_OK)
        return st;
    if (block > total)
        block = total;

    if (grid_narrow(model))
        return grid_sample_narrow(model, x1, n1, x2, total, in1, in2, fixed, classes, scores,
                                  work, block);

    const size_t n_in = model->n_inputs;
    tnn_real *scratch = work;
    tnn_real *inputs = scratch + 2 * model->max_width * block;
    tnn_real *outputs = inputs + n_in * block;
    /* Inputs outside the slice never change: write them once. */
    if (fixed != NULL)
        for (size_t r = 0; r < block; r++)
            for (size_t i = 0; i < n_in; i++)
                inputs[r * n_in + i] = fixed[i];

    size_t row = 0, col = 0; /* grid position of the next cell */
    for (size_t done = 0; done < total; done += block) {
        const size_t b = total - done < block ? total - done : block;
        for (size_t r = 0; r < b; r++) {
            inputs[r * n_in + in1] = (tnn_real)x1[col];
            inputs[r * n_in + in2] = (tnn_real)x2[row];
            if (++col == n1) {
                col = 0;
                row++;
            }
        }
        tnn__forward_rows(model, inputs, b, outputs, scratch);
        tnn__classify_rows(model, outputs, b, classes != NULL ? classes + done : NULL,
                           scores != NULL ? scores + done : NULL);
    }
    return TNN_OK;
}
