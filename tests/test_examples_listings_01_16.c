/* Example programs of Listings 1-16: each runs, writes the files
 * examples/README.md promises, and shows what the article states. */
#include "example_runner.h"

#include <float.h>
#include <math.h>

#include "learners_ref.h"
#include "tnn_test.h"

#if TNN_REAL_IS_DOUBLE
#define REAL_EPS DBL_EPSILON
#else
#define REAL_EPS ((double)FLT_EPSILON)
#endif

/* Article boxes {x1 min, x1 max, x2 min, x2 max} of the boundary figures */
static const double box_x1[4] = {-2.3, 1.8, -1.9, 2.2};
static const double box_x3[4] = {-2.2, 2.4, -2.5, 2.1};

/* Unchecked grid access for loops over all 250000 cells: every passing
 * ck_assert costs a write to Check's pipe, which adds up to seconds. */
static double cell_at(const grid_data *g, size_t r, size_t c)
{
    return g->raw.v[(r + 1) * g->raw.cols + c + 1];
}

static double x2_at(const grid_data *g, size_t r)
{
    return g->raw.v[(r + 1) * g->raw.cols];
}

/* The grid's axes are numpy's arange(l0, l1, (l1 - l0) / 500), 500 values each. */
static void check_arange_axes(const grid_data *g, const double box[4])
{
    double a1[501], a2[501];
    size_t n1, n2;
    ck_assert_ok(tnn_arange_count(box[0], box[1], (box[1] - box[0]) / 500, &n1));
    ck_assert_ok(tnn_arange_count(box[2], box[3], (box[3] - box[2]) / 500, &n2));
    ck_assert_uint_eq(n1, 500);
    ck_assert_uint_eq(n2, 500);
    ck_assert_uint_eq(g->n1, 500);
    ck_assert_uint_eq(g->n2, 500);
    ck_assert_ok(tnn_arange(box[0], box[1], (box[1] - box[0]) / 500, a1, 501));
    ck_assert_ok(tnn_arange(box[2], box[3], (box[3] - box[2]) / 500, a2, 501));
    size_t differ = 0;
    for (size_t i = 0; i < 500; i++)
        differ += g->x1[i] != a1[i] || x2_at(g, i) != a2[i];
    ck_assert_uint_eq(differ, 0);
}

/* z = w0 + w1 x1 + w2 x2 and how far rounding (tnn_real inputs, sums,
 * a sigmoid near 0.5) can move it */
static double affine(const double *w, double x1, double x2, double *slack)
{
    double z = w[0] + w[1] * x1 + w[2] * x2;
    if (slack != NULL)
        *slack = 16 * REAL_EPS * (fabs(w[0]) + fabs(w[1] * x1) + fabs(w[2] * x2) + 1);
    return z;
}

/* A single unit's boundary is the straight line z = 0: every cell's class
 * is z >= 0, except cells within rounding of the line (few of them). Both
 * classes show up in the box. */
static void check_line_grid(const grid_data *g, const double w[3])
{
    size_t near = 0, ones = 0, wrong = 0, bad_r = 0, bad_c = 0;
    for (size_t r = 0; r < g->n2; r++)
        for (size_t c = 0; c < g->n1; c++) {
            double slack, z = affine(w, g->x1[c], x2_at(g, r), &slack);
            double cls = cell_at(g, r, c);
            ones += cls == 1;
            if (fabs(z) <= slack)
                near++;
            else if (cls != (z >= 0 ? 1 : 0) && wrong++ == 0)
                bad_r = r, bad_c = c;
        }
    ck_assert_msg(wrong == 0, "%zu cells off the line's side, first (%zu, %zu): class %g",
                  wrong, bad_r, bad_c, cell_at(g, bad_r, bad_c));
    ck_assert_uint_le(near, 10);
    ck_assert_uint_gt(ones, 1000);
    ck_assert_uint_lt(ones, g->n1 * g->n2 - 1000);
}

/* Every point of points.csv (x1,x2,y) is strictly on its side: z > 0 for y = 1. */
static void check_points_separated(const csv_data *p, const double w[3])
{
    for (size_t r = 0; r < p->rows; r++) {
        double z = affine(w, csv_at(p, r, 0), csv_at(p, r, 1), NULL);
        ck_assert_msg(csv_at(p, r, 2) == 1 ? z > 0 : z < 0, "point %zu (y = %g) has z = %g", r,
                      csv_at(p, r, 2), z);
    }
}

