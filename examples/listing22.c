/* Listing 22: what model5's hidden layer does to X4. Every point x becomes
 * (a1, a2, a3), the outputs of the three ReLU units; in that 3-D hidden
 * space the sigmoid output is one neuron again, so its boundary is a plane,
 * and the hidden layer has moved the points so that a plane splits them.
 *
 * The plane is the output unit's z = 0 (p = 0.5):
 *   a3 = -(w0 + w1 a1 + w2 a2) / w3.
 * The article's code draws a3 = (0.5 - (w0 + w1 a1 + w2 a2)) / w3, which is
 * z = 0.5, a shifted plane; this program writes the true boundary. */
#include <stdlib.h>

#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing22",
                  "Listing 22: trains model5 (2 -> Dense(3, relu) -> Dense(1, sigmoid) on X4,\n"
                  "as Listing 21) and maps every X4 point into the hidden space.\n"
                  "Writes hidden.csv (a1,a2,a3,y), weights.csv (w0,w1,w2,w3 of the output\n"
                  "unit) and plane.csv (grid.csv layout: a1 values in the first row, one\n"
                  "row per a2 value, cells holding a3 on the output's decision plane\n"
                  "z = 0, i.e. a3 = -(w0 + w1 a1 + w2 a2) / w3, over the points' a1, a2\n"
                  "range, 25 x 25). Note: the article draws (0.5 - (w0 + ...)) / w3, a plane\n"
                  "shifted to z = 0.5, which is not where p = 0.5; this is the corrected one.");
    article_run run;
    article_train(MODEL5_X4_RELU, &run);
    const size_t n = run.data.n_rows;
    double *a = views_layer_outputs(run.model, 0, run.x, n);
    csv_write_points(&ex, "hidden.csv", "a1,a2,a3,y", a, n, 3, run.data.y);

    double w[4];
    article_unit_weights(run.model, 1, w, 4);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2,w3", w, 1, 4);
    const tnn_real normal[3] = {(tnn_real)w[1], (tnn_real)w[2], (tnn_real)w[3]};

    /* the plane over the box the points span in (a1, a2); count the
     * points on their class's side of it */
    double box[4] = {a[0], a[0], a[1], a[1]};
    size_t right_side = 0;
    for (size_t i = 0; i < n; i++) {
        const double *p = a + 3 * i;
        box[0] = p[0] < box[0] ? p[0] : box[0];
        box[1] = p[0] > box[1] ? p[0] : box[1];
        box[2] = p[1] < box[2] ? p[1] : box[2];
        box[3] = p[1] > box[3] ? p[1] : box[3];
        double z = w[0] + w[1] * p[0] + w[2] * p[1] + w[3] * p[2];
        right_side += (z >= 0) == (run.data.y[i] == 1);
    }
    views_write_plane(&ex, "plane.csv", normal, (tnn_real)w[0], box, 25);

    printf("model5's hidden space: the output plane puts %.4f of X4 on its class's side\n",
           (double)right_side / (double)n);
    printf("plane z = 0: a3 = -(%.4f %+.4f a1 %+.4f a2) / %.4f (the article's plane, "
           "(0.5 - ...) / w3, is shifted)\n",
           w[0], w[1], w[2], w[3]);
    free(a);
    article_run_free(&run);
    return 0;
}
