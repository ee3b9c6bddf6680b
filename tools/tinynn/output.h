/* Output files of the tinynn command, written all or nothing.
 *
 * Every file a command writes is first written to a temporary file in the
 * target's folder (PATH.tmp-PID-N, created exclusively: never through a
 * link someone planted there) and synced to disk; only when the whole
 * command has succeeded does output_commit_all rename the temporaries over
 * their targets, and if one of those renames fails, the files renamed
 * before it are put back as they were. If the command fails anywhere,
 * output_abort_all removes the temporary files and the folders the command
 * created (if still empty). SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and
 * SIGXFSZ do the same before the process dies of the signal. A failed or
 * interrupted run never leaves a partial file that looks valid, nor
 * replaces a good file from an earlier run.
 *
 * A replaced file keeps its permissions (and, where allowed, its owner); a
 * new one gets 0666 less the umask, as fopen would give it. */
#ifndef TINYNN_CLI_OUTPUT_H
#define TINYNN_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <tinynn/tinynn.h>

/* The name of standard output as an output path or folder (--out -): the
 * one file a command writes there is held in memory and written to stdout
 * only when the command has succeeded (then its report goes to stderr), so
 * a failed run writes nothing on stdout. */
#define OUTPUT_STDOUT "-"

/* Most files one command may write (fit --snapshots: up to 1002 grids,
 * index.csv, points.csv, labels.csv, the model, its columns file and
 * history.csv). */
#define OUTPUT_MAX_FILES 1100

/* Creates the folder dir and its parents if missing. The folders it creates
 * are removed again if the command fails (when empty). 0 or -1 (reported). */
int output_make_dir(const char *dir);

/* dir + "/" + name into out (out_size bytes). 0, or -1 if too long (reported). */
int output_join(char *out, size_t out_size, const char *dir, const char *name);

/* Declares a file the command reads (data, model, columns file): no output
 * may be written over it. Outputs are compared with it by device and inode
 * where the file exists, else by resolved path, so a link to it or another
 * spelling of its name is caught too. Writing over an input is a usage
 * error (diag_usage). */
void output_input(const char *path);

/* Checks early, before a long computation, that path could be written:
 * it is not a folder, not one of the inputs, not another output of the
 * command (compared as the inputs are; a usage error), and a file can be
 * created next to it. 0 or -1 (reported). */
int output_check(const char *path);

/* Opens path for writing (via its temporary name). NULL on failure
 * (reported), also when path is one of the inputs or another output of the
 * command (one output_check'ed by the same name is that output). */
FILE *output_open(const char *path);

/* The name of the temporary file behind f (of output_open), for a program
 * that writes the file itself by name. NULL if f is not pending. */
const char *output_temp_name(FILE *f);

/* Finishes writing a file of output_open now (flushed and synced), for
 * commands that write many files (they need not all stay open); it is still
 * renamed into place only by output_commit_all. 0, or -1 (reported). */
int output_close(FILE *f);

/* Syncs, then renames every file opened since the last commit or abort into
 * place. 0, or -1 (reported): then no target has changed and no temporary
 * file is left. */
int output_commit_all(void);

/* Removes every temporary file still pending, and the folders the command
 * created if they are empty. */
void output_abort_all(void);

/* What a command that writes files prints ("wrote: PATH", its results):
 * printf to stdout, held back until output_commit_all has put the files in
 * place and dropped if it or the command fails, so a failed run prints
 * nothing on stdout and never claims a file that is not there. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void output_report(const char *fmt, ...);

/* Writes a double as number_text does: whole numbers in plain digits, others
 * the shortest text that reads back as the same double. */
void output_number(FILE *f, double v);

/* Writes a tnn_real as the shortest text that reads back as the same
 * tnn_real: at most 9 digits in a float build. */
void output_real(FILE *f, tnn_real v);

/* The texts of output_number and output_real into out (OUTPUT_NUMBER_MAX
 * bytes, NUL-terminated; number_text.h's rules); their length. */
#define OUTPUT_NUMBER_MAX 32
size_t output_number_text(char *out, double v);
size_t output_real_text(char *out, tnn_real v);

/* Writes doubles with output_number, comma-separated, and a line end. */
void output_row(FILE *f, const double *values, size_t n);

/* Writes one CSV field: quoted (with "" for quotes) only if it holds a
 * comma, a quote, a line end or surrounding spaces. */
void output_text(FILE *f, const char *text);

/* The folder part of path ("." if none, "/" for the root) into out. */
void output_folder_of(const char *path, char *out, size_t out_size);

#endif /* TINYNN_CLI_OUTPUT_H */