/* A one-row weights.csv w0,w1,... */
static void read_unit(const char *out, const char *file, const char *header, double *w, size_t n)
{
    csv_data d = read_csv(out, file);
    ck_assert_str_eq(d.header, header);
    ck_assert_uint_eq(d.rows, 1);
    ck_assert_uint_eq(d.cols, n);
    for (size_t i = 0; i < n; i++)
        w[i] = csv_at(&d, 0, i);
    csv_free(&d);
}

/* The perceptron of Listing 2 ends on the reference weights, bit for bit. */
static void check_perceptron_weights(const double w[3])
{
    for (size_t i = 0; i < 3; i++) {
#if TNN_REAL_IS_DOUBLE
        ck_assert_msg(w[i] == lrref_perceptron_w[i], "w%zu = %.17g", i, w[i]);
#else
        ck_assert_msg(w[i] == (double)(float)lrref_perceptron_w_f32data[i], "w%zu = %.17g", i,
                      w[i]);
#endif
    }
}

/* softmax: the class (1..3) of the largest z_k = w0k + w1k x1 + w2k x2
 * (w: weights.csv rows unit,w0,w1,w2); *tie says the top two are within
 * rounding of each other */
static double softmax_class(const csv_data *w, double x1, double x2, int *tie)
{
    double z[3], slack = 0;
    size_t best = 0;
    for (size_t k = 0; k < 3; k++) {
        double s;
        z[k] = affine(w->v + 4 * k + 1, x1, x2, &s);
        slack = fmax(slack, s);
        if (z[k] > z[best])
            best = k;
    }
    *tie = 0;
    for (size_t k = 0; k < 3; k++)
        if (k != best && z[best] - z[k] <= 2 * slack)
            *tie = 1;
    return (double)best + 1;
}

/* weights.csv of model3: unit,w0,w1,w2, units 1..3 */
static csv_data read_softmax_weights(const char *out)
{
    csv_data w = read_csv(out, "weights.csv");
    ck_assert_str_eq(w.header, "unit,w0,w1,w2");
    ck_assert_uint_eq(w.rows, 3);
    for (size_t k = 0; k < 3; k++)
        ck_assert(csv_at(&w, k, 0) == (double)(k + 1));
    return w;
}

/* Every X3 point is classified as its label, with a clear margin. */
static void check_softmax_points(const csv_data *w, const csv_data *p)
{
    ck_assert_uint_eq(p->rows, 150);
    for (size_t r = 0; r < p->rows; r++) {
        int tie;
        double cls = softmax_class(w, csv_at(p, r, 0), csv_at(p, r, 1), &tie);
        ck_assert(!tie);
        ck_assert_msg(cls == csv_at(p, r, 2), "point %zu: class %g, label %g", r, cls,
                      csv_at(p, r, 2));
    }
}

START_TEST(listing01_points)
{
    char out[4096];
    run_example("listing01", out, sizeof out);
    csv_data p = read_csv(out, "points.csv");
    ck_assert_str_eq(p.header, "x1,x2,y");
    ck_assert_uint_eq(p.rows, 30);
    ck_assert_uint_eq(p.cols, 3);
    /* standardised: every column has mean 0 and population variance 1 */
    for (size_t c = 0; c < 2; c++) {
        double s = 0, s2 = 0;
        for (size_t r = 0; r < p.rows; r++) {
            s += csv_at(&p, r, c);
            s2 += csv_at(&p, r, c) * csv_at(&p, r, c);
        }
        ck_assert_double_eq_tol(s / 30, 0, 1e-12);
        ck_assert_double_eq_tol(s2 / 30, 1, 1e-12);
    }
    for (size_t r = 0; r < p.rows; r++)
        ck_assert(csv_at(&p, r, 2) == 0 || csv_at(&p, r, 2) == 1);
    csv_free(&p);
}
END_TEST

