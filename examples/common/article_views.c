/* Files the listings of the article's second half draw (see article_views.h). */
#include "article_views.h"

#include <stdlib.h>

const double article_box_x4[4] = {-1.9, 1.9, -1.9, 1.9};

/* Scratch for the inspection functions: 256 rows per block is plenty. */
static void *scratch_for(const tnn_model *model, size_t *size)
{
    example_check(tnn_predict_workspace_size(model, 256, size), "workspace size");
    return example_alloc(*size);
}

double *views_layer_outputs(const tnn_model *model, size_t layer, const tnn_real *x, size_t n_rows)
{
    const tnn_layer *l = tnn_model_layer(model, layer);
    if (l == NULL)
        example_check(TNN_E_OUT_OF_RANGE, "no such layer");
    size_t n = n_rows * tnn_layer_units(l), ws;
    tnn_real *a = example_alloc(n * sizeof *a);
    void *work = scratch_for(model, &ws);
    example_check(tnn_layer_activations(model, layer, x, n_rows, a, NULL, n, work, ws),
                  "layer activations");
    double *out = example_alloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = (double)a[i];
    free(work);
    free(a);
    return out;
}

void views_write_plane(const example *ex, const char *file, const tnn_real normal[3],
                       tnn_real offset, const double box[4], size_t n)
{
    double *v1 = example_alloc(n * sizeof *v1), *v2 = example_alloc(n * sizeof *v2);
    example_check(tnn_linspace(box[0], box[1], v1, n), "plane axis");
    example_check(tnn_linspace(box[2], box[3], v2, n), "plane axis");
    tnn_real *height = example_alloc(n * n * sizeof *height);
    example_check(tnn_plane_surface(normal, 3, offset, v1, n, v2, n, height, n * n),
                  "plane surface");
    double *cells = example_alloc(n * n * sizeof *cells);
    for (size_t i = 0; i < n * n; i++)
        cells[i] = (double)height[i];
    csv_write_grid(ex, file, v1, n, v2, n, cells);
    free(cells);
    free(height);
    free(v2);
    free(v1);
}

void views_evaluate(const article_run *run, double *loss, double *metric)
{
    size_t ws;
    void *work = scratch_for(run->model, &ws);
    example_check(tnn_evaluate(run->model, run->recipe->loss, run->recipe->metric, run->x,
                               run->y, run->data.n_rows, loss, metric, work, ws),
                  "evaluating the trained model");
    free(work);
}

double *views_predict(const tnn_model *model, const tnn_real *x, size_t n_rows)
{
    size_t ws;
    void *work = scratch_for(model, &ws);
    tnn_real *y = example_alloc(n_rows * sizeof *y);
    example_check(tnn_predict(model, x, n_rows, y, work, ws), "predicting");
    double *out = example_alloc(n_rows * sizeof *out);
    for (size_t i = 0; i < n_rows; i++)
        out[i] = (double)y[i];
    free(y);
    free(work);
    return out;
}

double views_write_x5_predictions(const example *ex, const char *file, const tnn_model *model)
{
    article_data test;
    example_check(article_load(ARTICLE_X5_TEST, &test), "loading X5_test");
    tnn_real *x = example_to_real(test.x, test.n_rows);
    double *pred = views_predict(model, x, test.n_rows);
    csv c;
    csv_open(&c, ex, file, "x,y_true,y_pred");
    double sse = 0;
    for (size_t i = 0; i < test.n_rows; i++) {
        double row[3] = {test.x[i], test.y[i], pred[i]};
        csv_row(&c, row, 3);
        sse += (pred[i] - test.y[i]) * (pred[i] - test.y[i]);
    }
    csv_close(&c);
    double mse = sse / (double)test.n_rows;
    free(pred);
    free(x);
    article_free(&test);
    return mse;
}

size_t views_alive_units(const tnn_model *model)
{
    article_data test;
    example_check(article_load(ARTICLE_X5_TEST, &test), "loading X5_test");
    tnn_real *x = example_to_real(test.x, test.n_rows);
    size_t units = tnn_layer_units(tnn_model_layer(model, 0)), alive = 0;
    double *a = views_layer_outputs(model, 0, x, test.n_rows);
    for (size_t u = 0; u < units; u++) {
        int on = 0;
        for (size_t i = 0; i < test.n_rows && !on; i++)
            on = a[i * units + u] > 0;
        alive += (size_t)on;
    }
    free(a);
    free(x);
    article_free(&test);
    return alive;
}
