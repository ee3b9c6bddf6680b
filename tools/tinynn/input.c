/* Input files of the tinynn command (see input.h). */
#include "input.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "output.h"

const char *input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "stdin" : path;
}

int input_read_file(const char *path, size_t max_bytes, char **data, size_t *size)
{
    const int is_stdin = strcmp(path, "-") == 0;
    path = input_name(path);
    if (!is_stdin)
        output_input(path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
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
                diag("%s: out of memory reading the file (%zu bytes)", path, grown);
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return -1;
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
            if (!is_stdin)
                fclose(f);
            return -1;
        }
        if (got == 0)
            break;
    }
    if (buf == NULL) {
        diag("%s: out of memory reading the file", path);
        if (!is_stdin)
            fclose(f);
        return -1;
    }
    if (ferror(f)) {
        diag("cannot read %s: %s", path, strerror(errno));
        free(buf);
        if (!is_stdin)
            fclose(f);
        return -1;
    }
    if (!is_stdin)
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

/* Makes a column's first missing value the problem of using it, when it
 * comes before the column's other problems. */
static void missing_is_a_problem(csv_column *col)
{
    if (col->missing.line == 0)
        return;
    if (col->as_numbers.line == 0 || col->missing.line < col->as_numbers.line)
        col->as_numbers = col->missing;
    const csv_problem *as_label = col->is_text ? &col->missing_as_label : &col->missing;
    if (col->as_labels.line == 0 || as_label->line < col->as_labels.line)
        col->as_labels = *as_label;
}

static int parse_file(const char *path, const csv_limits *limits, csv_table *table)
{
    char *data;
    size_t size;
    csv_limits lim = limits != NULL ? *limits : csv_limits_default();
    if (input_read_file(path, lim.max_bytes, &data, &size) != 0)
        return -1;
    path = input_name(path);
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

int input_load_csv(const char *path, const csv_limits *limits, csv_table *table)
{
    if (parse_file(path, limits, table) != 0)
        return -1;
    for (size_t c = 0; c < table->n_cols; c++)
        missing_is_a_problem(&table->cols[c]);
    return 0;
}

/* Whether cell (r, c) holds a missing value. */
static int cell_missing(const csv_table *t, size_t r, size_t c)
{
    const csv_column *col = &t->cols[c];
    if (col->missing.line == 0)
        return 0;
    if (col->cells != NULL)
        return csv_is_missing(col->cells[r], strlen(col->cells[r]));
    return (!col->is_text || col->labels != NULL) && isnan(t->values[r * t->n_cols + c]);
}

/* --missing drop: removes the rows with a missing value in a used column,
 * and says how many on stderr. 0, or -1 (reported). */
static int drop_missing(const char *path, csv_table *t, const unsigned char *used)
{
    unsigned char *keep = malloc(t->n_rows);
    if (keep == NULL) {
        diag("out of memory (%zu bytes)", t->n_rows);
        return -1;
    }
    size_t dropped = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        keep[r] = 1;
        for (size_t c = 0; c < t->n_cols && keep[r]; c++)
            if (used[c] && cell_missing(t, r, c))
                keep[r] = 0;
        dropped += !keep[r];
    }
    size_t had = t->n_rows;
    csv_drop_rows(t, keep);
    free(keep);
    for (size_t c = 0; c < t->n_cols; c++)
        if (used[c])
            memset(&t->cols[c].missing, 0, sizeof t->cols[c].missing);
    if (dropped > 0)
        diag("%s: dropped %zu of %zu rows with a missing value (--missing drop)",
             input_name(path), dropped, had);
    if (t->n_rows == 0) {
        diag("%s: every row has a missing value: no rows left", input_name(path));
        return -1;
    }
    return 0;
}

int input_load_data(const char *path, const data_options *o, char *const *used, size_t n_used,
                    csv_table *table)
{
    if (parse_file(path, &o->limits, table) != 0)
        return -1;
    if (o->id != NULL && input_require_option_column(path, table, o->id, "the --id") < 0)
        return -1;
    for (size_t i = 0; i < o->n_ignore; i++)
        if (input_require_option_column(path, table, o->ignore[i], "named by --ignore") < 0)
            return -1;
    for (size_t i = 0; i < o->n_columns; i++)
        if (input_require_option_column(path, table, o->columns[i], "named by --columns") < 0)
            return -1;
    if (o->drop_missing) {
        unsigned char *mask = calloc(table->n_cols, 1);
        if (mask == NULL) {
            diag("out of memory");
            return -1;
        }
        for (size_t c = 0; c < table->n_cols; c++)
            mask[c] = (unsigned char)(used == NULL
                                          ? !data_listed(o->ignore, o->n_ignore,
                                                         table->cols[c].name)
                                          : data_listed(used, n_used, table->cols[c].name));
        int rc = drop_missing(path, table, mask);
        free(mask);
        if (rc != 0)
            return -1;
    }
    for (size_t c = 0; c < table->n_cols; c++)
        missing_is_a_problem(&table->cols[c]);
    return 0;
}

/* A hint when a file read as one column looks delimited otherwise. */
static const char *delimiter_hint(const csv_table *t)
{
    if (t->n_cols != 1)
        return "";
    if (strchr(t->cols[0].name, '\t') != NULL)
        return " (the file looks tab-separated: try --delimiter tab)";
    if (strchr(t->cols[0].name, ' ') != NULL)
        return " (the file looks space-separated: try --delimiter space)";
    return "";
}

/* The column named name, or -1 after reporting that the table has none
 * (listing the columns it has), as a usage error if the command line
 * named it. */
static long require_column(const char *path, const csv_table *table, const char *name,
                           const char *what, int usage)
{
    path = input_name(path);
    long c = csv_find_column(table, name);
    if (c >= 0)
        return c;
    char list[512] = "";
    for (size_t i = 0; i < table->n_cols && strlen(list) + 40 < sizeof list; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                 table->cols[i].name);
    if (strlen(list) + 40 >= sizeof list)
        strcat(list, ", ...");
    if (usage)
        diag_usage("%s: no column named '%s' (%s): expected one of the header's columns: %s%s",
                   path, name, what, list, delimiter_hint(table));
    else
        diag("%s: no column named '%s' (%s): expected one of the header's columns: %s%s", path,
             name, what, list, delimiter_hint(table));
    return -1;
}

long input_require_column(const char *path, const csv_table *table, const char *name,
                          const char *what)
{
    return require_column(path, table, name, what, 0);
}

long input_require_option_column(const char *path, const csv_table *table, const char *name,
                                 const char *what)
{
    return require_column(path, table, name, what, 1);
}

void input_report_column(const char *path, const csv_table *table, size_t c, int as_labels)
{
    const csv_column *col = &table->cols[c];
    const csv_problem *p = as_labels ? &col->as_labels : &col->as_numbers;
    int missing = p->line == col->missing.line &&
                  (p->what == col->missing.what || p->what == col->missing_as_label.what);
    diag("%s: line %zu, column %zu (%s): %s%s%s", input_name(path), p->line, c + 1, col->name,
         p->what, missing ? " (a missing value: --missing drop skips such rows)" : "",
         delimiter_hint(table));
}

int input_require_numbers(const char *path, const csv_table *table, size_t c)
{
    if (table->cols[c].as_numbers.line == 0)
        return 0;
    input_report_column(path, table, c, 0);
    return -1;
}
