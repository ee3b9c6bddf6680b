/* Listing 17: the data set X4, an L-shaped band (class 1) around a square
 * (class 0), standardised. */
#include "article_data.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing17",
                  "Listing 17: builds X4 (numpy seed 0; 1550 points uniform in [0, 4]^2\n"
                  "keeping those NOT (x1 < 3 and x2 < 3), label 1; then 1550 more keeping\n"
                  "those NOT (x1 > 2.3 or x2 > 2.3), label 0) and standardises it.\n"
                  "Writes points.csv (x1,x2,y).");
    article_data d;
    example_check(article_load(ARTICLE_X4, &d), "loading X4");
    csv_write_points(&ex, "points.csv", "x1,x2,y", d.x, d.n_rows, d.n_cols, d.y);
    size_t ones = 0;
    for (size_t i = 0; i < d.n_rows; i++)
        ones += d.y[i] == 1;
    printf("X4: %zu points, %zu of class 1 (the band), %zu of class 0 (the square)\n", d.n_rows,
           ones, d.n_rows - ones);
    printf("scaler mean (%.6f, %.6f), scale (%.6f, %.6f)\n", d.mean[0], d.mean[1], d.scale[0],
           d.scale[1]);
    article_free(&d);
    return 0;
}
