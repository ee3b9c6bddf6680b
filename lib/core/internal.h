/* Internal helpers shared by the library's source files. Not installed. */
#ifndef TINYNN_INTERNAL_H
#define TINYNN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "tinynn/tinynn.h"

/* The kernels are plain C that compilers vectorise. On x86-64 with GCC
 * (ELF, glibc ifuncs) each one is also built for x86-64-v3 (AVX2 +
 * FMA) and picked at load time on CPUs that have it; the portable version
 * is always built and is the only one anywhere else (microcontrollers
 * included). -Dkernels=portable (lib/meson.build: TNN_PORTABLE_KERNELS)
 * builds only the portable version, and only the plain C one of kernels
 * that also exist in GCC vector-extension code (TNN_VECTOR_CODE,
 * kernels.h); tests/run-all.sh runs that build too. The versions differ
 * only in float rounding (FMA contraction), never in the order of sums. Not with clang
 * (14 exports the resolvers of static clones from a shared library), nor in
 * sanitizer builds (TNN_NO_TARGET_CLONES, defined by lib/meson.build for
 * b_sanitize; gcc's own macros elsewhere): the resolvers run while the
 * loader relocates, before a sanitizer's runtime starts (TSan crashes). */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && !defined(__clang__) &&     \
    defined(__GLIBC__) && !defined(TNN_PORTABLE_KERNELS) && !defined(TNN_NO_TARGET_CLONES) &&  \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define TNN_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TNN_KERNEL
#endif

/* Every handle starts with a magic word: a handle of the wrong kind, or one
 * already freed (the word is cleared on free), is refused with
 * TNN_E_INVALID_ARGUMENT instead of being trusted. */
enum {
    TNN_MAGIC_RNG = 0x524e4731u,   /* "RNG1" */
    TNN_MAGIC_MODEL = 0x4d444c31u, /* "MDL1" */
    TNN_MAGIC_OPT = 0x4f505431u    /* "OPT1" */
};

/* struct tnn_rng (rng.c) begins with its magic word; this lets other
 * modules refuse a dead generator before drawing from it. */
static inline bool tnn__rng_ok(const tnn_rng *rng)
{
    return rng != NULL && *(const uint32_t *)(const void *)rng == TNN_MAGIC_RNG;
}

/* Allocation through the caller's hooks (or malloc when hooks is NULL). */
void *tnn__alloc(const tnn_allocator *alloc, size_t size);
void tnn__free(const tnn_allocator *alloc, void *ptr, size_t size);

/* Hooks a *_new may use: none (malloc), or both set (a missing free would
 * leak every object, a missing alloc is no allocator). */
static inline bool tnn__hooks_ok(const tnn_allocator *alloc)
{
    return alloc == NULL || (alloc->alloc != NULL && alloc->free != NULL);
}

/* True when n_rows rows of `width` tnn_real values have a byte count that
 * fits size_t. A caller cannot hold a longer array, so a row count failing
 * this is refused with TNN_E_OVERFLOW rather than trusted. */
static inline bool tnn__rows_fit(size_t n_rows, size_t width)
{
    return width == 0 || n_rows <= SIZE_MAX / sizeof(tnn_real) / width;
}

static inline bool tnn__is_aligned(const void *p)
{
    return ((uintptr_t)p % TNN_ALIGNMENT) == 0;
}

/* Rounds n up to a multiple of TNN_ALIGNMENT; false on overflow. */
static inline bool tnn__align_up(size_t n, size_t *out)
{
    size_t a = TNN_ALIGNMENT;
    if (n > SIZE_MAX - (a - 1))
        return false;
    *out = (n + a - 1) / a * a;
    return true;
}

/* a * b and a + b with overflow detection. */
static inline bool tnn__mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return false;
    *out = a * b;
    return true;
}

static inline bool tnn__add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

/* Checks the caller memory given to an *_init function. */
static inline tnn_status tnn__check_mem(const void *mem, size_t size, size_t needed)
{
    if (mem == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__is_aligned(mem))
        return TNN_E_MISALIGNED;
    if (size < needed)
        return TNN_E_BUFFER_TOO_SMALL;
    return TNN_OK;
}

