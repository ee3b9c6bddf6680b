/* Class grids for the decision-boundary figures (see article_grid.h). */
#include "article_grid.h"

#include <stdlib.h>

const double article_box_x1[4] = {-2.3, 1.8, -1.9, 2.2};
const double article_box_x3[4] = {-2.2, 2.4, -2.5, 2.1};

/* np.arange(lo, hi, (hi - lo) / 500), malloc'ed */
static double *arange_500(double lo, double hi, size_t *n)
{
    double step = (hi - lo) / 500;
    example_check(tnn_arange_count(lo, hi, step, n), "grid axis");
    double *v = example_alloc(*n * sizeof *v);
    example_check(tnn_arange(lo, hi, step, v, *n), "grid axis");
    return v;
}

void article_grid_sample(const tnn_model *model, const double box[4], int first_label,
                         article_grid *g)
{
    g->x1 = arange_500(box[0], box[1], &g->n1);
    g->x2 = arange_500(box[2], box[3], &g->n2);
    size_t cells = g->n1 * g->n2, ws;
    example_check(tnn_grid_workspace_size(model, 512, &ws), "grid workspace");
    void *work = example_alloc(ws);
    int32_t *cls = example_alloc(cells * sizeof *cls);
    example_check(tnn_grid_sample(model, g->x1, g->n1, g->x2, g->n2, NULL, cls, NULL, cells,
                                  work, ws),
                  "sampling the class grid");
    g->cls = example_alloc(cells * sizeof *g->cls);
    for (size_t i = 0; i < cells; i++)
        g->cls[i] = cls[i] + first_label;
    free(cls);
    free(work);
}

size_t article_grid_count(const article_grid *g, double label)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n1 * g->n2; i++)
        n += g->cls[i] == label;
    return n;
}

size_t article_count_correct(const tnn_model *model, const article_data *d, int first_label)
{
    size_t n = d->n_rows, k = tnn_model_n_outputs(model), ws;
    tnn_real *x = example_to_real(d->x, n * d->n_cols);
    tnn_real *out = example_alloc(n * k * sizeof *out);
    int32_t *cls = example_alloc(n * sizeof *cls);
    example_check(tnn_predict_workspace_size(model, n, &ws), "predict workspace");
    void *work = example_alloc(ws);
    example_check(tnn_predict(model, x, n, out, work, ws), "predicting");
    example_check(tnn_output_classes(model, out, n, cls, NULL), "classes");
    size_t correct = 0;
    for (size_t i = 0; i < n; i++)
        correct += cls[i] + first_label == d->y[i];
    free(work);
    free(cls);
    free(out);
    free(x);
    return correct;
}

void article_grid_write(const example *ex, const char *file, const article_grid *g)
{
    csv_write_grid(ex, file, g->x1, g->n1, g->x2, g->n2, g->cls);
}

void article_grid_free(article_grid *g)
{
    free(g->x1);
    free(g->x2);
    free(g->cls);
    g->x1 = g->x2 = g->cls = NULL;
}
