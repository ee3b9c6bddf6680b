/* The tinynn command's CSV reader: turns the bytes of a CSV file into a
 * table of doubles, or into one precise error.
 *
 * What it accepts, because that is what spreadsheets and scripts write:
 * - a header row (required) naming every column; names must be distinct;
 * - comma or semicolon delimiters, chosen from the header row (the one that
 *   occurs more often outside quotes; a comma on a tie), or the one the
 *   caller names (csv_limits.delimiter: any single byte; with ' ', runs of
 *   spaces are one delimiter). With semicolons a number may use a decimal
 *   comma ("5,1"), as European spreadsheets write;
 * - RFC 4180 quoted fields ("a ""b"", c"), which may span lines;
 * - LF, CRLF or CR line ends, a trailing line end or none, a UTF-8 byte
 *   order mark, blank lines (skipped), spaces around fields (trimmed);
 * - columns of numbers (anything strtod reads completely in the "C" locale)
 *   and columns of text, whose distinct texts become class labels numbered
 *   in strcmp order.
 *
 * What it rejects, with the line and field: an empty file, a header with no
 * data rows, a row with another field count than the header, an unterminated
 * quote, text after a closing quote, a NUL byte, duplicate column names, more
 * bytes, columns or cells than the limits. Problems that only matter if a
 * column is used (text where a number is expected, an infinity or a number
 * beyond max_magnitude, too many distinct labels) are recorded per column
 * so the caller can reject exactly the columns it needs; so is the first
 * missing value (an empty field, NA or NaN), kept apart so that the caller
 * may drop such rows instead (csv_drop_rows).
 *
 * The reader never reads outside [data, data + size), needs no NUL
 * terminator and allocates only what the limits allow: a fuzz target.
 *
 * Memory: besides the 8 bytes of each cell (values) and of each row
 * (row_lines), sized from the count of line ends before the cells are read
 * and trimmed after, a table holds sizeof(csv_column) + 8 bytes per column, the
 * texts it keeps (names, distinct labels, problem messages: no more than
 * the file's own bytes plus about 80 per column) and one pointer per
 * distinct label kept (at most max_all_labels). Nothing is allocated per
 * cell, per name or per label. */
#ifndef TINYNN_CLI_CSV_READER_H
#define TINYNN_CLI_CSV_READER_H

#include <stddef.h>

/* Defaults of csv_limits_default(), documented in README.md. */
#define CSV_DEFAULT_MAX_BYTES ((size_t)1 << 30)      /* 1 GiB of input */
#define CSV_DEFAULT_MAX_CELLS ((size_t)-1)           /* no limit but the bytes */
#define CSV_DEFAULT_MAX_LABELS ((size_t)1024)        /* distinct texts of a text column */
#define CSV_DEFAULT_MAX_COLS ((size_t)1 << 18)       /* 256 Ki columns */
#define CSV_DEFAULT_MAX_ALL_LABELS ((size_t)1 << 20) /* labels of all text columns */

/* How much a table may hold; parsing stops with an error beyond. */
typedef struct csv_limits {
    size_t max_bytes;             /* input size */
    size_t max_cells;             /* data rows x columns */
    size_t max_labels;            /* distinct labels kept per text column */
    size_t max_cols;              /* columns (0: as many as max_cells allows) */
    size_t max_all_labels;        /* labels kept by all text columns together (0: no limit
                              beyond the cells); a column that would need more
                              gets none */
    char delimiter;               /* 0: ',' or ';' from the header; else this byte */
    double max_magnitude;         /* larger numbers are a problem of their column
                              (0: the double range) */
    const char *const *keep_text; /* names of columns whose cell texts are
                                     kept (csv_column.cells) */
    size_t n_keep_text;
} csv_limits;

csv_limits csv_limits_default(void);

/* A cell that stops a column from being used in some way. line == 0: none. */
typedef struct csv_problem {
    size_t line;      /* 1-based line where the cell starts */
    const char *what; /* e.g. "expected a number, found 'abc'" (owned by the
                         table); NULL when line is 0 */
} csv_problem;

typedef struct csv_column {
    char *name;             /* header text, NUL-terminated */
    int is_text;            /* some cell is not a number: values are label indices */
    csv_problem as_numbers; /* first cell that is not a finite number */
    csv_problem as_labels;  /* why the column cannot give class labels
                               (an empty field, too many distinct labels) */
    char **labels;          /* text columns usable as labels: the distinct
                              texts in strcmp order; NULL otherwise */
    size_t n_labels;
    csv_problem missing;          /* first empty field, NA or NaN (value NaN) */
    csv_problem missing_as_label; /* the same cell, as a label */
    char **cells;                 /* columns named in keep_text: each row's text */
} csv_column;

struct csv_text_block;

typedef struct csv_table {
    size_t n_rows; /* data rows (the header is not one) */
    size_t n_cols;
    csv_column *cols;             /* n_cols columns */
    double *values;               /* n_rows * n_cols, row-major: the number of a number
                          cell; the label index of a text cell when the
                          column has labels; NaN otherwise */
    size_t *row_lines;            /* 1-based line on which each data row starts */
    char delimiter;               /* ',' or ';', or the one asked for */
    struct csv_text_block *texts; /* where names, labels and messages live */
    size_t *by_name;              /* column indices in strcmp order of their names */
} csv_table;

/* Why parsing failed. line and field are 1-based; 0 when not applicable. */
typedef struct csv_error {
    size_t line;
    size_t field;
    char message[160];
} csv_error;

/* Parses size bytes at data. On success returns 0 and fills *table (free it
 * with csv_table_free). On failure returns -1, fills *err and leaves *table
 * empty (csv_table_free on it is harmless). limits may be NULL for the
 * defaults. */
int csv_parse(const char *data, size_t size, const csv_limits *limits, csv_table *table,
              csv_error *err);

/* Frees what csv_parse allocated and empties the table. */
void csv_table_free(csv_table *table);

/* Keeps the rows whose keep[r] is nonzero, in order (values, row_lines,
 * kept cells). */
void csv_drop_rows(csv_table *table, const unsigned char *keep);

/* Whether cell text is a missing value: empty, NA or NaN (any case). */
int csv_is_missing(const char *text, size_t len);

/* Index of the column named name, or -1 if none. O(log n_cols). */
long csv_find_column(const csv_table *table, const char *name);

#endif /* TINYNN_CLI_CSV_READER_H */
