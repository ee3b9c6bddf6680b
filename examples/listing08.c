/* Listing 8: the boundary of the trained sigmoid neuron (model1) on X1 and
 * its weight vector w = (w1, w2). The neuron says class 1 where
 * p = sigmoid(w0 + w1 x1 + w2 x2) >= 0.5, i.e. where w0 + w.x >= 0: a
 * straight line, with w normal to it. */
#include "article_grid.h"
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing08",
                  "Listing 8: trains Dense(1, sigmoid) on X1 as Listing 6 does and samples\n"
                  "its boundary (threshold 0.5) on the 500 x 500 grid of Figure 8. Writes\n"
                  "points.csv (x1,x2,y), grid.csv (class of each cell) and weights.csv\n"
                  "(w0,w1,w2; the arrow of Figure 8 is (w1, w2) from the origin).");
    article_run run;
    article_train(MODEL1_X1_SIGMOID, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x1,x2,y", d->x, d->n_rows, d->n_cols, d->y);
    double w[3];
    article_unit_weights(run.model, 0, w, 3);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);

    article_grid g;
    article_grid_sample(run.model, article_box_x1, 0, &g);
    article_grid_write(&ex, "grid.csv", &g);
    printf("model1 on X1: %zu/%zu points correct; boundary %.6g %+.6g x1 %+.6g x2 = 0\n",
           article_count_correct(run.model, d, 0), d->n_rows, w[0], w[1], w[2]);
    printf("w = (%.6g, %.6g) is normal to it; %.1f%% of the box is class 1\n", w[1], w[2],
           100.0 * (double)article_grid_count(&g, 1) / (double)(g.n1 * g.n2));
    article_grid_free(&g);
    article_run_free(&run);
    return 0;
}
