/* Example programs of Listings 17-30, 30b and the activation curves: each
 * runs, writes the files examples/README.md promises, and shows what the
 * article states about X4 and X5. */
#include "example_runner.h"

#include <math.h>

#include "training_ref.h"
#include "tnn_test.h"

/* Rounding of values the programs compute in tnn_real. */
#if TNN_REAL_IS_DOUBLE
#define REAL_TOL 1e-12
#else
#define REAL_TOL 1e-5
#endif

/* Loops over thousands of values count what is wrong and assert once: a
 * passing ck_assert costs Check a pipe write. */

/* Runs PROGRAM into a fresh folder (asserting exit 0) and reads FILE. */
static csv_data run_and_read(const char *program, char *out, size_t out_size, const char *file)
{
    run_example(program, out, out_size);
    return read_csv(out, file);
}

/* The first line the program printed (run_example saves stdout in
 * OUTDIR.stdout.txt). */
static void first_stdout_line(const char *out, char *line, size_t size)
{
    char path[4400];
    snprintf(path, sizeof path, "%s.stdout.txt", out);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "no stdout saved at %s", path);
    ck_assert_ptr_nonnull(fgets(line, (int)size, f));
    fclose(f);
}

/* Share of rows of a points-like table (x1, x2, y) that a line w0 + w1 x1 +
 * w2 x2 = 0 classifies correctly (class 1 where z >= 0). */
static double line_accuracy(const csv_data *p, const double w[3])
{
    size_t right = 0;
    for (size_t r = 0; r < p->rows; r++) {
        double z = w[0] + w[1] * csv_at(p, r, 0) + w[2] * csv_at(p, r, 1);
        right += (z >= 0) == (csv_at(p, r, 2) == 1);
    }
    return (double)right / (double)p->rows;
}

/* Cells of a class grid whose class differs from the side of the line
 * w0 + w1 x1 + w2 x2 = 0 they are on, ignoring cells within `margin` of
 * it (where the model's float arithmetic may round either way). */
static size_t cells_off_line(const grid_data *g, const double w[3], double margin)
{
    size_t off = 0;
    for (size_t j = 0; j < g->n2; j++) {
        for (size_t i = 0; i < g->n1; i++) {
            double z = w[0] + w[1] * g->x1[i] + w[2] * grid_x2(g, j);
            if (fabs(z) > margin)
                off += (grid_cell(g, j, i) == 1) != (z > 0);
        }
    }
    return off;
}

/* How much the boundary of a class grid bends: in each row it crosses
 * from class 0 (left) to class 1 at the column given by the row's count
 * of class-0 cells; for a straight boundary that count grows linearly from
 * row to row. Returns |slope over the first third - slope over the last
 * third| of the rows where the boundary lies inside the grid, in columns
 * per row. */
static double boundary_bend(const grid_data *g)
{
    size_t first = g->n2, last = 0;
    double *count = malloc(g->n2 * sizeof *count);
    ck_assert_ptr_nonnull(count);
    for (size_t j = 0; j < g->n2; j++) {
        count[j] = 0;
        for (size_t i = 0; i < g->n1; i++)
            count[j] += grid_cell(g, j, i) == 0;
        if (count[j] > 0 && count[j] < (double)g->n1) {
            first = j < first ? j : first;
            last = j;
        }
    }
    ck_assert_msg(last > first + 30, "the boundary crosses too few rows");
    size_t third = (last - first) / 3;
    double s1 = (count[first + third] - count[first]) / (double)third;
    double s2 = (count[last] - count[last - third]) / (double)third;
    free(count);
    return fabs(s1 - s2);
}

/* Smallest over largest singular value of the centred n x 3 matrix of the
 * first three columns: the square root of the extreme eigenvalues of its
 * 3 x 3 scatter matrix (closed form for symmetric 3 x 3 matrices). */
static double planarity(const csv_data *h)
{
    double mean[3] = {0, 0, 0}, s[3][3] = {{0}};
    for (size_t r = 0; r < h->rows; r++)
        for (size_t k = 0; k < 3; k++)
            mean[k] += csv_at(h, r, k) / (double)h->rows;
    for (size_t r = 0; r < h->rows; r++)
        for (size_t a = 0; a < 3; a++)
            for (size_t b = 0; b < 3; b++)
                s[a][b] += (csv_at(h, r, a) - mean[a]) * (csv_at(h, r, b) - mean[b]);
    double p1 = s[0][1] * s[0][1] + s[0][2] * s[0][2] + s[1][2] * s[1][2];
    double q = (s[0][0] + s[1][1] + s[2][2]) / 3;
    double p2 = (s[0][0] - q) * (s[0][0] - q) + (s[1][1] - q) * (s[1][1] - q) +
                (s[2][2] - q) * (s[2][2] - q) + 2 * p1;
    double p = sqrt(p2 / 6), bm[3][3];
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 3; b++)
            bm[a][b] = (s[a][b] - (a == b ? q : 0)) / p;
    double det = bm[0][0] * (bm[1][1] * bm[2][2] - bm[1][2] * bm[2][1]) -
                 bm[0][1] * (bm[1][0] * bm[2][2] - bm[1][2] * bm[2][0]) +
                 bm[0][2] * (bm[1][0] * bm[2][1] - bm[1][1] * bm[2][0]);
    const double third_turn = 2.0943951023931957; /* 2 pi / 3 */
    double phi = acos(fmax(-1, fmin(1, det / 2))) / 3;
    double largest = q + 2 * p * cos(phi), smallest = q + 2 * p * cos(phi + third_turn);
    return sqrt(fmax(smallest, 0) / largest);
}

