/* All-or-nothing output files (see output.h). */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

typedef struct pending {
    FILE *f;
    char *path;
    char *tmp;
} pending;

/* Files opened by the running command; a command opens a handful. */
static pending *files;
static size_t n_files;

int output_make_dir(const char *dir)
{
    size_t len = strlen(dir);
    char *path = malloc(len + 1);
    if (path == NULL) {
        diag("out of memory");
        return -1;
    }
    memcpy(path, dir, len + 1);
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            diag("cannot create folder %s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        *p = '/';
    }
    struct stat st;
    if (mkdir(path, 0777) != 0 && (errno != EEXIST || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
        diag("cannot create folder %s: %s", path, errno == EEXIST ? "a file has that name" : strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    return 0;
}

int output_join(char *out, size_t out_size, const char *dir, const char *name)
{
    int n = snprintf(out, out_size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= out_size) {
        diag("path too long: %s/%s", dir, name);
        return -1;
    }
    return 0;
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL)
        memcpy(c, s, n);
    return c;
}

FILE *output_open(const char *path)
{
    pending *grown = realloc(files, (n_files + 1) * sizeof *files);
    if (grown == NULL) {
        diag("out of memory");
        return NULL;
    }
    files = grown;
    size_t tmp_size = strlen(path) + 32;
    pending p = {NULL, copy_string(path), malloc(tmp_size)};
    if (p.path == NULL || p.tmp == NULL) {
        free(p.path);
        free(p.tmp);
        diag("out of memory");
        return NULL;
    }
    snprintf(p.tmp, tmp_size, "%s.tmp-%ld", path, (long)getpid());
    p.f = fopen(p.tmp, "w");
    if (p.f == NULL) {
        diag("cannot write %s: %s", path, strerror(errno));
        free(p.path);
        free(p.tmp);
        return NULL;
    }
    files[n_files++] = p;
    return p.f;
}

int output_close(FILE *f)
{
    for (size_t i = 0; i < n_files; i++) {
        if (files[i].f != f || f == NULL)
            continue;
        int bad = ferror(f);
        int closed = fclose(f);
        files[i].f = NULL;
        if (bad || closed != 0) {
            diag("writing %s failed", files[i].path);
            return -1;
        }
        return 0;
    }
    diag("internal error: closing a file that is not pending");
    return -1;
}

static void forget_all(void)
{
    for (size_t i = 0; i < n_files; i++) {
        free(files[i].path);
        free(files[i].tmp);
    }
    free(files);
    files = NULL;
    n_files = 0;
}

void output_abort_all(void)
{
    for (size_t i = 0; i < n_files; i++) {
        if (files[i].f != NULL)
            fclose(files[i].f);
        remove(files[i].tmp);
    }
    forget_all();
}

int output_commit_all(void)
{
    /* close everything first: a full disk shows up here, before any rename */
    for (size_t i = 0; i < n_files; i++) {
        if (files[i].f == NULL) /* output_close'd */
            continue;
        int bad = ferror(files[i].f);
        int closed = fclose(files[i].f);
        files[i].f = NULL;
        if (bad || closed != 0) {
            diag("writing %s failed", files[i].path);
            output_abort_all();
            return -1;
        }
    }
    for (size_t i = 0; i < n_files; i++) {
        if (rename(files[i].tmp, files[i].path) != 0) {
            diag("cannot create %s: %s", files[i].path, strerror(errno));
            for (size_t j = i; j < n_files; j++)
                remove(files[j].tmp);
            forget_all();
            return -1;
        }
    }
    forget_all();
    return 0;
}

void output_number(FILE *f, double v)
{
    /* the shortest text that reads back as v: "5.1", not "5.0999999999999996";
     * whole numbers in plain digits: "10", not "1e+01" */
    char text[40];
    if (v == floor(v) && fabs(v) < 1e15) {
        fprintf(f, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    fputs(text, f);
}

void output_row(FILE *f, const double *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(',', f);
        output_number(f, values[i]);
    }
    fputc('\n', f);
}

void output_text(FILE *f, const char *text)
{
    size_t len = strlen(text);
    int quote = len > 0 && (text[0] == ' ' || text[len - 1] == ' ');
    quote = quote || strpbrk(text, ",;\"\r\n") != NULL;
    if (!quote) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}
