/* The names of fit's outputs beside the model: OUT/NAME.history.csv and
 * OUT/NAME.frames/, NAME the model file's name without its extension, so
 * that models trained into one folder keep their own history; and finding
 * them again (tinynn plot), older history.csv and frames/ included. */
#ifndef TINYNN_CLI_FIT_OUTPUTS_H
#define TINYNN_CLI_FIT_OUTPUTS_H

#include <stddef.h>

#define FIT_HISTORY_SUFFIX ".history.csv"
#define FIT_FRAMES_SUFFIX ".frames"

/* Longest name fit_outputs_find returns, with its NUL. */
#define FIT_OUTPUT_NAME_MAX 256

/* out_dir/NAME + suffix into out. 0, or -1 (reported). */
int fit_output_path(char *out, size_t out_size, const char *out_dir, const char *model_path,
                    const char *suffix);

/* The entries of dir named NAME + suffix, or suffix without its leading
 * '.' (history.csv, frames): regular files, or with want_dir folders; at
 * most max, sorted. Returns how many (0 also when dir cannot be read). */
size_t fit_outputs_find(const char *dir, const char *suffix, int want_dir,
                        char (*names)[FIT_OUTPUT_NAME_MAX], size_t max);

/* The picture of an entry found: "NAME." + picture ("a.history.csv" ->
 * "a.history.png"), or picture alone for the older names. */
void fit_output_picture(const char *found, const char *suffix, const char *picture, char *out,
                        size_t out_size);

#endif /* TINYNN_CLI_FIT_OUTPUTS_H */