/* Public structs that start with their size_t struct_size (sized_struct.c,
 * docs/api-stability.md): the caller's struct may be of an older, smaller
 * version. Read: the fields its size covers over the library's defaults in
 * *out. Write: the fields of *in its size covers, struct_size kept.
 * TNN_E_INVALID_ARGUMENT for NULL or a size below the struct_size field,
 * TNN_E_UNSUPPORTED for a size beyond the library's (a newer header). */
tnn_status tnn__sized_check(const void *caller, size_t lib_size);
tnn_status tnn__sized_read(const void *caller, void *out, size_t lib_size);
tnn_status tnn__sized_write(void *caller, const void *in, size_t lib_size);

/* Math on tnn_real without silent promotion to double. */
#if TNN_REAL_IS_DOUBLE
#define TNN_EXP exp
#define TNN_LOG log
#define TNN_TANH tanh
#define TNN_SQRT sqrt
#define TNN_REAL_MAX DBL_MAX
#define TNN_REAL_MIN DBL_MIN
#define TNN_REAL_EPSILON DBL_EPSILON
#define TNN_FABS fabs
#else
#define TNN_EXP expf
#define TNN_LOG logf
#define TNN_TANH tanhf
#define TNN_SQRT sqrtf
#define TNN_REAL_MAX FLT_MAX
#define TNN_REAL_MIN FLT_MIN
#define TNN_REAL_EPSILON FLT_EPSILON
#define TNN_FABS fabsf
#endif

/* True for finite values; written without isfinite() so the loops using it
 * still vectorise. */
static inline bool tnn__finite(tnn_real v)
{
    return v - v == (tnn_real)0;
}

/* A double that becomes a finite tnn_real (NaN fails the comparison; test
 * before converting: converting a double beyond the range is undefined). */
static inline bool tnn__representable(double v)
{
    return fabs(v) <= (double)TNN_REAL_MAX;
}

/* A step size (learning rate, epsilon, eta) the updates can use: positive
 * and a normal number once rounded to tnn_real (not 0, subnormal or
 * infinite: 1e-300 is fine in double and 0 in float). */
static inline bool tnn__normal_real(double v)
{
    return v > 0 && tnn__representable(v) && (tnn_real)v >= TNN_REAL_MIN;
}

/* The names of each layer kind (layer_kind.c): a table with one row per
 * kind, indexed by the kind. What a kind computes is reached through
 * switches on the kind with no default (here and in the forward pass, the
 * bound check, the gradient entry, the initialisers, the grid), so that
 * -Wswitch points at each of them when a kind is added. */
typedef struct tnn__layer_kind_names {
    const char *name;       /* "dense": tnn_layer_kind_name(), and the summary's layer names */
    const char *class_name; /* "Dense": the summary's type column, Keras's class name */
} tnn__layer_kind_names;

/* The row of a valid kind. */
const tnn__layer_kind_names *tnn__layer_kind_names_of(tnn_layer_kind kind);

static inline bool tnn__layer_kind_valid(uint32_t kind)
{
    return kind < TNN_LAYER_KIND_COUNT;
}

/* Parameters of a layer of a valid kind with fan_in inputs and `units`
 * outputs, stored as one run of the model's flat vector (a dense layer's
 * kernel, then its biases); false on size_t overflow. */
static inline bool tnn__layer_n_params(tnn_layer_kind kind, size_t fan_in, size_t units,
                                       size_t *count)
{
    size_t weights;
    switch (kind) {
    case TNN_LAYER_DENSE:
        return tnn__mul(fan_in, units, &weights) && tnn__add(weights, units, count);
    }
    return false;
}

/* One layer inside a model. A dense layer's kernel is n_inputs x units,
 * row-major, and its bias follows it in the flat parameter vector. */
struct tnn_layer {
    const struct tnn_model *model;
    size_t n_inputs;
    size_t units;
    tnn_activation activation;
    tnn_layer_kind kind;
    tnn_real *kernel;
    tnn_real *bias;
};