/* Mean squared error of y_pred against y_true in a predictions.csv. */
static double predictions_mse(const csv_data *p)
{
    double sse = 0;
    for (size_t r = 0; r < p->rows; r++) {
        double d = csv_at(p, r, 2) - csv_at(p, r, 1);
        sse += d * d;
    }
    return sse / (double)p->rows;
}

START_TEST(listing17_x4_points)
{
    char out[4096];
    csv_data p = run_and_read("listing17", out, sizeof out, "points.csv");
    ck_assert_str_eq(p.header, "x1,x2,y");
    ck_assert_uint_eq(p.rows, TRREF_X4_ROWS);
    size_t ones = 0, bad_labels = 0, bad_points = 0;
    double mean[2] = {0, 0};
    for (size_t r = 0; r < p.rows; r++) {
        ones += csv_at(&p, r, 2) == 1;
        mean[0] += csv_at(&p, r, 0) / (double)p.rows;
        mean[1] += csv_at(&p, r, 1) / (double)p.rows;
        /* the first rows are the band (label 1), then the square */
        bad_labels += csv_at(&p, r, 2) != (r < TRREF_X4_N_LABEL1 ? 1 : 0);
        /* bit for bit the reference's float64 standardised X4 */
        bad_points += csv_at(&p, r, 0) != trref_x4_x_exact[2 * r] ||
                      csv_at(&p, r, 1) != trref_x4_x_exact[2 * r + 1];
    }
    ck_assert_uint_eq(bad_labels, 0);
    ck_assert_uint_eq(bad_points, 0);
    ck_assert_uint_eq(ones, TRREF_X4_N_LABEL1);
    ck_assert_double_eq_tol(mean[0], 0, 1e-12);
    ck_assert_double_eq_tol(mean[1], 0, 1e-12);
    csv_free(&p);
}
END_TEST

START_TEST(listing18_sigmoid_neuron_falls_short)
{
    char out[4096];
    csv_data h = run_and_read("listing18", out, sizeof out, "history.csv");
    ck_assert_str_eq(h.header, "epoch,loss,accuracy");
    ck_assert_uint_eq(h.rows, 4000);
    ck_assert(csv_at(&h, 3999, 0) == 4000);
    ck_assert(csv_at(&h, 3999, 1) < csv_at(&h, 0, 1));
    /* it learns something, but a line cannot wrap the L: clearly below 1 */
    ck_assert(csv_at(&h, 3999, 2) > 0.85);
    ck_assert(csv_at(&h, 3999, 2) < 0.96);
    /* model4's accuracy curve (Python seed 0, see examples/README.md): 0.245
     * at epoch 1, about 0.946 at the end */
    ck_assert_double_eq_tol(csv_at(&h, 0, 2), 0.245, 0.001);
    ck_assert_double_eq_tol(csv_at(&h, 3999, 2), 0.946, 0.002);
    char line[512];
    first_stdout_line(out, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, "accuracy"));
    csv_free(&h);
}
END_TEST

START_TEST(listing19_boundary_is_a_line)
{
    char out[4096];
    run_example("listing19", out, sizeof out);
    grid_data g = read_grid(out, "grid.csv");
    csv_data w = read_csv(out, "weights.csv"), p = read_csv(out, "points.csv");
    ck_assert_str_eq(w.header, "w0,w1,w2");
    /* the article's box, np.arange(-1.9, 1.9, 3.8 / 500): 500 values */
    ck_assert_uint_eq(g.n1, 500);
    ck_assert_uint_eq(g.n2, 500);
    ck_assert_double_eq(g.x1[0], -1.9);
    ck_assert_double_eq_tol(g.x1[499], 1.9 - 3.8 / 500, 1e-12);
    const double wv[3] = {csv_at(&w, 0, 0), csv_at(&w, 0, 1), csv_at(&w, 0, 2)};
    /* every cell is on the side of w0 + w.x = 0 its class says */
    ck_assert_uint_eq(cells_off_line(&g, wv, 1e-4), 0);
    ck_assert(boundary_bend(&g) < 0.05);
    /* and the line misclassifies a clear share of X4 */
    double acc = line_accuracy(&p, wv);
    ck_assert(acc > 0.85 && acc < 0.96);
    /* Figure 16: the line x2 = -1.146 x1 - 0.345, accuracy about 0.946 */
    ck_assert_double_eq_tol(-wv[1] / wv[2], -1.146, 0.005);
    ck_assert_double_eq_tol(-wv[0] / wv[2], -0.345, 0.005);
    ck_assert_double_eq_tol(acc, 0.946, 0.002);
    /* sanity of the check itself: a different line disagrees with the grid */
    const double tilted[3] = {wv[0], wv[1], wv[2] * 1.2};
    ck_assert(cells_off_line(&g, tilted, 1e-4) > 1000);
    csv_free(&w);
    csv_free(&p);
    csv_free(&g.raw);
}
END_TEST

