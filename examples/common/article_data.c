/* The article's data sets, following its numpy recipes line by line.
 * Arithmetic is written in numpy's order (randn * 0.4 + centre is a
 * multiplication, then an addition) and this file is compiled without
 * fused multiply-adds, so the doubles equal numpy's. */
#include "article_data.h"

#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

typedef struct set_info {
    const char *name;
    size_t n_rows;
    size_t n_cols;
    int standardised;
} set_info;

static const set_info sets[ARTICLE_N_SETS] = {
    {"X1", ARTICLE_X1_ROWS, ARTICLE_X1_COLS, 1},
    {"X2", ARTICLE_X2_ROWS, ARTICLE_X2_COLS, 1},
    {"X3", ARTICLE_X3_ROWS, ARTICLE_X3_COLS, 1},
    {"X4", ARTICLE_X4_ROWS, ARTICLE_X4_COLS, 1},
    {"X5", ARTICLE_X5_ROWS, ARTICLE_X5_COLS, 0},
    {"X5_test", ARTICLE_X5_TEST_ROWS, ARTICLE_X5_TEST_COLS, 0},
};

static const set_info *info_of(article_set set)
{
    return (unsigned)set < ARTICLE_N_SETS ? &sets[set] : NULL;
}

const char *article_set_name(article_set set)
{
    const set_info *info = info_of(set);
    return info != NULL ? info->name : "unknown";
}

int article_is_standardised(article_set set)
{
    const set_info *info = info_of(set);
    return info != NULL && info->standardised;
}

