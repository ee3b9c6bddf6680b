/* CSV reader of the tinynn command (see csv_reader.h for what it accepts).
 *
 * Passes over the bytes: the first checks the structure, reads every
 * number into a table sized by the count of line ends (each cell is parsed
 * once) and learns which columns hold text; only when some column holds
 * text, a second collects its distinct labels and a third numbers its
 * cells by label. Nothing is allocated from a count before that count has
 * been checked against the limits, and nothing per cell, name or label:
 * texts go to a few large blocks (csv_text_block), so that a file of a
 * million short columns costs little more than its own bytes. */
#include "csv_reader.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

csv_limits csv_limits_default(void)
{
    csv_limits l = {CSV_DEFAULT_MAX_BYTES,
                    CSV_DEFAULT_MAX_CELLS,
                    CSV_DEFAULT_MAX_LABELS,
                    CSV_DEFAULT_MAX_COLS,
                    CSV_DEFAULT_MAX_ALL_LABELS,
                    0,
                    0,
                    NULL,
                    0};
    return l;
}

/* ------------------------------------------------------------------------ */
/* Texts: NUL-terminated strings in blocks that never move                   */

struct csv_text_block {
    struct csv_text_block *next;
    size_t used, cap;
    char data[];
};

#define TEXT_BLOCK_SIZE ((size_t)1 << 20)