START_TEST(listing05_summary)
{
    char out[4096], text[2048];
    run_example("listing05", out, sizeof out);
    read_text(out, "summary.txt", text, sizeof text);
    /* Keras: one Dense(1) on 2 inputs has 2 weights + 1 bias */
    ck_assert_ptr_nonnull(strstr(text, "(None, 1)"));
    ck_assert_ptr_nonnull(strstr(text, "Total params: 3\n"));
}
END_TEST

START_TEST(listing06_history)
{
    char out[4096];
    run_example("listing06", out, sizeof out);
    csv_data h = read_csv(out, "history.csv");
    ck_assert_str_eq(h.header, "epoch,loss,accuracy");
    ck_assert_uint_eq(h.rows, 1500);
    ck_assert(csv_at(&h, 0, 0) == 1 && csv_at(&h, 1499, 0) == 1500);
    /* the loss falls, and the sigmoid neuron ends classifying all of X1 */
    ck_assert(csv_at(&h, 1499, 1) < csv_at(&h, 0, 1));
    ck_assert(csv_at(&h, 1499, 2) == 1.0);
    /* Figure 7 (Keras's initial weights, Python seed 0): accuracy 0 at
     * epoch 1, first 1.0 at about epoch 818, and 1.0 from then on */
    ck_assert(csv_at(&h, 0, 2) == 0);
    size_t first_all = 0, drops = 0;
    for (size_t r = 0; r < h.rows; r++) {
        if (first_all == 0 && csv_at(&h, r, 2) == 1.0)
            first_all = (size_t)csv_at(&h, r, 0);
        drops += first_all != 0 && csv_at(&h, r, 2) != 1.0;
    }
    ck_assert_msg(first_all >= 798 && first_all <= 838, "accuracy first 1.0 at epoch %zu",
                  first_all);
    ck_assert_uint_eq(drops, 0);
    csv_free(&h);
}
END_TEST

START_TEST(listing07_weights)
{
    char out[4096];
    run_example("listing07", out, sizeof out);
    csv_data w = read_csv(out, "weights.csv");
    ck_assert_str_eq(w.header, "w0,w1,w2");
    ck_assert_uint_eq(w.rows, 1);
    /* X1's class 1 lies up and to the left: the normal points there */
    ck_assert(csv_at(&w, 0, 1) < 0 && csv_at(&w, 0, 2) > 0);
    /* Figure 8's w: (w1, w2) ~ (-1.058, 0.581) */
    ck_assert_double_eq_tol(csv_at(&w, 0, 1), -1.058, 0.002);
    ck_assert_double_eq_tol(csv_at(&w, 0, 2), 0.581, 0.002);
    csv_free(&w);
}
END_TEST

START_TEST(listing02_perceptron)
{
    char out[4096];
    run_example("listing02", out, sizeof out);
    double w[3];
    read_unit(out, "weights.csv", "w0,w1,w2", w, 3);
    check_perceptron_weights(w);
    csv_data e = read_csv(out, "errors.csv");
    ck_assert_str_eq(e.header, "epoch,errors");
    ck_assert_uint_eq(e.rows, LRREF_PERCEPTRON_EPOCHS);
    for (size_t r = 0; r < e.rows; r++) {
        ck_assert(csv_at(&e, r, 0) == (double)(r + 1));
#if TNN_REAL_IS_DOUBLE
        ck_assert(csv_at(&e, r, 1) == (double)lrref_perceptron_errors[r]);
#else
        ck_assert(csv_at(&e, r, 1) == (double)lrref_perceptron_errors_f32data[r]);
#endif
    }
    csv_free(&e);
    /* and every point of X1 is on its side of the line */
    run_example("listing01", out, sizeof out);
    csv_data p = read_csv(out, "points.csv");
    check_points_separated(&p, w);
    csv_free(&p);
}
END_TEST

/* A one-unit model on X1 (listings 4, 8 and 12): every point of
 * points.csv on its side of w0 + w1 x1 + w2 x2 = 0, and grid.csv on the
 * article's box agreeing with that line. */
static void check_x1_boundary(const char *out, const double w[3])
{
    csv_data p = read_csv(out, "points.csv");
    ck_assert_str_eq(p.header, "x1,x2,y");
    ck_assert_uint_eq(p.rows, 30);
    check_points_separated(&p, w);
    grid_data g = read_grid(out, "grid.csv");
    check_arange_axes(&g, box_x1);
    check_line_grid(&g, w);
    csv_free(&g.raw);
    csv_free(&p);
}