START_TEST(listing20_summary)
{
    char out[4096], text[2048];
    run_example("listing20", out, sizeof out);
    read_text(out, "summary.txt", text, sizeof text);
    /* 2 x 3 + 3 hidden, 3 x 1 + 1 output */
    ck_assert_ptr_nonnull(strstr(text, "(None, 3)"));
    ck_assert_ptr_nonnull(strstr(text, "(None, 1)"));
    ck_assert_ptr_nonnull(strstr(text, "Total params: 13\n"));
}
END_TEST

START_TEST(listing21_relu_network_bends)
{
    char out[4096];
    run_example("listing21", out, sizeof out);
    csv_data h = read_csv(out, "history.csv"), fin = read_csv(out, "final.csv");
    ck_assert_uint_eq(h.rows, TRREF_X4_FULL_EPOCHS);
    ck_assert_str_eq(fin.header, "loss,accuracy");
    /* Figure 19: every point of X4 ends on its side */
    ck_assert(csv_at(&fin, 0, 1) == 1.0);
    ck_assert(csv_at(&h, h.rows - 1, 2) == 1.0);
    /* model5's accuracy curve: 0.84 at epoch 1 (0.8384: 184 points sit at
     * p = 0.5 exactly and count as class 0, p > 0.5 being Keras's rule),
     * about 0.69 at epoch 2, a jump to about 0.91 near epoch 180, and 1.0
     * for good from about epoch 1900 */
    ck_assert_double_eq_tol(csv_at(&h, 0, 2), 0.8384, 1e-9);
    ck_assert_double_eq_tol(csv_at(&h, 1, 2), 0.69, 0.01);
    size_t jump = 0, last_below = 0;
    double rise = 0;
    for (size_t r = 1; r < h.rows; r++) {
        if (csv_at(&h, r, 2) - csv_at(&h, r - 1, 2) > rise) {
            rise = csv_at(&h, r, 2) - csv_at(&h, r - 1, 2);
            jump = r;
        }
        if (csv_at(&h, r, 2) != 1.0)
            last_below = (size_t)csv_at(&h, r, 0);
    }
    ck_assert_msg(csv_at(&h, jump, 0) >= 170 && csv_at(&h, jump, 0) <= 195,
                  "the largest rise is at epoch %g", csv_at(&h, jump, 0));
    ck_assert_double_eq_tol(csv_at(&h, jump, 2), 0.91, 0.01);
    ck_assert_double_ge(rise, 0.08);
    ck_assert_msg(last_below >= 1850 && last_below <= 1960, "accuracy below 1 until epoch %zu",
                  last_below);
    grid_data g = read_grid(out, "grid.csv");
    ck_assert_uint_eq(g.n1, 500);
    ck_assert(boundary_bend(&g) > 0.3);
    csv_free(&h);
    csv_free(&fin);
    csv_free(&g.raw);
}
END_TEST

START_TEST(listing22_hidden_space_is_split_by_a_plane)
{
    char out[4096];
    run_example("listing22", out, sizeof out);
    csv_data h = read_csv(out, "hidden.csv"), w = read_csv(out, "weights.csv");
    ck_assert_str_eq(h.header, "a1,a2,a3,y");
    ck_assert_uint_eq(h.rows, TRREF_X4_ROWS);
    ck_assert_str_eq(w.header, "w0,w1,w2,w3");
    const double w0 = csv_at(&w, 0, 0), w1 = csv_at(&w, 0, 1), w2 = csv_at(&w, 0, 2),
                 w3 = csv_at(&w, 0, 3);
    size_t right = 0, negative = 0;
    for (size_t r = 0; r < h.rows; r++) {
        for (size_t k = 0; k < 3; k++)
            negative += csv_at(&h, r, k) < 0;
        double z = w0 + w1 * csv_at(&h, r, 0) + w2 * csv_at(&h, r, 1) + w3 * csv_at(&h, r, 2);
        right += (z >= 0) == (csv_at(&h, r, 3) == 1);
    }
    ck_assert_uint_eq(negative, 0); /* ReLU outputs */
    ck_assert(right >= (size_t)(0.97 * (double)h.rows));
    /* plane.csv is the output's z = 0, not the article's shifted z = 0.5 */
    grid_data pl = read_grid(out, "plane.csv");
    double worst = 0;
    for (size_t j = 0; j < pl.n2; j++) {
        for (size_t i = 0; i < pl.n1; i++) {
            double z = w0 + w1 * pl.x1[i] + w2 * grid_x2(&pl, j) + w3 * grid_cell(&pl, j, i);
            worst = fmax(worst, fabs(z));
        }
    }
    ck_assert_msg(worst < 1e-5, "plane.csv is off z = 0 by up to %g", worst);
    /* the ReLU hidden layer folds X4: its points do not lie on a plane */
    ck_assert_msg(planarity(&h) > 0.02, "planarity %g", planarity(&h));
    csv_free(&h);
    csv_free(&w);
    csv_free(&pl.raw);
}
END_TEST