/* Room for n bytes in the table's current block (a new block if needed). */
static char *text_room(csv_table *t, size_t n)
{
    struct csv_text_block *b = t->texts;
    if (b == NULL || b->cap - b->used < n) {
        /* a block of 1 MiB, or just the text if it is larger; the first
         * block small, so that small files stay small */
        size_t cap = t->texts == NULL ? 4096 : TEXT_BLOCK_SIZE;
        if (cap < n)
            cap = n;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        struct csv_text_block *nb = malloc(sizeof *nb + cap);
        if (nb == NULL)
            return NULL;
        nb->next = t->texts;
        nb->used = 0;
        nb->cap = cap;
        t->texts = nb;
        b = nb;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

/* A copy of len bytes of text, NUL-terminated; NULL when out of memory. */
static char *text_copy(csv_table *t, const char *text, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = text_room(t, len + 1);
    if (p != NULL) {
        if (len > 0)
            memcpy(p, text, len);
        p[len] = '\0';
    }
    return p;
}

/* A printf-formatted text; NULL when out of memory. */
static char *text_printf(csv_table *t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    return text_copy(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ------------------------------------------------------------------------ */
/* Errors and problem notes                                                  */

static void set_error(csv_error *err, size_t line, size_t field, const char *fmt, ...)
{
    err->line = line;
    err->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* A short, printable copy of cell text for messages: control characters
 * (a quoted field may hold line ends) become '?', long texts are cut. */
static void quote_for_message(char *out, size_t out_size, const char *text, size_t len)
{
    const size_t keep = 40;
    size_t n = 0;
    for (size_t i = 0; i < len && i < keep && n + 1 < out_size; i++) {
        unsigned char c = (unsigned char)text[i];
        out[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    out[n] = '\0';
    if (len > keep && n + 4 < out_size)
        strcat(out, "...");
}

/* The messages that quote no cell, shared by every column. */
static const char empty_number[] = "expected a number, found an empty field";
static const char empty_label[] = "expected a label, found an empty field";

/* Notes the first problem of a column: a fixed message, or (fmt != NULL)
 * fmt with the quoted cell text. -1 when out of memory. */
static int note_problem(csv_table *t, csv_problem *p, size_t line, const char *fixed,
                        const char *fmt, const char *text, size_t len)
{
    if (p->line != 0)
        return 0; /* the first problem is the one worth reporting */
    const char *what = fixed;
    if (fmt != NULL) {
        char shown[64];
        quote_for_message(shown, sizeof shown, text, len);
        if ((what = text_printf(t, fmt, shown)) == NULL)
            return -1;
    }
    p->line = line;
    p->what = what;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Tokenizer                                                                 */

typedef struct scanner {
    const char *p;
    const char *end;
    size_t line; /* 1-based line of p */
    char delim;
    char *buf; /* decoded text of the current field, NUL-terminated */
    size_t cap;
} scanner;

typedef struct field {
    const char *text; /* decoded (quotes removed, "" -> "), NUL-terminated */
    size_t len;
    size_t line; /* line where the field starts */
    int quoted;
    int row_ended; /* it was the last field of its row */
} field;

static int buf_reserve(scanner *s, size_t need)
{
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap == 0 ? 64 : s->cap;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *b = realloc(s->buf, cap);
    if (b == NULL)
        return -1;
    s->buf = b;
    s->cap = cap;
    return 0;
}

static int is_line_end(char c)
{
    return c == '\n' || c == '\r';
}

/* Spaces and tabs around a field are dropped, unless they delimit. */
static int is_blank(const scanner *s, char c)
{
    return (c == ' ' || c == '\t') && c != s->delim;
}

/* Steps over one line end (LF, CRLF or a lone CR) at s->p. */
static void skip_line_end(scanner *s)
{
    if (*s->p == '\r' && s->p + 1 < s->end && s->p[1] == '\n')
        s->p++;
    s->p++;
    s->line++;
}

/* Reads the field at s->p and the delimiter or line end after it. */
/* A quoted field from its opening quote on, into s->buf (*n bytes), up to
 * the delimiter or line end after its closing quote. 0, or -1 (err). */
static int read_quoted(scanner *s, size_t field_no, size_t line, size_t *n, csv_error *err)
{
    s->p++;
    for (;;) {
        if (s->p == s->end) {
            set_error(err, line, field_no, "unterminated quoted field: expected a closing '\"'");
            return -1;
        }
        char c = *s->p;
        if (c == '"') {
            if (s->p + 1 < s->end && s->p[1] == '"') {
                s->p++; /* "" is one quote */
            } else {
                s->p++;
                break;
            }
        } else if (c == '\0') {
            set_error(err, s->line, field_no,
                      "unexpected NUL byte: expected text (is this a binary file?)");
            return -1;
        } else if (c == '\n' || (c == '\r' && !(s->p + 1 < s->end && s->p[1] == '\n'))) {
            s->line++; /* a line end inside quotes belongs to the field */
        }
        if (buf_reserve(s, *n + 2) != 0) {
            set_error(err, s->line, field_no, "out of memory");
            return -1;
        }
        s->buf[(*n)++] = *s->p++;
    }
    while (s->p < s->end && is_blank(s, *s->p))
        s->p++;
    if (s->p < s->end && *s->p != s->delim && !is_line_end(*s->p)) {
        char shown[8];
        quote_for_message(shown, sizeof shown, s->p, 1);
        set_error(err, s->line, field_no,
                  "expected '%c' or a line end after the closing quote, found '%s'", s->delim,
                  shown);
        return -1;
    }
    return 0;
}

/* An unquoted field up to the delimiter or line end, trailing blanks
 * dropped, into s->buf (*n bytes). 0, or -1 (err). */
static int read_plain(scanner *s, size_t field_no, size_t *n, csv_error *err)
{
    const char *start = s->p;
    while (s->p < s->end && *s->p != s->delim && !is_line_end(*s->p)) {
        if (*s->p == '\0') {
            set_error(err, s->line, field_no,
                      "unexpected NUL byte: expected text (is this a binary file?)");
            return -1;
        }
        s->p++;
    }
    const char *stop = s->p;
    while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
        stop--;
    *n = (size_t)(stop - start);
    if (buf_reserve(s, *n + 1) != 0) {
        set_error(err, s->line, field_no, "out of memory");
        return -1;
    }
    if (*n > 0)
        memcpy(s->buf, start, *n);
    return 0;
}

static int read_field(scanner *s, size_t field_no, field *f, csv_error *err)
{
    size_t n = 0;
    while (s->p < s->end && (is_blank(s, *s->p) || (s->delim == ' ' && *s->p == ' ')))
        s->p++;
    f->line = s->line;
    f->quoted = s->p < s->end && *s->p == '"';
    if ((f->quoted ? read_quoted(s, field_no, f->line, &n, err)
                   : read_plain(s, field_no, &n, err)) != 0)
        return -1;
    if (buf_reserve(s, n + 1) != 0) {
        set_error(err, s->line, field_no, "out of memory");
        return -1;
    }
    s->buf[n] = '\0';
    f->text = s->buf;
    f->len = n;
    if (s->p == s->end) {
        f->row_ended = 1;
    } else if (*s->p == s->delim) {
        s->p++;
        f->row_ended = 0;
        if (s->delim == ' ') { /* a run of spaces is one delimiter; none ends a row */
            while (s->p < s->end && *s->p == ' ')
                s->p++;
            if (s->p == s->end) {
                f->row_ended = 1;
            } else if (is_line_end(*s->p)) {
                skip_line_end(s);
                f->row_ended = 1;
            }
        }
    } else {
        skip_line_end(s);
        f->row_ended = 1;
    }
    return 0;
}

static int is_blank_line(const field *f, size_t field_no)
{
    return field_no == 1 && f->row_ended && !f->quoted && f->len == 0;
}

/* The header's delimiter: ';' if it occurs more often than ',' outside
 * quotes on the first line, else ','. */
static char detect_delimiter(const char *p, const char *end)
{
    size_t commas = 0, semicolons = 0;
    int in_quotes = 0;
    for (; p < end; p++) {
        if (*p == '"')
            in_quotes = !in_quotes;
        else if (!in_quotes && is_line_end(*p))
            break;
        else if (!in_quotes && *p == ',')
            commas++;
        else if (!in_quotes && *p == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* ------------------------------------------------------------------------ */
/* Cells                                                                     */

enum cell_kind { CELL_MISSING, CELL_NUMBER, CELL_NON_FINITE, CELL_TOO_LARGE, CELL_TEXT };

int csv_is_missing(const char *text, size_t len)
{
    if (len == 0)
        return 1;
    char low[4] = "";
    for (size_t i = 0; i < len && i < 3; i++)
        low[i] = (char)(text[i] | 0x20); /* ASCII letters to lower case */
    return (len == 2 && memcmp(low, "na", 2) == 0) || (len == 3 && memcmp(low, "nan", 3) == 0);
}

/* Reads a cell (NUL-terminated text) as a number. With ';' as delimiter a
 * single ',' and no '.' is a decimal comma. */
static enum cell_kind classify(const char *text, size_t len, char delim, double max_magnitude,
                               double *value)
{
    if (csv_is_missing(text, len))
        return CELL_MISSING;
    char tmp[128];
    if (len >= sizeof tmp)
        return CELL_TEXT; /* no number is written with that many characters */
    if (delim == ';' && memchr(text, ',', len) != NULL) {
        memcpy(tmp, text, len + 1);
        char *comma = strchr(tmp, ',');
        if (strchr(comma + 1, ',') == NULL && strchr(tmp, '.') == NULL)
            *comma = '.';
        text = tmp;
    }
    char *stop;
    double v = strtod(text, &stop);
    if (stop == text || *stop != '\0')
        return CELL_TEXT;
    *value = v;
    if (!isfinite(v))
        return CELL_NON_FINITE; /* "inf", or beyond the double range */
    if (fabs(v) > max_magnitude)
        return CELL_TOO_LARGE;
    return CELL_NUMBER;
}

/* Position of text among a text column's labels (kept in strcmp order in
 * col->labels while the table is filled); *found tells whether it is there. */
static size_t label_position(const csv_column *col, const char *text, int *found)
{
    size_t lo = 0, hi = col->n_labels;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(col->labels[mid], text);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

/* Adds text to a text column's labels if new. The array grows by doubling
 * from 4 (its capacity follows from n_labels: no field for it). 0, -1 when
 * out of memory, -2 when the limit is reached. */
static int add_label(csv_table *t, csv_column *col, const char *text, size_t len,
                     size_t max_labels)
{
    int found;
    size_t at = label_position(col, text, &found);
    if (found)
        return 0;
    if (col->n_labels >= max_labels)
        return -2;
    size_t n = col->n_labels;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        size_t cap = n == 0 ? 4 : 2 * n;
        if (cap > SIZE_MAX / sizeof *col->labels)
            return -1;
        char **grown = realloc(col->labels, cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        col->labels = grown;
    }
    char *copy = text_copy(t, text, len);
    if (copy == NULL)
        return -1;
    memmove(col->labels + at + 1, col->labels + at, (n - at) * sizeof *col->labels);
    col->labels[at] = copy;
    col->n_labels = n + 1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The passes                                                                */

void csv_table_free(csv_table *table)
{
    if (table->cols != NULL)
        for (size_t c = 0; c < table->n_cols; c++) {
            free(table->cols[c].labels);
            free(table->cols[c].cells);
        }
    free(table->cols);
    free(table->values);
    free(table->row_lines);
    free(table->by_name);
    while (table->texts != NULL) {
        struct csv_text_block *next = table->texts->next;
        free(table->texts);
        table->texts = next;
    }
    memset(table, 0, sizeof *table);
}

long csv_find_column(const csv_table *table, const char *name)
{
    size_t lo = 0, hi = table->by_name != NULL ? table->n_cols : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, c = table->by_name[mid];
        int cmp = strcmp(table->cols[c].name, name);
        if (cmp == 0)
            return (long)c;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const csv_table *sort_table; /* qsort has no context argument in C11 */

static int compare_names(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_table->cols[i].name, sort_table->cols[j].name);
    return c != 0 ? c : (i < j ? -1 : i > j);
}

/* Sorts the names (t->by_name, for csv_find_column) and checks that they
 * are distinct. */
static int check_distinct_names(csv_table *t, size_t header_line, csv_error *err)
{
    size_t *idx = malloc(t->n_cols * sizeof *idx);
    if (idx == NULL) {
        set_error(err, header_line, 0, "out of memory");
        return -1;
    }
    for (size_t c = 0; c < t->n_cols; c++)
        idx[c] = c;
    sort_table = t;
    qsort(idx, t->n_cols, sizeof *idx, compare_names);
    sort_table = NULL;
    for (size_t k = 1; k < t->n_cols; k++) {
        if (strcmp(t->cols[idx[k - 1]].name, t->cols[idx[k]].name) == 0) {
            char shown[64];
            const char *name = t->cols[idx[k]].name;
            quote_for_message(shown, sizeof shown, name, strlen(name));
            set_error(err, header_line, idx[k] + 1,
                      "column name '%s' appears twice (fields %zu and %zu): expected distinct names",
                      shown, idx[k - 1] + 1, idx[k] + 1);
            free(idx);
            return -1;
        }
    }
    t->by_name = idx;
    return 0;
}

/* Reads the header row into t->cols. */
static int read_header(scanner *s, const csv_limits *lim, csv_table *t, size_t *header_line,
                       csv_error *err)
{
    size_t cap = 0;
    for (;;) {
        if (s->p == s->end) {
            set_error(err, 0, 0, "the file is empty: expected a header row naming the columns");
            return -1;
        }
        size_t no = 0;
        field f;
        *header_line = s->line;
        for (;;) {
            no++;
            if (read_field(s, no, &f, err) != 0)
                return -1;
            if (is_blank_line(&f, no))
                break;
            if (t->n_cols >= lim->max_cells) {
                set_error(err, f.line, no,
                          "more than %zu columns: expected at most the cell limit",
                          lim->max_cells);
                return -1;
            }
            if (lim->max_cols != 0 && t->n_cols >= lim->max_cols) {
                set_error(err, f.line, no, "more than %zu columns: expected at most %zu",
                          lim->max_cols, lim->max_cols);
                return -1;
            }
            if (t->n_cols == cap) {
                cap = cap == 0 ? 16 : 2 * cap;
                csv_column *cols = realloc(t->cols, cap * sizeof *cols);
                if (cols == NULL) {
                    set_error(err, f.line, no, "out of memory");
                    return -1;
                }
                t->cols = cols;
            }
            csv_column *col = &t->cols[t->n_cols];
            memset(col, 0, sizeof *col);
            if ((col->name = text_copy(t, f.text, f.len)) == NULL) {
                set_error(err, f.line, no, "out of memory");
                return -1;
            }
            t->n_cols++;
            if (f.row_ended) {
                if (t->n_cols < cap) { /* give back what the doubling left over */
                    csv_column *cols = realloc(t->cols, t->n_cols * sizeof *cols);
                    if (cols != NULL)
                        t->cols = cols;
                }
                return check_distinct_names(t, *header_line, err);
            }
        }
    }
}

static int ragged(csv_error *err, size_t line, size_t expected, size_t found)
{
    set_error(err, line, 0, "expected %zu field%s as in the header, found %zu", expected,
              expected == 1 ? "" : "s", found);
    return -1;
}

/* Notes a missing value: its column's first one, in the words of a number
 * and of a label. -1 when out of memory. */
static int note_missing(csv_table *t, csv_column *col, const field *f)
{
    int rc;
    if (f->len == 0) {
        rc = note_problem(t, &col->missing, f->line, empty_number, NULL, "", 0);
        if (rc == 0)
            rc = note_problem(t, &col->missing_as_label, f->line, empty_label, NULL, "", 0);
        return rc;
    }
    const char *number = f->len == 3 ? "expected a finite number, found '%s'" /* NaN */
                                     : "expected a number, found '%s'";
    rc = note_problem(t, &col->missing, f->line, NULL, number, f->text, f->len);
    if (rc == 0)
        rc = note_problem(t, &col->missing_as_label, f->line, NULL,
                          "expected a label, found '%s'", f->text, f->len);
    return rc;
}

/* First pass: checks every data row, reads its numbers into t->values (a
 * text cell NaN until number_labels), keeps the texts asked for, and
 * learns column kinds. t->values and t->row_lines have room for
 * max_rows + 1 rows. */
static int survey_rows(scanner *s, const csv_limits *lim, csv_table *t, size_t header_line,
                       csv_error *err)
{
    char too_large[96];
    snprintf(too_large, sizeof too_large,
             "expected a number within +-%.9g (the range of the number type), found '%%s'",
             lim->max_magnitude);
    while (s->p < s->end) {
        size_t row_line = s->line, no = 0;
        field f;
        double *row = t->values + t->n_rows * t->n_cols;
        do {
            no++;
            if (read_field(s, no, &f, err) != 0)
                return -1;
            if (is_blank_line(&f, no))
                break;
            if (no > t->n_cols)
                continue; /* count the whole row for the message */
            csv_column *col = &t->cols[no - 1];
            double v = (double)NAN;
            int rc = 0;
            switch (classify(f.text, f.len, s->delim, lim->max_magnitude, &v)) {
            case CELL_NUMBER: break;
            case CELL_MISSING:
                v = (double)NAN;
                rc = note_missing(t, col, &f);
                break;
            case CELL_NON_FINITE:
                rc = note_problem(t, &col->as_numbers, f.line, NULL,
                                  "expected a finite number, found '%s'", f.text, f.len);
                break;
            case CELL_TOO_LARGE:
                rc = note_problem(t, &col->as_numbers, f.line, NULL, too_large, f.text, f.len);
                break;
            case CELL_TEXT:
                col->is_text = 1;
                v = (double)NAN;
                rc = note_problem(t, &col->as_numbers, f.line, NULL,
                                  "expected a number, found '%s'", f.text, f.len);
                break;
            }
            if (rc == 0 && col->cells != NULL &&
                (col->cells[t->n_rows] = text_copy(t, f.text, f.len)) == NULL)
                rc = -1;
            if (rc != 0) {
                set_error(err, f.line, no, "out of memory");
                return -1;
            }
            row[no - 1] = v;
        } while (!f.row_ended);
        if (is_blank_line(&f, no))
            continue;
        if (no != t->n_cols)
            return ragged(err, row_line, t->n_cols, no);
        t->row_lines[t->n_rows++] = row_line;
        if (t->n_rows > lim->max_cells / t->n_cols) {
            set_error(err, row_line, 0,
                      "too many cells: expected at most %zu (data rows x columns)",
                      lim->max_cells);
            return -1;
        }
    }
    if (t->n_rows == 0) {
        set_error(err, header_line, 0, "expected data rows after the header, found none");
        return -1;
    }
    return 0;
}

/* Whether a column gets labels: text, and no problem (an empty field, too
 * many distinct texts) has ruled them out. */
static int collects_labels(const csv_column *col)
{
    return col->is_text && col->as_labels.line == 0;
}

/* Drops the labels a column collected (it cannot give class labels). */
static void drop_labels(csv_column *col)
{
    free(col->labels);
    col->labels = NULL;
    col->n_labels = 0;
}

/* Second pass, when some column holds text: its cells NaN (until
 * number_labels), its distinct texts collected. */
static int collect_labels(scanner *s, const csv_limits *lim, csv_table *t, csv_error *err)
{
    const char *too_many = NULL, *too_many_all = NULL;
    size_t held = 0; /* labels the columns keep, together */
    size_t r = 0;
    while (s->p < s->end && r < t->n_rows) {
        size_t no = 0;
        field f;
        do {
            no++;
            if (read_field(s, no, &f, err) != 0)
                return -1;
            if (is_blank_line(&f, no))
                break;
            csv_column *col = &t->cols[no - 1];
            if (!col->is_text)
                continue;
            t->values[r * t->n_cols + (no - 1)] = (double)NAN;
            if (!csv_is_missing(f.text, f.len) && collects_labels(col)) {
                size_t had = col->n_labels;
                int all_full = lim->max_all_labels != 0 && held >= lim->max_all_labels;
                int rc = add_label(t, col, f.text, f.len, all_full ? had : lim->max_labels);
                const char **what = all_full ? &too_many_all : &too_many;
                if (rc == -2 && *what == NULL)
                    *what = all_full ? text_printf(t,
                                                   "expected at most %zu distinct labels in "
                                                   "all text columns together, found more",
                                                   lim->max_all_labels)
                                     : text_printf(t,
                                                   "expected at most %zu distinct labels, "
                                                   "found more",
                                                   lim->max_labels);
                if (rc == -1 || (rc == -2 && *what == NULL)) {
                    set_error(err, f.line, no, "out of memory");
                    return -1;
                }
                if (rc == -2) {
                    note_problem(t, &col->as_labels, f.line, *what, NULL, "", 0);
                    held -= had;
                    drop_labels(col);
                } else {
                    held += col->n_labels - had;
                }
            }
        } while (!f.row_ended);
        if (!is_blank_line(&f, no))
            r++;
    }
    return 0;
}

/* Third pass, for text columns with labels: each cell's label index. */
static int number_labels(scanner *s, csv_table *t, csv_error *err)
{
    size_t r = 0;
    while (s->p < s->end && r < t->n_rows) {
        size_t no = 0;
        field f;
        do {
            no++;
            if (read_field(s, no, &f, err) != 0)
                return -1;
            if (is_blank_line(&f, no))
                break;
            const csv_column *col = &t->cols[no - 1];
            if (col->labels != NULL && f.len > 0) {
                int found;
                size_t k = label_position(col, f.text, &found);
                if (found)
                    t->values[r * t->n_cols + (no - 1)] = (double)k;
            }
        } while (!f.row_ended);
        if (!is_blank_line(&f, no))
            r++;
    }
    return 0;
}

/* Line ends from p on: LF, CRLF, or a lone CR each count one. */
static size_t count_line_ends(const char *p, const char *end)
{
    size_t n = 0;
    if (memchr(p, '\r', (size_t)(end - p)) == NULL) {
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            n++;
            p++;
        }
        return n;
    }
    for (; p < end; p++)
        n += *p == '\n' || (*p == '\r' && !(p + 1 < end && p[1] == '\n'));
    return n;
}

/* values and row_lines with room for every row the rest of the file can
 * hold (a row ends at a line end or at the end, and has a delimiter or line
 * end after each field but the last), and one more, within the cell limit;
 * the kept cells likewise. 0, or -1 (err, naming the size). */
static int allocate_rows(const scanner *s, const csv_limits *lim, csv_table *t, csv_error *err)
{
    size_t rows = count_line_ends(s->p, s->end) + 1;
    size_t by_size = (size_t)(s->end - s->p) / t->n_cols + 1; /* a row: a byte a field at least */
    if (rows > by_size)
        rows = by_size;
    if (rows > lim->max_cells / t->n_cols)
        rows = lim->max_cells / t->n_cols;
    rows++;
    if (rows > SIZE_MAX / sizeof(double) / t->n_cols) {
        set_error(err, 0, 0, "%zu rows of %zu columns: more cells than memory can address",
                  rows, t->n_cols);
        return -1;
    }
    size_t bytes = rows * t->n_cols * sizeof *t->values;
    t->values = malloc(bytes);
    t->row_lines = malloc(rows * sizeof *t->row_lines);
    if (t->values == NULL || t->row_lines == NULL) {
        set_error(err, 0, 0, "out of memory: up to %zu rows of %zu columns need %zu MiB", rows,
                  t->n_cols, (bytes >> 20) + 1);
        return -1;
    }
    for (size_t k = 0; k < lim->n_keep_text; k++) {
        long c = csv_find_column(t, lim->keep_text[k]);
        if (c < 0 || t->cols[c].cells != NULL)
            continue;
        if ((t->cols[c].cells = malloc(rows * sizeof(char *))) == NULL) {
            set_error(err, 0, 0, "out of memory: the texts of %zu rows", rows);
            return -1;
        }
    }
    return 0;
}

/* Gives back the room of the rows the file did not have. */
static void trim_rows(csv_table *t)
{
    double *v = realloc(t->values, t->n_rows * t->n_cols * sizeof *v);
    if (v != NULL)
        t->values = v;
    size_t *l = realloc(t->row_lines, t->n_rows * sizeof *l);
    if (l != NULL)
        t->row_lines = l;
    for (size_t c = 0; c < t->n_cols; c++) {
        char **cells = t->cols[c].cells != NULL
                           ? realloc(t->cols[c].cells, t->n_rows * sizeof *cells)
                           : NULL;
        if (cells != NULL)
            t->cols[c].cells = cells;
    }
}

void csv_drop_rows(csv_table *t, const unsigned char *keep)
{
    size_t n = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (!keep[r])
            continue;
        if (n != r) {
            memmove(t->values + n * t->n_cols, t->values + r * t->n_cols,
                    t->n_cols * sizeof *t->values);
            t->row_lines[n] = t->row_lines[r];
            for (size_t c = 0; c < t->n_cols; c++)
                if (t->cols[c].cells != NULL)
                    t->cols[c].cells[n] = t->cols[c].cells[r];
        }
        n++;
    }
    t->n_rows = n;
}

int csv_parse(const char *data, size_t size, const csv_limits *limits, csv_table *table,
              csv_error *err)
{
    csv_limits lim = limits != NULL ? *limits : csv_limits_default();
    memset(table, 0, sizeof *table);
    memset(err, 0, sizeof *err);
    if (lim.max_cells == 0)
        lim.max_cells = 1;
    if (size > lim.max_bytes) {
        set_error(err, 0, 0, "the file has %zu bytes: expected at most %zu (see --max-input)",
                  size, lim.max_bytes);
        return -1;
    }
    if (data == NULL && size > 0) {
        set_error(err, 0, 0, "no data");
        return -1;
    }
    static const char bom[] = "\xEF\xBB\xBF";
    const char *start = data == NULL ? "" : data;
    if (size >= 3 && memcmp(start, bom, 3) == 0) {
        start += 3;
        size -= 3;
    }
    if (!(lim.max_magnitude > 0))
        lim.max_magnitude = DBL_MAX;
    char delim = lim.delimiter != 0 ? lim.delimiter : detect_delimiter(start, start + size);
    scanner s = {start, start + size, 1, delim, NULL, 0};
    table->delimiter = s.delim;
    size_t header_line = 0;
    if (read_header(&s, &lim, table, &header_line, err) != 0 ||
        allocate_rows(&s, &lim, table, err) != 0)
        goto fail;
    const char *data_start = s.p;
    size_t data_line = s.line;
    if (survey_rows(&s, &lim, table, header_line, err) != 0)
        goto fail;
    trim_rows(table);
    int texts = 0;
    for (size_t c = 0; c < table->n_cols; c++) {
        if (!table->cols[c].is_text && table->cols[c].as_labels.line == 0)
            table->cols[c].as_labels = table->cols[c].as_numbers;
        texts |= table->cols[c].is_text;
    }
    s.p = data_start;
    s.line = data_line;
    if (texts && collect_labels(&s, &lim, table, err) != 0)
        goto fail;
    int labelled = 0;
    for (size_t c = 0; c < table->n_cols; c++) {
        csv_column *col = &table->cols[c];
        if (col->labels == NULL)
            continue;
        labelled = 1;
        char **fit = realloc(col->labels, col->n_labels * sizeof *fit); /* no spare room */
        if (fit != NULL)
            col->labels = fit;
    }
    if (labelled) {
        s.p = data_start;
        s.line = data_line;
        if (number_labels(&s, table, err) != 0)
            goto fail;
    }
    free(s.buf);
    return 0;

fail:
    free(s.buf);
    csv_table_free(table);
    return -1;
}
