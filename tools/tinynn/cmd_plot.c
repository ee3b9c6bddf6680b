/* tinynn plot: renders the CSV files that the other commands wrote into a
 * folder to PNG pictures, with gnuplot. The scripts are generated here
 * (column names and class names come from the files), in the look of the
 * examples' plot scripts (examples/plots/style.gp). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "fit_outputs.h"
#include "input.h"
#include "number_text.h"
#include "output.h"

static arg_option options[] = {
    {"out", "DIR", "folder for the PNG files (default: the data folder)", NULL},
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "plot",
    "DIR [options]",
    "Renders what it finds in DIR: NAME.history.csv (or history.csv) ->\n"
    "NAME.history.png (history.png) (loss and metric per\n"
    "epoch, validation too when present); grid.csv (+ points.csv, labels.csv,\n"
    "held.csv) -> regions.png (decision regions with the data points in their\n"
    "class's colour, or a regression model's values with the points on the same\n"
    "colour scale; titled with the values the other inputs are held at);\n"
    "hidden.csv with 2 or 3 units -> hidden.png (the rows in the layer's space);\n"
    "NAME.frames/ (or frames/, written by 'tinynn fit --snapshots') ->\n"
    "NAME.regions.gif (regions.gif) (the decision regions as the model learns,\n"
    "one frame per snapshot with its epoch and accuracy). Every picture is\n"
    "checked against the CSV files of DIR before gnuplot runs. Needs gnuplot\n"
    "with the pngcairo and gif terminals; exits with status 3 when gnuplot is\n"
    "missing.",
    1,
    options,
};

/* The article's class colours (examples/plots/style.gp), then more. */
static const char *const point_colours[] = {"#e41a1c", "#1f3fd6", "#2ca02c", "#ff7f0e",
                                            "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                            "#bcbd22", "#17becf"};
static const char *const region_colours[] = {"#ffa07a", "#00ffff", "#98fb98", "#ffd59e",
                                             "#d8c8f0", "#e0c4b8", "#f9c6e8", "#d9d9d9",
                                             "#eeeeaa", "#b3ecf2"};
#define N_COLOURS (sizeof point_colours / sizeof point_colours[0])

static int find_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        return 0;
    char dir[4096];
    while (*path != '\0') {
        size_t len = strcspn(path, ":");
        if (len > 0 && len + sizeof "/gnuplot" < sizeof dir) {
            memcpy(dir, path, len);
            memcpy(dir + len, "/gnuplot", sizeof "/gnuplot");
            if (access(dir, X_OK) == 0)
                return 1;
        }
        path += len;
        if (*path == ':')
            path++;
    }
    return 0;
}

static int exists(const char *dir, const char *file)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Writes s as a gnuplot single-quoted string ('' for a quote). */
static void gp_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            fputc('\'', f);
        if (*s != '\n' && *s != '\r')
            fputc(*s, f);
    }
    fputc('\'', f);
}

static void gp_file(FILE *f, const char *dir, const char *file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    gp_string(f, path);
}

/* gnuplot terminals: the pictures, and the animation (0.12 s a frame). */
#define PNG_TERMINAL "pngcairo size 640,560 enhanced font 'DejaVu Sans,11'"
#define GIF_TERMINAL "gif animate delay 12 loop 0 size 640,560 enhanced font 'DejaVu Sans,11'"
/* Extra copies of an animation's last frame: it stays 2.4 s longer. */
#define GIF_HOLD 20

/* Runs a script that writes one picture into a pending output file of
 * output_open (renamed into place with the command's other files when the
 * whole command succeeds). gnuplot writes the picture to that file's
 * temporary name, never to its standard output, which goes with its
 * messages to a temporary file, passed on below. */
typedef void (*script_writer)(FILE *gp, const char *dir, void *ctx);

