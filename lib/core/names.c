/* The values of the public enums that users name or pass in: which values
 * are valid (checked once, here, before any code dispatches on them) and
 * their names, read from tables indexed by the value. */
#include <string.h>

#include "core/internal.h"

#define COUNT_OF(table) (sizeof(table) / sizeof((table)[0]))

static const char *const activation_names[] = {
    [TNN_ACT_LINEAR] = "linear", [TNN_ACT_STEP] = "step", [TNN_ACT_SIGMOID] = "sigmoid",
    [TNN_ACT_TANH] = "tanh",     [TNN_ACT_RELU] = "relu", [TNN_ACT_SOFTMAX] = "softmax",
};
_Static_assert(COUNT_OF(activation_names) == TNN__ACT_COUNT, "a name per activation");

static const char *const loss_names[] = {
    [TNN_LOSS_MSE] = "mse",
    [TNN_LOSS_BCE] = "bce",
    [TNN_LOSS_CCE] = "cce",
};
_Static_assert(COUNT_OF(loss_names) == TNN__LOSS_COUNT, "a name per loss");

static const char *const metric_names[] = {
    [TNN_METRIC_NONE] = "none",
    [TNN_METRIC_ACCURACY] = "accuracy",
    [TNN_METRIC_MSE] = "mse",
};
_Static_assert(COUNT_OF(metric_names) == TNN__METRIC_COUNT, "a name per metric");

/* Through unsigned: enums are unsigned char on ARM EABI (short enums),
 * where a >= 0 test is always true and warned about. */
bool tnn__activation_valid(tnn_activation act)
{
    return (unsigned)act < TNN__ACT_COUNT;
}

bool tnn__loss_valid(tnn_loss loss)
{
    return (unsigned)loss < TNN__LOSS_COUNT;
}

bool tnn__metric_valid(tnn_metric metric)
{
    return (unsigned)metric < TNN__METRIC_COUNT;
}

/* The index of name in names[0..count), or count when it is none of them
 * (or NULL). */
static unsigned find_name(const char *const *names, unsigned count, const char *name)
{
    unsigned v = 0;
    while (name != NULL && v < count && strcmp(names[v], name) != 0)
        v++;
    return name != NULL ? v : count;
}

const char *tnn_activation_name(tnn_activation activation)
{
    return tnn__activation_valid(activation) ? activation_names[activation] : "unknown";
}

tnn_status tnn_activation_from_name(const char *name, tnn_activation *activation)
{
    const unsigned v = find_name(activation_names, TNN__ACT_COUNT, name);
    if (activation == NULL || v == TNN__ACT_COUNT)
        return TNN_E_INVALID_ARGUMENT;
    *activation = (tnn_activation)v;
    return TNN_OK;
}

const char *tnn_loss_name(tnn_loss loss)
{
    return tnn__loss_valid(loss) ? loss_names[loss] : "unknown";
}

tnn_status tnn_loss_from_name(const char *name, tnn_loss *loss)
{
    const unsigned v = find_name(loss_names, TNN__LOSS_COUNT, name);
    if (loss == NULL || v == TNN__LOSS_COUNT)
        return TNN_E_INVALID_ARGUMENT;
    *loss = (tnn_loss)v;
    return TNN_OK;
}

const char *tnn_metric_name(tnn_metric metric)
{
    return tnn__metric_valid(metric) ? metric_names[metric] : "unknown";
}

tnn_status tnn_metric_from_name(const char *name, tnn_metric *metric)
{
    const unsigned v = find_name(metric_names, TNN__METRIC_COUNT, name);
    if (metric == NULL || v == TNN__METRIC_COUNT)
        return TNN_E_INVALID_ARGUMENT;
    *metric = (tnn_metric)v;
    return TNN_OK;
}

#if TNN_HAVE_TRAINING
static const char *const optimizer_names[] = {
    [TNN_OPT_SGD] = "sgd",
    [TNN_OPT_ADAM] = "adam",
    [TNN_OPT_LBFGS] = "lbfgs",
};
_Static_assert(COUNT_OF(optimizer_names) == TNN__OPT_COUNT, "a name per optimizer");

bool tnn__optimizer_kind_valid(tnn_optimizer_kind kind)
{
    return (unsigned)kind < TNN__OPT_COUNT;
}

const char *tnn_optimizer_name(tnn_optimizer_kind kind)
{
    return tnn__optimizer_kind_valid(kind) ? optimizer_names[kind] : "unknown";
}

tnn_status tnn_optimizer_from_name(const char *name, tnn_optimizer_kind *kind)
{
    const unsigned v = find_name(optimizer_names, TNN__OPT_COUNT, name);
    if (kind == NULL || v == TNN__OPT_COUNT)
        return TNN_E_INVALID_ARGUMENT;
    *kind = (tnn_optimizer_kind)v;
    return TNN_OK;
}
#endif
