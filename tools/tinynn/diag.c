/* Error messages of the tinynn command. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static const char *current_command;
static int usage_seen;

void diag_set_command(const char *command)
{
    current_command = command;
}

static void print(const char *fmt, va_list ap)
{
    if (current_command != NULL)
        fprintf(stderr, "tinynn %s: ", current_command);
    else
        fputs("tinynn: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print(fmt, ap);
    va_end(ap);
}

void diag_usage(const char *fmt, ...)
{
    usage_seen = 1;
    va_list ap;
    va_start(ap, fmt);
    print(fmt, ap);
    va_end(ap);
}

int diag_usage_seen(void)
{
    return usage_seen;
}

void diag_status(const char *what, tnn_status status)
{
    diag("%s: %s", what, tnn_status_message(status));
}
