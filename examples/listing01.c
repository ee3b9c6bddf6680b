/* Listing 1: the data set X1 (30 points in two classes), standardised. */
#include "article_data.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing01",
                  "Listing 1: builds X1, y1 (numpy seed 3, randn(30, 2), labels from\n"
                  "choice((0, 1)), class 1 moved by (-4, +4)) and standardises it.\n"
                  "Writes points.csv (x1,x2,y).");
    article_data d;
    example_check(article_load(ARTICLE_X1, &d), "loading X1");
    csv_write_points(&ex, "points.csv", "x1,x2,y", d.x, d.n_rows, d.n_cols, d.y);
    size_t ones = 0;
    for (size_t i = 0; i < d.n_rows; i++)
        ones += d.y[i] == 1;
    printf("X1: %zu points, %zu of class 1; scaler mean (%.6f, %.6f), scale (%.6f, %.6f)\n",
           d.n_rows, ones, d.mean[0], d.mean[1], d.scale[0], d.scale[1]);
    article_free(&d);
    return 0;
}
