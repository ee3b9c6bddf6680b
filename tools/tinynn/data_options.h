/* The options of every command that reads a data file: how to read it
 * (--delimiter, --max-input), what to do with missing values (--missing),
 * and the columns that are not features (--id, --ignore) or that a
 * per-row output passes through (--columns). */
#ifndef TINYNN_CLI_DATA_OPTIONS_H
#define TINYNN_CLI_DATA_OPTIONS_H

#include <stddef.h>

#include "args.h"
#include "csv_reader.h"

/* Entries of a command's option table (args.h). */
#define DATA_OPTION_DELIMITER_HELP                                                             \
    "comma, semicolon, tab, space or one character (default: from the header)"
#define DATA_OPTION_DELIMITER                                                                  \
    {                                                                                          \
        "delimiter", "C", DATA_OPTION_DELIMITER_HELP, NULL                                     \
    }
#define DATA_OPTION_MISSING_HELP                                                               \
    "an empty field, NA or NaN in a used column: refuse (default) or drop the row"
#define DATA_OPTION_MISSING                                                                    \
    {                                                                                          \
        "missing", "error|drop", DATA_OPTION_MISSING_HELP, NULL                                \
    }
#define DATA_OPTION_ID_HELP                                                                    \
    "a column naming the rows: not a feature; copied into per-row outputs"
#define DATA_OPTION_ID                                                                         \
    {                                                                                          \
        "id", "COLUMN", DATA_OPTION_ID_HELP, NULL                                              \
    }
#define DATA_OPTION_IGNORE                                                                     \
    {                                                                                          \
        "ignore", "A,B,...", "columns that are not features", NULL                             \
    }
#define DATA_OPTION_COLUMNS_HELP "columns of DATA.csv to copy into the output (default: none)"
#define DATA_OPTION_COLUMNS                                                                    \
    {                                                                                          \
        "columns", "A,B,...", DATA_OPTION_COLUMNS_HELP, NULL                                   \
    }

typedef struct data_options {
    csv_limits limits; /* --max-input, --delimiter; the texts of --id and --columns kept */
    int drop_missing;  /* --missing drop */
    const char *id;    /* --id, or NULL */
    char **ignore;     /* --ignore, n_ignore names */
    size_t n_ignore;
    char **columns; /* --columns, n_columns names */
    size_t n_columns;
    const char **kept; /* the id and the --columns: limits.keep_text */
} data_options;

/* Reads the options above that cmd has (the others stay unset), and
 * --max-input (common_limits). 0, or -1 (a usage error, reported). */
int data_options_read(const arg_command *cmd, data_options *o);

void data_options_free(data_options *o);

/* The byte --delimiter names (comma, semicolon, tab or \t, space, pipe,
 * or one character). 0, or -1 (a usage error, reported). */
int data_parse_delimiter(const char *text, char *out);

/* Splits a comma-separated list into *names (*n of them, one malloc'ed
 * block). 0, or -1 (reported). */
int data_split_list(const char *option, const char *list, char ***names, size_t *n);

/* Whether column name is the --id or one of --ignore's. */
int data_not_a_feature(const data_options *o, const char *name);

/* Whether column name is one of names. */
int data_listed(char *const *names, size_t n, const char *name);

#endif /* TINYNN_CLI_DATA_OPTIONS_H */
