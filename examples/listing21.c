/* Listing 21: model5 (three hidden ReLU units) trained on X4; its boundary
 * is no longer a straight line. While it trains, snapshots of its decision
 * regions go to frames/ (the animation anim_model5_boundary.gif). */
#include <stdlib.h>

#include "article_frames.h"
#include "article_grid.h"
#include "article_models.h"
#include "article_views.h"
#include "example.h"

/* Frames every 10 epochs, then every epoch around the jump between epochs
 * 181 and 182 (the cyan wedge in the square, where the output hovers near
 * 0.5, drops below it at once), then sparser: 72 frames. */
static const frame_step schedule[] = {{160, 10}, {176, 4},  {188, 1},
                                      {200, 4},  {600, 20}, {2200, 100}};
/* A frame's grid is every 4th row and column of grid.csv's 500 x 500. */
#define FRAME_STRIDE 4

typedef struct watcher {
    example frames;
    csv index; /* frames/index.csv: epoch,loss,accuracy */
    size_t epochs;
} watcher;

/* After `epoch` epochs: the class grid of the current weights and their
 * loss and accuracy on X4 (Keras's model.evaluate). Reads the model only. */
static void snapshot(void *ctx, size_t epoch, const article_run *run)
{
    watcher *w = ctx;
    if (!frames_due(schedule, sizeof schedule / sizeof schedule[0], epoch, w->epochs))
        return;
    double row[3] = {(double)epoch, 0, 0};
    views_evaluate(run, &row[1], &row[2]);
    csv_row(&w->index, row, 3);
    article_grid g;
    article_grid_sample(run->model, article_box_x4, 0, &g);
    size_t n1 = (g.n1 + FRAME_STRIDE - 1) / FRAME_STRIDE,
           n2 = (g.n2 + FRAME_STRIDE - 1) / FRAME_STRIDE;
    double *x1 = example_alloc(n1 * sizeof *x1), *x2 = example_alloc(n2 * sizeof *x2);
    double *cls = example_alloc(n1 * n2 * sizeof *cls);
    for (size_t i = 0; i < n1; i++)
        x1[i] = g.x1[i * FRAME_STRIDE];
    for (size_t j = 0; j < n2; j++) {
        x2[j] = g.x2[j * FRAME_STRIDE];
        for (size_t i = 0; i < n1; i++)
            cls[j * n1 + i] = g.cls[j * FRAME_STRIDE * g.n1 + i * FRAME_STRIDE];
    }
    csv_write_grid(&w->frames, frames_file("grid", epoch), x1, n1, x2, n2, cls);
    free(cls);
    free(x2);
    free(x1);
    article_grid_free(&g);
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing21",
                  "Listing 21: trains model5 = 2 -> Dense(3, relu) -> Dense(1, sigmoid) on X4\n"
                  "(Keras's initial weights for Python seed 2): 2200 epochs, full batch, Adam,\n"
                  "binary cross-entropy; then draws its boundary over [-1.9, 1.9]^2 (500 x 500).\n"
                  "Writes history.csv (epoch,loss,accuracy), final.csv (loss,accuracy at\n"
                  "the trained weights, Keras's model.evaluate), points.csv and grid.csv;\n"
                  "and, while it trains, snapshots in frames/: index.csv (epoch,loss,accuracy\n"
                  "at the weights after that many epochs) and grid_EEEE.csv (the class grid\n"
                  "then, every 4th row and column of grid.csv's).");
    watcher w;
    frames_folder(&ex, &w.frames);
    w.epochs = article_recipe_of(MODEL5_X4_RELU)->epochs;
    csv_open(&w.index, &w.frames, "index.csv", "epoch,loss,accuracy");
    article_run run;
    article_train_watched(MODEL5_X4_RELU, &run, snapshot, &w);
    csv_close(&w.index);
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
