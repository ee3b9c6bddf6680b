/* fit's --l2, --early-stopping, --monitor, --min-delta and
 * --no-restore-best (fit_stopping.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "fit_stopping.h"
#include "output.h"

/* --l2 LAMBDA: 0 or more. */
static int parse_l2(const arg_command *cmd, fit_stopping *s)
{
    const char *v = args_get(cmd, "l2");
    s->l2 = 0;
    if (v == NULL)
        return 0;
    if (args_double("l2", v, &s->l2) != 0)
        return -1;
    if (!(isfinite(s->l2) && s->l2 >= 0)) {
        diag_usage("--l2: expected a penalty of 0 or more, found '%s'", v);
        return -1;
    }
    return 0;
}

int fit_stopping_parse(const arg_command *cmd, int has_validation, fit_stopping *s)
{
    const char *patience = args_get(cmd, "early-stopping"), *monitor = args_get(cmd, "monitor");
    const char *delta = args_get(cmd, "min-delta");
    const int keep_last = args_get(cmd, "no-restore-best") != NULL;
    s->early = patience != NULL;
    s->patience = 0;
    s->monitor = has_validation ? TNN_MONITOR_VAL_LOSS : TNN_MONITOR_LOSS;
    s->min_delta = 0;
    s->restore_best = !keep_last;
    s->best_epoch = 0;
    if (parse_l2(cmd, s) != 0)
        return -1;
    if (!s->early) {
        if (monitor != NULL || delta != NULL || keep_last) {
            diag_usage("--%s: expected --early-stopping PATIENCE too",
                       monitor != NULL ? "monitor"
                       : delta != NULL ? "min-delta"
                                       : "no-restore-best");
            return -1;
        }
        return 0;
    }
    if (args_size("early-stopping", patience, 0, 100000000, &s->patience) != 0)
        return -1;
    if (monitor != NULL) {
        if (strcmp(monitor, "loss") == 0) {
            s->monitor = TNN_MONITOR_LOSS;
        } else if (strcmp(monitor, "val_loss") == 0) {
            if (!has_validation) {
                diag_usage("--monitor val_loss: expected --validation-split F too");
                return -1;
            }
            s->monitor = TNN_MONITOR_VAL_LOSS;
        } else {
            diag_usage("--monitor: expected loss or val_loss, found '%s'", monitor);
            return -1;
        }
    }
    if (delta != NULL) {
        if (args_double("min-delta", delta, &s->min_delta) != 0)
            return -1;
        if (!(isfinite(s->min_delta) && s->min_delta >= 0)) {
            diag_usage("--min-delta: expected 0 or more, found '%s'", delta);
            return -1;
        }
    }
    return 0;
}

int fit_stopping_apply(fit_stopping *s, int lbfgs, tnn_optimizer *opt, tnn_fit_options *fo)
{
    if (lbfgs) {
        tnn_status st = tnn_optimizer_set(opt, TNN_PARAM_L2, 2 * s->l2);
        if (st != TNN_OK) {
            diag_status("--l2", st);
            return -1;
        }
    } else {
        fo->l2 = s->l2;
    }
    if (s->early) {
        fo->monitor = s->monitor;
        fo->patience = s->patience;
        fo->min_delta = s->min_delta;
        fo->restore_best = s->restore_best;
        fo->best_epoch = &s->best_epoch;
    }
    return 0;
}

int fit_stopping_penalty(const fit_stopping *s, const tnn_model *model, double *penalty)
{
    *penalty = 0;
    if (s->l2 == 0)
        return 0;
    const size_t n = tnn_model_n_params(model);
    tnn_real *p = common_alloc(n * sizeof *p);
    if (p == NULL)
        return -1;
    tnn_status st = tnn_model_get_params(model, p, n);
    double sum = 0;
    size_t at = 0;
    for (size_t k = 0; st == TNN_OK && k < tnn_model_n_layers(model); k++) {
        const tnn_layer *l = tnn_model_layer(model, k);
        const size_t weights = tnn_layer_n_inputs(l) * tnn_layer_units(l);
        for (size_t i = at; i < at + weights; i++) /* the kernel, then its biases */
            sum += (double)p[i] * (double)p[i];
        at += weights + tnn_layer_units(l);
    }
    free(p);
    if (st != TNN_OK) {
        diag_status("reading the weights", st);
        return -1;
    }
    *penalty = s->l2 * sum;
    return 0;
}

size_t fit_stopping_saved_epoch(const fit_stopping *s, size_t epochs_run)
{
    if (epochs_run == 0)
        return SIZE_MAX;
    return s->early && s->restore_best ? s->best_epoch : epochs_run - 1;
}

void fit_stopping_report(const fit_stopping *s, size_t epochs, size_t epochs_run,
                         const double *monitored)
{
    if (!s->early || epochs_run == 0) /* L-BFGS may start converged */
        return;
    const char *name = s->monitor == TNN_MONITOR_VAL_LOSS ? "val_loss" : "loss";
    const size_t best = s->best_epoch, since = epochs_run - 1 - best;
    /* epochs as history.csv numbers them, from 1 */
    if (epochs_run < epochs && since >= s->patience && epochs_run > 1)
        output_report("early stopping: stopped after epoch %zu of %zu, %s did not improve "
                      "for %zu epochs; ",
                      epochs_run, epochs, name, since);
    else
        output_report("early stopping: did not stop, %zu of %zu epochs ran; ", epochs_run,
                      epochs);
    if (s->restore_best)
        output_report("saved the weights of epoch %zu, the best %s %.6f\n", best + 1, name,
                      monitored[best]);
    else
        output_report("saved the weights of the last epoch, %zu (best %s %.6f at epoch %zu)\n",
                      epochs_run, name, monitored[best], best + 1);
}
