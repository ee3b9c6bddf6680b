/* All-or-nothing output files (see output.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "number_text.h"

/* One file of the running command. */
typedef struct pending {
    FILE *f;      /* open while being written; NULL once closed */
    char *path;   /* the target */
    char *tmp;    /* the temporary file; NULL once renamed to path */
    char *backup; /* during the commit: the earlier file at path, by a second name */
    int moved;    /* that earlier file was moved aside (no hard links), not linked */
    int created;  /* during the commit: nothing was at path before */
} pending;

/* The tables the signal handler reads. They only change while the caught
 * signals are blocked, so the handler always sees them whole. */
static pending files[OUTPUT_MAX_FILES];
static size_t n_files;

/* The file written to standard output: held in memory until the commit. */
static FILE *to_stdout;
static char *stdout_text;
static size_t stdout_len;

/* output_report's text, printed after a successful commit. */
static char *report;
static size_t report_len, report_cap;

/* Folders the command created, parents first (removed on failure if empty). */
#define OUTPUT_MAX_DIRS 64
static char *made_dirs[OUTPUT_MAX_DIRS];
static size_t n_dirs;

/* ------------------------------------------------------------------ */
/* Signals: remove what is pending, then die of the signal               */

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};
#define N_CAUGHT (sizeof caught / sizeof caught[0])
static sigset_t caught_set;
static int handlers_installed;

/* Async-signal-safe: unlink, rmdir, signal, sigprocmask, raise, _exit. */
static void on_signal(int sig)
{
    for (size_t i = 0; i < n_files; i++)
        if (files[i].tmp != NULL)
            unlink(files[i].tmp);
    for (size_t i = n_dirs; i-- > 0;)
        rmdir(made_dirs[i]);
    signal(sig, SIG_DFL);
    sigset_t this_one;
    sigemptyset(&this_one);
    sigaddset(&this_one, sig);
    raise(sig);                                /* pending while the handler runs ... */
    sigprocmask(SIG_UNBLOCK, &this_one, NULL); /* ... and delivered here: the default action */
    _exit(128 + sig);
}

