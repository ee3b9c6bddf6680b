/* fit's regularisation and early-stopping options (--l2, --early-stopping,
 * --monitor, --min-delta, --no-restore-best): parsed, given to tnn_fit,
 * and reported. */
#ifndef TINYNN_CLI_FIT_STOPPING_H
#define TINYNN_CLI_FIT_STOPPING_H

#include <stddef.h>

#include <tinynn/tinynn.h>

#include "args.h"

typedef struct fit_stopping {
    double l2;           /* --l2, 0 when not given */
    int early;           /* --early-stopping given */
    size_t patience;     /* its PATIENCE */
    tnn_monitor monitor; /* val_loss with a validation split, else loss */
    double min_delta;    /* --min-delta */
    int restore_best;    /* off with --no-restore-best */
    size_t best_epoch;   /* 0-based, written by tnn_fit */
} fit_stopping;

/* The options of cmd; has_validation: a validation split was asked for.
 * 0, or -1 after a usage error was reported. */
int fit_stopping_parse(const arg_command *cmd, int has_validation, fit_stopping *s);

/* Sets the L2 and early-stopping fields of fo. For L-BFGS the penalty goes
 * to the optimizer's TNN_PARAM_L2 instead (2 * l2 minimises the same
 * Keras loss). 0, or -1 (reported). */
int fit_stopping_apply(fit_stopping *s, int lbfgs, tnn_optimizer *opt, tnn_fit_options *fo);

/* The L2 penalty at the model's weights (0 without --l2), which Keras's
 * evaluate adds to a loss, as the library's val_loss does. 0, or -1
 * (reported). */
int fit_stopping_penalty(const fit_stopping *s, const tnn_model *model, double *penalty);

/* The epoch (0-based) whose weights training ended with; SIZE_MAX when
 * no epoch ran. */
size_t fit_stopping_saved_epoch(const fit_stopping *s, size_t epochs_run);

/* The report line on early stopping; monitored: the history of the
 * monitored value. */
void fit_stopping_report(const fit_stopping *s, size_t epochs, size_t epochs_run,
                         const double *monitored);

#endif /* TINYNN_CLI_FIT_STOPPING_H */