tnn_status article_shape(article_set set, size_t *n_rows, size_t *n_cols)
{
    const set_info *info = info_of(set);
    if (info == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (n_rows != NULL)
        *n_rows = info->n_rows;
    if (n_cols != NULL)
        *n_cols = info->n_cols;
    return TNN_OK;
}

/* rows x cols draws of randn() * spread + centre[j], row-major. */
static void gaussian_blob(tnn_rng *rng, size_t rows, size_t cols, double spread,
                          const double *centre, double *out)
{
    for (size_t i = 0; i < rows; ++i) {
        for (size_t j = 0; j < cols; ++j)
            out[i * cols + j] = tnn_rng_standard_normal(rng) * spread + centre[j];
    }
}

static void set_labels(double *y, size_t first, size_t count, double label)
{
    if (y == NULL)
        return;
    for (size_t i = first; i < first + count; ++i)
        y[i] = label;
}

/* X1: seed 3; randn(30, 2); y1 = choice((0, 1), size=30); class 1 rows get
 * x1 -= 4, x2 += 4. */
static tnn_status make_x1(tnn_rng *rng, double *x, double *y)
{
    tnn_rng_seed(rng, 3);
    for (size_t i = 0; i < ARTICLE_X1_ROWS * 2; ++i)
        x[i] = tnn_rng_standard_normal(rng);
    for (size_t i = 0; i < ARTICLE_X1_ROWS; ++i) {
        size_t label = 0;
        tnn_status st = tnn_rng_choice(rng, 2, &label);
        if (st != TNN_OK)
            return st;
        if (label == 1) {
            x[2 * i] -= 4.0;
            x[2 * i + 1] += 4.0;
        }
        if (y != NULL)
            y[i] = (double)label;
    }
    return TNN_OK;
}

/* X2: seed 0; randn(50, 3) * 0.4 + [-2, 1, 0], then randn(50, 3) * 0.4 +
 * [1, 4, 3]; labels 0 then 1. */
static void make_x2(tnn_rng *rng, double *x, double *y)
{
    static const double centre0[3] = {-2.0, 1.0, 0.0}, centre1[3] = {1.0, 4.0, 3.0};
    tnn_rng_seed(rng, 0);
    gaussian_blob(rng, 50, 3, 0.4, centre0, x);
    gaussian_blob(rng, 50, 3, 0.4, centre1, x + 50 * 3);
    set_labels(y, 0, 50, 0.0);
    set_labels(y, 50, 50, 1.0);
}

/* X3: seed 0; blobs of spread 0.4, 0.7, 0.5 around (2, 1), (6, 4), (2, 6);
 * labels 1, 2, 3. */
static void make_x3(tnn_rng *rng, double *x, double *y)
{
    static const double centre1[2] = {2.0, 1.0}, centre2[2] = {6.0, 4.0}, centre3[2] = {2.0, 6.0};
    tnn_rng_seed(rng, 0);
    gaussian_blob(rng, 50, 2, 0.4, centre1, x);
    gaussian_blob(rng, 50, 2, 0.7, centre2, x + 50 * 2);
    gaussian_blob(rng, 50, 2, 0.5, centre3, x + 100 * 2);
    set_labels(y, 0, 50, 1.0);
    set_labels(y, 50, 50, 2.0);
    set_labels(y, 100, 50, 3.0);
}

/* X4: seed 0; 1550 uniform points in [0, 4]^2 keeping those NOT (x1 < 3 and
 * x2 < 3), label 1; then 1550 more keeping NOT (x1 > 2.3 or x2 > 2.3),
 * label 0. Points are drawn row by row, which is numpy's order. Writes at
 * most ARTICLE_X4_ROWS rows and returns how many the rules keep. */
static size_t make_x4(tnn_rng *rng, double *x, double *y)
{
    static const double low[2] = {0.0, 0.0}, high[2] = {4.0, 4.0};
    const size_t n = 1550;
    size_t kept = 0;
    tnn_rng_seed(rng, 0);
    for (int block = 0; block < 2; ++block) {
        for (size_t i = 0; i < n; ++i) {
            double p[2];
            if (tnn_rng_uniform_fill(rng, low, high, 1, 2, p) != TNN_OK)
                return 0;
            int keep = block == 0 ? !(p[0] < 3.0 && p[1] < 3.0) : !(p[0] > 2.3 || p[1] > 2.3);
            if (!keep)
                continue;
            if (kept < ARTICLE_X4_ROWS) {
                x[2 * kept] = p[0];
                x[2 * kept + 1] = p[1];
                if (y != NULL)
                    y[kept] = block == 0 ? 1.0 : 0.0;
            }
            ++kept;
        }
    }
    return kept;
}

/* X5 and X5_test: linspace(0, 1, n); y = -(x - 0.5)^2 + 0.25. */
static tnn_status make_x5(size_t n, double *x, double *y)
{
    tnn_status st = tnn_linspace(0.0, 1.0, x, n);
    if (st != TNN_OK || y == NULL)
        return st;
    for (size_t i = 0; i < n; ++i) {
        double d = x[i] - 0.5;
        y[i] = -(d * d) + 0.25;
    }
    return TNN_OK;
}

/* Generates the raw inputs into x and the labels into y (may be NULL). */
static tnn_status generate(article_set set, double *x, double *y)
{
    if (set == ARTICLE_X5 || set == ARTICLE_X5_TEST)
        return make_x5(sets[set].n_rows, x, y);

    /* The generator lives on the stack: a few kilobytes, no allocation. */
    union {
        double align;
        unsigned char bytes[4096];
    } mem;
    tnn_rng *rng = NULL;
    tnn_status st = tnn_rng_init(&rng, mem.bytes, sizeof mem.bytes, 0);
    if (st != TNN_OK)
        return st;
    switch (set) {
    case ARTICLE_X1: return make_x1(rng, x, y);
    case ARTICLE_X2: make_x2(rng, x, y); return TNN_OK;
    case ARTICLE_X3: make_x3(rng, x, y); return TNN_OK;
    case ARTICLE_X4:
        return make_x4(rng, x, y) == ARTICLE_X4_ROWS ? TNN_OK : TNN_E_SHAPE_MISMATCH;
    default: return TNN_E_INVALID_ARGUMENT;
    }
}

tnn_status article_fill(article_set set, size_t n_rows, double *x_raw, double *x, double *y,
                        double *mean, double *scale)
{
    const set_info *info = info_of(set);
    if (info == NULL || (x_raw == NULL && x == NULL))
        return TNN_E_INVALID_ARGUMENT;
    if (n_rows != info->n_rows)
        return TNN_E_SHAPE_MISMATCH;

    size_t n_values = info->n_rows * info->n_cols;
    double *raw = x_raw != NULL ? x_raw : x;
    tnn_status st = generate(set, raw, y);
    if (st != TNN_OK)
        return st;
    if (x != NULL && x != raw)
        memcpy(x, raw, n_values * sizeof x[0]);

    double m[ARTICLE_MAX_COLS], s[ARTICLE_MAX_COLS];
    for (size_t j = 0; j < ARTICLE_MAX_COLS; ++j) {
        m[j] = 0.0;
        s[j] = 1.0;
    }
    if (info->standardised) {
        st = tnn_scaler_fit(raw, info->n_rows, info->n_cols, m, s);
        if (st == TNN_OK && x != NULL)
            st = tnn_scaler_transform(m, s, x, info->n_rows, info->n_cols, x);
        if (st != TNN_OK)
            return st;
    }
    if (mean != NULL)
        memcpy(mean, m, info->n_cols * sizeof m[0]);
    if (scale != NULL)
        memcpy(scale, s, info->n_cols * sizeof s[0]);
    return TNN_OK;
}

tnn_status article_load(article_set set, article_data *data)
{
    const set_info *info = info_of(set);
    if (info == NULL || data == NULL)
        return TNN_E_INVALID_ARGUMENT;
    article_data d;
    memset(&d, 0, sizeof d);
    d.set = set;
    d.n_rows = info->n_rows;
    d.n_cols = info->n_cols;
    d.standardised = info->standardised;
    size_t n_values = d.n_rows * d.n_cols;
    d.x_raw = malloc(n_values * sizeof(double));
    d.x = malloc(n_values * sizeof(double));
    d.y = malloc(d.n_rows * sizeof(double));
    if (d.x_raw == NULL || d.x == NULL || d.y == NULL) {
        article_free(&d);
        return TNN_E_OUT_OF_MEMORY;
    }
    tnn_status st = article_fill(set, d.n_rows, d.x_raw, d.x, d.y, d.mean, d.scale);
    if (st != TNN_OK) {
        article_free(&d);
        return st;
    }
    *data = d;
    return TNN_OK;
}

void article_free(article_data *data)
{
    if (data == NULL)
        return;
    free(data->x_raw);
    free(data->x);
    free(data->y);
    memset(data, 0, sizeof *data);
}
