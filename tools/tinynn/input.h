/* Reading the tinynn command's input files, with messages that name the
 * file, the line and the column. */
#ifndef TINYNN_CLI_INPUT_H
#define TINYNN_CLI_INPUT_H

#include <stddef.h>

#include "csv_reader.h"

/* Reads a whole file into a malloc'ed buffer (NUL-terminated, *size bytes
 * before the NUL). Refuses files over max_bytes. 0, or -1 (reported). */
int input_read_file(const char *path, size_t max_bytes, char **data, size_t *size);

/* Reads and parses a CSV file. 0, or -1 (reported as
 * "PATH: line L, field F: message"). */
int input_load_csv(const char *path, const csv_limits *limits, csv_table *table);

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
