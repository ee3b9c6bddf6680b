/* What every example program shares: its command line, its output folder,
 * failing loudly, and the CSV formats documented in examples/README.md. */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <tinynn/tinynn.h>

/* An example run: where it writes. */
typedef struct example {
    const char *name;  /* program name, e.g. "listing04" */
    char outdir[4096]; /* created if missing */
} example;

/* Parses `NAME [OUTDIR]` and `--help` (prints `help` and exits 0). Creates
 * OUTDIR. Exits 2 on a bad command line, 1 if the folder cannot be made. */
void example_start(example *ex, int argc, char **argv, const char *name, const char *help);

/* Exits with a message on stderr unless st is TNN_OK. */
void example_check(tnn_status st, const char *what);

/* malloc that exits on failure. */
void *example_alloc(size_t size);

/* Full path of a file in the output folder (static buffer: use at once). */
const char *example_path(const example *ex, const char *file);

/* A CSV file written to FILE.tmp and renamed into place by csv_close, so a
 * failed run never leaves a partial file that looks valid. */
typedef struct csv {
    FILE *f;
    char path[4200];
    char tmp[4210];
} csv;

void csv_open(csv *c, const example *ex, const char *file, const char *header);
void csv_row(csv *c, const double *values, size_t n); /* %.17g, comma-separated */
void csv_close(csv *c);

/* points.csv-style table: n_rows rows of x (n_cols) then y; header given. */
void csv_write_points(const example *ex, const char *file, const char *header, const double *x,
                      size_t n_rows, size_t n_cols, const double *y);

/* A rows x cols table of doubles with a header line. */
void csv_write_table(const example *ex, const char *file, const char *header,
                     const double *values, size_t rows, size_t cols);

/* grid.csv: gnuplot's nonuniform matrix with commas. First row: n1, then the
 * x1 values; each next row: its x2 value, then the value of each cell. */
void csv_write_grid(const example *ex, const char *file, const double *x1, size_t n1,
                    const double *x2, size_t n2, const double *cells);

/* history.csv: epoch,loss[,metric_name] for `epochs` epochs. */
void csv_write_history(const example *ex, const char *file, const char *metric_name,
                       const double *loss, const double *metric, size_t epochs);

/* weights.csv of a layer of several units: header unit,w0,w1,... and one
 * row per unit (numbered from 1, as the article's w1, w2, w3), w0 its bias. */
void csv_write_layer_weights(const example *ex, const char *file, const tnn_model *model,
                             size_t layer);

/* Converts doubles to tnn_real (a fresh malloc'ed array). */
tnn_real *example_to_real(const double *v, size_t n);

#endif /* EXAMPLE_H */