static void install_handlers(void)
{
    handlers_installed = 1;
    sigemptyset(&caught_set);
    for (size_t i = 0; i < N_CAUGHT; i++)
        sigaddset(&caught_set, caught[i]);
    for (size_t i = 0; i < N_CAUGHT; i++) {
        struct sigaction old, sa;
        if (sigaction(caught[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* ignored by whoever started us (nohup, a background job): stays so */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_mask = caught_set;
        sigaction(caught[i], &sa, NULL);
    }
}

/* Holds the caught signals back while the tables change. */
static void block(sigset_t *old)
{
    if (!handlers_installed)
        install_handlers();
    sigprocmask(SIG_BLOCK, &caught_set, old);
}

static void unblock(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* ------------------------------------------------------------------ */
/* Names                                                                 */

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL)
        memcpy(c, s, n);
    return c;
}

/* A fresh name next to path: PATH.tmp-PID-N. Whether nothing has that name
 * is for the caller's exclusive create (open O_EXCL, link) to find out. */
static void next_name(char *out, size_t out_size, const char *path, unsigned attempt)
{
    static unsigned long counter;
    unsigned long n = ++counter;
    if (attempt > 0) { /* someone else uses our names: leave the sequence */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        n = n * 2654435761u ^ (unsigned long)ts.tv_nsec ^ ((unsigned long)attempt << 20);
    }
    snprintf(out, out_size, "%s.tmp-%ld-%lu", path, (long)getpid(), n);
}

#define NAME_ATTEMPTS 100

/* Creates a new, empty file next to path, exclusively: it never opens a
 * file or a link that is already there. Returns the descriptor and the
 * malloc'ed name, or -1 with errno set. */
static int create_temp(const char *path, char **name)
{
    size_t size = strlen(path) + 48;
    char *t = malloc(size);
    if (t == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (unsigned attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
        next_name(t, size, path, attempt);
        int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *name = t;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    free(t);
    errno = e;
    return -1;
}

void output_folder_of(const char *path, char *out, size_t out_size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(out, out_size, ".");
    else if (slash == path)
        snprintf(out, out_size, "/");
    else
        snprintf(out, out_size, "%.*s", (int)(slash - path), path);
}

/* ------------------------------------------------------------------ */
/* Folders                                                               */

/* Creates one folder; remembers it if it is new. 0, or -1 with errno. */
static int make_one_dir(const char *path)
{
    sigset_t old;
    block(&old);
    int rc = mkdir(path, 0777);
    int e = errno;
    if (rc == 0 && n_dirs < OUTPUT_MAX_DIRS) {
        char *copy = copy_string(path);
        if (copy != NULL)
            made_dirs[n_dirs++] = copy;
    }
    unblock(&old);
    errno = e;
    return rc;
}

int output_make_dir(const char *dir)
{
    if (strcmp(dir, OUTPUT_STDOUT) == 0)
        return 0;
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
        if (make_one_dir(path) != 0 && errno != EEXIST) {
            diag("cannot create folder %s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        *p = '/';
    }
    struct stat st;
    if (make_one_dir(path) != 0 &&
        (errno != EEXIST || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
        diag("cannot create folder %s: %s", path,
             errno == EEXIST ? "a file has that name" : strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    return 0;
}

int output_join(char *out, size_t out_size, const char *dir, const char *name)
{
    /* --out -: the command's one file goes to standard output. */
    int one_file = strcmp(dir, OUTPUT_STDOUT) == 0;
    int n = one_file ? snprintf(out, out_size, "%s", OUTPUT_STDOUT)
                     : snprintf(out, out_size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= out_size) {
        diag("path too long: %s/%s", dir, name);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Inputs, which no output may replace                                   */

/* One input (or output): its identity if it exists, and its resolved path. */
typedef struct input_file {
    char *path;     /* as given, for messages */
    char *resolved; /* realpath of its folder + its name; NULL if unknown */
    dev_t dev;
    ino_t ino;
    int exists;
    int opened; /* an output: opened, not only checked */
} input_file;

static input_file *inputs;
static size_t n_inputs, cap_inputs;
/* An input could not be recorded (out of memory): every output is then
 * refused, rather than one left unprotected. */
static int inputs_lost;

/* realpath of path's folder + "/" + its last name (malloc'ed), which also
 * works for a file that does not exist yet. NULL if the folder is missing. */
static char *resolve(const char *path)
{
    char dir[4096];
    output_folder_of(path, dir, sizeof dir);
    const char *slash = strrchr(path, '/');
    const char *name = slash != NULL ? slash + 1 : path;
    char *real = realpath(dir, NULL);
    if (real == NULL)
        return NULL;
    size_t size = strlen(real) + strlen(name) + 2;
    char *out = malloc(size);
    if (out != NULL)
        snprintf(out, size, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
    free(real);
    return out;
}

/* Appends path's identity to a list. 0, or -1 when out of memory. */
static int remember(input_file **list, size_t *n, size_t *cap, const char *path)
{
    if (*n == *cap) {
        size_t grown_cap = *cap != 0 ? 2 * *cap : 16;
        input_file *grown = realloc(*list, grown_cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        *list = grown;
        *cap = grown_cap;
    }
    struct stat st;
    input_file in;
    memset(&in, 0, sizeof in);
    in.exists = stat(path, &st) == 0;
    if (in.exists) {
        in.dev = st.st_dev;
        in.ino = st.st_ino;
    }
    in.resolved = resolve(path);
    in.path = copy_string(path);
    if (in.path == NULL) {
        free(in.resolved);
        return -1;
    }
    (*list)[(*n)++] = in;
    return 0;
}

void output_input(const char *path)
{
    if (strcmp(path, OUTPUT_STDOUT) == 0)
        return; /* standard input */
    if (remember(&inputs, &n_inputs, &cap_inputs, path) != 0)
        inputs_lost = 1;
}

/* The entry of a list that is the same file as path, or NULL. */
static input_file *find_same(input_file *list, size_t n, const char *path)
{
    struct stat st;
    int exists = stat(path, &st) == 0;
    char *resolved = resolve(path);
    input_file *hit = NULL;
    for (size_t i = 0; i < n && hit == NULL; i++) {
        input_file *in = &list[i];
        if (exists && in->exists && st.st_dev == in->dev && st.st_ino == in->ino)
            hit = in;
        else if (resolved != NULL && in->resolved != NULL && strcmp(resolved, in->resolved) == 0)
            hit = in;
    }
    free(resolved);
    return hit;
}

/* Whether writing path would replace one of the inputs (reported). */
static int is_input(const char *path)
{
    if (inputs_lost) {
        diag("out of memory: cannot check that %s is none of the inputs", path);
        return 1;
    }
    const input_file *hit = find_same(inputs, n_inputs, path);
    if (hit == NULL)
        return 0;
    diag_usage("refusing to write %s: it is the input %s (choose another output name)", path,
               hit->path);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Outputs, each written once                                            */

/* The outputs of the command, checked (output_check) or opened
 * (output_open), compared as the inputs are: two outputs that are one file
 * would leave only the one renamed last. */
static input_file *outputs;
static size_t n_outputs, cap_outputs;

/* Claims path as an output: refused (reported, diag_usage) when another
 * output of the command is the same file. An output checked earlier may be
 * opened once by the same name. 0 or -1. */
static int claim_output(const char *path, int opening)
{
    input_file *hit = find_same(outputs, n_outputs, path);
    if (hit != NULL && opening && !hit->opened && strcmp(hit->path, path) == 0) {
        hit->opened = 1;
        return 0;
    }
    if (hit != NULL) {
        diag_usage("refusing to write %s: another output of this run is %s, the same file "
                   "(choose another output name)",
                   path, hit->path);
        return -1;
    }
    if (remember(&outputs, &n_outputs, &cap_outputs, path) != 0) {
        diag("out of memory");
        return -1;
    }
    outputs[n_outputs - 1].opened = opening;
    return 0;
}

/* Forgets the outputs (after a commit or an abort). */
static void forget_outputs(void)
{
    for (size_t i = 0; i < n_outputs; i++) {
        free(outputs[i].path);
        free(outputs[i].resolved);
    }
    n_outputs = 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                                 */

/* Whether path names a folder, which no file can replace (reported). */
static int is_folder(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag("cannot write %s: a folder has that name", path);
        return 1;
    }
    return 0;
}

int output_check(const char *path)
{
    if (strcmp(path, OUTPUT_STDOUT) == 0)
        return 0;
    if (is_folder(path) || is_input(path) || claim_output(path, 0) != 0)
        return -1;
    sigset_t old;
    block(&old);
    char *tmp;
    int fd = create_temp(path, &tmp);
    int e = errno;
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
        free(tmp);
    }
    unblock(&old);
    if (fd < 0) {
        diag("cannot write %s: %s", path, strerror(e));
        return -1;
    }
    return 0;
}

/* Forgets the last file opened (its temporary removed). */
static void drop_last(void)
{
    sigset_t old;
    block(&old);
    pending *p = &files[n_files - 1];
    if (p->f != NULL)
        fclose(p->f);
    unlink(p->tmp);
    free(p->tmp);
    free(p->path);
    memset(p, 0, sizeof *p);
    n_files--;
    unblock(&old);
}

/* Drops what was held for standard output. */
static void forget_stdout(void)
{
    if (to_stdout != NULL)
        fclose(to_stdout);
    free(stdout_text);
    to_stdout = NULL;
    stdout_text = NULL;
    stdout_len = 0;
}

FILE *output_open(const char *path)
{
    if (strcmp(path, OUTPUT_STDOUT) == 0) {
        if (to_stdout != NULL || stdout_text != NULL) {
            diag("cannot write a second file to standard output: choose a folder for --out");
            return NULL;
        }
        if ((to_stdout = open_memstream(&stdout_text, &stdout_len)) == NULL)
            diag("cannot write to standard output: %s", strerror(errno));
        return to_stdout;
    }
    if (is_folder(path) || is_input(path) || claim_output(path, 1) != 0)
        return NULL;
    if (n_files == OUTPUT_MAX_FILES) {
        diag("cannot write %s: more than %d output files", path, OUTPUT_MAX_FILES);
        return NULL;
    }
    struct stat st;
    int replaces = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
    char *copy = copy_string(path);
    if (copy == NULL) {
        diag("out of memory");
        return NULL;
    }
    sigset_t old;
    block(&old);
    char *tmp;
    int fd = create_temp(path, &tmp);
    int e = errno;
    if (fd >= 0) {
        pending p = {NULL, copy, tmp, NULL, 0, 0};
        files[n_files++] = p;
    }
    unblock(&old);
    if (fd < 0) {
        diag("cannot write %s: %s", path, strerror(e));
        free(copy);
        return NULL;
    }
    if (replaces) {
        /* the new file takes the place of the old one: same owner (where
         * allowed) and permissions; a link there is replaced, not followed */
        if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
            fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* not ours to give away: the file stays ours */
        }
        if (fchmod(fd, st.st_mode & 07777) != 0) {
            diag("cannot write %s: %s", path, strerror(errno));
            close(fd);
            drop_last();
            return NULL;
        }
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        diag("cannot write %s: %s", path, strerror(errno));
        close(fd);
        drop_last();
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, (size_t)1 << 20); /* large writes: files may hold millions of rows */
    files[n_files - 1].f = f;
    return f;
}

/* Flushes, syncs and closes a pending file. 0, or -1 (reported). */
static int finish_file(pending *p)
{
    FILE *f = p->f;
    p->f = NULL;
    int err = 0;
    errno = 0;
    if (fflush(f) != 0 || ferror(f))
        err = errno != 0 ? errno : EIO;
    else if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != ENOTSUP)
        err = errno; /* EINVAL, ENOTSUP: a file system without sync */
    if (fclose(f) != 0 && err == 0)
        err = errno;
    if (err != 0) {
        diag("writing %s failed: %s", p->path, strerror(err));
        return -1;
    }
    return 0;
}

const char *output_temp_name(FILE *f)
{
    for (size_t i = 0; i < n_files; i++)
        if (f != NULL && files[i].f == f)
            return files[i].tmp;
    return NULL;
}

int output_close(FILE *f)
{
    if (f != NULL && f == to_stdout)
        return 0; /* written at the commit */
    for (size_t i = 0; i < n_files; i++)
        if (f != NULL && files[i].f == f)
            return finish_file(&files[i]);
    diag("internal error: closing a file that is not pending");
    return -1;
}

/* Frees the tables (signals blocked). */
static void forget_all(void)
{
    for (size_t i = 0; i < n_files; i++) {
        free(files[i].path);
        free(files[i].tmp);
        free(files[i].backup);
        memset(&files[i], 0, sizeof files[i]);
    }
    n_files = 0;
    for (size_t i = 0; i < n_dirs; i++)
        free(made_dirs[i]);
    n_dirs = 0;
    forget_outputs();
    free(report);
    report = NULL;
    report_len = report_cap = 0;
}

/* Removes the temporaries and the new empty folders (signals blocked). */
static void remove_pending(void)
{
    for (size_t i = 0; i < n_files; i++) {
        if (files[i].f != NULL)
            fclose(files[i].f);
        files[i].f = NULL;
        if (files[i].tmp != NULL)
            unlink(files[i].tmp);
    }
    for (size_t i = n_dirs; i-- > 0;)
        rmdir(made_dirs[i]);
    forget_all();
}

void output_abort_all(void)
{
    forget_stdout();
    sigset_t old;
    block(&old);
    remove_pending();
    unblock(&old);
}

/* Keeps the file at p->path under a second name, so that it can be put
 * back: a hard link, or (file systems without them) moved aside. */
static int keep_earlier(pending *p)
{
    size_t size = strlen(p->path) + 48;
    char *name = malloc(size);
    if (name == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (unsigned attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
        next_name(name, size, p->path, attempt);
        if (linkat(AT_FDCWD, p->path, AT_FDCWD, name, 0) == 0) {
            p->backup = name;
            return 0;
        }
        if (errno == EEXIST)
            continue;
        struct stat st;
        if (lstat(name, &st) == 0)
            continue;
        if (rename(p->path, name) == 0) {
            p->backup = name;
            p->moved = 1;
            return 0;
        }
        break;
    }
    int e = errno;
    free(name);
    errno = e;
    return -1;
}

/* Renames one temporary over its target, keeping the earlier file. 0, or
 * -1 (reported; the target as it was). */
static int put_in_place(pending *p)
{
    struct stat st;
    if (lstat(p->path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            diag("cannot write %s: a folder has that name", p->path);
            return -1;
        }
        if (keep_earlier(p) != 0) {
            diag("cannot replace %s: %s", p->path, strerror(errno));
            return -1;
        }
    } else if (errno == ENOENT) {
        p->created = 1;
    } else {
        diag("cannot write %s: %s", p->path, strerror(errno));
        return -1;
    }
    if (rename(p->tmp, p->path) != 0) {
        int e = errno;
        if (p->backup != NULL) {
            if (p->moved)
                rename(p->backup, p->path);
            else
                unlink(p->backup);
            free(p->backup);
            p->backup = NULL;
        }
        p->created = 0;
        diag("cannot create %s: %s", p->path, strerror(e));
        return -1;
    }
    free(p->tmp);
    p->tmp = NULL;
    return 0;
}

/* Puts back what was at the targets of files[0 .. done). */
static void put_back(size_t done)
{
    for (size_t i = done; i-- > 0;) {
        pending *p = &files[i];
        if (p->backup != NULL) {
            if (rename(p->backup, p->path) != 0)
                diag("could not put back the earlier %s (%s): it is in %s", p->path,
                     strerror(errno), p->backup);
        } else if (p->created) {
            unlink(p->path);
        }
    }
}

/* Syncs the folders whose entries changed, so the renames last. */
static void sync_folders(void)
{
    char done[8][4096];
    size_t n_done = 0;
    for (size_t i = 0; i < n_files + n_dirs; i++) {
        char dir[4096];
        output_folder_of(i < n_files ? files[i].path : made_dirs[i - n_files], dir, sizeof dir);
        int seen = 0;
        for (size_t k = 0; k < n_done && !seen; k++)
            seen = strcmp(done[k], dir) == 0;
        if (seen)
            continue;
        if (n_done < sizeof done / sizeof done[0])
            memcpy(done[n_done++], dir, sizeof dir);
        int fd = open(dir, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            fsync(fd); /* best effort: some systems cannot sync a folder */
            close(fd);
        }
    }
}

int output_commit_all(void)
{
    /* everything written and on disk first: a full disk shows up here,
     * before any rename */
    int failed = 0;
    if (to_stdout != NULL && (fclose(to_stdout) != 0 || stdout_text == NULL)) {
        diag("out of memory holding the output for standard output");
        failed = 1;
    }
    to_stdout = NULL;
    for (size_t i = 0; i < n_files && !failed; i++)
        if (files[i].f != NULL && finish_file(&files[i]) != 0)
            failed = 1;
    for (size_t i = 0; i < n_files && !failed; i++)
        failed = is_folder(files[i].path);
    if (failed) {
        output_abort_all();
        return -1;
    }
    if (stdout_text != NULL) { /* the data on stdout, the report on stderr */
        size_t wrote = fwrite(stdout_text, 1, stdout_len, stdout);
        int e = fflush(stdout) != 0 || wrote != stdout_len ? errno : 0;
        forget_stdout();
        if (e != 0) {
            diag("writing standard output failed: %s", strerror(e));
            output_abort_all();
            return -1;
        }
        if (report != NULL)
            fputs(report, stderr);
        free(report);
        report = NULL;
        report_len = report_cap = 0;
    }
    /* then the renames, which a signal does not interrupt: all, or (after a
     * failure) none, the earlier files put back */
    sigset_t old;
    block(&old);
    size_t done = 0;
    while (done < n_files && put_in_place(&files[done]) == 0)
        done++;
    if (done < n_files) {
        put_back(done);
        remove_pending();
        unblock(&old);
        return -1;
    }
    sync_folders();
    for (size_t i = 0; i < n_files; i++)
        if (files[i].backup != NULL)
            unlink(files[i].backup);
    if (report != NULL)
        fputs(report, stdout);
    forget_all();
    unblock(&old);
    return 0;
}

void output_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t need = report_len + (size_t)n + 1;
    if (need > report_cap) {
        size_t cap = report_cap < 256 ? 256 : report_cap;
        while (cap < need)
            cap *= 2;
        char *grown = realloc(report, cap);
        if (grown == NULL) { /* out of memory: say it now rather than never */
            if (report != NULL)
                fputs(report, stdout);
            free(report);
            report = NULL;
            report_len = report_cap = 0;
            va_start(ap, fmt);
            vprintf(fmt, ap);
            va_end(ap);
            return;
        }
        report = grown;
        report_cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(report + report_len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    report_len += (size_t)n;
}

size_t output_number_text(char *out, double v)
{
    return number_text(v, out);
}

size_t output_real_text(char *out, tnn_real v)
{
#if TNN_REAL_IS_DOUBLE
    return number_text(v, out);
#else
    return number_text_float(v, out);
#endif
}

void output_number(FILE *f, double v)
{
    char text[OUTPUT_NUMBER_MAX];
    fwrite(text, 1, output_number_text(text, v), f);
}

void output_real(FILE *f, tnn_real v)
{
    char text[OUTPUT_NUMBER_MAX];
    fwrite(text, 1, output_real_text(text, v), f);
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
