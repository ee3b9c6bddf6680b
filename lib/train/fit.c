/* The training loop: epochs of (mini-)batches, the L2 penalty, divergence;
 * each epoch ends in epoch_end.c. L-BFGS optimizers train full batch in
 * fit_lbfgs.c. */
#include "core/internal.h"
#include "train/fit_parts.h"
#if TNN_HAVE_LBFGS /* from config.h, through internal.h */
#include "learn/lbfgs.h"
#endif

/* Rows per forward/backward block: enough to keep the kernels busy, small
 * enough that the activations stay in cache. */
#define FIT_BLOCK_ROWS 256u

/* An epoch whose mean loss exceeds this many times the run's reference
 * loss diverged (tnn_fit in tinynn.h): four orders of magnitude, far above
 * the spikes of a training run that works, and reached within a few epochs
 * by one that blows up (geometric growth) or cycles at a huge loss. */
#define RUNAWAY_RATIO 1e4

/* The caller's options over the defaults (a caller of an older version has
 * fewer fields). */
static tnn_status read_options(const tnn_fit_options *caller, tnn_fit_options *o)
{
    const tnn_fit_options defaults = TNN_FIT_OPTIONS_INIT;
    *o = defaults;
    return tnn__sized_read(caller, o, sizeof *o);
}

/* The workspace: one gradient, the row index (shuffling), the best
 * epoch's weights (restore_best), then the block of rows, which also
 * serves tnn_evaluate() on the validation rows. */
typedef struct fit_layout {
    size_t batch; /* rows per optimizer step */
    size_t block; /* rows per forward/backward block */
    size_t index_offset;
    size_t best_offset;
    size_t block_offset;
    size_t block_bytes;
    size_t total;
} fit_layout;

static tnn_status fit_layout_of(const tnn_model *m, const tnn_fit_options *o, size_t n_rows,
                                fit_layout *lay)
{
    lay->batch = o->batch_size == 0 || o->batch_size > n_rows ? n_rows : o->batch_size;
    lay->block = lay->batch < FIT_BLOCK_ROWS ? lay->batch : FIT_BLOCK_ROWS;
    size_t grad_bytes, index_bytes = 0, best_bytes = 0, block_bytes, total;
    if (!tnn__mul(m->n_params, sizeof(tnn_real), &grad_bytes) ||
        !tnn__align_up(grad_bytes, &grad_bytes) ||
        (o->shuffle != NULL && (!tnn__mul(n_rows, sizeof(size_t), &index_bytes) ||
                                !tnn__align_up(index_bytes, &index_bytes))) ||
        !tnn__mul(tnn__gradient_row_bytes(m), lay->block, &block_bytes) ||
        !tnn__add(grad_bytes, index_bytes, &total) || !tnn__add(total, block_bytes, &total))
        return TNN_E_OVERFLOW;
    if (o->restore_best != 0)
        best_bytes = grad_bytes; /* n_params values, aligned */
    if (!tnn__add(total, best_bytes, &total))
        return TNN_E_OVERFLOW;
    lay->index_offset = grad_bytes;
    lay->best_offset = grad_bytes + index_bytes;
    lay->block_offset = lay->best_offset + best_bytes;
    lay->block_bytes = block_bytes;
    lay->total = total;
    return TNN_OK;
}

/* Validation rows, the L2 penalty and early stopping: the combinations
 * that mean something. */
