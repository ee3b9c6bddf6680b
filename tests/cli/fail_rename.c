/* Test helper for cli_test.sh, loaded with LD_PRELOAD: makes the first
 * rename of a temporary file onto a target whose path ends with
 * $TINYNN_FAIL_RENAME fail with EIO, so the tests can check that a commit
 * failing halfway puts every earlier file back. Other renames pass through. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rename(const char *from, const char *to)
{
    static int (*real_rename)(const char *, const char *);
    static int failed;
    if (real_rename == NULL) {
        void *sym = dlsym(RTLD_NEXT, "rename");
        if (sym == NULL)
            abort();
        memcpy(&real_rename, &sym, sizeof real_rename);
    }
    const char *suffix = getenv("TINYNN_FAIL_RENAME");
    size_t n = strlen(to), k = suffix != NULL ? strlen(suffix) : 0;
    if (!failed && k > 0 && n >= k && strcmp(to + n - k, suffix) == 0 &&
        strstr(from, ".tmp-") != NULL && strstr(to, ".tmp-") == NULL) {
        failed = 1;
        errno = EIO;
        return -1;
    }
    return real_rename(from, to);
}
