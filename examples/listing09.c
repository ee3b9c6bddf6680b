/* Listing 9: the data set X2 (two blobs of 50 points in 3-D), standardised.
 * The article plots it without defining it; this is its companion
 * notebook's definition. */
#include "article_data.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing09",
                  "Listing 9: builds X2, y2 (numpy seed 0; 50 points of randn(50, 3) * 0.4\n"
                  "around (-2, 1, 0), label 0, and 50 around (1, 4, 3), label 1) and\n"
                  "standardises it. Writes points.csv (x1,x2,x3,y) for Figure 9.");
    article_data d;
    example_check(article_load(ARTICLE_X2, &d), "loading X2");
    csv_write_points(&ex, "points.csv", "x1,x2,x3,y", d.x, d.n_rows, d.n_cols, d.y);
    double centre[2][3] = {{0}};
    size_t count[2] = {0};
    for (size_t i = 0; i < d.n_rows; i++) {
        size_t c = d.y[i] == 1;
        count[c]++;
        for (size_t k = 0; k < 3; k++)
            centre[c][k] += d.x[3 * i + k];
    }
    for (size_t c = 0; c < 2; c++)
        for (size_t k = 0; k < 3; k++)
            centre[c][k] /= (double)count[c];
    printf("X2: %zu points in 3-D, %zu of class 0 and %zu of class 1\n", d.n_rows, count[0],
           count[1]);
    printf("standardised class centres: (%.3f, %.3f, %.3f) and (%.3f, %.3f, %.3f)\n",
           centre[0][0], centre[0][1], centre[0][2], centre[1][0], centre[1][1], centre[1][2]);
    article_free(&d);
    return 0;
}
