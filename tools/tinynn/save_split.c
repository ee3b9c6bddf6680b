/* The rows of a validation split as CSV files (see save_split.h). */
#include "save_split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "input.h"
#include "output.h"

static const char *const split_names[] = {"test.csv", "train.csv"};

int save_split_check(const char *dir, double fraction, const char *data_path)
{
    if (dir == NULL)
        return 0;
    if (!(fraction > 0)) {
        diag_usage("--save-split: expected --validation-split F too (there is no split to save)");
        return -1;
    }
    if (strcmp(data_path, "-") == 0) {
        /* the rows are copied from a second reading of the file */
        diag_usage("--save-split: expected a data file, not - (standard input)");
        return -1;
    }
    if (dir[0] == '\0') {
        diag_usage("--save-split: expected a folder name");
        return -1;
    }
    if (output_make_dir(dir) != 0)
        return -1;
    for (int i = 0; i < 2; i++)
        if (common_check_output(dir, split_names[i], NULL) != 0)
            return -1;
    return 0;
}

/* Whether the file's bytes still give the table fit read (the file may have
 * changed since). */
static int same_table(const char *data, size_t size, const csv_limits *limits, const csv_table *t)
{
    csv_table again;
    csv_error err;
    if (csv_parse(data, size, limits, &again, &err) != 0)
        return 0;
    int same = again.n_rows == t->n_rows && again.n_cols == t->n_cols &&
               memcmp(again.row_lines, t->row_lines, t->n_rows * sizeof *t->row_lines) == 0 &&
               memcmp(again.values, t->values, t->n_rows * t->n_cols * sizeof *t->values) == 0;
    csv_table_free(&again);
    return same;
}

/* The byte offset where each line of the file starts (lines as the CSV
 * reader counts them: LF, CRLF or a lone CR ends one, also inside quotes),
 * up to line max_line. *starts gets max_line + 1 malloc'ed offsets,
 * [0] unused. 0, or -1 (reported). */
static int line_starts(const char *data, size_t size, size_t max_line, size_t **starts)
{
    size_t *s = common_alloc((max_line + 1) * sizeof *s);
    if (s == NULL)
        return -1;
    size_t line = 1;
    s[0] = 0;
    s[1] = 0;
    for (size_t i = 0; i < size && line < max_line; i++) {
        if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
            i++;
        if (data[i] == '\n' || data[i] == '\r')
            s[++line] = i + 1;
    }
    *starts = s;
    return 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Writes data[begin, end) without the blank lines and line end around it,
 * then a line end: a row (or the header) as the file has it. */
static void write_record(FILE *f, const char *data, size_t begin, size_t end)
{
    while (begin < end && is_blank(data[begin]))
        begin++;
    while (end > begin && is_blank(data[end - 1]))
        end--;
    fwrite(data + begin, 1, end - begin, f);
    fputc('\n', f);
}

/* dir/name: the header and the rows rows[0 .. n - 1]. 0, or -1 (reported). */
static int write_part(const char *dir, const char *name, const char *data, size_t size,
                      const size_t *starts, const csv_table *t, const size_t *rows, size_t n)
{
    char path[4096];
    FILE *f;
    if (output_join(path, sizeof path, dir, name) != 0 || (f = output_open(path)) == NULL)
        return -1;
    size_t body = starts[t->row_lines[0]],
           bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    write_record(f, data, bom ? 3 : 0, body);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        size_t end = r + 1 < t->n_rows ? starts[t->row_lines[r + 1]] : size;
        write_record(f, data, starts[t->row_lines[r]], end);
    }
    return 0;
}

int save_split_write(const char *dir, const char *data_path, const csv_limits *limits,
                     const csv_table *t, const size_t *order, size_t n_val)
{
    if (dir == NULL)
        return 0;
    char *data;
    size_t size, *starts = NULL;
    if (input_read_file(data_path, limits->max_bytes, &data, &size) != 0)
        return -1;
    int rc = -1;
    if (!same_table(data, size, limits, t))
        diag("%s changed while fit read it: the split cannot be saved", data_path);
    else if (line_starts(data, size, t->row_lines[t->n_rows - 1], &starts) == 0 &&
             write_part(dir, split_names[0], data, size, starts, t, order, n_val) == 0 &&
             write_part(dir, split_names[1], data, size, starts, t, order + n_val,
                        t->n_rows - n_val) == 0)
        rc = 0;
    free(starts);
    free(data);
    return rc;
}
