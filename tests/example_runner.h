/* Helpers for the examples suites: run an example program into a fresh
 * folder and read back the CSV files it wrote. The programs are found in
 * the folder named by the environment variable TNN_EXAMPLES_DIR. */
#ifndef EXAMPLE_RUNNER_H
#define EXAMPLE_RUNNER_H

/* mkdtemp is POSIX 2008 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A CSV file read back: an optional header and a rows x cols matrix. */
typedef struct csv_data {
    char header[1024]; /* first line if it has letters, else "" */
    size_t rows, cols;
    double *v; /* rows * cols, row-major */
} csv_data;

/* Runs `program OUTDIR` and asserts it exits 0. OUTDIR (written into
 * outdir) is $TNN_EXAMPLES_OUT/<program>, emptied first, so repeated runs
 * leave nothing behind; without that variable a new temporary folder is
 * used. The program's stdout goes to OUTDIR.stdout.txt. */
static inline void run_example(const char *program, char *outdir, size_t outdir_size)
{
    const char *dir = getenv("TNN_EXAMPLES_DIR");
    ck_assert_msg(dir != NULL, "TNN_EXAMPLES_DIR is not set");
    const char *base = getenv("TNN_EXAMPLES_OUT");
    char tmpl[] = "/tmp/tnn-example-XXXXXX";
    if (base == NULL) {
        ck_assert_ptr_nonnull(mkdtemp(tmpl));
        base = tmpl;
    }
    snprintf(outdir, outdir_size, "%s/%s", base, program);
    char cmd[4 * 4096 + 64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && '%s/%s' '%s' > '%s.stdout.txt'",
             outdir, base, dir, program, outdir, outdir);
    int rc = system(cmd);
    ck_assert_msg(rc == 0, "%s exited with status %d", program, rc);
}

/* Reads OUTDIR/FILE; asserts it exists, every row has the same number of
 * numeric fields, and there is at least one row. */
static inline csv_data read_csv(const char *outdir, const char *file)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", outdir, file);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s was not written", path);
    csv_data d = {"", 0, 0, NULL};
    size_t cap = 0;
    static char line[1 << 16];
    int first = 1;
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        if (len + 1 >= sizeof line)
            ck_abort_msg("%s: line too long", path);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (first && strpbrk(line, "abcdfghijklmopqrstuvwxyzABCDFGHIJKLMOPQRSTUVWXYZ_") != NULL) {
            if (len >= sizeof d.header)
                ck_abort_msg("%s: header too long", path);
            memcpy(d.header, line, len + 1);
            first = 0;
            continue;
        }
        first = 0;
        size_t cols = 0;
        char *p = line;
        for (;;) {
            char *end;
            double v = strtod(p, &end);
            /* plain ifs: a passing ck_assert per field costs a pipe write in Check */
            if (end == p)
                ck_abort_msg("%s row %zu: not a number at '%s'", path, d.rows + 1, p);
            if (d.rows * d.cols + cols + 1 > cap) {
                cap = cap ? 2 * cap : 1024;
                d.v = realloc(d.v, cap * sizeof *d.v);
                if (d.v == NULL)
                    ck_abort_msg("out of memory reading %s", path);
            }
            d.v[d.rows * (d.cols ? d.cols : 0) + cols] = v;
            cols++;
            if (*end == '\0')
                break;
            if (*end != ',')
                ck_abort_msg("%s row %zu: expected a comma at '%s'", path, d.rows + 1, end);
            p = end + 1;
        }
        if (d.rows == 0)
            d.cols = cols;
        if (cols != d.cols)
            ck_abort_msg("%s row %zu has %zu fields, expected %zu", path, d.rows + 1, cols,
                         d.cols);
        d.rows++;
    }
    fclose(f);
    ck_assert_msg(d.rows > 0, "%s has no data rows", path);
    return d;
}

static inline double csv_at(const csv_data *d, size_t r, size_t c)
{
    if (r >= d->rows || c >= d->cols)
        ck_abort_msg("csv_at(%zu, %zu) outside %zu x %zu", r, c, d->rows, d->cols);
    return d->v[r * d->cols + c];
}

static inline void csv_free(csv_data *d)
{
    free(d->v);
    d->v = NULL;
}

/* Reads OUTDIR/FILE as text into buf (NUL-terminated, at most size - 1
 * bytes); asserts it exists. */
static inline void read_text(const char *outdir, const char *file, char *buf, size_t size)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", outdir, file);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s was not written", path);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* A grid.csv in gnuplot's nonuniform matrix layout: n1 x1 values in row 0
 * after the count, then one row per x2 value. */
typedef struct grid_data {
    size_t n1, n2;
    const double *x1; /* n1 values */
    csv_data raw;
} grid_data;

static inline grid_data read_grid(const char *outdir, const char *file)
{
    grid_data g;
    g.raw = read_csv(outdir, file);
    ck_assert_msg(g.raw.header[0] == '\0', "%s must not have a header", file);
    g.n1 = (size_t)csv_at(&g.raw, 0, 0);
    ck_assert_uint_eq(g.raw.cols, g.n1 + 1);
    g.n2 = g.raw.rows - 1;
    g.x1 = g.raw.v + 1;
    return g;
}

static inline double grid_x2(const grid_data *g, size_t j)
{
    return csv_at(&g->raw, j + 1, 0);
}

static inline double grid_cell(const grid_data *g, size_t j, size_t i)
{
    return csv_at(&g->raw, j + 1, i + 1);
}

#endif /* EXAMPLE_RUNNER_H */