START_TEST(listing23_linear_hidden_layer_draws_a_line)
{
    char out[4096];
    run_example("listing23", out, sizeof out);
    csv_data h = read_csv(out, "history.csv"), w = read_csv(out, "weights.csv");
    ck_assert_uint_eq(h.rows, 1000);
    grid_data g = read_grid(out, "grid.csv");
    const double wv[3] = {csv_at(&w, 0, 0), csv_at(&w, 0, 1), csv_at(&w, 0, 2)};
    /* the grid is the collapsed neuron's half-plane */
    ck_assert_uint_eq(cells_off_line(&g, wv, 1e-4), 0);
    ck_assert(boundary_bend(&g) < 0.05);
    ck_assert(csv_at(&h, 999, 2) < 0.97);
    /* model6's accuracy curve: about 0.836 at epoch 1, 0.947 at the end */
    ck_assert_double_eq_tol(csv_at(&h, 0, 2), 0.836, 0.002);
    ck_assert_double_eq_tol(csv_at(&h, 999, 2), 0.947, 0.002);
    csv_free(&h);
    csv_free(&w);
    csv_free(&g.raw);
}
END_TEST

START_TEST(listing24_hidden_points_lie_on_a_plane)
{
    char out[4096];
    run_example("listing24", out, sizeof out);
    csv_data h = read_csv(out, "hidden.csv"), v = read_csv(out, "vectors.csv");
    ck_assert_uint_eq(h.rows, TRREF_X4_ROWS);
    ck_assert_str_eq(v.header, "vector,a1,a2,a3,from1,from2,from3");
    ck_assert_uint_eq(v.rows, 2);
    /* rank 2: the smallest singular value vanishes next to the largest */
    ck_assert_msg(planarity(&h) < 1e-4, "planarity %g", planarity(&h));
    /* and the plane is b + span(v1, v2): v1 x v2 is normal to every a - b */
    double n[3];
    n[0] = csv_at(&v, 0, 2) * csv_at(&v, 1, 3) - csv_at(&v, 0, 3) * csv_at(&v, 1, 2);
    n[1] = csv_at(&v, 0, 3) * csv_at(&v, 1, 1) - csv_at(&v, 0, 1) * csv_at(&v, 1, 3);
    n[2] = csv_at(&v, 0, 1) * csv_at(&v, 1, 2) - csv_at(&v, 0, 2) * csv_at(&v, 1, 1);
    double norm = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    ck_assert(norm > 0.1);
    double farthest = 0;
    for (size_t r = 0; r < h.rows; r++) {
        double d = 0;
        for (size_t k = 0; k < 3; k++)
            d += (csv_at(&h, r, k) - csv_at(&v, 0, 4 + k)) * n[k] / norm;
        farthest = fmax(farthest, fabs(d));
    }
    ck_assert_msg(farthest < 1e-5, "a hidden point is %g off b + span(v1, v2)", farthest);
    grid_data pl = read_grid(out, "plane.csv");
    ck_assert_uint_eq(pl.n1, 25);
    csv_free(&h);
    csv_free(&v);
    csv_free(&pl.raw);
}
END_TEST

START_TEST(listing25_x5_points)
{
    char out[4096];
    csv_data p = run_and_read("listing25", out, sizeof out, "points.csv");
    ck_assert_str_eq(p.header, "x,y");
    ck_assert_uint_eq(p.rows, 100);
    size_t bad = 0;
    for (size_t r = 0; r < p.rows; r++) {
        double x = csv_at(&p, r, 0);
        bad += fabs(x - (double)r / 99) > 1e-15;
        bad += fabs(csv_at(&p, r, 1) - (-(x - 0.5) * (x - 0.5) + 0.25)) > 1e-15;
    }
    ck_assert_uint_eq(bad, 0);
    csv_free(&p);
}
END_TEST

START_TEST(listing26_linear_fit_stays_near_the_variance)
{
    char out[4096];
    csv_data h = run_and_read("listing26", out, sizeof out, "history.csv");
    ck_assert_str_eq(h.header, "epoch,loss,mse");
    ck_assert_uint_eq(h.rows, 500);
    /* variance of y5 over 100 equally spaced x: about 0.00578 */
    double var = 0.0057811;
    ck_assert(csv_at(&h, 499, 2) > 0.8 * var && csv_at(&h, 499, 2) < 1.2 * var);
    /* the article's MSE curve: about 0.025 at epoch 1, 0.006 at the end */
    ck_assert_double_eq_tol(csv_at(&h, 0, 2), 0.025, 0.0005);
    ck_assert_double_eq_tol(csv_at(&h, 499, 2), 0.006, 0.0002);
    ck_assert(csv_at(&h, 499, 1) == csv_at(&h, 499, 2)); /* loss and metric are both MSE */
    csv_free(&h);
}
END_TEST

