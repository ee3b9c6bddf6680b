/* How the tinynn command talks to its user: every message goes to stderr,
 * prefixed with "tinynn: " (or "tinynn COMMAND: ") so it stands out in a
 * script's log. */
#ifndef TINYNN_CLI_DIAG_H
#define TINYNN_CLI_DIAG_H

#include <tinynn/tinynn.h>

/* Exit codes: 0 success, 1 the data, a file or training failed, 2 the
 * command line is wrong, 3 a needed tool (gnuplot) is missing. */
enum { EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_MISSING_TOOL = 3 };

/* Names the command in later messages ("fit", "predict", ...). */
void diag_set_command(const char *command);

/* Prints "tinynn CMD: <message>\n" to stderr (printf format). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void diag(const char *fmt, ...);

/* As diag, for a wrong command line found after the options were parsed:
 * the command then exits with EXIT_USAGE (see common_finish). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void diag_usage(const char *fmt, ...);

/* Whether diag_usage has reported a wrong command line. */
int diag_usage_seen(void);

/* Prints a library failure: "tinynn CMD: what: <status text>". */
void diag_status(const char *what, tnn_status status);

#endif /* TINYNN_CLI_DIAG_H */