static int render(const char *data_dir, const char *out_dir, const char *file,
                  const char *terminal, script_writer write_script, void *ctx)
{
    char final[4096];
    FILE *picture;
    const char *target;
    if (output_join(final, sizeof final, out_dir, file) != 0 ||
        (picture = output_open(final)) == NULL || (target = output_temp_name(picture)) == NULL)
        return -1;
    if (strchr(target, '\n') != NULL || strchr(target, '\r') != NULL) {
        diag("file names with line breaks cannot be passed to gnuplot");
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    FILE *messages = tmpfile();
    int saved_stdout = dup(STDOUT_FILENO);
    int saved_stderr = dup(STDERR_FILENO);
    if (messages == NULL || saved_stdout < 0 || saved_stderr < 0) {
        diag("cannot run gnuplot: %s", strerror(errno));
        if (messages != NULL)
            fclose(messages);
        if (saved_stdout >= 0)
            close(saved_stdout);
        if (saved_stderr >= 0)
            close(saved_stderr);
        return -1;
    }
    dup2(fileno(messages), STDOUT_FILENO);
    dup2(fileno(messages), STDERR_FILENO);
    FILE *gp = popen("gnuplot", "w");
    int popen_errno = errno;
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    if (gp == NULL) {
        fclose(messages);
        diag("cannot run gnuplot: %s", strerror(popen_errno));
        return -1;
    }
    fprintf(gp, "set terminal %s\nset output ", terminal);
    gp_string(gp, target);
    fputs("\nset datafile separator ','\nset border lw 1\n", gp);
    write_script(gp, data_dir, ctx);
    fputs("\nunset output\n", gp);
    int status = pclose(gp);
    /* with our prefix; the gif terminal's frame count is no news */
    char line[1024];
    rewind(messages);
    while (fgets(line, sizeof line, messages) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *text = line + strspn(line, " \t");
        if (text[0] != '\0' && strstr(text, " frames in animation sequence") == NULL)
            diag("gnuplot: %s", text);
    }
    fclose(messages);
    if (status != 0) {
        diag("gnuplot could not render %s (status %d)", final, status);
        return -1;
    }
    output_report("wrote: %s\n", final);
    return 0;
}

/* Class names from labels.csv if the folder has one, else "class k". */
typedef struct class_names {
    csv_table labels;
    size_t n;
} class_names;

static void load_class_names(const char *dir, class_names *cn, size_t n)
{
    memset(cn, 0, sizeof *cn);
    cn->n = n;
    char path[4096];
    snprintf(path, sizeof path, "%s/labels.csv", dir);
    char *data;
    size_t size;
    if (!exists(dir, "labels.csv") || input_read_file(path, 1 << 20, &data, &size) != 0)
        return;
    csv_error err;
    if (csv_parse(data, size, NULL, &cn->labels, &err) != 0 || cn->labels.n_cols != 2)
        csv_table_free(&cn->labels);
    free(data);
}

static void class_title(FILE *f, const class_names *cn, size_t k)
{
    const csv_table *t = &cn->labels;
    if (t->n_cols == 2 && k < t->n_rows && t->cols[1].is_text && t->cols[1].labels != NULL) {
        gp_string(f, t->cols[1].labels[(size_t)t->values[k * 2 + 1]]);
    } else if (t->n_cols == 2 && k < t->n_rows) {
        char num[NUMBER_TEXT_SIZE];
        number_text(t->values[k * 2 + 1], num);
        gp_string(f, num);
    } else {
        fprintf(f, "'class %zu'", k);
    }
}

/* Reads a small CSV file of the folder (NULL table on failure, reported). */
static int load_small_csv(const char *dir, const char *file, csv_table *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return input_load_csv(path, NULL, t);
}

/* The number of classes in column c if every value is an integer 0 .. 9,
 * else 0 (then values are coloured with a palette). */
static size_t count_classes(const csv_table *t, size_t c)
{
    double top = -1;
    for (size_t r = 0; r < t->n_rows; r++) {
        double v = t->values[r * t->n_cols + c];
        if (!(v >= 0 && v < (double)N_COLOURS && v == floor(v)))
            return 0;
        top = v > top ? v : top;
    }
    return (size_t)top + 1;
}

/* ------------------------------------------------------------------ */

typedef struct history_ctx {
    const csv_table *t;
    const char *file; /* NAME.history.csv or history.csv */
} history_ctx;

static void history_script(FILE *gp, const char *dir, void *ctx)
{
    const history_ctx *h = ctx;
    const csv_table *t = h->t;
    fputs("set xlabel 'epoch'\nset ylabel 'loss'\nset ytics nomirror\nset y2tics\n", gp);
    fputs("set y2label ", gp);
    gp_string(gp, t->cols[2].name);
    fputs(" noenhanced\nset key top right box opaque\nplot ", gp);
    gp_file(gp, dir, h->file);
    fputs(" using 1:2 skip 1 with lines lw 2 lc rgb '#1f77b4' title 'loss', '' using 1:3 skip 1 "
          "axes x1y2 with lines lw 2 lc rgb '#d62728' title ",
          gp);
    gp_string(gp, t->cols[2].name);
    fputs(" noenhanced", gp);
    if (t->n_cols >= 5) {
        fputs(", '' using 1:4 skip 1 with lines lw 2 dt 2 lc rgb '#1f77b4' title ", gp);
        gp_string(gp, t->cols[3].name);
        fputs(" noenhanced, '' using 1:5 skip 1 axes x1y2 with lines lw 2 dt 2 lc rgb '#d62728' "
              "title ",
              gp);
        gp_string(gp, t->cols[4].name);
        fputs(" noenhanced", gp);
    }
    fputc('\n', gp);
}

typedef struct regions_ctx {
    const csv_table *points; /* may have 0 columns */
    class_names names;
    size_t n_classes; /* 0: a grid of values */
    char held[84];    /* "other inputs held at: ...", a line of the picture, or empty */
} regions_ctx;

/* The subtitle of a grid from its held.csv (input,value): the first inputs
 * that fit, then how many more. Empty when nothing is held (a header
 * without rows) or the file is not grid's. */
static void held_label(const char *dir, char *out, size_t size)
{
    char path[4096];
    char *data;
    size_t bytes;
    csv_table t;
    csv_error err;
    out[0] = '\0';
    snprintf(path, sizeof path, "%s/held.csv", dir);
    if (!exists(dir, "held.csv") || input_read_file(path, 1 << 20, &data, &bytes) != 0)
        return;
    int parsed = csv_parse(data, bytes, NULL, &t, &err) == 0;
    free(data);
    if (!parsed)
        return;
    if (t.n_cols == 2 && t.n_rows > 0 && !t.cols[1].is_text) {
        size_t shown = 0, len = (size_t)snprintf(out, size, "other inputs held at:");
        for (size_t r = 0; r < t.n_rows; r++) {
            char name[64], item[128];
            if (t.cols[0].is_text && t.cols[0].labels != NULL)
                snprintf(name, sizeof name, "%s", t.cols[0].labels[(size_t)t.values[r * 2]]);
            else
                snprintf(name, sizeof name, "%g", t.values[r * 2]);
            int n = snprintf(item, sizeof item, "%s %s=%.4g", shown ? "," : "", name,
                             t.values[r * 2 + 1]);
            /* room for the item and, unless it is the last, ", ... (N more in held.csv)" */
            size_t tail = r + 1 < t.n_rows ? 32 : 0;
            if (n < 0 || len + (size_t)n + tail >= size)
                break;
            memcpy(out + len, item, (size_t)n + 1);
            len += (size_t)n;
            shown++;
        }
        if (shown < t.n_rows)
            snprintf(out + len, size - len, ", ... (%zu more in held.csv)", t.n_rows - shown);
    }
    csv_table_free(&t);
}

/* Labels, key and class colours of a regions picture. */
static void regions_setup(FILE *gp, const regions_ctx *rc)
{
    const csv_table *p = rc->points;
    fputs("set xlabel ", gp);
    gp_string(gp, p->n_cols == 3 ? p->cols[0].name : "x1");
    fputs(" noenhanced\nset ylabel ", gp);
    gp_string(gp, p->n_cols == 3 ? p->cols[1].name : "x2");
    fputs(" noenhanced\nset autoscale fix\n", gp);
    /* a key names the classes; values have the colour box instead */
    fputs(p->n_cols == 3 && rc->n_classes > 0 ? "set key outside right top box opaque\n"
                                              : "unset key\n",
          gp);
    if (rc->held[0] != '\0') {
        fputs("set title ", gp);
        gp_string(gp, rc->held);
        fputs(" font ',9' noenhanced\n", gp);
    }
    if (rc->n_classes > 0) {
        fprintf(gp, "unset colorbox\nset cbrange [-0.5:%zu.5]\nset palette maxcolors %zu\n",
                rc->n_classes - 1, rc->n_classes);
        fputs("set palette defined (", gp);
        for (size_t k = 0; k < rc->n_classes; k++)
            fprintf(gp, "%s%zu '%s'", k ? ", " : "", k, region_colours[k % N_COLOURS]);
        fputs(")\n", gp);
    } else {
        fputs("set palette rgb 33,13,10\n", gp);
    }
}

/* One plot command: the grid file of dir, then the points of dir. */
static void regions_plot(FILE *gp, const char *dir, const char *grid, const regions_ctx *rc)
{
    const csv_table *p = rc->points;
    fputs("plot ", gp);
    gp_file(gp, dir, grid);
    fputs(" nonuniform matrix with image notitle", gp);
    if (p->n_cols == 3) {
        if (rc->n_classes > 0) {
            for (size_t k = 0; k < rc->n_classes; k++) {
                fputs(", ", gp);
                gp_file(gp, dir, "points.csv");
                fprintf(gp,
                        " using 1:($3 == %zu ? $2 : 1/0) skip 1 with points pt 7 ps 0.7 "
                        "lc rgb '%s' title ",
                        k, point_colours[k % N_COLOURS]);
                class_title(gp, &rc->names, k);
                fputs(" noenhanced", gp);
            }
        } else {
            /* each point in the grid's colour scale, ringed in black: where
             * the model fits, a point melts into its background */
            fputs(", ", gp);
            gp_file(gp, dir, "points.csv");
            fputs(" using 1:2 skip 1 with points pt 7 ps 0.9 lc rgb 'black' notitle, ", gp);
            gp_file(gp, dir, "points.csv");
            fputs(" using 1:2:3 skip 1 with points pt 7 ps 0.6 lc palette notitle", gp);
        }
    }
    fputc('\n', gp);
}

static void regions_script(FILE *gp, const char *dir, void *ctx)
{
    regions_setup(gp, ctx);
    regions_plot(gp, dir, "grid.csv", ctx);
}

typedef struct frames_ctx {
    regions_ctx regions;    /* points.csv and labels.csv of frames/ */
    const csv_table *index; /* frames/index.csv: epoch, loss, metric */
} frames_ctx;

/* The animation: one frame per row of index.csv, its grid_EEEE.csv. */
static void frames_script(FILE *gp, const char *dir, void *ctx)
{
    frames_ctx *fc = ctx;
    const csv_table *t = fc->index;
    regions_setup(gp, &fc->regions);
    for (size_t i = 0; i < t->n_rows + GIF_HOLD; i++) {
        size_t k = i < t->n_rows ? i : t->n_rows - 1;
        double epoch = t->values[k * t->n_cols];
        char title[256], grid[64];
        snprintf(title, sizeof title, "epoch %.0f, %s %.3f", epoch, t->cols[2].name,
                 t->values[k * t->n_cols + 2]);
        snprintf(grid, sizeof grid, "grid_%04.0f.csv", epoch);
        fputs("set title ", gp);
        gp_string(gp, title);
        fputs(" noenhanced\n", gp);
        regions_plot(gp, dir, grid, &fc->regions);
    }
}

typedef struct hidden_ctx {
    const csv_table *t;
    class_names names;
    size_t n_classes;
} hidden_ctx;

/* set Xrange to column c's values, widened by 5% on each side (by 0.5 when
 * they are all equal), so that every point is inside the axes. */
static void data_range(FILE *gp, const char *axis, const csv_table *t, size_t c)
{
    double lo = (double)INFINITY, hi = -(double)INFINITY;
    for (size_t r = 0; r < t->n_rows; r++) {
        lo = fmin(lo, t->values[r * t->n_cols + c]);
        hi = fmax(hi, t->values[r * t->n_cols + c]);
    }
    double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
    fprintf(gp, "set %srange [%.17g:%.17g]\n", axis, lo - pad, hi + pad);
}

static void hidden_script(FILE *gp, const char *dir, void *ctx)
{
    hidden_ctx *h = ctx;
    const size_t units = h->t->n_cols - 1;
    /* the key beside the axes, never over a point */
    fputs("set xlabel 'a1'\nset ylabel 'a2'\nset key outside right top box opaque\n", gp);
    data_range(gp, "x", h->t, 0);
    data_range(gp, "y", h->t, 1);
    if (units == 3) {
        /* a closed box standing on the floor of the z axis */
        fputs("set zlabel 'a3' rotate parallel\nset view 60, 30\nset border 4095\n"
              "set xyplane relative 0\n",
              gp);
        data_range(gp, "z", h->t, 2);
    }
    if (h->n_classes == 0) { /* values: the regions' colour scale, and no key */
        fputs("unset key\nset palette rgb 33,13,10\nset cblabel ", gp);
        gp_string(gp, h->t->cols[units].name);
        fputs(" noenhanced\n", gp);
    }
    fputs(units == 3 ? "splot " : "plot ", gp);
    const char *cols = units == 3 ? "1:2:" : "1:";
    const char *last = units == 3 ? "3" : "2";
    const size_t ycol = units + 1;
    if (h->n_classes == 0) {
        gp_file(gp, dir, "hidden.csv");
        fprintf(gp, " using %s%s:%zu skip 1 with points pt 7 ps 0.6 lc palette notitle\n", cols,
                last, ycol);
        return;
    }
    for (size_t k = 0; k < h->n_classes; k++) {
        fputs(k ? ", " : "", gp);
        gp_file(gp, dir, "hidden.csv");
        fprintf(gp,
                " using %s($%zu == %zu ? $%s : 1/0) skip 1 with points pt 7 ps 0.6 "
                "lc rgb '%s' title ",
                cols, ycol, k, last, point_colours[k % N_COLOURS]);
        class_title(gp, &h->names, k);
        fputs(" noenhanced", gp);
    }
    fputc('\n', gp);
}

/* Each plot_* renders one picture from the files of dir into out and
 * counts it in *rendered; it returns the number of failures (reported). */
static int plot_history(const char *dir, const char *file, const char *out, int *rendered)
{
    csv_table t;
    int failures = 0;
    char picture[FIT_OUTPUT_NAME_MAX];
    fit_output_picture(file, FIT_HISTORY_SUFFIX, "history.png", picture, sizeof picture);
    history_ctx h = {&t, file};
    if (load_small_csv(dir, file, &t) == 0 && t.n_cols >= 3) {
        failures += render(dir, out, picture, PNG_TERMINAL, history_script, &h) != 0;
        (*rendered)++;
    } else {
        failures++;
    }
    csv_table_free(&t);
    return failures;
}

static int plot_grid(const char *dir, const char *out, int *rendered)
{
    int failures = 0;
    csv_table points;
    memset(&points, 0, sizeof points);
    if (exists(dir, "points.csv") && load_small_csv(dir, "points.csv", &points) != 0)
        failures++;
    regions_ctx rc;
    rc.points = &points;
    rc.n_classes = 0;
    memset(&rc.names, 0, sizeof rc.names);
    if (exists(dir, "labels.csv")) {
        load_class_names(dir, &rc.names, 0);
        rc.n_classes = rc.names.labels.n_rows;
    }
    held_label(dir, rc.held, sizeof rc.held);
    failures += render(dir, out, "regions.png", PNG_TERMINAL, regions_script, &rc) != 0;
    (*rendered)++;
    csv_table_free(&rc.names.labels);
    csv_table_free(&points);
    return failures;
}

static int plot_hidden(const char *dir, const char *out, int *rendered)
{
    csv_table t;
    int failures = 0;
    if (load_small_csv(dir, "hidden.csv", &t) != 0) {
        failures++;
    } else if (t.n_cols == 3 || t.n_cols == 4) {
        hidden_ctx h;
        h.t = &t;
        h.n_classes = count_classes(&t, t.n_cols - 1);
        load_class_names(dir, &h.names, h.n_classes);
        failures += render(dir, out, "hidden.png", PNG_TERMINAL, hidden_script, &h) != 0;
        (*rendered)++;
        csv_table_free(&h.names.labels);
    } else {
        output_report("skipped hidden.csv: %zu units (pictures need 2 or 3)\n", t.n_cols - 1);
    }
    csv_table_free(&t);
    return failures;
}

static int plot_frames(const char *dir, const char *folder, const char *out, int *rendered)
{
    char frames[3800]; /* the file names inside fit paths of 4096 bytes */
    csv_table index, points;
    int failures = 0;
    memset(&points, 0, sizeof points);
    frames_ctx fc;
    memset(&fc, 0, sizeof fc);
    fc.index = &index;
    fc.regions.points = &points;
    memset(&index, 0, sizeof index);
    char picture[FIT_OUTPUT_NAME_MAX];
    fit_output_picture(folder, FIT_FRAMES_SUFFIX, "regions.gif", picture, sizeof picture);
    if (output_join(frames, sizeof frames, dir, folder) != 0 ||
        load_small_csv(frames, "index.csv", &index) != 0) {
        failures++;
    } else if (index.n_cols < 3 || index.cols[0].is_text || index.cols[2].is_text) {
        diag("%s/index.csv: expected the columns epoch,loss,METRIC of tinynn fit "
             "--snapshots",
             frames);
        failures++;
    } else if (exists(frames, "points.csv") &&
               load_small_csv(frames, "points.csv", &points) != 0) {
        failures++;
    } else {
        if (exists(frames, "labels.csv")) {
            load_class_names(frames, &fc.regions.names, 0);
            fc.regions.n_classes = fc.regions.names.labels.n_rows;
        }
        failures += render(frames, out, picture, GIF_TERMINAL, frames_script, &fc) != 0;
        (*rendered)++;
        csv_table_free(&fc.regions.names.labels);
    }
    csv_table_free(&points);
    csv_table_free(&index);
    return failures;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Declares every CSV file of folder as an input (see declare_inputs). */
static void declare_folder_inputs(const char *folder)
{
    char path[4096];
    DIR *d = opendir(folder);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && ends_with(e->d_name, ".csv") &&
            snprintf(path, sizeof path, "%s/%s", folder, e->d_name) < (int)sizeof path &&
            exists(folder, e->d_name))
            output_input(path);
    closedir(d);
}

/* Declares every CSV file of dir and of its snapshot folders as an input:
 * plot and gnuplot read some of them, and no picture may replace one. */
static void declare_inputs(const char *dir, char (*frames)[FIT_OUTPUT_NAME_MAX], size_t n_frames)
{
    char folder[4096];
    declare_folder_inputs(dir);
    for (size_t i = 0; i < n_frames; i++)
        if (output_join(folder, sizeof folder, dir, frames[i]) == 0)
            declare_folder_inputs(folder);
}

/* Before any rendering: can every picture be written? 0, or -1 (reported). */
static int check_pictures(const char *out, const int *have, const char *const *names)
{
    char path[4096];
    for (size_t i = 0; names[i] != NULL; i++)
        if (have[i] &&
            (output_join(path, sizeof path, out, names[i]) != 0 || output_check(path) != 0))
            return -1;
    return 0;
}

/* Most models of one folder whose histories and snapshots plot renders. */
#define PLOT_MODELS_MAX 64

/* check_pictures for the pictures of fit's outputs found. */
static int check_fit_pictures(const char *out, char (*found)[FIT_OUTPUT_NAME_MAX], size_t n,
                              const char *suffix, const char *picture)
{
    char name[FIT_OUTPUT_NAME_MAX], path[4096];
    for (size_t i = 0; i < n; i++) {
        fit_output_picture(found[i], suffix, picture, name, sizeof name);
        if (output_join(path, sizeof path, out, name) != 0 || output_check(path) != 0)
            return -1;
    }
    return 0;
}

static int run_plot(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag("%s: %s", dir, errno == ENOENT ? "no such folder" : "not a folder");
        return EXIT_DATA;
    }
    const char *out = common_out_dir(&command, dir);
    if (out == NULL)
        return EXIT_DATA;
    if (strchr(dir, '\n') != NULL || strchr(out, '\n') != NULL) {
        diag("folder names with line breaks cannot be passed to gnuplot");
        return EXIT_USAGE;
    }
    /* the histories and snapshots of every model trained into dir */
    char histories[PLOT_MODELS_MAX][FIT_OUTPUT_NAME_MAX],
        frames[PLOT_MODELS_MAX][FIT_OUTPUT_NAME_MAX];
    const size_t n_histories = fit_outputs_find(dir, FIT_HISTORY_SUFFIX, 0, histories,
                                                PLOT_MODELS_MAX);
    const size_t n_found = fit_outputs_find(dir, FIT_FRAMES_SUFFIX, 1, frames, PLOT_MODELS_MAX);
    size_t n_frames = 0;
    for (size_t i = 0; i < n_found; i++) { /* those with an index */
        char index[FIT_OUTPUT_NAME_MAX + 16];
        snprintf(index, sizeof index, "%s/index.csv", frames[i]);
        if (exists(dir, index))
            memmove(frames[n_frames++], frames[i], sizeof frames[i]);
    }
    int have_history = n_histories > 0, have_grid = exists(dir, "grid.csv"),
        have_hidden = exists(dir, "hidden.csv"), have_frames = n_frames > 0;
    if (!have_history && !have_grid && !have_hidden && !have_frames) {
        diag("%s: nothing to plot: expected NAME.history.csv, grid.csv, hidden.csv or "
             "NAME.frames/index.csv (written by fit, grid, activations and fit --snapshots)",
             dir);
        return EXIT_DATA;
    }
    const int have[] = {have_grid, have_hidden};
    static const char *const pictures[] = {"regions.png", "hidden.png", NULL};
    declare_inputs(dir, frames, n_frames);
    if (check_pictures(out, have, pictures) != 0 ||
        check_fit_pictures(out, histories, n_histories, FIT_HISTORY_SUFFIX, "history.png") != 0 ||
        check_fit_pictures(out, frames, n_frames, FIT_FRAMES_SUFFIX, "regions.gif") != 0)
        return EXIT_DATA;
    if (!find_gnuplot()) {
        diag("gnuplot not found on PATH: install it (Debian: apt-get install gnuplot-nox) to "
             "render the figures");
        return EXIT_MISSING_TOOL;
    }
    int failures = 0, rendered = 0;
    for (size_t i = 0; i < n_histories; i++)
        failures += plot_history(dir, histories[i], out, &rendered);
    if (have_grid)
        failures += plot_grid(dir, out, &rendered);
    if (have_hidden)
        failures += plot_hidden(dir, out, &rendered);
    for (size_t i = 0; i < n_frames; i++)
        failures += plot_frames(dir, frames[i], out, &rendered);
    if (failures > 0)
        return EXIT_DATA;
    output_report("rendered %d picture%s\n", rendered, rendered == 1 ? "" : "s");
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_plot(pos[0]));
}