START_TEST(relu_fits_beat_the_line)
{
    char out27[4096], out29[4096], out30b[4096];
    csv_data lin = run_and_read("listing27", out27, sizeof out27, "predictions.csv");
    csv_data r10 = run_and_read("listing29", out29, sizeof out29, "predictions.csv");
    csv_data r400 = run_and_read("listing30b", out30b, sizeof out30b, "predictions.csv");
    ck_assert_str_eq(lin.header, "x,y_true,y_pred");
    ck_assert_uint_eq(lin.rows, 1000);
    ck_assert_uint_eq(r10.rows, 1000);
    ck_assert_uint_eq(r400.rows, 1000);
    /* the linear model predicts a straight line: constant differences */
    double step = csv_at(&lin, 1, 2) - csv_at(&lin, 0, 2), kink = 0;
    for (size_t r = 1; r < lin.rows; r++)
        kink = fmax(kink, fabs(csv_at(&lin, r, 2) - csv_at(&lin, r - 1, 2) - step));
    ck_assert_msg(kink < 1e-6, "the linear prediction bends by %g", kink);
    double mse_lin = predictions_mse(&lin), mse10 = predictions_mse(&r10),
           mse400 = predictions_mse(&r400);
    ck_assert_msg(10 * mse10 <= mse_lin, "MSE: linear %g, 10 ReLU units %g", mse_lin, mse10);
    ck_assert_msg(mse400 < mse10, "MSE: 10 ReLU units %g, 400 %g", mse10, mse400);
    csv_data h = read_csv(out30b, "history.csv");
    ck_assert_uint_eq(h.rows, 1500);
    ck_assert(csv_at(&h, 1499, 2) < csv_at(&h, 0, 2));
    csv_free(&h);
    csv_free(&lin);
    csv_free(&r10);
    csv_free(&r400);
}
END_TEST

/* Figures 33-36 (Python seed 15): of relu10's hidden units, 5, 8 and 10
 * are dead (0 on all of X5_test, their kernels start negative with a zero
 * bias); the other 7 are positive somewhere; three of those switch on
 * inside [0, 1], at the kinks near x = 0.30, 0.53 and 0.73. `t` holds x in
 * column 0 and a1..a10 in columns first..first + 9. */
static void check_relu10_units(const csv_data *t, size_t first)
{
    static const double kinks[3] = {0.30, 0.53, 0.73};
    double switch_at[10] = {0};
    size_t alive = 0, n_switch = 0;
    for (size_t u = 1; u <= 10; u++) {
        size_t on = 0;
        for (size_t r = 0; r < t->rows; r++) {
            int pos = csv_at(t, r, first + u - 1) > 0;
            on += (size_t)pos;
            if (r > 0 && pos != (csv_at(t, r - 1, first + u - 1) > 0) && n_switch < 10)
                switch_at[n_switch++] = csv_at(t, r, 0);
        }
        alive += on > 0;
        ck_assert_msg((on == 0) == (u == 5 || u == 8 || u == 10),
                      "unit %zu is positive at %zu of "
                      "%zu points",
                      u, on, t->rows);
    }
    ck_assert_uint_eq(alive, 7);
    ck_assert_uint_eq(n_switch, 3);
    for (size_t k = 0; k < 3; k++) {
        size_t near = 0;
        for (size_t i = 0; i < 3; i++)
            near += fabs(switch_at[i] - kinks[k]) <= 0.01;
        ck_assert_msg(near == 1, "no unit switches on near x = %g", kinks[k]);
    }
}

START_TEST(listing28_dead_units)
{
    char out[4096];
    run_example("listing28", out, sizeof out);
    csv_data h = read_csv(out, "history.csv"), a = read_csv(out, "hidden.csv");
    ck_assert_uint_eq(h.rows, TRREF_X5_FULL_EPOCHS);
    ck_assert_str_eq(a.header, "x,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10");
    ck_assert_uint_eq(a.rows, 1000);
    check_relu10_units(&a, 1);
    char line[512];
    first_stdout_line(out, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, "MSE"));
    csv_free(&h);
    csv_free(&a);
}
END_TEST

/* Listing 30's table shows the same units: 5, 8 and 10 dead, the kinks
 * near 0.30, 0.53 and 0.73. */
START_TEST(listing30_dead_units_and_kinks)
{
    char out[4096];
    csv_data c = run_and_read("listing30", out, sizeof out, "contributions.csv");
    ck_assert_uint_eq(c.cols, 24);
    check_relu10_units(&c, 1);
    csv_free(&c);
}
END_TEST

/* Figure 33: the prediction bends at exactly three points of [0, 1], near
 * x = 0.30, 0.53 and 0.73 (second differences of the curve on X5_test are
 * rounding noise, below 1e-6, except at a kink, above 1e-4). */
START_TEST(listing29_three_kinks)
{
    char out[4096];
    csv_data p = run_and_read("listing29", out, sizeof out, "predictions.csv");
    ck_assert_str_eq(p.header, "x,y_true,y_pred");
    static const double kinks[3] = {0.30, 0.53, 0.73};
    double at[8] = {0};
    size_t n = 0, last = 0;
    for (size_t r = 1; r + 1 < p.rows; r++) {
        double d2 = csv_at(&p, r + 1, 2) - 2 * csv_at(&p, r, 2) + csv_at(&p, r - 1, 2);
        if (fabs(d2) < 1e-5)
            continue;
        if ((n == 0 || r > last + 2) && n < 8) /* a kink between samples bends two of them */
            at[n++] = csv_at(&p, r, 0);
        last = r;
    }
    ck_assert_uint_eq(n, 3);
    for (size_t k = 0; k < 3; k++)
        ck_assert_double_eq_tol(at[k], kinks[k], 0.01);
    csv_free(&p);
}
END_TEST

