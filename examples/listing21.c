/* Listing 21: model5 (three hidden ReLU units) trained on X4; its boundary
 * is no longer a straight line. */
#include "article_grid.h"
#include "article_models.h"
#include "article_views.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing21",
                  "Listing 21: trains model5 = 2 -> Dense(3, relu) -> Dense(1, sigmoid) on X4\n"
                  "(Glorot weights from seed 2): 2200 epochs, full batch, Adam, binary\n"
                  "cross-entropy; then draws its boundary over [-1.9, 1.9]^2 (500 x 500).\n"
                  "Writes history.csv (epoch,loss,accuracy), final.csv (loss,accuracy at\n"
                  "the trained weights, Keras's model.evaluate), points.csv and grid.csv.");
    article_run run;
    article_train(MODEL5_X4_RELU, &run);
    const article_data *d = &run.data;
    size_t epochs = run.recipe->epochs;
    csv_write_history(&ex, "history.csv", "accuracy", run.loss, run.metric, epochs);
    double final[2];
    views_evaluate(&run, &final[0], &final[1]);
    csv_write_table(&ex, "final.csv", "loss,accuracy", final, 1, 2);
    csv_write_points(&ex, "points.csv", "x1,x2,y", d->x, d->n_rows, d->n_cols, d->y);
    article_grid g;
    article_grid_sample(run.model, article_box_x4, 0, &g);
    article_grid_write(&ex, "grid.csv", &g);
    printf("model5 on X4: accuracy %.4f after %zu epochs (loss %.9f)\n", final[1], epochs,
           final[0]);
    printf("grid %zu x %zu, %zu cells of class 1; the boundary bends around the square\n", g.n1,
           g.n2, article_grid_count(&g, 1));
    article_grid_free(&g);
    article_run_free(&run);
    return 0;
}
