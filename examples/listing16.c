/* Listing 16: the softmax model's (model3's) boundaries on X3. A point gets
 * the class k of the largest z_k = b_k + w_k . x, so classes i and j meet
 * where z_i = z_j: the line (b_i - b_j) + (w_i - w_j) . x = 0, whose normal
 * is w_i - w_j. Three such lines, meeting at one point, split the plane. */
#include <math.h>

#include "article_grid.h"
#include "article_models.h"
#include "example.h"

/* Middle of the visible boundary between classes a and b: the mean of the
 * midpoints of neighbouring grid cells of those two classes. */
static void boundary_middle(const article_grid *g, double a, double b, double *m1, double *m2)
{
    double s1 = 0, s2 = 0;
    size_t n = 0;
    for (size_t r = 0; r < g->n2; r++)
        for (size_t c = 0; c < g->n1; c++) {
            double here = g->cls[r * g->n1 + c];
            double right = c + 1 < g->n1 ? g->cls[r * g->n1 + c + 1] : here;
            double up = r + 1 < g->n2 ? g->cls[(r + 1) * g->n1 + c] : here;
            if ((here == a && right == b) || (here == b && right == a)) {
                s1 += (g->x1[c] + g->x1[c + 1]) / 2, s2 += g->x2[r], n++;
            }
            if ((here == a && up == b) || (here == b && up == a)) {
                s1 += g->x1[c], s2 += (g->x2[r] + g->x2[r + 1]) / 2, n++;
            }
        }
    *m1 = n > 0 ? s1 / (double)n : (double)NAN;
    *m2 = n > 0 ? s2 / (double)n : (double)NAN;
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing16",
                  "Listing 16: trains Dense(3, softmax) on X3 as Listing 14 does, samples its\n"
                  "classes (argmax, written as the labels 1..3) on the 500 x 500 grid of\n"
                  "Figure 14, and takes the normals w3 - w2, w2 - w1, w3 - w1 of the lines\n"
                  "between classes. Writes points.csv (x1,x2,y), grid.csv, weights.csv\n"
                  "(unit,w0,w1,w2) and vectors.csv (i,j,w0,w1,w2,x1,x2: the line\n"
                  "w0 + w1 x1 + w2 x2 = 0 between classes i and j, (w1, w2) = w_i - w_j,\n"
                  "and (x1, x2) the middle of that boundary in the grid, NaN if it is not\n"
                  "in the box).");
    article_run run;
    article_train(MODEL3_X3_SOFTMAX, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x1,x2,y", d->x, d->n_rows, d->n_cols, d->y);
    csv_write_layer_weights(&ex, "weights.csv", run.model, 0);
    article_grid g;
    article_grid_sample(run.model, article_box_x3, 1, &g);
    article_grid_write(&ex, "grid.csv", &g);

    /* the article's pairs (i, j), classes numbered 1..3 as in y3 */
    const size_t pairs[3][2] = {{3, 2}, {2, 1}, {3, 1}};
    double rows[3][7];
    for (size_t p = 0; p < 3; p++) {
        size_t i = pairs[p][0], j = pairs[p][1];
        tnn_real normal[2], offset;
        example_check(tnn_class_boundary(run.model, 0, i - 1, j - 1, normal, 2, &offset),
                      "class boundary");
        double *row = rows[p];
        row[0] = (double)i, row[1] = (double)j;
        row[2] = (double)offset, row[3] = (double)normal[0], row[4] = (double)normal[1];
        boundary_middle(&g, (double)i, (double)j, &row[5], &row[6]);
    }
    csv_write_table(&ex, "vectors.csv", "i,j,w0,w1,w2,x1,x2", &rows[0][0], 3, 7);

    /* where all three meet: z2 = z1 and z3 = z1 (rows 1 and 2 of the table) */
    double a = rows[1][3], b = rows[1][4], c = rows[2][3], e = rows[2][4];
    double det = a * e - b * c;
    double p1 = (-rows[1][2] * e + rows[2][2] * b) / det;
    double p2 = (-rows[2][2] * a + rows[1][2] * c) / det;
    printf("model3 on X3: %zu/%zu points correct; the three boundaries meet at (%.4f, %.4f)\n",
           article_count_correct(run.model, d, 1), d->n_rows, p1, p2);
    for (size_t p = 0; p < 3; p++)
        printf("w%zu - w%zu = (%.4f, %.4f), normal to the line between classes %zu and %zu\n",
               pairs[p][0], pairs[p][1], rows[p][3], rows[p][4], pairs[p][0], pairs[p][1]);
    article_grid_free(&g);
    article_run_free(&run);
    return 0;
}
