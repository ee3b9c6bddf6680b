/* Listing 12: scikit-learn's LogisticRegression() on X1 (L-BFGS, L2 penalty
 * with C = 1, intercept not penalised) and its decision boundary. Same
 * model as the sigmoid neuron, p = sigmoid(w0 + w.x), different training:
 * the boundary is again a straight line, but not exactly model1's. */
#include <stdlib.h>

#include "article_grid.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing12",
                  "Listing 12: fits LogisticRegression() (scikit-learn's defaults: lbfgs,\n"
                  "L2 penalty, C = 1) on X1 and samples its boundary on the 500 x 500 grid\n"
                  "of Figure 11. Writes points.csv (x1,x2,y), coef.csv (w0,w1,w2: the\n"
                  "intercept_, then coef_) and grid.csv (class of each cell).");
    article_data d;
    example_check(article_load(ARTICLE_X1, &d), "loading X1");
    csv_write_points(&ex, "points.csv", "x1,x2,y", d.x, d.n_rows, d.n_cols, d.y);

    /* logistic regression is one sigmoid unit; tnn_logreg_fit trains it as sklearn does */
    tnn_layer_spec sigmoid = TNN_DENSE(1, TNN_ACT_SIGMOID);
    tnn_model *lr = NULL;
    example_check(tnn_model_new(&lr, 2, &sigmoid, 1, NULL), "creating the model");
    tnn_logreg_options opt = TNN_LOGREG_OPTIONS_INIT; /* C = 1, tol 1e-4, max_iter 100 */
    size_t ws;
    example_check(tnn_logreg_workspace_size(lr, &opt, &ws), "workspace");
    void *work = example_alloc(ws);
    tnn_real *x = example_to_real(d.x, d.n_rows * 2), *y = example_to_real(d.y, d.n_rows);
    tnn_lbfgs_report report = TNN_LBFGS_REPORT_INIT;
    example_check(tnn_logreg_fit(lr, &opt, x, y, d.n_rows, work, ws, &report), "fitting");

    tnn_real coef[2], intercept;
    example_check(tnn_model_get_weights(lr, 0, coef, 2, &intercept, 1), "coefficients");
    double w[3] = {(double)intercept, (double)coef[0], (double)coef[1]};
    csv_write_table(&ex, "coef.csv", "w0,w1,w2", w, 1, 3);
    article_grid g;
    article_grid_sample(lr, article_box_x1, 0, &g);
    article_grid_write(&ex, "grid.csv", &g);

    printf("logistic regression on X1: %zu/%zu points correct; intercept %.6f, coef "
           "(%.6f, %.6f)\n",
           article_count_correct(lr, &d, 0), d.n_rows, w[0], w[1], w[2]);
    printf("L-BFGS: %zu iterations (sklearn's n_iter_), objective %.6f\n", report.iterations,
           report.f);
    article_grid_free(&g);
    free(x);
    free(y);
    free(work);
    tnn_model_free(lr);
    article_free(&d);
    return 0;
}
