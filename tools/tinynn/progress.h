/* The progress line of long training runs: one line on stderr, redrawn at
 * most ten times a second, only when stderr is a terminal and --quiet was
 * not given (logs and pipes stay clean). */
#ifndef TINYNN_CLI_PROGRESS_H
#define TINYNN_CLI_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    int enabled;
    size_t total;            /* epochs planned */
    const char *metric_name; /* "accuracy", "mse" */
    double start;            /* seconds, monotonic clock */
    double last_draw;
} progress;

void progress_start(progress *p, size_t total_epochs, const char *metric_name, int quiet);

/* After epoch `done` (1-based) of the total. */
void progress_update(progress *p, size_t done, double loss, double metric);

/* Ends the line (if one was drawn). */
void progress_finish(progress *p);

#endif /* TINYNN_CLI_PROGRESS_H */
