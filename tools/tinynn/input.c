/* Input files of the tinynn command (see input.h). */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "output.h"

int input_read_file(const char *path, size_t max_bytes, char **data, size_t *size)
{
    output_input(path);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diag("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    /* read in growing chunks rather than trusting a size from stat: works
     * for pipes, and never holds more than max_bytes + 1 */
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (n == cap) {
            size_t grown = cap * 2;
            if (grown > max_bytes + 2)
                grown = max_bytes + 2;
            char *b = grown > cap ? realloc(buf, grown) : NULL;
            if (b == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max_bytes) {
            diag("%s: the file is larger than the input limit of %zu bytes (see --max-input)",
                 path, max_bytes);
            free(buf);
            fclose(f);
            return -1;
        }
        if (got == 0)
            break;
    }
    if (buf == NULL) {
        diag("%s: out of memory reading the file", path);
        fclose(f);
        return -1;
    }
    if (ferror(f)) {
        diag("cannot read %s: %s", path, strerror(errno));
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    if (n == cap) {
        char *b = realloc(buf, n + 1);
        if (b == NULL) {
            free(buf);
            diag("%s: out of memory reading the file", path);
            return -1;
        }
        buf = b;
    }
    buf[n] = '\0';
    *data = buf;
    *size = n;
    return 0;
}

int input_load_csv(const char *path, const csv_limits *limits, csv_table *table)
{
    char *data;
    size_t size;
    csv_limits lim = limits != NULL ? *limits : csv_limits_default();
    if (input_read_file(path, lim.max_bytes, &data, &size) != 0)
        return -1;
    csv_error err;
    int rc = csv_parse(data, size, &lim, table, &err);
    free(data);
    if (rc == 0)
        return 0;
    if (err.line != 0 && err.field != 0)
        diag("%s: line %zu, field %zu: %s", path, err.line, err.field, err.message);
    else if (err.line != 0)
        diag("%s: line %zu: %s", path, err.line, err.message);
    else
        diag("%s: %s", path, err.message);
    return -1;
}

/* Reports that table has no column named name (listing those it has), as
 * a usage error if the command line named it. */
static void report_missing(const char *path, const csv_table *table, const char *name,
                           const char *what, int usage)
{
    char list[512] = "";
    for (size_t i = 0; i < table->n_cols && strlen(list) + 40 < sizeof list; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                 table->cols[i].name);
    if (strlen(list) + 40 >= sizeof list)
        strcat(list, ", ...");
    if (usage)
        diag_usage("%s: no column named '%s' (%s): expected one of the header's columns: %s",
                   path, name, what, list);
    else
        diag("%s: no column named '%s' (%s): expected one of the header's columns: %s", path,
             name, what, list);
}

long input_require_column(const char *path, const csv_table *table, const char *name,
                          const char *what)
{
    long c = csv_find_column(table, name);
    if (c < 0)
        report_missing(path, table, name, what, 0);
    return c;
}

long input_require_option_column(const char *path, const csv_table *table, const char *name,
                                 const char *what)
{
    long c = csv_find_column(table, name);
    if (c < 0)
        report_missing(path, table, name, what, 1);
    return c;
}

void input_report_column(const char *path, const csv_table *table, size_t c, int as_labels)
{
    const csv_column *col = &table->cols[c];
    const csv_problem *p = as_labels ? &col->as_labels : &col->as_numbers;
    diag("%s: line %zu, column %zu (%s): %s", path, p->line, c + 1, col->name, p->what);
}

int input_require_numbers(const char *path, const csv_table *table, size_t c)
{
    if (table->cols[c].as_numbers.line == 0)
        return 0;
    input_report_column(path, table, c, 0);
    return -1;
}
