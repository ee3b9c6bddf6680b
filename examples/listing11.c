/* Listing 11: model2's decision plane in the 3-D input space of X2.
 * p = 0.5 where w0 + w1 x1 + w2 x2 + w3 x3 = 0; solved for x3 it is the
 * surface x3 = -(w0 + w1 x1 + w2 x2) / w3, drawn over [-2, 2]^2 with the
 * normal vector w = (w1, w2, w3) pointing towards class 1. */
#include <stdlib.h>

#include "article_grid.h"
#include "article_models.h"
#include "example.h"

#define PLANE_N 500

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing11",
                  "Listing 11: trains Dense(1, sigmoid) on X2 as Listing 10 does and samples\n"
                  "its decision plane x3 = -(w0 + w1 x1 + w2 x2) / w3 on a 500 x 500 grid\n"
                  "of [-2, 2]^2 (np.linspace). Writes points.csv (x1,x2,x3,y), plane.csv\n"
                  "(grid.csv layout, cells hold x3) and weights.csv (w0,w1,w2,w3).");
    article_run run;
    article_train(MODEL2_X2_SIGMOID, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x1,x2,x3,y", d->x, d->n_rows, d->n_cols, d->y);

    tnn_real normal[3], offset;
    example_check(tnn_unit_hyperplane(run.model, 0, 0, normal, 3, &offset), "hyperplane");
    double w[4] = {(double)offset, (double)normal[0], (double)normal[1], (double)normal[2]};
    csv_write_table(&ex, "weights.csv", "w0,w1,w2,w3", w, 1, 4);

    double axis[PLANE_N];
    example_check(tnn_linspace(-2, 2, axis, PLANE_N), "plane axis");
    tnn_real *x3 = example_alloc(PLANE_N * PLANE_N * sizeof *x3);
    example_check(tnn_plane_surface(normal, 3, offset, axis, PLANE_N, axis, PLANE_N, x3,
                                    PLANE_N * PLANE_N),
                  "plane surface");
    double *cells = example_alloc(PLANE_N * PLANE_N * sizeof *cells);
    for (size_t i = 0; i < PLANE_N * PLANE_N; i++)
        cells[i] = (double)x3[i];
    csv_write_grid(&ex, "plane.csv", axis, PLANE_N, axis, PLANE_N, cells);

    printf("model2 on X2: %zu/%zu points on their side of the plane "
           "%.4g %+.4g x1 %+.4g x2 %+.4g x3 = 0\n",
           article_count_correct(run.model, d, 0), d->n_rows, w[0], w[1], w[2], w[3]);
    printf("w = (%.4g, %.4g, %.4g) is its normal; over [-2, 2]^2 x3 runs from %.3g to %.3g\n",
           w[1], w[2], w[3], cells[0], cells[PLANE_N * PLANE_N - 1]);
    free(cells);
    free(x3);
    article_run_free(&run);
    return 0;
}
