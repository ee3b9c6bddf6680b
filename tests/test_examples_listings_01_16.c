/* Example programs of Listings 1-16: each runs, writes the files
 * examples/README.md promises, and shows what the article states. */
#include "example_runner.h"

#include <math.h>

#include "tnn_test.h"

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
    char out[4096], path[4200], text[2048];
    run_example("listing05", out, sizeof out);
    snprintf(path, sizeof path, "%s/summary.txt", out);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
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
    csv_free(&w);
}
END_TEST

static Suite *examples_suite(void)
{
    Suite *s = suite_create("examples 1-16");
    TCase *tc = tcase_create("listings");
    tcase_add_test(tc, listing01_points);
    tcase_add_test(tc, listing05_summary);
    tcase_add_test(tc, listing06_history);
    tcase_add_test(tc, listing07_weights);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(examples_suite());
}
