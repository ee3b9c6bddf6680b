/* The end of an epoch of tnn_fit(), as Keras's fit ends one: the
 * validation rows' loss and metric at the epoch's final weights, the
 * history, EarlyStopping (keras/src/callbacks/early_stopping.py, mode
 * "min"), then the caller's callback. */
#include <string.h>

#include "train/fit_parts.h"

void tnn__epoch_end_start(tnn__epoch_watch *e, const tnn_fit_options *o, double val_l2,
                          bool val_l2_biases, void *eval_work, size_t eval_work_size,
                          tnn_real *best_params)
{
    e->o = o;
    e->val_l2 = val_l2;
    e->val_l2_biases = val_l2_biases;
    e->eval_work = eval_work;
    e->eval_work_size = eval_work_size;
    e->best_params = best_params;
    e->best = (double)INFINITY;
    e->wait = 0;
}

/* Keras's val_loss: model.evaluate's loss, which adds the regularization
 * losses (the penalty at these weights) to the data loss. */
static tnn_status validate(const tnn__epoch_watch *e, const tnn_model *m, double *loss,
                           double *metric)
{
    const tnn_fit_options *o = e->o;
    tnn_status st = tnn_evaluate(m, (tnn_loss)o->loss, (tnn_metric)o->metric, o->val_x, o->val_y,
                                 o->val_rows, loss, metric, e->eval_work, e->eval_work_size);
    if (st == TNN_E_NON_FINITE) /* the data was checked: the weights overflow it */
        return TNN_E_DIVERGED;
    if (st != TNN_OK)
        return st;
    if (e->val_l2 > 0)
        *loss += e->val_l2 * tnn__squared_weights(m, e->val_l2_biases);
    return isfinite(*loss) ? TNN_OK : TNN_E_DIVERGED;
}

/* Keras's EarlyStopping.on_epoch_end in mode "min": an improvement is
 * current - (-min_delta) < best; the wait counts every epoch and restarts
 * at an improvement; training stops once wait >= patience (never at epoch
 * 0, which always improves on +inf). */
static bool early_stop(tnn__epoch_watch *e, const tnn_model *m, size_t epoch, double current)
{
    const tnn_fit_options *o = e->o;
    e->wait++;
    if (current + o->min_delta < e->best) {
        e->best = current;
        e->wait = 0;
        if (o->best_epoch != NULL)
            *o->best_epoch = epoch;
        if (e->best_params != NULL)
            memcpy(e->best_params, m->params, m->n_params * sizeof *m->params);
        return false;
    }
    return e->wait >= o->patience && epoch > 0;
}

tnn_status tnn__epoch_end(tnn__epoch_watch *e, tnn_model *m, size_t epoch, double loss,
                          double metric, size_t *epochs_run, bool *stop)
{
    const tnn_fit_options *o = e->o;
    double val_loss = 0, val_metric = 0;
    if (o->val_rows > 0) {
        tnn_status st = validate(e, m, &val_loss, &val_metric);
        if (st != TNN_OK)
            return st;
    }
    if (o->history_loss != NULL)
        o->history_loss[epoch] = loss;
    if (o->history_metric != NULL)
        o->history_metric[epoch] = metric;
    if (o->history_val_loss != NULL)
        o->history_val_loss[epoch] = val_loss;
    if (o->history_val_metric != NULL)
        o->history_val_metric[epoch] = val_metric;
    if (epochs_run != NULL)
        *epochs_run = epoch + 1;
    *stop = false;
    switch ((tnn_monitor)o->monitor) {
    case TNN_MONITOR_NONE: break;
    case TNN_MONITOR_LOSS: *stop = early_stop(e, m, epoch, loss); break;
    case TNN_MONITOR_VAL_LOSS: *stop = early_stop(e, m, epoch, val_loss); break;
    }
    /* Keras calls every callback of the epoch, also when one stops training */
    if (o->callback != NULL && o->callback(o->callback_ctx, epoch, loss, metric) != 0)
        *stop = true;
    return TNN_OK;
}

void tnn__epoch_end_finish(const tnn__epoch_watch *e, tnn_model *m)
{
    if (e->best_params != NULL && isfinite(e->best)) /* an epoch was monitored */
        memcpy(m->params, e->best_params, m->n_params * sizeof *m->params);
}
