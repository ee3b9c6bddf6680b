/* Listing 13: the data set X3 (three blobs of 50 points, labels 1, 2, 3),
 * standardised. */
#include "article_data.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing13",
                  "Listing 13: builds X3, y3 (numpy seed 0; 50 points each of randn * 0.4\n"
                  "around (2, 1), randn * 0.7 around (6, 4) and randn * 0.5 around (2, 6),\n"
                  "labels 1, 2, 3) and standardises it. Writes points.csv (x1,x2,y) for\n"
                  "Figure 13.");
    article_data d;
    example_check(article_load(ARTICLE_X3, &d), "loading X3");
    csv_write_points(&ex, "points.csv", "x1,x2,y", d.x, d.n_rows, d.n_cols, d.y);
    size_t count[4] = {0};
    for (size_t i = 0; i < d.n_rows; i++)
        if (d.y[i] >= 1 && d.y[i] <= 3)
            count[(size_t)d.y[i]]++;
    printf("X3: %zu points, %zu / %zu / %zu of classes 1 / 2 / 3; scaler mean (%.4f, %.4f), "
           "scale (%.4f, %.4f)\n",
           d.n_rows, count[1], count[2], count[3], d.mean[0], d.mean[1], d.scale[0], d.scale[1]);
    article_free(&d);
    return 0;
}