START_TEST(listing03_boundary_sampler)
{
    char out[4096];
    run_example("listing03", out, sizeof out);
    double w[3];
    read_unit(out, "weights.csv", "w0,w1,w2", w, 3);
    ck_assert(w[0] == 0 && w[1] == -1 && w[2] == 1);
    grid_data g = read_grid(out, "grid.csv");
    check_arange_axes(&g, box_x1);
    check_line_grid(&g, w);
    /* on the line x2 = x1 the step unit says 1 (z >= 0): the box's corner */
    ck_assert(grid_cell(&g, 0, 0) == 1);
    csv_free(&g.raw);
}
END_TEST

START_TEST(listing04_perceptron_boundary)
{
    char out[4096];
    run_example("listing04", out, sizeof out);
    double w[3];
    read_unit(out, "weights.csv", "w0,w1,w2", w, 3);
    check_perceptron_weights(w);
    check_x1_boundary(out, w);
}
END_TEST

START_TEST(listing08_model1_boundary)
{
    char out[4096];
    run_example("listing08", out, sizeof out);
    double w[3];
    read_unit(out, "weights.csv", "w0,w1,w2", w, 3);
    check_x1_boundary(out, w);
}
END_TEST

START_TEST(listing09_dataset2)
{
    char out[4096];
    run_example("listing09", out, sizeof out);
    csv_data p = read_csv(out, "points.csv");
    ck_assert_str_eq(p.header, "x1,x2,x3,y");
    ck_assert_uint_eq(p.rows, 100);
    ck_assert_uint_eq(p.cols, 4);
    for (size_t c = 0; c < 3; c++) { /* standardised */
        double s = 0, s2 = 0;
        for (size_t r = 0; r < p.rows; r++) {
            s += csv_at(&p, r, c);
            s2 += csv_at(&p, r, c) * csv_at(&p, r, c);
        }
        ck_assert_double_eq_tol(s / 100, 0, 1e-12);
        ck_assert_double_eq_tol(s2 / 100, 1, 1e-12);
    }
    for (size_t r = 0; r < p.rows; r++) /* 50 x [0] then 50 x [1] */
        ck_assert(csv_at(&p, r, 3) == (r < 50 ? 0 : 1));
    csv_free(&p);
}
END_TEST

START_TEST(listing10_model2_history)
{
    char out[4096];
    run_example("listing10", out, sizeof out);
    csv_data h = read_csv(out, "history.csv");
    ck_assert_str_eq(h.header, "epoch,loss,accuracy");
    ck_assert_uint_eq(h.rows, 1500);
    ck_assert(csv_at(&h, 1499, 0) == 1500);
    ck_assert(csv_at(&h, 1499, 1) < csv_at(&h, 0, 1) / 4);
    ck_assert(csv_at(&h, 1499, 2) == 1.0); /* X2 is separated */
    /* model2's accuracy curve: 0.96 at epoch 1, 1.0 from about epoch 78 on */
    ck_assert_double_eq_tol(csv_at(&h, 0, 2), 0.96, 1e-9);
    size_t last_below = 0;
    for (size_t r = 0; r < h.rows; r++)
        if (csv_at(&h, r, 2) != 1.0)
            last_below = (size_t)csv_at(&h, r, 0);
    ck_assert_msg(last_below >= 70 && last_below <= 90, "accuracy below 1 until epoch %zu",
                  last_below);
    csv_free(&h);
}
END_TEST

