/* The article's decision-boundary figures (its Listing 3, plot_boundary):
 * the class of every cell of a 500 x 500 grid over a box, written as
 * grid.csv (gnuplot's nonuniform matrix, examples/README.md). */
#ifndef ARTICLE_GRID_H
#define ARTICLE_GRID_H

#include <stddef.h>

#include <tinynn/tinynn.h>

#include "article_data.h"
#include "example.h"

/* Boxes {x1 min, x1 max, x2 min, x2 max}, read off the article's figures. */
extern const double article_box_x1[4]; /* X1: Figures 3, 4, 8, 11 */
extern const double article_box_x3[4]; /* X3: Figure 14 */

/* A class grid: cell (r, c) is (x1[c], x2[r]), stored at cls[r * n1 + c]. */
typedef struct article_grid {
    size_t n1, n2;
    double *x1, *x2;
    double *cls;
} article_grid;

/* plot_boundary(box): x1 = np.arange(l0, l1, (l1 - l0) / 500), x2 likewise,
 * and the class tnn_grid_sample() gives each cell (step value, sigmoid
 * p >= 0.5, argmax), plus first_label (1 for X3, whose labels are 1..3).
 * Exits with a message on failure. */
void article_grid_sample(const tnn_model *model, const double box[4], int first_label,
                         article_grid *g);

/* Cells whose class is `label`. */
size_t article_grid_count(const article_grid *g, double label);

/* Points of d (labels first_label, first_label + 1, ...) that the model
 * puts in their own class, by the class rule of the grid. */
size_t article_count_correct(const tnn_model *model, const article_data *d, int first_label);

void article_grid_write(const example *ex, const char *file, const article_grid *g);

void article_grid_free(article_grid *g);

#endif /* ARTICLE_GRID_H */
