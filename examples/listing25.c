/* Listing 25: the regression data X5: 100 points of the parabola
 * y = -(x - 0.5)^2 + 0.25 on [0, 1]. */
#include "article_data.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing25",
                  "Listing 25: builds X5 = linspace(0, 1, 100) and y5 = -(X5 - 0.5)^2 + 0.25\n"
                  "(not standardised). Writes points.csv (x,y).");
    article_data d;
    example_check(article_load(ARTICLE_X5, &d), "loading X5");
    csv_write_points(&ex, "points.csv", "x,y", d.x, d.n_rows, d.n_cols, d.y);
    double mean = 0, var = 0;
    for (size_t i = 0; i < d.n_rows; i++)
        mean += d.y[i] / (double)d.n_rows;
    for (size_t i = 0; i < d.n_rows; i++)
        var += (d.y[i] - mean) * (d.y[i] - mean) / (double)d.n_rows;
    printf("X5: %zu points of y = -(x - 0.5)^2 + 0.25 on [0, 1]; variance of y %.6f\n",
           d.n_rows, var);
    printf("(the MSE of the best constant prediction; a straight line does little better)\n");
    article_free(&d);
    return 0;
}