START_TEST(listing11_model2_plane)
{
    char out[4096];
    run_example("listing11", out, sizeof out);
    double w[4];
    read_unit(out, "weights.csv", "w0,w1,w2,w3", w, 4);
    csv_data p = read_csv(out, "points.csv");
    ck_assert_uint_eq(p.rows, 100);
    for (size_t r = 0; r < p.rows; r++) { /* every point on its side of the plane */
        double z = w[0] + w[1] * csv_at(&p, r, 0) + w[2] * csv_at(&p, r, 1) +
                   w[3] * csv_at(&p, r, 2);
        ck_assert(csv_at(&p, r, 3) == 1 ? z > 0 : z < 0);
    }
    grid_data g = read_grid(out, "plane.csv");
    ck_assert_uint_eq(g.n1, 500);
    ck_assert_uint_eq(g.n2, 500);
    ck_assert(g.x1[0] == -2 && g.x1[499] == 2 && grid_x2(&g, 0) == -2 && grid_x2(&g, 499) == 2);
    double worst = 0;
    for (size_t r = 0; r < g.n2; r++)
        for (size_t c = 0; c < g.n1; c++) {
            double x1 = g.x1[c], x2 = x2_at(&g, r);
            double x3 = -(w[0] + w[1] * x1 + w[2] * x2) / w[3];
            worst = fmax(worst, fabs(cell_at(&g, r, c) - x3) / fmax(1, fabs(x3)));
        }
    ck_assert_double_le(worst, 4 * REAL_EPS);
    csv_free(&g.raw);
    csv_free(&p);
}
END_TEST

START_TEST(listing12_logistic_regression)
{
    char out[4096];
    run_example("listing12", out, sizeof out);
    double w[3];
    read_unit(out, "coef.csv", "w0,w1,w2", w, 3);
    /* reference: scikit-learn's coef_ (w1, w2) then intercept_ (w0) */
    const double tol = TNN_REAL_IS_DOUBLE ? 1e-4 : 1e-3;
    ck_assert_double_eq_tol(w[0], lrref_lr_x1_sklearn[2], tol);
    ck_assert_double_eq_tol(w[1], lrref_lr_x1_sklearn[0], tol);
    ck_assert_double_eq_tol(w[2], lrref_lr_x1_sklearn[1], tol);
    check_x1_boundary(out, w);
}
END_TEST

START_TEST(listing13_dataset3)
{
    char out[4096];
    run_example("listing13", out, sizeof out);
    csv_data p = read_csv(out, "points.csv");
    ck_assert_str_eq(p.header, "x1,x2,y");
    ck_assert_uint_eq(p.rows, 150);
    for (size_t r = 0; r < p.rows; r++) /* 50 x [1], 50 x [2], 50 x [3] */
        ck_assert(csv_at(&p, r, 2) == (double)(r / 50 + 1));
    csv_free(&p);
}
END_TEST

START_TEST(listing14_model3_history)
{
    char out[4096];
    run_example("listing14", out, sizeof out);
    csv_data h = read_csv(out, "history.csv");
    ck_assert_str_eq(h.header, "epoch,loss,accuracy");
    ck_assert_uint_eq(h.rows, 2200);
    ck_assert(csv_at(&h, 2199, 0) == 2200);
    ck_assert(csv_at(&h, 2199, 1) < csv_at(&h, 0, 1) / 4);
    ck_assert(csv_at(&h, 2199, 2) == 1.0);
    /* model3's accuracy curve: 1/3 until about epoch 360, then it climbs
     * to 1.0, which it keeps from about epoch 860 on */
    size_t first_rise = 0, last_below = 0;
    for (size_t r = 0; r < h.rows; r++) {
        if (first_rise == 0 && fabs(csv_at(&h, r, 2) - 1.0 / 3) > 1e-12)
            first_rise = (size_t)csv_at(&h, r, 0);
        if (csv_at(&h, r, 2) != 1.0)
            last_below = (size_t)csv_at(&h, r, 0);
    }
    ck_assert_msg(first_rise >= 340 && first_rise <= 380, "accuracy leaves 1/3 at epoch %zu",
                  first_rise);
    ck_assert_msg(last_below >= 820 && last_below <= 900, "accuracy below 1 until epoch %zu",
                  last_below);
    csv_free(&h);
}
END_TEST

START_TEST(listing15_model3_weights)
{
    char out[4096];
    run_example("listing15", out, sizeof out);
    csv_data w = read_softmax_weights(out);
    run_example("listing13", out, sizeof out);
    csv_data p = read_csv(out, "points.csv");
    check_softmax_points(&w, &p);
    csv_free(&p);
    csv_free(&w);
}
END_TEST

