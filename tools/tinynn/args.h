/* Command-line options of the tinynn command: every command declares its
 * options in a table, which also makes its --help text. */
#ifndef TINYNN_CLI_ARGS_H
#define TINYNN_CLI_ARGS_H

#include <stddef.h>

typedef struct arg_option {
    const char *name;       /* without the leading "--" */
    const char *value_name; /* e.g. "N"; NULL for a flag */
    const char *help;
    const char *value; /* set by args_parse: the value, or "" for a given flag */
} arg_option;

typedef struct arg_command {
    const char *name;    /* "fit" */
    const char *usage;   /* "DATA.csv --target COLUMN [options]" */
    const char *about;   /* paragraph printed by --help */
    size_t n_positional; /* exact number of positional arguments */
    arg_option *options; /* terminated by an entry with name NULL */
} arg_command;

/* Parses argv[1..] (argv[0] is the command name). Options are --name VALUE
 * or --name=VALUE, in any order with the positional arguments; "--" ends
 * options. Returns 0 and fills positional[] on success, 1 after printing
 * --help, -1 after reporting a usage error. */
int args_parse(const arg_command *cmd, int argc, char **argv, const char **positional);

/* Value of an option, or NULL if it was not given. */
const char *args_get(const arg_command *cmd, const char *name);

/* Value parsers: 0 on success, -1 after reporting "--name: expected ...". */
int args_size(const char *option, const char *text, size_t min, size_t max, size_t *out);
int args_double(const char *option, const char *text, double *out);
/* Exactly n comma-separated numbers. */
int args_doubles(const char *option, const char *text, double *out, size_t n);
/* A byte count with an optional K, M or G suffix (powers of 1024). */
int args_bytes(const char *option, const char *text, size_t *out);

#endif /* TINYNN_CLI_ARGS_H */
