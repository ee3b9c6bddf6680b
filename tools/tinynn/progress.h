/* The progress of long training runs on stderr, unless --quiet was given.
 * On a terminal: one line, redrawn at most ten times a second. Elsewhere
 * (a log file, a pipe): a plain line every few seconds (5 s, or the
 * seconds of the environment variable TINYNN_PROGRESS_INTERVAL), so that
 * logs show a long run advancing without carriage-return redraws. */
#ifndef TINYNN_CLI_PROGRESS_H
#define TINYNN_CLI_PROGRESS_H

#include <stddef.h>

typedef enum progress_mode { PROGRESS_OFF, PROGRESS_REDRAW, PROGRESS_LINES } progress_mode;

typedef struct progress {
    progress_mode mode;
    size_t total;            /* epochs planned */
    const char *metric_name; /* "accuracy", "mse" */
    double start;            /* seconds, monotonic clock */
    double next_draw;        /* no line before then (but a terminal's last) */
} progress;

void progress_start(progress *p, size_t total_epochs, const char *metric_name, int quiet);

/* After epoch `done` (1-based) of the total. */
void progress_update(progress *p, size_t done, double loss, double metric);

/* Ends the line (if one was drawn). */
void progress_finish(progress *p);

#endif /* TINYNN_CLI_PROGRESS_H */
