/* The article's data sets (its numpy recipes), made with
 * libtinynn's numpy-compatible generator and StandardScaler, so they equal
 * what numpy and scikit-learn produce, bit for bit.
 *
 *   X1, y1   seed 3, randn(30, 2), labels choice((0, 1)), class 1 moved by (-4, +4)
 *   X2, y2   seed 0, two 50 x 3 Gaussian blobs, labels 0 / 1
 *   X3, y3   seed 0, three 50 x 2 Gaussian blobs, labels 1 / 2 / 3
 *   X4, y4   seed 0, uniform points in [0, 4]^2 kept by two rejection rules:
 *            an L-shaped band (label 1) around a square (label 0)
 *   X5, y5   linspace(0, 1, 100) and the parabola -(x - 0.5)^2 + 0.25
 *   X5_test  linspace(0, 1, 1000) (y: the same parabola, for plotting)
 *
 * X1 .. X4 are standardised as the article does; X5 and X5_test are not.
 * Everything is double and row-major; labels are doubles too. */
#ifndef ARTICLE_DATA_H
#define ARTICLE_DATA_H

#include <stddef.h>

#include <tinynn/tinynn.h>

typedef enum article_set {
    ARTICLE_X1 = 0,
    ARTICLE_X2 = 1,
    ARTICLE_X3 = 2,
    ARTICLE_X4 = 3,
    ARTICLE_X5 = 4,
    ARTICLE_X5_TEST = 5
} article_set;

/* Number of data sets, for loops over article_set. */
#define ARTICLE_N_SETS 6

/* Shapes, for static arrays. ARTICLE_X4_ROWS is what X4's rejection step
 * keeps (checked against article_shape() by the tests). */
#define ARTICLE_MAX_COLS 3
#define ARTICLE_X1_ROWS 30
#define ARTICLE_X1_COLS 2
#define ARTICLE_X2_ROWS 100
#define ARTICLE_X2_COLS 3
#define ARTICLE_X3_ROWS 150
#define ARTICLE_X3_COLS 2
#define ARTICLE_X4_ROWS 1250
#define ARTICLE_X4_COLS 2
#define ARTICLE_X5_ROWS 100
#define ARTICLE_X5_COLS 1
#define ARTICLE_X5_TEST_ROWS 1000
#define ARTICLE_X5_TEST_COLS 1

/* "X1", "X2", ..., "X5_test"; "unknown" for other values. */
const char *article_set_name(article_set set);

/* Rows and columns of a data set (either pointer may be NULL).
 * Returns TNN_OK or TNN_E_INVALID_ARGUMENT for an unknown set. */
tnn_status article_shape(article_set set, size_t *n_rows, size_t *n_cols);

/* Whether the article standardises the set (X1 .. X4). */
int article_is_standardised(article_set set);

/* Fills caller arrays with one data set.
 *   n_rows  must equal the set's row count (else TNN_E_SHAPE_MISMATCH)
 *   x_raw   n_rows * n_cols inputs as numpy draws them, or NULL
 *   x       n_rows * n_cols inputs the article trains on: StandardScaler
 *           output for X1 .. X4, equal to x_raw for X5 and X5_test; or NULL
 *   y       n_rows labels / targets, or NULL
 *   mean, scale  n_cols values of the scaler's mean_ and scale_ (0 and 1
 *           for sets that are not standardised), or NULL
 * x_raw and x may not both be NULL. Returns TNN_OK, TNN_E_INVALID_ARGUMENT
 * or TNN_E_SHAPE_MISMATCH (then nothing is written). */
tnn_status article_fill(article_set set, size_t n_rows, double *x_raw, double *x, double *y,
                        double *mean, double *scale);

/* A data set in malloc'ed memory, from article_load(). */
typedef struct article_data {
    article_set set;
    size_t n_rows;
    size_t n_cols;
    int standardised;               /* 1 if x is StandardScaler output */
    double *x_raw;                  /* n_rows * n_cols, before standardising */
    double *x;                      /* n_rows * n_cols, what the article trains on */
    double *y;                      /* n_rows labels / targets */
    double mean[ARTICLE_MAX_COLS];  /* scaler mean_ (first n_cols used) */
    double scale[ARTICLE_MAX_COLS]; /* scaler scale_ (first n_cols used) */
} article_data;

/* Allocates and fills *data. Returns TNN_OK, TNN_E_INVALID_ARGUMENT or
 * TNN_E_OUT_OF_MEMORY (then *data holds no memory). */
tnn_status article_load(article_set set, article_data *data);

/* Frees what article_load() allocated and clears *data. NULL is allowed. */
void article_free(article_data *data);

#endif /* ARTICLE_DATA_H */
