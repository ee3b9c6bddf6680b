/* Names of fit's outputs (see fit_outputs.h). */
#define _POSIX_C_SOURCE 200809L
#include "fit_outputs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "output.h"

int fit_output_path(char *out, size_t out_size, const char *out_dir, const char *model_path,
                    const char *suffix)
{
    const char *base = strrchr(model_path, '/');
    base = base != NULL ? base + 1 : model_path;
    const char *dot = strrchr(base, '.');
    size_t len = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    char name[FIT_OUTPUT_NAME_MAX];
    if (len + strlen(suffix) >= sizeof name) {
        diag("%s: the model file's name is too long for its outputs' names", model_path);
        return -1;
    }
    memcpy(name, base, len);
    snprintf(name + len, sizeof name - len, "%s", suffix);
    return output_join(out, out_size, out_dir, name);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

size_t fit_outputs_find(const char *dir, const char *suffix, int want_dir,
                        char (*names)[FIT_OUTPUT_NAME_MAX], size_t max)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    const size_t sl = strlen(suffix);
    size_t n = 0;
    struct dirent *e;
    while (n < max && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int named = len > sl && strcmp(e->d_name + len - sl, suffix) == 0;
        if ((!named && strcmp(e->d_name, suffix + 1) != 0) || len >= FIT_OUTPUT_NAME_MAX)
            continue;
        char path[4096];
        struct stat st;
        if (output_join(path, sizeof path, dir, e->d_name) != 0 || stat(path, &st) != 0 ||
            (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
            continue;
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    return n;
}

void fit_output_picture(const char *found, const char *suffix, const char *picture, char *out,
                        size_t out_size)
{
    size_t len = strlen(found), sl = strlen(suffix);
    size_t keep = len > sl ? len - sl + 1 : 0; /* NAME and its '.' */
    snprintf(out, out_size, "%.*s%s", (int)keep, found, picture);
}
