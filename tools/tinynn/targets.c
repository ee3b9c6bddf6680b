/* Target columns (see targets.h). */
#include "targets.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "input.h"
#include "model_io.h"

void targets_free(targets *tg)
{
    for (size_t k = 0; k < tg->n_classes; k++)
        free(tg->class_names[k]);
    free(tg->class_names);
    free(tg->y);
    memset(tg, 0, sizeof *tg);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char *copy_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL)
        memcpy(c, s, n);
    return c;
}

int targets_classes(const char *path, const csv_table *t, size_t c, targets *out)
{
    memset(out, 0, sizeof *out);
    const csv_column *col = &t->cols[c];
    if (col->as_labels.line != 0) {
        input_report_column(path, t, c, 1);
        return -1;
    }
    const size_t n = t->n_rows;
    out->y = malloc(n * sizeof *out->y);
    double *distinct = col->is_text ? NULL : malloc(n * sizeof *distinct);
    if (out->y == NULL || (!col->is_text && distinct == NULL))
        goto oom;
    for (size_t r = 0; r < n; r++)
        out->y[r] = t->values[r * t->n_cols + c];
    size_t k = col->n_labels;
    if (!col->is_text) {
        memcpy(distinct, out->y, n * sizeof *distinct);
        qsort(distinct, n, sizeof *distinct, compare_doubles);
        k = 0;
        for (size_t r = 0; r < n; r++)
            if (k == 0 || distinct[r] != distinct[k - 1])
                distinct[k++] = distinct[r];
        if (k > CSV_DEFAULT_MAX_LABELS) {
            diag("%s: column %zu (%s): expected at most %zu distinct classes, found %zu (is it "
                 "a column of values? use --loss mse)",
                 path, c + 1, col->name, CSV_DEFAULT_MAX_LABELS, k);
            free(distinct);
            targets_free(out);
            return -1;
        }
        for (size_t r = 0; r < n; r++) {
            const double *hit = bsearch(&out->y[r], distinct, k, sizeof *distinct,
                                        compare_doubles);
            out->y[r] = (double)(hit - distinct);
        }
    }
    out->class_names = calloc(k, sizeof *out->class_names);
    if (out->class_names == NULL)
        goto oom;
    out->n_classes = k;
    for (size_t i = 0; i < k; i++) {
        char buf[40];
        if (!col->is_text)
            model_io_number_label(distinct[i], buf, sizeof buf);
        out->class_names[i] = copy_text(col->is_text ? col->labels[i] : buf);
        if (out->class_names[i] == NULL)
            goto oom;
    }
    free(distinct);
    return 0;
oom:
    diag("out of memory");
    free(distinct);
    targets_free(out);
    return -1;
}

int targets_values(const char *path, const csv_table *t, size_t c, targets *out)
{
    memset(out, 0, sizeof *out);
    if (input_require_numbers(path, t, c) != 0) {
        diag("(a regression target must be numbers; for classes use --loss bce or cce)");
        return -1;
    }
    out->y = malloc(t->n_rows * sizeof *out->y);
    if (out->y == NULL) {
        diag("out of memory");
        return -1;
    }
    for (size_t r = 0; r < t->n_rows; r++)
        out->y[r] = t->values[r * t->n_cols + c];
    return 0;
}
