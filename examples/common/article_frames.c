/* Training snapshots (see article_frames.h). */
#include "article_frames.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int frames_due(const frame_step *steps, size_t n_steps, size_t epoch, size_t last)
{
    if (epoch == 0 || epoch == last)
        return 1;
    for (size_t i = 0; i < n_steps; i++)
        if (epoch <= steps[i].until)
            return steps[i].every > 0 && epoch % steps[i].every == 0;
    return 0;
}

void frames_folder(const example *ex, example *frames)
{
    *frames = *ex;
    int n = snprintf(frames->outdir, sizeof frames->outdir, "%s/frames", ex->outdir);
    if (n < 0 || (size_t)n >= sizeof frames->outdir) {
        fprintf(stderr, "%s: output folder name too long: %s\n", ex->name, ex->outdir);
        exit(1);
    }
    if (mkdir(frames->outdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create folder %s: %s\n", ex->name, frames->outdir,
                strerror(errno));
        exit(1);
    }
}

const char *frames_file(const char *prefix, size_t epoch)
{
    static char name[256];
    snprintf(name, sizeof name, "%s_%04zu.csv", prefix, epoch);
    return name;
}
