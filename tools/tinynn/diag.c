/* Error messages of the tinynn command. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static const char *current_command;

void diag_set_command(const char *command)
{
    current_command = command;
}

void diag(const char *fmt, ...)
{
    if (current_command != NULL)
        fprintf(stderr, "tinynn %s: ", current_command);
    else
        fputs("tinynn: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void diag_status(const char *what, tnn_status status)
{
    diag("%s: %s", what, tnn_status_message(status));
}
