/* Snapshots of a model while it trains, for the animations of
 * examples/plots/anim_*.gp (file layouts: examples/README.md, "Training
 * snapshots"). article_train_watched() hands the run to a watcher before
 * the first epoch and after every epoch; the watcher keeps the epochs that
 * frames_due() picks and writes one file per kept epoch into
 * OUTDIR/frames/, plus a row of frames/index.csv. Watchers only read the
 * model, so training is the same as without them. */
#ifndef ARTICLE_FRAMES_H
#define ARTICLE_FRAMES_H

#include <stddef.h>

#include "example.h"

/* A piece of a frame schedule: a frame every `every` epochs up to and
 * including epoch `until`. */
typedef struct frame_step {
    size_t until, every;
} frame_step;

/* Whether to keep epoch e (0: the initial weights) of a run of `last`
 * epochs: e is a multiple of the `every` of the first step with
 * e <= until; epochs 0 and `last` are always kept. */
int frames_due(const frame_step *steps, size_t n_steps, size_t epoch, size_t last);

/* The folder OUTDIR/frames (created if missing), as an example whose
 * files go there. Exits with a message if it cannot be made. */
void frames_folder(const example *ex, example *frames);

/* The name of a frame's file: PREFIX_EEEE.csv, the epoch with at least
 * four digits (grid_0180.csv). A static buffer: use at once. */
const char *frames_file(const char *prefix, size_t epoch);

#endif /* ARTICLE_FRAMES_H */