struct tnn_model {
    uint32_t magic;
    bool heap;           /* made by tnn_model_new */
    bool read_only;      /* a view (tnn_model_view): params point into the caller's
                            const file image, so every call that writes a model
                            refuses it with TNN_E_READ_ONLY; next to heap, in the
                            padding, so the struct keeps its size */
    tnn_allocator alloc; /* hooks it was allocated with (heap only) */
    bool has_alloc;
    size_t alloc_size;
    size_t n_inputs;
    size_t n_layers;
    size_t n_params;
    size_t max_width; /* widest of the inputs and every layer */
    size_t sum_units; /* units summed over layers */
    struct tnn_layer *layers;
    tnn_real *params;
};

/* Model placement with layer shapes read through a getter (model.c): the
 * public size/init/new functions read an array, the model file loader
 * (serialize.c) its layer table. Same checks and statuses as the public ones. */
typedef tnn_layer_spec (*tnn__layer_spec_fn)(const void *ctx, size_t k);
tnn_status tnn__model_size_from(size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                size_t n_layers, size_t *size);
tnn_status tnn__model_init_from(tnn_model **model, void *mem, size_t size, size_t n_inputs,
                                tnn__layer_spec_fn spec, const void *ctx, size_t n_layers);
tnn_status tnn__model_new_from(tnn_model **model, size_t n_inputs, tnn__layer_spec_fn spec,
                               const void *ctx, size_t n_layers, const tnn_allocator *alloc);

/* A read-only view (model_view.c): a model struct and layer table in
 * caller memory whose parameters are `params`, which is never written.
 * Same checks and statuses as tnn__model_init_from; the size excludes the
 * parameters. */
tnn_status tnn__model_view_size_from(size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                     size_t n_layers, size_t *size);
tnn_status tnn__model_view_from(const tnn_model **model, void *mem, size_t size,
                                size_t n_inputs, tnn__layer_spec_fn spec, const void *ctx,
                                size_t n_layers, const tnn_real *params);

/* A live model (right magic), or false. */
static inline bool tnn__model_ok(const tnn_model *m)
{
    return m != NULL && m->magic == TNN_MAGIC_MODEL;
}

/* Whether a layer computes z = x W + b from a kernel (n_inputs x units)
 * and biases, which the geometry, the contributions and the one-layer
 * learners (perceptron, logistic regression) read. */
static inline bool tnn__layer_affine(const struct tnn_layer *l)
{
    switch (l->kind) {
    case TNN_LAYER_DENSE: return true;
    }
    return false;
}

/* A layer's values before its activation (z) for a block of rows x
 * n_inputs, whatever its kind (predict.c). */
void tnn__layer_forward_z(const struct tnn_layer *l, const tnn_real *x, size_t rows, tnn_real *z);

/* Activations in place over rows x units values (activation.c). */
void tnn__activate(tnn_activation act, tnn_real *z, size_t rows, size_t units);
/* delta *= f'(z), expressed through the activation output a. Step has no
 * gradient and is never passed here. */
void tnn__activation_backward(tnn_activation act, const tnn_real *a, tnn_real *delta,
                              size_t rows, size_t units);
bool tnn__activation_valid(tnn_activation act);

/* Whether an activation couples the units of a row (softmax: each output
 * depends on every unit's z), so it cannot run a unit or a row lane at a
 * time: the narrow and fan paths, the narrow grid and per-unit geometry
 * leave such layers out. */
static inline bool tnn__act_couples_units(tnn_activation act)
{
    switch (act) {
    case TNN_ACT_SOFTMAX: return true;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: return false;
    }
    return false;
}

/* One past the last value of each public enum of consecutive values from
 * 0: the bound of its validity check (names.c) and the length of the
 * tables indexed by it, which static assertions hold to it. A new value
 * goes last and raises its count. */
enum {
    TNN__ACT_COUNT = TNN_ACT_SOFTMAX + 1,
    TNN__LOSS_COUNT = TNN_LOSS_CCE + 1,
    TNN__METRIC_COUNT = TNN_METRIC_MSE + 1
};

/* The accuracy metric of one output counts a row as class 1 when its
 * prediction is strictly above this, as Keras's binary_accuracy; targets
 * are class 1 from the threshold on. (The article's class rule for grids and
 * predicted classes is p >= 0.5: inspect_classes.c.) */
#define TNN__ACCURACY_THRESHOLD ((tnn_real)0.5)

