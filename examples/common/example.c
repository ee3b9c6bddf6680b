/* Command line, output folder and CSV writing for the example programs. */
#include "example.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    exit(1);
}

/* mkdir -p */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0777);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

void example_start(example *ex, int argc, char **argv, const char *name, const char *help)
{
    ex->name = name;
    const char *out = ".";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: %s [OUTDIR]\n\n%s\n\nWrites its CSV files into OUTDIR (default: the "
                   "current folder; created if missing).\nFile formats: examples/README.md.\n",
                   name, help);
            exit(0);
        }
        if (argv[i][0] == '-' || i > 1) {
            fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", name, argv[i]);
            exit(2);
        }
        out = argv[i];
    }
    if (strlen(out) >= sizeof ex->outdir)
        die("%s: output folder name too long: %s", name, out);
    strcpy(ex->outdir, out);
    if (make_dirs(ex->outdir) != 0)
        die("%s: cannot create folder %s", name, out);
}

void example_check(tnn_status st, const char *what)
{
    if (st != TNN_OK)
        die("error: %s: %s", what, tnn_status_message(st));
}

void *example_alloc(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);
    if (p == NULL)
        die("error: %s%s", "out of memory", "");
    return p;
}

const char *example_path(const example *ex, const char *file)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", ex->outdir, file);
    return path;
}

void csv_open(csv *c, const example *ex, const char *file, const char *header)
{
    snprintf(c->path, sizeof c->path, "%s/%s", ex->outdir, file);
    snprintf(c->tmp, sizeof c->tmp, "%s.tmp", c->path);
    c->f = fopen(c->tmp, "w");
    if (c->f == NULL)
        die("error: cannot write %s: %s", c->tmp, strerror(errno));
    if (header != NULL)
        fprintf(c->f, "%s\n", header);
}

void csv_row(csv *c, const double *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(c->f, i == 0 ? "%.17g" : ",%.17g", values[i]);
    fputc('\n', c->f);
}

void csv_close(csv *c)
{
    int bad = ferror(c->f);
    if (fclose(c->f) != 0 || bad) {
        remove(c->tmp);
        die("error: writing %s failed%s", c->path, "");
    }
    if (rename(c->tmp, c->path) != 0)
        die("error: cannot rename %s: %s", c->tmp, strerror(errno));
}

void csv_write_points(const example *ex, const char *file, const char *header, const double *x,
                      size_t n_rows, size_t n_cols, const double *y)
{
    csv c;
    csv_open(&c, ex, file, header);
    double row[16];
    if (n_cols + 1 > sizeof row / sizeof row[0])
        die("error: %s: too many columns%s", file, "");
    for (size_t r = 0; r < n_rows; r++) {
        memcpy(row, x + r * n_cols, n_cols * sizeof *row);
        row[n_cols] = y[r];
        csv_row(&c, row, n_cols + 1);
    }
    csv_close(&c);
}

void csv_write_table(const example *ex, const char *file, const char *header,
                     const double *values, size_t rows, size_t cols)
{
    csv c;
    csv_open(&c, ex, file, header);
    for (size_t r = 0; r < rows; r++)
        csv_row(&c, values + r * cols, cols);
    csv_close(&c);
}

void csv_write_grid(const example *ex, const char *file, const double *x1, size_t n1,
                    const double *x2, size_t n2, const double *cells)
{
    csv c;
    csv_open(&c, ex, file, NULL);
    fprintf(c.f, "%zu", n1);
    for (size_t i = 0; i < n1; i++)
        fprintf(c.f, ",%.17g", x1[i]);
    fputc('\n', c.f);
    for (size_t j = 0; j < n2; j++) {
        fprintf(c.f, "%.17g", x2[j]);
        for (size_t i = 0; i < n1; i++)
            fprintf(c.f, ",%.17g", cells[j * n1 + i]);
        fputc('\n', c.f);
    }
    csv_close(&c);
}

void csv_write_history(const example *ex, const char *file, const char *metric_name,
                       const double *loss, const double *metric, size_t epochs)
{
    csv c;
    char header[64];
    snprintf(header, sizeof header, metric_name != NULL ? "epoch,loss,%s" : "epoch,loss",
             metric_name);
    csv_open(&c, ex, file, header);
    for (size_t e = 0; e < epochs; e++) {
        double row[3] = {(double)(e + 1), loss[e], metric != NULL ? metric[e] : 0};
        csv_row(&c, row, metric_name != NULL ? 3 : 2);
    }
    csv_close(&c);
}

tnn_real *example_to_real(const double *v, size_t n)
{
    tnn_real *out = example_alloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = (tnn_real)v[i];
    return out;
}

void csv_write_layer_weights(const example *ex, const char *file, const tnn_model *model,
                             size_t layer)
{
    const tnn_layer *l = tnn_model_layer(model, layer);
    if (l == NULL)
        die("error: %s: no such layer%s", file, "");
    size_t fan_in = tnn_layer_n_inputs(l), units = tnn_layer_units(l);
    tnn_real *kernel = example_alloc(fan_in * units * sizeof *kernel);
    tnn_real *bias = example_alloc(units * sizeof *bias);
    example_check(tnn_model_get_weights(model, layer, kernel, fan_in * units, bias, units),
                  "weights");
    char header[4096] = "unit,w0";
    for (size_t i = 1; i <= fan_in && strlen(header) + 16 < sizeof header; i++)
        snprintf(header + strlen(header), sizeof header - strlen(header), ",w%zu", i);
    csv c;
    csv_open(&c, ex, file, header);
    double *row = example_alloc((fan_in + 2) * sizeof *row);
    for (size_t u = 0; u < units; u++) {
        row[0] = (double)(u + 1);
        row[1] = (double)bias[u];
        for (size_t i = 0; i < fan_in; i++)
            row[i + 2] = (double)kernel[i * units + u]; /* kernel[i][u]: input i -> unit u */
        csv_row(&c, row, fan_in + 2);
    }
    csv_close(&c);
    free(row);
    free(kernel);
    free(bias);
}