/* Listing 30b keeps fitting better than Listing 28: the MSE curves of
 * Figures extra_relu10_mse and extra_relu400_mse start at about 0.0136
 * and 0.027 (the 400 units start worse), but from epoch 50 on the 400
 * units' curve stays below the 10 units' and ends far lower. */
START_TEST(relu400_keeps_fitting_better)
{
    char out28[4096], out30b[4096];
    csv_data h10 = run_and_read("listing28", out28, sizeof out28, "history.csv");
    csv_data h400 = run_and_read("listing30b", out30b, sizeof out30b, "history.csv");
    ck_assert_str_eq(h10.header, "epoch,loss,mse");
    ck_assert_str_eq(h400.header, "epoch,loss,mse");
    ck_assert_uint_eq(h10.rows, 1500);
    ck_assert_uint_eq(h400.rows, 1500);
    ck_assert_double_eq_tol(csv_at(&h10, 0, 2), 0.0136, 0.0003);
    ck_assert_double_eq_tol(csv_at(&h400, 0, 2), 0.027, 0.001);
    size_t worse = 0;
    for (size_t r = 49; r < h10.rows; r++)
        worse += csv_at(&h400, r, 2) >= csv_at(&h10, r, 2);
    ck_assert_msg(worse == 0, "400 units fit worse than 10 at %zu epochs after epoch 50", worse);
    ck_assert_double_lt(5 * csv_at(&h400, 1499, 2), csv_at(&h10, 1499, 2));
    csv_free(&h10);
    csv_free(&h400);
}
END_TEST

START_TEST(listing30_parts_sum_to_the_prediction)
{
    char out[4096];
    csv_data c = run_and_read("listing30", out, sizeof out, "contributions.csv");
    ck_assert_str_eq(c.header, "x,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,wa1,wa2,wa3,wa4,wa5,wa6,wa7,"
                               "wa8,wa9,wa10,bias,sum,prediction");
    ck_assert_uint_eq(c.rows, 1000);
    double sum_gap = 0, prediction_gap = 0;
    size_t other_bias = 0;
    for (size_t r = 0; r < c.rows; r++) {
        double sum = csv_at(&c, r, 21);
        for (size_t u = 0; u < 10; u++)
            sum += csv_at(&c, r, 11 + u);
        sum_gap = fmax(sum_gap, fabs(sum - csv_at(&c, r, 22)));
        prediction_gap = fmax(prediction_gap, fabs(csv_at(&c, r, 22) - csv_at(&c, r, 23)));
        other_bias += csv_at(&c, r, 21) != csv_at(&c, 0, 21); /* one bias */
    }
    ck_assert_msg(sum_gap < 1e-6, "bias + parts differ from sum by %g", sum_gap);
    ck_assert_msg(prediction_gap < 1e-6, "sum differs from the prediction by %g", prediction_gap);
    ck_assert_uint_eq(other_bias, 0);
    /* each part is w_i a_i with one w_i per unit: the ratio is constant */
    size_t bad = 0;
    for (size_t u = 0; u < 10; u++) {
        double w = 0;
        int have_w = 0;
        for (size_t r = 0; r < c.rows; r++) {
            double a = csv_at(&c, r, 1 + u), part = csv_at(&c, r, 11 + u);
            if (a == 0) {
                bad += part != 0;
                continue;
            }
            if (!have_w) {
                w = part / a;
                have_w = 1;
            }
            bad += fabs(part / a - w) > REAL_TOL * 10 * fmax(1, fabs(w));
        }
    }
    ck_assert_uint_eq(bad, 0);
    csv_free(&c);
}
END_TEST

START_TEST(activation_curves)
{
    char out[4096];
    csv_data c = run_and_read("activations", out, sizeof out, "activations.csv");
    ck_assert_str_eq(c.header, "z,step,sigmoid,relu,linear");
    ck_assert_uint_eq(c.rows, 2001);
    size_t bad[4] = {0, 0, 0, 0};
    for (size_t r = 0; r < c.rows; r++) {
        double z = csv_at(&c, r, 0);
        bad[0] += csv_at(&c, r, 1) != (z >= 0 ? 1 : 0);
        bad[1] += fabs(csv_at(&c, r, 2) - 1 / (1 + exp(-z))) > REAL_TOL;
        bad[2] += fabs(csv_at(&c, r, 3) - (z > 0 ? z : 0)) > REAL_TOL * 10;
        bad[3] += fabs(csv_at(&c, r, 4) - z) > REAL_TOL * 10;
    }
    for (size_t k = 0; k < 4; k++)
        ck_assert_msg(bad[k] == 0, "%zu values of curve %zu are wrong", bad[k], k + 1);
    ck_assert(csv_at(&c, 1000, 0) == 0);
    csv_free(&c);
}
END_TEST

