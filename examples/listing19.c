/* Listing 19: the decision boundary of model4 on X4: a straight line. */
#include "article_grid.h"
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing19",
                  "Listing 19: trains model4 (Dense(1, sigmoid) on X4, as Listing 18) and\n"
                  "draws its boundary: plot_boundary over [-1.9, 1.9]^2, 500 x 500 cells.\n"
                  "The article's code passes model5 here by mistake; its text and Figure 16\n"
                  "are model4, which this program draws.\n"
                  "Writes points.csv (x1,x2,y), grid.csv (classes) and weights.csv\n"
                  "(w0,w1,w2: the line w0 + w1 x1 + w2 x2 = 0).");
    article_run run;
    article_train(MODEL4_X4_SIGMOID, &run);
    const article_data *d = &run.data;
    csv_write_points(&ex, "points.csv", "x1,x2,y", d->x, d->n_rows, d->n_cols, d->y);
    article_grid g;
    article_grid_sample(run.model, article_box_x4, 0, &g);
    article_grid_write(&ex, "grid.csv", &g);
    double w[3];
    article_unit_weights(run.model, 0, w, 3);
    csv_write_table(&ex, "weights.csv", "w0,w1,w2", w, 1, 3);
    double accuracy;
    views_evaluate(&run, NULL, &accuracy);
    printf("model4 on X4: accuracy %.4f; the boundary is the line %.4f %+.4f x1 %+.4f x2 = 0\n",
           accuracy, w[0], w[1], w[2]);
    printf("grid %zu x %zu, %zu cells of class 1\n", g.n1, g.n2, article_grid_count(&g, 1));
    article_grid_free(&g);
    article_run_free(&run);
    return 0;
}
