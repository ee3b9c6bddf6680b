/* Progress line of training (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_start(progress *p, size_t total_epochs, const char *metric_name, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->total = total_epochs;
    p->metric_name = metric_name;
    p->start = now_seconds();
    p->last_draw = 0;
}

void progress_update(progress *p, size_t done, double loss, double metric)
{
    if (!p->enabled)
        return;
    double t = now_seconds();
    if (t - p->last_draw < 0.1 && done < p->total)
        return;
    p->last_draw = t;
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(p->total - done) / rate : 0;
    /* \r and clear-to-end redraw the same line */
    fprintf(stderr, "\repoch %zu/%zu  loss %.4f  %s %.4f  %.0f epochs/s  %.0fs left\033[K",
            done, p->total, loss, p->metric_name, metric, rate, left);
    fflush(stderr);
}

void progress_finish(progress *p)
{
    if (p->enabled && p->last_draw > 0)
        fputc('\n', stderr);
}
