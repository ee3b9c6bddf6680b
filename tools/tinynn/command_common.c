/* Helpers every tinynn subcommand uses (see commands.h). */
#include <float.h>
#include <stdlib.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "data_options.h"
#include "diag.h"
#include "output.h"

int common_limits(const arg_command *cmd, csv_limits *limits)
{
    *limits = csv_limits_default();
    /* a number the model's type cannot hold is refused, not made infinite */
    limits->max_magnitude = TNN_REAL_IS_DOUBLE ? DBL_MAX : (double)FLT_MAX;
    const char *v = args_get(cmd, "max-input");
    if (v != NULL && args_bytes("max-input", v, &limits->max_bytes) != 0)
        return -1;
    v = args_get(cmd, "delimiter");
    if (v != NULL && data_parse_delimiter(v, &limits->delimiter) != 0)
        return -1;
    return 0;
}

const char *common_out_dir(const arg_command *cmd, const char *fallback)
{
    const char *dir = args_get(cmd, "out");
    if (dir == NULL)
        dir = fallback;
    if (dir[0] == '\0') {
        diag_usage("--out: expected a folder name");
        return NULL;
    }
    return output_make_dir(dir) == 0 ? dir : NULL;
}

int common_open_model(const arg_command *cmd, const char *model_path, const char *out_name,
                      const char *data_path, const char **dir, cli_model *m)
{
    *dir = common_out_dir(cmd, ".");
    if (*dir == NULL || model_io_load(model_path, m) != 0)
        return EXIT_DATA;
    if (out_name != NULL && common_check_output(*dir, out_name, data_path) != 0) {
        model_io_free(m);
        return EXIT_DATA;
    }
    return 0;
}

int common_check_output(const char *dir, const char *name, const char *data_path)
{
    char path[4096];
    if (data_path != NULL)
        output_input(data_path);
    if (output_join(path, sizeof path, dir, name) != 0 || output_check(path) != 0)
        return -1;
    return 0;
}

void *common_alloc(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);
    if (p == NULL)
        diag("out of memory (%zu bytes)", size);
    return p;
}

/* Scratch of the block-wise calls: 256 rows (or grid cells) a block, close
 * to the fastest, but fewer for a wide model, so that the scratch stays
 * within 8 MiB rather than 256 rows of 256 Ki inputs. Results do not depend
 * on the block size. */
#define WORK_BUDGET ((size_t)8 << 20)

typedef tnn_status (*work_size_fn)(const tnn_model *model, size_t rows, size_t *size);

static void *block_work(const tnn_model *model, work_size_fn size_of, size_t *size)
{
    size_t one, rows = 256;
    tnn_status st = size_of(model, 1, &one);
    if (st == TNN_OK && one > 0 && rows > WORK_BUDGET / one)
        rows = WORK_BUDGET / one > 0 ? WORK_BUDGET / one : 1;
    if (st == TNN_OK)
        st = size_of(model, rows, size);
    if (st != TNN_OK) {
        diag_status("workspace size", st);
        return NULL;
    }
    return common_alloc(*size);
}

void *common_predict_work(const tnn_model *model, size_t *size)
{
    return block_work(model, tnn_predict_workspace_size, size);
}

void *common_grid_work(const tnn_model *model, size_t *size)
{
    return block_work(model, tnn_grid_workspace_size, size);
}

int common_finish(int rc)
{
    if (rc == 0 && output_commit_all() == 0)
        return 0;
    output_abort_all();
    if (diag_usage_seen())
        return EXIT_USAGE;
    return rc == 0 ? EXIT_DATA : rc;
}
