/* What the listings of the article's second half draw, as files: a
 * layer's activations, a plane sampled over a box, predictions, the loss
 * and metric at the trained weights (class grids: article_grid.h). Built
 * on tinynn/inspect.h; every function exits with a message on failure,
 * like the rest of examples/common. */
#ifndef ARTICLE_VIEWS_H
#define ARTICLE_VIEWS_H

#include <stddef.h>

#include <tinynn/tinynn.h>

#include "article_models.h"
#include "example.h"

/* plot_boundary box of X4 {x1 min, x1 max, x2 min, x2 max}, read off the
 * article's Figures 16, 19 and 24. */
extern const double article_box_x4[4];

/* Outputs of layer `layer` for n_rows inputs x, as malloc'ed doubles
 * (n_rows x the layer's units, row-major). */
double *views_layer_outputs(const tnn_model *model, size_t layer, const tnn_real *x,
                            size_t n_rows);

/* The plane offset + normal . (v1, v2, v3) = 0 as a surface
 * v3 = -(offset + normal[0] v1 + normal[1] v2) / normal[2], sampled on an
 * n x n linspace grid of [lo1, hi1] x [lo2, hi2], written as a
 * grid.csv-style FILE (cells hold v3). */
void views_write_plane(const example *ex, const char *file, const tnn_real normal[3],
                       tnn_real offset, const double box[4], size_t n);

/* The loss and metric of a trained run on its training data at its final
 * weights (Keras's model.evaluate; the history's last entry is the epoch
 * before the last update). Either pointer may be NULL. */
void views_evaluate(const article_run *run, double *loss, double *metric);

/* Predictions of a one-output model for n_rows inputs, as malloc'ed doubles. */
double *views_predict(const tnn_model *model, const tnn_real *x, size_t n_rows);

/* Predicts X5_test (linspace(0, 1, 1000)) with a trained 1-input model and
 * writes FILE with header x,y_true,y_pred (y_true: the parabola). Returns
 * the mean squared error over X5_test. */
double views_write_x5_predictions(const example *ex, const char *file, const tnn_model *model);

/* Hidden units of layer 0 that are positive somewhere on X5_test: a ReLU
 * unit that is 0 on all of [0, 1] has gradient 0 there and stays dead. */
size_t views_alive_units(const tnn_model *model);

#endif /* ARTICLE_VIEWS_H */
