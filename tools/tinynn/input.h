/* Reading the tinynn command's input files, with messages that name the
 * file, the line and the column. */
#ifndef TINYNN_CLI_INPUT_H
#define TINYNN_CLI_INPUT_H

#include <stddef.h>

#include "csv_reader.h"
#include "data_options.h"

/* The name of an input in messages: "stdin" for "-". */
const char *input_name(const char *path);

/* Reads a whole file ("-": standard input) into a malloc'ed buffer
 * (NUL-terminated, *size bytes before the NUL), growing it as it reads.
 * Refuses files over max_bytes. 0, or -1 (reported). */
int input_read_file(const char *path, size_t max_bytes, char **data, size_t *size);

/* Reads and parses a CSV file; a missing value is a problem of its column
 * (csv_column.as_numbers, as_labels). 0, or -1 (reported as
 * "PATH: line L, field F: message"). */
int input_load_csv(const char *path, const csv_limits *limits, csv_table *table);

/* As input_load_csv with a command's data options: checks that --id,
 * --ignore and --columns name columns of the file; with --missing drop,
 * first removes the rows with a missing value in a used column (used,
 * n_used names; used NULL: every column but --ignore's) and says how many
 * on stderr. 0, or -1 (reported). */
int input_load_data(const char *path, const data_options *o, char *const *used, size_t n_used,
                    csv_table *table);

/* The column named name, or -1 after reporting that PATH has no such
 * column (listing the columns it has). what says what it was wanted for. */
long input_require_column(const char *path, const csv_table *table, const char *name,
                          const char *what);

/* As input_require_column, for a column the command line named (--target,
 * --features, --x...): its absence is a usage error (diag_usage). */
long input_require_option_column(const char *path, const csv_table *table, const char *name,
                                 const char *what);

/* Reports why column c cannot be used as numbers (or as labels):
 * "PATH: line L, column C (NAME): expected a number, found 'abc'". */
void input_report_column(const char *path, const csv_table *table, size_t c, int as_labels);

/* Checks that column c holds only finite numbers; reports if not. 0 or -1. */
int input_require_numbers(const char *path, const csv_table *table, size_t c);

#endif /* TINYNN_CLI_INPUT_H */
