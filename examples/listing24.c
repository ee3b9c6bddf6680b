/* Listing 24: model6's hidden space. A linear hidden layer maps x to
 * a = b + x1 v1 + x2 v2 (v1, v2: the hidden weights from x1 and from x2,
 * b: the hidden biases), so every X4 point lands on the 2-D plane through
 * b spanned by v1 and v2: the layer cannot fold the data, only tilt it.
 *
 * plane.csv is the output unit's decision plane z = 0 in hidden space,
 * a3 = -(w0 + w1 a1 + w2 a2) / w3; the article's code draws the shifted
 * a3 = (0.5 - (w0 + w1 a1 + w2 a2)) / w3 instead. */
#include <math.h>
#include <stdlib.h>

#include "article_models.h"
#include "article_views.h"
#include "example.h"

static void cross(const double u[3], const double v[3], double out[3])
{
    out[0] = u[1] * v[2] - u[2] * v[1];
    out[1] = u[2] * v[0] - u[0] * v[2];
    out[2] = u[0] * v[1] - u[1] * v[0];
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing24",
                  "Listing 24: trains model6 (2 -> Dense(3, linear) -> Dense(1, sigmoid) on\n"
                  "X4, as Listing 23) and maps every X4 point into the hidden space, where\n"
                  "they lie on the plane through b spanned by v1 and v2.\n"
                  "Writes hidden.csv (a1,a2,a3,y); vectors.csv (vector,a1,a2,a3,from1,\n"
                  "from2,from3: v1 and v2, the hidden weights from x1 and from x2, drawn\n"
                  "from b, the image of x = 0); weights.csv (w0,w1,w2,w3 of the output\n"
                  "unit); plane.csv (grid.csv layout, 25 x 25: a3 on the output's decision\n"
                  "plane z = 0, a3 = -(w0 + w1 a1 + w2 a2) / w3; the article draws\n"
                  "(0.5 - (w0 + ...)) / w3, a shifted plane).");
    article_run run;
    article_train(MODEL6_X4_LINEAR_HIDDEN, &run);
    const size_t n = run.data.n_rows;
    double *a = views_layer_outputs(run.model, 0, run.x, n);
    csv_write_points(&ex, "hidden.csv", "a1,a2,a3,y", a, n, 3, run.data.y);

    tnn_real span[6], offset[3];
    example_check(tnn_linear_layer_span(run.model, 0, span, 6, offset, 3), "hidden span");
    double v[2][3], b[3], rows[2][7];
    for (size_t k = 0; k < 3; k++) {
        b[k] = (double)offset[k];
        v[0][k] = (double)span[k];
        v[1][k] = (double)span[3 + k];
    }
    for (size_t r = 0; r < 2; r++) {
        rows[r][0] = (double)(r + 1);
        for (size_t k = 0; k < 3; k++) {
            rows[r][1 + k] = v[r][k];
            rows[r][4 + k] = b[k];
        }
    }
    csv_write_table(&ex, "vectors.csv", "vector,a1,a2,a3,from1,from2,from3", &rows[0][0], 2, 7);

    /* how far the hidden points are from the plane b + span(v1, v2), and
     * the box they cover in (a1, a2) for the output plane */
    double normal[3], largest = 0, box[4] = {a[0], a[0], a[1], a[1]};
    cross(v[0], v[1], normal);
    double norm = sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
    for (size_t i = 0; i < n; i++) {
        const double *p = a + 3 * i;
        double dist = 0;
        for (size_t k = 0; k < 3; k++)
            dist += (p[k] - b[k]) * normal[k] / norm;
        largest = fabs(dist) > largest ? fabs(dist) : largest;
        box[0] = p[0] < box[0] ? p[0] : box[0];
        box[1] = p[0] > box[1] ? p[0] : box[1];
        box[2] = p[1] < box[2] ? p[1] : box[2];
        box[3] = p[1] > box[3] ? p[1] : box[3];
    }

    double w[4];
    article_unit_weights(run.model, 1, w, 4);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2,w3", w, 1, 4);
    const tnn_real out_normal[3] = {(tnn_real)w[1], (tnn_real)w[2], (tnn_real)w[3]};
    views_write_plane(&ex, "plane.csv", out_normal, (tnn_real)w[0], box, 25);

    printf("model6's hidden points lie on a plane: largest distance %.3g (points span %.2f "
           "in a1)\n",
           largest, box[1] - box[0]);
    printf("v1 = (%.4f, %.4f, %.4f), v2 = (%.4f, %.4f, %.4f), b = (%.4f, %.4f, %.4f)\n",
           v[0][0], v[0][1], v[0][2], v[1][0], v[1][1], v[1][2], b[0], b[1], b[2]);
    free(a);
    article_run_free(&run);
    return 0;
}
