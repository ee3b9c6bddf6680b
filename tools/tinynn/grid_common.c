/* Class grids over two inputs (see grid_common.h). */
#include "grid_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "diag.h"
#include "output.h"

void grid_data_box(const csv_table *t, size_t cx, size_t cy, double box[4])
{
    const double inf = (double)INFINITY;
    double lo[2] = {inf, inf}, hi[2] = {-inf, -inf};
    for (size_t r = 0; r < t->n_rows; r++) {
        double v[2] = {t->values[r * t->n_cols + cx], t->values[r * t->n_cols + cy]};
        for (int k = 0; k < 2; k++) {
            lo[k] = fmin(lo[k], v[k]);
            hi[k] = fmax(hi[k], v[k]);
        }
    }
    for (int k = 0; k < 2; k++) {
        double pad = hi[k] > lo[k] ? 0.1 * (hi[k] - lo[k]) : 1.0;
        box[2 * k] = lo[k] - pad;
        box[2 * k + 1] = hi[k] + pad;
    }
}

double *grid_axis(double lo, double hi, size_t size, size_t *n)
{
    double step = (hi - lo) / (double)size;
    tnn_status st = tnn_arange_count(lo, hi, step, n);
    double *axis = st == TNN_OK ? common_alloc(*n * sizeof *axis) : NULL;
    if (st == TNN_OK && axis != NULL)
        st = tnn_arange(lo, hi, step, axis, *n);
    if (st != TNN_OK) {
        diag_status("grid axis", st);
        free(axis);
        return NULL;
    }
    return axis;
}

double *grid_model_axis(const double *axis, size_t n, int standardized, double mean, double scale)
{
    double *out = common_alloc(n * sizeof *out);
    if (out != NULL)
        for (size_t i = 0; i < n; i++)
            out[i] = standardized ? (axis[i] - mean) / scale : axis[i];
    return out;
}

int grid_write(const char *dir, const char *name, const double *x1, size_t n1, const double *x2,
               size_t n2, const int32_t *classes, const tnn_real *scores,
               const model_columns *target, int close_now)
{
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, name) != 0 || (f = output_open(path)) == NULL)
        return -1;
    fprintf(f, "%zu", n1);
    for (size_t i = 0; i < n1; i++) {
        fputc(',', f);
        output_number(f, x1[i]);
    }
    fputc('\n', f);
    for (size_t j = 0; j < n2; j++) {
        output_number(f, x2[j]);
        for (size_t i = 0; i < n1; i++) {
            fputc(',', f);
            if (classes != NULL)
                fprintf(f, "%d", (int)classes[j * n1 + i]);
            else if (target != NULL)
                output_number(f, columns_target_value(target, (double)scores[j * n1 + i]));
            else
                output_real(f, scores[j * n1 + i]);
        }
        fputc('\n', f);
    }
    return close_now ? output_close(f) : 0;
}

int grid_write_labels(const char *dir, char *const *names, size_t n)
{
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, "labels.csv") != 0 || (f = output_open(path)) == NULL)
        return -1;
    fputs("class,label\n", f);
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "%zu,", k);
        output_text(f, names[k]);
        fputc('\n', f);
    }
    return 0;
}