/* --help works everywhere, and the plane listings say that their plane is
 * corrected. */
START_TEST(help_texts)
{
    static const char *programs[] = {"listing17", "listing18", "listing19",  "listing20",
                                     "listing21", "listing22", "listing23",  "listing24",
                                     "listing25", "listing26", "listing27",  "listing28",
                                     "listing29", "listing30", "listing30b", "activations"};
    const char *dir = getenv("TNN_EXAMPLES_DIR");
    ck_assert_ptr_nonnull(dir);
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        char cmd[4300], text[4096];
        snprintf(cmd, sizeof cmd, "'%s/%s' --help", dir, programs[i]);
        FILE *f = popen(cmd, "r");
        ck_assert_ptr_nonnull(f);
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        ck_assert_int_eq(pclose(f), 0);
        ck_assert_ptr_nonnull(strstr(text, "usage:"));
        if (strcmp(programs[i], "listing22") == 0 || strcmp(programs[i], "listing24") == 0)
            ck_assert_ptr_nonnull(strstr(text, "shifted"));
        if (strcmp(programs[i], "listing19") == 0)
            ck_assert_ptr_nonnull(strstr(text, "model5 here by mistake"));
    }
}
END_TEST

/* Training snapshots (frames/, examples/README.md "Training snapshots"). */

/* The epochs a snapshot schedule keeps (article_frames.h's frames_due):
 * 0, `last`, and the multiples of each step's `every` up to its `until`. */
static size_t snapshot_epochs(const size_t steps[][2], size_t n_steps, size_t last, double *out,
                              size_t cap)
{
    size_t n = 0;
    for (size_t e = 0; e <= last; e++) {
        size_t i = 0;
        while (i < n_steps && e > steps[i][0])
            i++;
        if (e == 0 || e == last || (i < n_steps && e % steps[i][1] == 0)) {
            ck_assert_uint_lt(n, cap);
            out[n++] = (double)e;
        }
    }
    return n;
}

/* frames/index.csv against the schedule and history.csv: row e of the
 * index is at the weights after e epochs, where history.csv's epoch e + 1
 * was computed (before its update). Metric values may differ by
 * metric_tol (accuracy: a row at p = 0.5 exactly). */
static void check_snapshot_index(const csv_data *idx, const char *header, const csv_data *h,
                                 const double *epochs, size_t n, double metric_tol)
{
    ck_assert_str_eq(idx->header, header);
    ck_assert_uint_eq(idx->rows, n);
    size_t wrong_epoch = 0, off_loss = 0, off_metric = 0;
    for (size_t r = 0; r < n; r++) {
        double e = csv_at(idx, r, 0);
        wrong_epoch += e != epochs[r];
        if (e >= (double)h->rows)
            continue;
        double loss = csv_at(h, (size_t)e, 1);
        off_loss += fabs(csv_at(idx, r, 1) - loss) > 10 * REAL_TOL * fabs(loss);
        off_metric += fabs(csv_at(idx, r, 2) - csv_at(h, (size_t)e, 2)) > metric_tol;
    }
    ck_assert_uint_eq(wrong_epoch, 0);
    ck_assert_msg(off_loss == 0, "%zu snapshot losses differ from history.csv", off_loss);
    ck_assert_msg(off_metric == 0, "%zu snapshot metrics differ from history.csv", off_metric);
}

START_TEST(listing21_snapshots)
{
    char out[4096], file[64];
    run_example("listing21", out, sizeof out);
    static const size_t steps[][2] = {{160, 10}, {176, 4},  {188, 1},
                                      {200, 4},  {600, 20}, {2200, 100}};
    double epochs[256];
    size_t n = snapshot_epochs(steps, 6, 2200, epochs, 256);
    ck_assert_uint_eq(n, 72);
    csv_data idx = read_csv(out, "frames/index.csv"), h = read_csv(out, "history.csv"),
             fin = read_csv(out, "final.csv");
    check_snapshot_index(&idx, "epoch,loss,accuracy", &h, epochs, n, 2.0 / TRREF_X4_ROWS);
    /* the last snapshot is the trained model: final.csv's loss and accuracy */
    ck_assert(csv_at(&idx, n - 1, 1) == csv_at(&fin, 0, 0));
    ck_assert(csv_at(&idx, n - 1, 2) == csv_at(&fin, 0, 1));
    /* every frame: a 125 x 125 class grid, every 4th value of grid.csv's axes */
    grid_data g = read_grid(out, "grid.csv");
    size_t bad_axes = 0, not_a_class = 0, off_last = 0;
    for (size_t k = 0; k < n; k++) {
        snprintf(file, sizeof file, "frames/grid_%04zu.csv", (size_t)epochs[k]);
        grid_data f = read_grid(out, file);
        ck_assert_uint_eq(f.n1, 125);
        ck_assert_uint_eq(f.n2, 125);
        for (size_t j = 0; j < f.n2; j++) {
            bad_axes += grid_x2(&f, j) != grid_x2(&g, 4 * j) || f.x1[j] != g.x1[4 * j];
            for (size_t i = 0; i < f.n1; i++) {
                double c = grid_cell(&f, j, i);
                not_a_class += c != 0 && c != 1;
                /* the last frame is grid.csv at every 4th row and column */
                if (k == n - 1)
                    off_last += c != grid_cell(&g, 4 * j, 4 * i);
            }
        }
        csv_free(&f.raw);
    }
    ck_assert_uint_eq(bad_axes, 0);
    ck_assert_uint_eq(not_a_class, 0);
    ck_assert_msg(off_last == 0, "%zu cells of the last frame differ from grid.csv", off_last);
    csv_free(&idx);
    csv_free(&h);
    csv_free(&fin);
    csv_free(&g.raw);
}
END_TEST

