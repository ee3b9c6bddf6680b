/* Listing 3: plot_boundary, the sampler behind every decision-boundary
 * figure. The article predicts every point of a 500 x 500 grid,
 *
 *   x1 = np.arange(lims[0], lims[1], (lims[1] - lims[0]) / 500)   (x2 likewise)
 *
 * and colours each by its class. Here it samples a hand-set step unit,
 * predict = (w0 + w1 x1 + w2 x2 >= 0) with w = (0, -1, 1): the line x2 = x1. */
#include <stdlib.h>

#include "article_grid.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing03",
                  "Listing 3: plot_boundary. Samples the class of a hand-set step unit\n"
                  "(w0 = 0, w1 = -1, w2 = 1: class 1 above the line x2 = x1) on the\n"
                  "article's 500 x 500 grid over X1's box [-2.3, 1.8] x [-1.9, 2.2].\n"
                  "Writes grid.csv (nonuniform matrix: x1 values, then per x2 its classes)\n"
                  "and weights.csv (w0,w1,w2).");
    tnn_layer_spec step = TNN_DENSE(1, TNN_ACT_STEP);
    tnn_model *unit = NULL;
    example_check(tnn_model_new(&unit, 2, &step, 1, NULL), "creating the unit");
    const tnn_real kernel[2] = {-1, 1}, bias[1] = {0};
    example_check(tnn_model_set_weights(unit, 0, kernel, 2, bias, 1), "setting weights");

    /* the grid axes, as numpy's arange makes them */
    const double *box = article_box_x1;
    double step1 = (box[1] - box[0]) / 500, step2 = (box[3] - box[2]) / 500;
    size_t n1, n2;
    example_check(tnn_arange_count(box[0], box[1], step1, &n1), "x1 axis");
    example_check(tnn_arange_count(box[2], box[3], step2, &n2), "x2 axis");
    double *x1 = example_alloc(n1 * sizeof *x1), *x2 = example_alloc(n2 * sizeof *x2);
    example_check(tnn_arange(box[0], box[1], step1, x1, n1), "x1 axis");
    example_check(tnn_arange(box[2], box[3], step2, x2, n2), "x2 axis");

    /* one class per cell, row r = x2[r], column c = x1[c] (np.meshgrid's layout) */
    size_t cells = n1 * n2, ws;
    example_check(tnn_grid_workspace_size(unit, 512, &ws), "workspace size");
    void *work = example_alloc(ws);
    int32_t *cls = example_alloc(cells * sizeof *cls);
    example_check(tnn_grid_sample(unit, x1, n1, x2, n2, NULL, cls, NULL, cells, work, ws),
                  "sampling the grid");

    double *cells_out = example_alloc(cells * sizeof *cells_out);
    size_t above = 0;
    for (size_t i = 0; i < cells; i++) {
        cells_out[i] = cls[i];
        above += cls[i] == 1;
    }
    csv_write_grid(&ex, "grid.csv", x1, n1, x2, n2, cells_out);
    double w[3] = {(double)bias[0], (double)kernel[0], (double)kernel[1]};
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);
    printf("plot_boundary grid: %zu x %zu cells, %zu (%.1f%%) of class 1 (x2 >= x1)\n", n1, n2,
           above, 100.0 * (double)above / (double)cells);
    printf("x1 = arange(%g, %g, %g): %zu values; x2 = arange(%g, %g, %g): %zu values\n", box[0],
           box[1], step1, n1, box[2], box[3], step2, n2);
    free(cells_out);
    free(cls);
    free(work);
    free(x1);
    free(x2);
    tnn_model_free(unit);
    return 0;
}
