/* The tinynn command's subcommands. Each takes argv with argv[0] = its own
 * name and returns the process exit code (see diag.h). */
#ifndef TINYNN_CLI_COMMANDS_H
#define TINYNN_CLI_COMMANDS_H

#include <tinynn/tinynn.h>

#include "args.h"
#include "csv_reader.h"
#include "model_io.h"

int cmd_fit(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_grid(int argc, char **argv);
int cmd_activations(int argc, char **argv);
int cmd_geometry(int argc, char **argv);
int cmd_contributions(int argc, char **argv);
int cmd_export_c(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* Shared by the commands (command_common.c). */

/* The CSV limits from --max-input (default 1G) and --delimiter, numbers
 * beyond tnn_real's range refused. 0 or -1 (reported). */
int common_limits(const arg_command *cmd, csv_limits *limits);

/* --out DIR, else fallback; creates the folder. NULL on failure (reported). */
const char *common_out_dir(const arg_command *cmd, const char *fallback);

/* What a command on a model file does first: --out DIR (else ".", made
 * if missing) into *dir, then loads the model and its columns file, and,
 * for a command writing out_name from data_path (out_name NULL: checked
 * later), common_check_output. 0, or EXIT_DATA (reported; nothing left to
 * free). */
int common_open_model(const arg_command *cmd, const char *model_path, const char *out_name,
                      const char *data_path, const char **dir, cli_model *m);

/* Before the work: declares data_path (NULL: none) an input of the command
 * and checks that dir/name can be written (output_check). 0, or -1
 * (reported). */
int common_check_output(const char *dir, const char *name, const char *data_path);

/* malloc that reports failure; size 0 gives a valid 1-byte block. */
void *common_alloc(size_t size);

/* Scratch for inspection and prediction calls (tnn_predict_workspace_size)
 * and for tnn_grid_sample: 256 rows or cells a block, fewer for a wide
 * model (at most 8 MiB). NULL on failure (reported). */
void *common_predict_work(const tnn_model *model, size_t *size);
void *common_grid_work(const tnn_model *model, size_t *size);

/* Turns the result of a command body into its exit code: commits the
 * pending output files on success, removes them otherwise; EXIT_USAGE
 * after a diag_usage. */
int common_finish(int rc);

#endif /* TINYNN_CLI_COMMANDS_H */