static tnn_status check_extras(const tnn_model *m, const tnn_fit_options *o)
{
    if (o->val_rows > 0 ? o->val_x == NULL || o->val_y == NULL
                        : o->val_x != NULL || o->val_y != NULL || o->history_val_loss != NULL ||
                              o->history_val_metric != NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!(isfinite(o->l2) && o->l2 >= 0) || !(isfinite(o->min_delta) && o->min_delta >= 0))
        return TNN_E_INVALID_ARGUMENT;
    switch (o->monitor) {
    case TNN_MONITOR_NONE:
        if (o->patience != 0 || o->min_delta != 0 || o->restore_best != 0 || o->best_epoch != NULL)
            return TNN_E_INVALID_ARGUMENT; /* early stopping settings without a monitor */
        break;
    case TNN_MONITOR_LOSS: break;
    case TNN_MONITOR_VAL_LOSS:
        if (o->val_rows == 0)
            return TNN_E_INVALID_ARGUMENT;
        break;
    default: return TNN_E_INVALID_ARGUMENT;
    }
    size_t bytes;
    if (!tnn__rows_fit(o->val_rows, m->max_width) ||
        ((o->history_val_loss != NULL || o->history_val_metric != NULL) &&
         !tnn__mul(o->epochs, sizeof(double), &bytes)))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

static tnn_status check_options(const tnn_model *m, const tnn_fit_options *o, size_t n_rows)
{
    if (!tnn__model_ok(m) || n_rows == 0 || o->epochs == 0 || !tnn__metric_valid(o->metric))
        return TNN_E_INVALID_ARGUMENT;
    if (o->shuffle != NULL && !tnn__rng_ok(o->shuffle))
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn__check_trainable(m, o->loss);
    if (st != TNN_OK)
        return st;
    /* rows of x and y, and one history value per epoch, must fit in memory */
    size_t bytes;
    if (!tnn__rows_fit(n_rows, m->max_width) ||
        ((o->history_loss != NULL || o->history_metric != NULL) &&
         !tnn__mul(o->epochs, sizeof(double), &bytes)))
        return TNN_E_OVERFLOW;
    return check_extras(m, o);
}

tnn_status tnn_fit_workspace_size(const tnn_model *model, const tnn_fit_options *options,
                                  size_t n_rows, size_t *size)
{
    if (size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_fit_options o;
    tnn_status st = read_options(options, &o);
    if (st != TNN_OK || (st = check_options(model, &o, n_rows)) != TNN_OK)
        return st;
    fit_layout lay;
    if ((st = fit_layout_of(model, &o, n_rows, &lay)) == TNN_OK)
        *size = lay.total;
    return st;
}

tnn_status tnn_fit(tnn_model *model, tnn_optimizer *opt, const tnn_fit_options *caller_options,
                   const tnn_real *x, const tnn_real *y, size_t n_rows, void *work,
                   size_t work_size, size_t *epochs_run)
{
    if (opt == NULL || x == NULL || y == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_fit_options read;
    const tnn_fit_options *options = &read;
    tnn_status st = read_options(caller_options, &read);
    if (st != TNN_OK || (st = check_options(model, options, n_rows)) != TNN_OK)
        return st;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    if (tnn__optimizer_n_params(opt) != model->n_params)
        return tnn__optimizer_n_params(opt) == 0 ? TNN_E_INVALID_ARGUMENT : TNN_E_SHAPE_MISMATCH;
#if TNN_HAVE_LBFGS
    tnn__lbfgs_settings lbfgs_settings = {0}; /* read only with L-BFGS */
    const bool lbfgs = tnn__optimizer_lbfgs(opt, &lbfgs_settings) != NULL;
#else
    const bool lbfgs = false; /* -Dlbfgs=false: no optimizer of that kind exists */
#endif
    if (lbfgs &&
        (options->shuffle != NULL || (options->batch_size != 0 && options->batch_size < n_rows)))
        return TNN_E_UNSUPPORTED; /* its line search needs one fixed objective */
    if (lbfgs && options->l2 != 0)
        return TNN_E_UNSUPPORTED; /* its own TNN_PARAM_L2 penalises the weights */
    fit_layout lay;
    if ((st = fit_layout_of(model, options, n_rows, &lay)) != TNN_OK)
        return st;
    if ((st = tnn__check_mem(work, work_size, lay.total)) != TNN_OK)
        return st;
    const size_t n_out = tnn_model_n_outputs(model);
    tnn_real x_max, val_max;
    if ((st = tnn__check_finite_max(x, n_rows * model->n_inputs, &x_max)) != TNN_OK ||
        (st = tnn__check_targets(options->loss, y, n_rows * n_out)) != TNN_OK ||
        (st = tnn__check_finite_max(options->val_x, options->val_rows * model->n_inputs,
                                    &val_max)) != TNN_OK ||
        (st = tnn__check_targets(options->loss, options->val_y, options->val_rows * n_out)) !=
            TNN_OK)
        return st;

    if (epochs_run != NULL)
        *epochs_run = 0;
    unsigned char *base = work;
    tnn_real *grad = (tnn_real *)(void *)base;
    size_t *index = options->shuffle != NULL ? (size_t *)(void *)(base + lay.index_offset) : NULL;
    void *block_work = base + lay.block_offset;
    tnn_real *best = options->restore_best != 0 ? (tnn_real *)(void *)(base + lay.best_offset)
                                                : NULL;
    tnn__epoch_watch end;
#if TNN_HAVE_LBFGS
    if (lbfgs) {
        /* the validation loss carries the penalty the iterations minimise */
        tnn__epoch_end_start(&end, options, lbfgs_settings.l2 / 2, lbfgs_settings.l2_biases,
                             block_work, lay.block_bytes, best);
        return tnn__fit_lbfgs(model, opt, options, x, y, n_rows, x_max, grad, block_work,
                              lay.block, &end, epochs_run);
    }
#endif
    tnn__epoch_end_start(&end, options, options->l2, false, block_work, lay.block_bytes, best);

    /* the scale runaway losses are measured by: the larger of the first
     * batch's mean loss (at the weights training starts from) and the loss
     * of an output layer of zeros */
    double reference = tnn__zero_output_loss(options->loss, y, n_rows, n_out);
    for (size_t epoch = 0; epoch < options->epochs; epoch++) {
        /* cannot fail: the generator and n_rows were checked */
        if (index != NULL && (st = tnn_rng_permutation(options->shuffle, index, n_rows)) != TNN_OK)
            return st;
        double loss_sum = 0, metric_sum = 0;
        for (size_t first = 0; first < n_rows; first += lay.batch) {
            size_t rows = n_rows - first < lay.batch ? n_rows - first : lay.batch;
            /* a value inside the network that overflows is divergence too */
            if (!tnn__forward_ok(model, x_max, x, index, first, rows, block_work, lay.block))
                return TNN_E_DIVERGED;
            for (size_t i = 0; i < model->n_params; i++)
                grad[i] = 0;
            double batch_loss = 0;
            tnn__gradient_rows(model, options->loss, options->metric, x, y, index, first, rows,
                               grad, &batch_loss, &metric_sum, block_work, lay.block);
            if (options->l2 > 0) { /* Keras's loss: the batch's mean plus the penalty */
                batch_loss += (double)rows * options->l2 * tnn__squared_weights(model, false);
                tnn__add_l2_gradient(model, options->l2, rows, grad);
            }
            if (!isfinite(batch_loss))
                return TNN_E_DIVERGED;
            if (epoch == 0 && first == 0 && batch_loss / (double)rows > reference)
                reference = batch_loss / (double)rows;
            loss_sum += batch_loss;
            if ((st = tnn_optimizer_step(opt, model, grad, model->n_params, rows)) != TNN_OK)
                return st;
        }
        double loss = loss_sum / (double)n_rows;
        if (!isfinite(loss) || (reference > 0 && loss > RUNAWAY_RATIO * reference))
            return TNN_E_DIVERGED;
        double metric = tnn__metric_value(options->metric, metric_sum, n_rows, n_out);
        bool stop;
        if ((st = tnn__epoch_end(&end, model, epoch, loss, metric, epochs_run, &stop)) != TNN_OK)
            return st;
        if (stop)
            break;
    }
    tnn__epoch_end_finish(&end, model);
    return TNN_OK;
}