START_TEST(listing28_snapshots)
{
    char out[4096], out30[4096], file[64];
    run_example("listing28", out, sizeof out);
    /* listing30 trains the same network (no snapshots) and writes the parts */
    csv_data c = run_and_read("listing30", out30, sizeof out30, "contributions.csv");
    static const size_t steps[][2] = {{100, 5}, {500, 20}, {1500, 50}};
    double epochs[128];
    size_t n = snapshot_epochs(steps, 3, 1500, epochs, 128);
    ck_assert_uint_eq(n, 61);
    csv_data idx = read_csv(out, "frames/index.csv"), h = read_csv(out, "history.csv");
    check_snapshot_index(&idx, "epoch,loss,mse", &h, epochs, n, 10 * REAL_TOL * 0.02);
    ck_assert(csv_at(&idx, n - 1, 2) < csv_at(&idx, 0, 2) / 100);
    csv_data p = read_csv(out, "points.csv");
    ck_assert_str_eq(p.header, "x,y");
    ck_assert_uint_eq(p.rows, 100);
    /* every frame: 112 points of X5_test (rows 0, 9, ..., 999), the parts,
     * the bias and the prediction, which is bias + the parts */
    size_t bad_x = 0, bad_sum = 0, off_last = 0;
    for (size_t k = 0; k < n; k++) {
        snprintf(file, sizeof file, "frames/curve_%04zu.csv", (size_t)epochs[k]);
        csv_data f = read_csv(out, file);
        ck_assert_str_eq(f.header, "x,wa1,wa2,wa3,wa4,wa5,wa6,wa7,wa8,wa9,wa10,bias,prediction");
        ck_assert_uint_eq(f.rows, 112);
        for (size_t r = 0; r < f.rows; r++) {
            bad_x += csv_at(&f, r, 0) != csv_at(&c, 9 * r, 0);
            double sum = csv_at(&f, r, 11);
            for (size_t u = 1; u <= 10; u++)
                sum += csv_at(&f, r, u);
            bad_sum += fabs(sum - csv_at(&f, r, 12)) > 1e-6;
            /* the last frame is the trained network: listing30's parts
             * (contributions.csv columns 11..20 wa, 21 bias, 23 prediction) */
            if (k == n - 1) {
                for (size_t u = 1; u <= 10; u++)
                    off_last += csv_at(&f, r, u) != csv_at(&c, 9 * r, 10 + u);
                off_last += csv_at(&f, r, 11) != csv_at(&c, 9 * r, 21);
                off_last += csv_at(&f, r, 12) != csv_at(&c, 9 * r, 23);
            }
        }
        csv_free(&f);
    }
    ck_assert_uint_eq(bad_x, 0);
    ck_assert_uint_eq(bad_sum, 0);
    ck_assert_msg(off_last == 0, "%zu values of the last frame differ from listing30's",
                  off_last);
    csv_free(&idx);
    csv_free(&h);
    csv_free(&p);
    csv_free(&c);
}
END_TEST

static Suite *examples_suite(void)
{
    Suite *s = suite_create("examples 17-30");
    TCase *tc = tcase_create("listings");
    tcase_add_test(tc, listing17_x4_points);
    tcase_add_test(tc, listing18_sigmoid_neuron_falls_short);
    tcase_add_test(tc, listing19_boundary_is_a_line);
    tcase_add_test(tc, listing20_summary);
    tcase_add_test(tc, listing21_relu_network_bends);
    tcase_add_test(tc, listing22_hidden_space_is_split_by_a_plane);
    tcase_add_test(tc, listing23_linear_hidden_layer_draws_a_line);
    tcase_add_test(tc, listing24_hidden_points_lie_on_a_plane);
    tcase_add_test(tc, listing25_x5_points);
    tcase_add_test(tc, listing26_linear_fit_stays_near_the_variance);
    tcase_add_test(tc, relu_fits_beat_the_line);
    tcase_add_test(tc, listing28_dead_units);
    tcase_add_test(tc, listing29_three_kinks);
    tcase_add_test(tc, listing30_dead_units_and_kinks);
    tcase_add_test(tc, relu400_keeps_fitting_better);
    tcase_add_test(tc, listing30_parts_sum_to_the_prediction);
    tcase_add_test(tc, activation_curves);
    tcase_add_test(tc, help_texts);
    tcase_add_test(tc, listing21_snapshots);
    tcase_add_test(tc, listing28_snapshots);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(examples_suite());
}
