/* Output files of the tinynn command, written all or nothing.
 *
 * Every file a command writes is opened as PATH.tmp-PID and only renamed to
 * PATH once the whole command has succeeded (output_commit_all). If the
 * command fails anywhere, output_abort_all removes the temporary files: a
 * failed run never leaves a partial file that looks valid, nor replaces a
 * good file from an earlier run. */
#ifndef TINYNN_CLI_OUTPUT_H
#define TINYNN_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Creates the folder dir and its parents if missing. 0 or -1 (reported). */
int output_make_dir(const char *dir);

/* dir + "/" + name into out (out_size bytes). 0, or -1 if too long (reported). */
int output_join(char *out, size_t out_size, const char *dir, const char *name);

/* Opens path for writing (via its temporary name). NULL on failure (reported). */
FILE *output_open(const char *path);

/* Finishes writing a file of output_open now, for commands that write many
 * files (they need not all stay open); it is still renamed into place only
 * by output_commit_all. 0, or -1 (reported). */
int output_close(FILE *f);

/* Renames every file opened since the last commit or abort into place.
 * 0, or -1 (reported; the files not yet renamed are removed). */
int output_commit_all(void);

/* Removes every temporary file still pending. */
void output_abort_all(void);

/* Writes a double as the shortest text that reads back as the same double
 * (so files round-trip exactly, as the examples' %.17g, but stay readable). */
void output_number(FILE *f, double v);

/* Writes doubles with output_number, comma-separated, and a line end. */
void output_row(FILE *f, const double *values, size_t n);

/* Writes one CSV field: quoted (with "" for quotes) only if it holds a
 * comma, a quote, a line end or surrounding spaces. */
void output_text(FILE *f, const char *text);

#endif /* TINYNN_CLI_OUTPUT_H */