START_TEST(listing16_softmax_boundaries)
{
    char out[4096];
    run_example("listing16", out, sizeof out);
    csv_data w = read_softmax_weights(out);
    csv_data p = read_csv(out, "points.csv");
    check_softmax_points(&w, &p);

    /* the grid is the argmax of three affine functions: straight boundaries */
    grid_data g = read_grid(out, "grid.csv");
    check_arange_axes(&g, box_x3);
    size_t near = 0, wrong = 0, count[4] = {0};
    for (size_t r = 0; r < g.n2; r++)
        for (size_t c = 0; c < g.n1; c++) {
            int tie;
            double cls = softmax_class(&w, g.x1[c], x2_at(&g, r), &tie);
            double got = cell_at(&g, r, c);
            count[got == 1 || got == 2 || got == 3 ? (size_t)got : 0]++;
            if (tie)
                near++;
            else
                wrong += got != cls;
        }
    ck_assert_uint_eq(count[0], 0);
    ck_assert_uint_eq(wrong, 0);
    ck_assert_uint_le(near, 10);
    for (size_t k = 1; k <= 3; k++)
        ck_assert_uint_gt(count[k], 10000);

    /* the normals w_i - w_j, in the article's order, each crossing its boundary */
    csv_data v = read_csv(out, "vectors.csv");
    ck_assert_str_eq(v.header, "i,j,w0,w1,w2,x1,x2");
    ck_assert_uint_eq(v.rows, 3);
    const double pairs[3][2] = {{3, 2}, {2, 1}, {3, 1}};
    for (size_t r = 0; r < 3; r++) {
        ck_assert(csv_at(&v, r, 0) == pairs[r][0] && csv_at(&v, r, 1) == pairs[r][1]);
        size_t i = (size_t)pairs[r][0] - 1, j = (size_t)pairs[r][1] - 1;
        double line[3];
        for (size_t k = 0; k < 3; k++) {
            line[k] = csv_at(&v, r, 2 + k);
            ck_assert_close(line[k], csv_at(&w, i, 1 + k) - csv_at(&w, j, 1 + k), 4 * REAL_EPS);
        }
        /* the arrow's anchor lies on its line, within a grid cell */
        double x1 = csv_at(&v, r, 5), x2 = csv_at(&v, r, 6);
        ck_assert(isfinite(x1) && isfinite(x2));
        ck_assert_double_le(fabs(affine(line, x1, x2, NULL)) / hypot(line[1], line[2]), 0.01);
    }
    /* Figure 14: the three boundaries meet near (-0.165, -0.081) */
    const double *a = v.v + 2, *b = v.v + v.cols + 2, *c = v.v + 2 * v.cols + 2;
    double det = a[1] * b[2] - a[2] * b[1];
    double meet1 = (a[2] * b[0] - a[0] * b[2]) / det, meet2 = (a[0] * b[1] - a[1] * b[0]) / det;
    ck_assert_double_le(fabs(affine(c, meet1, meet2, NULL)) / hypot(c[1], c[2]), 1e-6);
    ck_assert_double_eq_tol(meet1, -0.165, 0.003);
    ck_assert_double_eq_tol(meet2, -0.081, 0.003);
    csv_free(&v);
    csv_free(&g.raw);
    csv_free(&p);
    csv_free(&w);
}
END_TEST

static Suite *examples_suite(void)
{
    Suite *s = suite_create("examples 1-16");
    TCase *tc = tcase_create("listings");
    tcase_add_test(tc, listing01_points);
    tcase_add_test(tc, listing02_perceptron);
    tcase_add_test(tc, listing03_boundary_sampler);
    tcase_add_test(tc, listing04_perceptron_boundary);
    tcase_add_test(tc, listing05_summary);
    tcase_add_test(tc, listing06_history);
    tcase_add_test(tc, listing07_weights);
    tcase_add_test(tc, listing08_model1_boundary);
    tcase_add_test(tc, listing09_dataset2);
    tcase_add_test(tc, listing10_model2_history);
    tcase_add_test(tc, listing11_model2_plane);
    tcase_add_test(tc, listing12_logistic_regression);
    tcase_add_test(tc, listing13_dataset3);
    tcase_add_test(tc, listing14_model3_history);
    tcase_add_test(tc, listing15_model3_weights);
    tcase_add_test(tc, listing16_softmax_boundaries);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(examples_suite());
}
