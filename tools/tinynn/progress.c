/* Progress of training (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define LINE_INTERVAL 5.0

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* TINYNN_PROGRESS_INTERVAL if it is a number of seconds >= 0, else 5. */
static double line_interval(void)
{
    const char *v = getenv("TINYNN_PROGRESS_INTERVAL");
    char *stop;
    double s = v != NULL ? strtod(v, &stop) : -1;
    return v != NULL && stop != v && *stop == '\0' && s >= 0 && isfinite(s) ? s : LINE_INTERVAL;
}

void progress_start(progress *p, size_t total_epochs, const char *metric_name, int quiet)
{
    p->mode = quiet ? PROGRESS_OFF : isatty(STDERR_FILENO) ? PROGRESS_REDRAW : PROGRESS_LINES;
    p->total = total_epochs;
    p->metric_name = metric_name;
    p->start = now_seconds();
    p->next_draw = p->mode == PROGRESS_LINES ? p->start + line_interval() : 0;
}

void progress_update(progress *p, size_t done, double loss, double metric)
{
    if (p->mode == PROGRESS_OFF)
        return;
    double t = now_seconds();
    /* a terminal also shows the last epoch; a log has the report for it */
    if (t < p->next_draw && (p->mode == PROGRESS_LINES || done < p->total))
        return;
    p->next_draw = t + (p->mode == PROGRESS_LINES ? line_interval() : 0.1);
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(p->total - done) / rate : 0;
    if (p->mode == PROGRESS_LINES) {
        fprintf(stderr, "epoch %zu/%zu  loss %.4f  %s %.4f  elapsed %.0fs  eta %.0fs\n", done,
                p->total, loss, p->metric_name, metric, elapsed, left);
    } else {
        /* \r and clear-to-end redraw the same line */
        fprintf(stderr, "\repoch %zu/%zu  loss %.4f  %s %.4f  %.0f epochs/s  %.0fs left\033[K",
                done, p->total, loss, p->metric_name, metric, rate, left);
    }
    fflush(stderr);
}

void progress_finish(progress *p)
{
    if (p->mode == PROGRESS_REDRAW && p->next_draw > 0)
        fputc('\n', stderr);
}