/* Whether a loss is computed from the output layer's logits (its values
 * before the activation), as Keras computes cross-entropies (loss.c). */
bool tnn__loss_from_logits(tnn_loss loss);
/* Adds the summed per-row loss of a block to *loss_sum: `out` holds the
 * output layer's logits when tnn__loss_from_logits(loss), else its outputs. */
void tnn__loss_sum(tnn_loss loss, const tnn_real *out, const tnn_real *y, size_t rows,
                   size_t units, double *loss_sum);
/* Adds the metric's sum over a block (correct rows, or squared errors) of
 * the outputs a to *metric_sum. */
void tnn__metric_sum(tnn_metric metric, const tnn_real *a, const tnn_real *y, size_t rows,
                     size_t units, double *metric_sum);
/* dL/dz of the summed per-row loss for the output layer, from its outputs. */
void tnn__loss_delta(tnn_loss loss, tnn_activation act, const tnn_real *a, const tnn_real *y,
                     size_t rows, size_t units, tnn_real *delta);
/* Turns a metric sum over n_rows rows into the reported value. */
double tnn__metric_value(tnn_metric metric, double metric_sum, size_t n_rows, size_t units);
bool tnn__loss_valid(tnn_loss loss);
bool tnn__metric_valid(tnn_metric metric);
/* Validates targets for a loss: finite, and in [0, 1] for cross-entropies. */
tnn_status tnn__check_targets(tnn_loss loss, const tnn_real *y, size_t count);
tnn_status tnn__check_finite(const tnn_real *v, size_t count);
/* tnn__check_finite, also giving the largest |v| (0 for count 0). */
tnn_status tnn__check_finite_max(const tnn_real *v, size_t count, tnn_real *max_abs);
/* True when no value of the forward pass over `count` rows of x (finite, of
 * magnitude at most x_max) is infinite or NaN: at once when a bound from the
 * weights proves it (O(n_params)), else by running the pass layer by layer
 * and checking every pre-activation (rows picked by index, or consecutive
 * from first when index is NULL). work holds block rows of 2 * max_width
 * reals, plus n_inputs more when index is not NULL (forward_check.c). */
bool tnn__forward_ok(const tnn_model *m, tnn_real x_max, const tnn_real *x, const size_t *index,
                     size_t first, size_t count, void *work, size_t block);
/* The mean loss of an output layer of zeros (MSE: outputs, BCE and CCE:
 * logits) on these targets: the scale tnn_fit() measures runaway losses by. */
double tnn__zero_output_loss(tnn_loss loss, const tnn_real *y, size_t n_rows, size_t units);

#if TNN_HAVE_TRAINING
/* Parameters an optimizer is bound to; 0 for a dead handle (optimizer.c). */
size_t tnn__optimizer_n_params(const tnn_optimizer *opt);
/* One past the last optimizer kind and setting, as the counts above. */
enum { TNN__OPT_COUNT = TNN_OPT_LBFGS + 1, TNN__PARAM_COUNT = TNN_PARAM_MAX_LINE_SEARCH + 1 };
bool tnn__optimizer_kind_valid(tnn_optimizer_kind kind);
#endif

/* TNN_OK when backpropagation can train this model with this loss. */
tnn_status tnn__check_trainable(const tnn_model *m, tnn_loss loss);

/* Row-block engines (predict.c, gradient.c). */
size_t tnn__predict_row_bytes(const tnn_model *m);
size_t tnn__gradient_row_bytes(const tnn_model *m);
tnn_status tnn__forward_block_capacity(const tnn_model *m, size_t work_size, size_t row_bytes,
                                       size_t *rows);
void tnn__forward_rows(const tnn_model *m, const tnn_real *x, size_t rows, tnn_real *y,
                       tnn_real *scratch);
/* Forward + backward over `count` rows picked by `index` (NULL: consecutive
 * from `first`); gradient added to grad, loss and metric sums added. */
void tnn__gradient_rows(const tnn_model *m, tnn_loss loss, tnn_metric metric, const tnn_real *x,
                        const tnn_real *y, const size_t *index, size_t first, size_t count,
                        tnn_real *grad, double *loss_sum, double *metric_sum, void *work,
                        size_t block_rows);

#endif /* TINYNN_INTERNAL_H */
