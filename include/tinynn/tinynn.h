/**
 * @file tinynn.h
 * @brief The public API of libtinynn: small dense neural networks in C.
 *
 * Include this header for the whole API: it includes the generated
 * tinynn/config.h at its start, declares the core (types, status codes,
 * random numbers, scaler, models, training) and includes the module
 * headers tinynn/inspect.h, tinynn/learners.h and tinynn/serialize.h at
 * its end. Every object lives in memory the caller controls: ask for its
 * size, then place it in your own buffer with the `*_init` function, or
 * let the `*_new` convenience allocate it through malloc or a
 * @ref tnn_allocator of yours. Every fallible call returns a
 * @ref tnn_status; on failure nothing visible to the caller is written.
 *
 * The library keeps no mutable global state, never prints and never
 * allocates except inside the `*_new` functions.
 *
 * Rules that hold for every function unless its documentation says
 * otherwise:
 * - **Ownership.** The library never keeps a pointer to a caller array or
 *   scratch buffer after a call returns. Objects placed with `*_init` live
 *   in the caller's memory, which must stay valid (and unmoved) as long as
 *   the handle is used; the matching `*_free` ignores them. Objects made by
 *   `*_new` are released by their `*_free`, which takes NULL too.
 * - **Threads.** Functions taking `const` handles only read them: any
 *   number of threads may call them on one object at once (each with its
 *   own output arrays and scratch) as long as no thread modifies it.
 *   Functions taking a non-`const` handle (training, drawing from a
 *   generator, changing weights) need exclusive use of it. Different
 *   objects are independent.
 * - **Failure.** A status other than #TNN_OK means nothing the caller can
 *   see was written, except where a function says so (training that
 *   diverges part-way, for instance).
 */
#ifndef TINYNN_TINYNN_H
#define TINYNN_TINYNN_H

#include <stddef.h>
#include <stdint.h>

#include "tinynn/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup tnn_basics Basics: types, status codes, version, memory
 * @{
 */

/**
 * @brief Marks a public function of the library.
 *
 * On Windows a DLL's functions must be marked on both sides. The shared
 * library is built with `TNN_BUILDING_LIBRARY` and `TNN_DLL` defined (its
 * meson target defines them), which gives `__declspec(dllexport)`; a
 * program that links the DLL compiles with `TNN_DLL` defined (the meson
 * dependency and `pkg-config --cflags tinynn` of a shared Windows build add
 * it), which gives `__declspec(dllimport)`. The static library, the
 * default, needs neither. Elsewhere GCC and Clang give the public functions
 * default visibility while the build hides every other symbol.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(TNN_DLL) && defined(TNN_BUILDING_LIBRARY)
#define TNN_API __declspec(dllexport)
#elif defined(TNN_DLL)
#define TNN_API __declspec(dllimport)
#else
#define TNN_API
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define TNN_API __attribute__((visibility("default")))
#else
#define TNN_API
#endif

/**
 * @brief Makes ignoring a returned @ref tnn_status a compiler warning.
 *
 * `[[nodiscard]]` in C23 and C++17, `__attribute__((warn_unused_result))`
 * on older GCC and Clang, nothing elsewhere. Every function returning a
 * status carries it: check the status (GCC warns even when the call is
 * cast to void).
 */
#if defined(__cplusplus) && __cplusplus >= 201703L
#define TNN_NODISCARD [[nodiscard]]
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 202311L
#define TNN_NODISCARD [[nodiscard]]
#elif defined(__GNUC__) && (__GNUC__ > 3 || (__GNUC__ == 3 && __GNUC_MINOR__ >= 4))
#define TNN_NODISCARD __attribute__((warn_unused_result))
#else
#define TNN_NODISCARD
#endif

/**
 * @brief The number type of weights, activations and data given to models.
 *
 * `float` by default; `double` when the library is built with
 * `-Dreal=double` (then @ref TNN_REAL_IS_DOUBLE is 1). Code that must work
 * with both builds uses `tnn_real` and `sizeof(tnn_real)`.
 */
#if TNN_REAL_IS_DOUBLE
typedef double tnn_real;
#else
typedef float tnn_real;
#endif

/**
 * @brief Alignment, in bytes, that caller memory given to `*_init`
 * functions must have. malloc'ed memory always has it.
 */
#define TNN_ALIGNMENT 8u

/**
 * @brief Result of every fallible call. Values are frozen: new codes are
 * only ever added with new numbers.
 */
typedef enum tnn_status {
    TNN_OK = 0,                  /**< Success. */
    TNN_E_INVALID_ARGUMENT = -1, /**< NULL pointer, zero size, bad enum, not a live handle. */
    TNN_E_OUT_OF_MEMORY = -2,    /**< The allocator returned NULL. */
    TNN_E_BUFFER_TOO_SMALL = -3, /**< Caller memory or output buffer is too small. */
    TNN_E_SHAPE_MISMATCH = -4,   /**< Array length or object shape does not fit the model. */
    TNN_E_NON_FINITE = -5,       /**< NaN or infinity in inputs, targets or parameters, or a
                                         value computed from finite ones that overflows (a loss,
                                         a gradient, a value inside a network). */
    TNN_E_UNSUPPORTED = -6, /**< Valid request the library cannot do (e.g. loss/activation pair). */
    TNN_E_DIVERGED = -7,     /**< Training diverged: a NaN or infinite loss, weight or
                                         value, or a runaway loss (see tnn_fit()). */
    TNN_E_OUT_OF_RANGE = -8, /**< Index, label or value outside its allowed range. */
    TNN_E_OVERFLOW = -9,     /**< A size computation overflows size_t. */
    TNN_E_MISALIGNED = -10,  /**< Caller memory is not aligned to @ref TNN_ALIGNMENT. */
    TNN_E_BAD_FORMAT = -11,  /**< Model file: wrong magic, or a field with an invalid or
                                         inconsistent value (see docs/model-format.md). */
    TNN_E_VERSION = -12,     /**< Model file of a format version this build cannot read. */
    TNN_E_TRUNCATED = -13,   /**< Model file shorter than its header says (or than a header). */
    TNN_E_CHECKSUM = -14,    /**< Model file whose CRC-32 does not match its bytes. */
    TNN_E_READ_ONLY = -15    /**< A call that changes a model was given a read-only view
                                         (tnn_model_view()). */
} tnn_status;

/**
 * @brief A readable, constant description of a status code.
 * @param[in] status any value, including unknown ones
 * @return a static string; never NULL
 */
TNN_API const char *tnn_status_message(tnn_status status);

/**
 * @brief The library's version string at run time, e.g. "0.1.0".
 *
 * Compare it with @ref TNN_VERSION_STRING (the header you compiled
 * against) to detect a program running with a different shared library;
 * see @ref api_stability for what may differ between versions.
 * @return a static string equal to @ref TNN_VERSION_STRING of the build;
 *         never NULL
 */
TNN_API const char *tnn_version(void);

/**
 * @brief The library's version at run time as one number,
 * MAJOR * 10000 + MINOR * 100 + PATCH.
 *
 * Compare it with @ref TNN_VERSION_NUMBER (the header you compiled
 * against): a program linked to a shared library can refuse to run with
 * one older than its headers.
 * @return @ref TNN_VERSION_NUMBER of the build
 */
TNN_API uint32_t tnn_version_number(void);

/**
 * @brief Optional allocator hooks for the `*_new` functions.
 *
 * Pass NULL wherever a `const tnn_allocator *` is taken to use malloc/free.
 * `alloc` must return memory aligned to at least @ref TNN_ALIGNMENT, or
 * NULL; `free` receives the size that was asked for.
 *
 * A set of hooks like SQLite's `sqlite3_mem_methods`: it has no
 * struct_size and never grows within a major version; other hooks would
 * come as a new struct (see @ref api_stability).
 */
typedef struct tnn_allocator {
    void *(*alloc)(void *ctx, size_t size); /**< Allocate @p size bytes or return NULL. */
    void (*free)(void *ctx, void *ptr, size_t size); /**< Release what alloc returned. */
    void *ctx;                                       /**< Passed back to both hooks. */
} tnn_allocator;

/** @} */

/**
 * @defgroup tnn_rng Random numbers: numpy's legacy RandomState, bit for bit
 *
 * MT19937 seeded and drawn exactly as numpy's `np.random.seed(s)` and the
 * legacy `np.random.*` functions, so a C program can reproduce a numpy
 * script's data and a numpy script can reproduce a C program's. Draws are
 * equal doubles on every IEEE-754 platform (the generator does its own
 * logarithm and never lets the compiler contract multiply-adds).
 *
 * A generator is a mutable object: one thread at a time may draw from it.
 * The article's first data set, `np.random.seed(3); X = np.random.randn(30, 2);
 * y = np.random.choice((0, 1), size=30)`:
 * @code
 * tnn_rng *rng;
 * double x[30 * 2];
 * size_t y[30];
 * if (tnn_rng_new(&rng, 3, NULL) != TNN_OK)
 *     return -1;
 * for (size_t i = 0; i < 30 * 2; i++)  // randn fills row-major, one draw each
 *     x[i] = tnn_rng_standard_normal(rng);
 * for (size_t i = 0; i < 30; i++)      // choice((0, 1)): an index into (0, 1)
 *     if (tnn_rng_choice(rng, 2, &y[i]) != TNN_OK)
 *         break;                        // cannot happen: rng is live, 2 > 0
 * tnn_rng_free(rng);
 * @endcode
 * @{
 */

/** @brief Opaque generator state (MT19937 plus the cached Gaussian). */
typedef struct tnn_rng tnn_rng;

/**
 * @brief Bytes needed by tnn_rng_init() (about 2.5 KiB: 624 state words).
 * @return the byte count; the same for every generator of this build
 */
TNN_API size_t tnn_rng_size(void);

/**
 * @brief Places a generator in caller memory, seeded like `np.random.seed(seed)`.
 * @param[out] rng  receives the handle (inside @p mem); untouched on failure
 * @param[in] mem   at least tnn_rng_size() bytes aligned to @ref TNN_ALIGNMENT
 * @param[in] size  bytes available at @p mem
 * @param[in] seed  the integer seed (numpy accepts 0 .. 2^32 - 1)
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT, TNN_E_BUFFER_TOO_SMALL, TNN_E_MISALIGNED
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_init(tnn_rng **rng, void *mem, size_t size, uint32_t seed);

/**
 * @brief Allocates and seeds a generator.
 * @param[out] rng   receives the handle; untouched on failure
 * @param[in] seed   as in tnn_rng_init()
 * @param[in] alloc  allocator hooks (both must be set), or NULL for malloc
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT, TNN_E_OUT_OF_MEMORY,
 *         TNN_E_MISALIGNED (the allocator returned misaligned memory)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_new(tnn_rng **rng, uint32_t seed, const tnn_allocator *alloc);

/**
 * @brief Frees a generator made by tnn_rng_new(). NULL, a generator placed
 * with tnn_rng_init() (its memory is the caller's) and anything that is not
 * a live generator are ignored.
 * @param[in] rng the generator, or NULL; invalid after the call
 */
TNN_API void tnn_rng_free(tnn_rng *rng);

/**
 * @brief Reseeds like `np.random.seed(seed)`: also drops a cached Gaussian.
 * @param[in,out] rng a live generator (NULL or a dead handle is ignored)
 * @param[in] seed    the new seed
 */
TNN_API void tnn_rng_seed(tnn_rng *rng, uint32_t seed);

/**
 * @brief The next raw 32-bit MT19937 output, as numpy's
 * `randint(0, 2**32, dtype=np.uint32)` draws it.
 * @param[in,out] rng a live generator
 * @return the word; 0 if @p rng is not a live generator
 */
TNN_API uint32_t tnn_rng_next_u32(tnn_rng *rng);

/**
 * @brief `np.random.random_sample()`: a double in [0, 1) with 53 random bits.
 * @param[in,out] rng a live generator
 * @return the draw; NaN if @p rng is not a live generator
 */
TNN_API double tnn_rng_random_sample(tnn_rng *rng);

/**
 * @brief `np.random.randn()` / `standard_normal()`: the legacy polar method,
 * which draws Gaussians in pairs and caches the second one.
 *
 * numpy takes the logarithm from the C library; this one is correctly
 * rounded everywhere. glibc's log is not (it is off by one ulp for about 1
 * in 1200 arguments), so on glibc numpy's randn differs from this in the
 * last bit now and then: 2 of the 10,000 reference draws of the test
 * suite, both by one ulp. The article's data sets are not affected. See
 * @ref python.
 * @param[in,out] rng a live generator
 * @return the draw; NaN if @p rng is not a live generator
 */
TNN_API double tnn_rng_standard_normal(tnn_rng *rng);

/**
 * @brief `np.random.uniform(low, high)`: low + (high - low) * random_sample().
 * As in numpy, @p high may be below @p low.
 * @param[in,out] rng a live generator
 * @param[in] low     lower end (included)
 * @param[in] high    upper end (excluded, up to rounding, as in numpy)
 * @return the draw; NaN, drawing nothing, if @p rng is not a live generator
 *         or high - low is not finite (where numpy raises OverflowError)
 */
TNN_API double tnn_rng_uniform(tnn_rng *rng, double low, double high);

/**
 * @brief `np.random.uniform(low=L, high=H, size=(n_rows, n_cols))` with
 * per-column bounds L and H, drawn in row-major order.
 * @param[in,out] rng  generator
 * @param[in] low      n_cols lower bounds
 * @param[in] high     n_cols upper bounds
 * @param[in] n_rows   rows to draw
 * @param[in] n_cols   columns per row
 * @param[out] out     n_rows * n_cols doubles
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (NULL pointer, zero size, not a live
 *         generator), TNN_E_NON_FINITE (a bound is NaN or infinite, or
 *         high - low overflows), TNN_E_OVERFLOW (n_rows * n_cols doubles
 *         would not fit in memory); on failure nothing is drawn
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_uniform_fill(tnn_rng *rng, const double *low, const double *high,
                                        size_t n_rows, size_t n_cols, double *out);

/**
 * @brief `np.random.randint(low, high)`: an integer in [low, high), drawn
 * with numpy's legacy masked rejection sampling (int64 dtype).
 * @param[in,out] rng generator
 * @param[in] low     smallest value
 * @param[in] high    one past the largest value; must exceed @p low
 *                    (high == low + 1 gives low and draws nothing, like numpy)
 * @param[out] out    the draw; untouched on failure
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (also for high <= low); on failure
 *         nothing is drawn
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_randint(tnn_rng *rng, int64_t low, int64_t high, int64_t *out);

/**
 * @brief `np.random.choice(n)` / `choice(a)` with `len(a) == n`: the index of
 * a uniformly chosen element, drawn as numpy's legacy `choice` draws it
 * (with replacement, no `p`: that is `randint(0, n)`).
 * @param[in,out] rng generator
 * @param[in] n       number of elements, at least 1
 * @param[out] out    the index, in [0, n); untouched on failure
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (n == 0, out NULL, not a live generator)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_choice(tnn_rng *rng, size_t n, size_t *out);

/**
 * @brief `np.random.permutation(n)`: writes a random permutation of
 * 0 .. n - 1 exactly as numpy's legacy shuffle produces it.
 * @param[in,out] rng generator
 * @param[out] out    n indices; untouched on failure
 * @param[in] n       at least 1
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (n == 0, out NULL, not a live generator),
 *         TNN_E_OVERFLOW (n indices would not fit in memory); on failure
 *         nothing is drawn
 */
TNN_NODISCARD
TNN_API tnn_status tnn_rng_permutation(tnn_rng *rng, size_t *out, size_t n);

/**
 * @brief `np.linspace(start, stop, num)` (endpoint included), bit for bit.
 * @param[in] start first value
 * @param[in] stop  last value
 * @param[out] out  num doubles; untouched on failure
 * @param[in] num   number of values (num == 1 gives just start)
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (num == 0 or out NULL),
 *         TNN_E_NON_FINITE (start or stop not finite, or stop - start overflows),
 *         TNN_E_OVERFLOW (num doubles would not fit in memory)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_linspace(double start, double stop, double *out, size_t num);

/** @} */

/**
 * @defgroup tnn_scaler Standardisation: scikit-learn's StandardScaler
 *
 * Column means and population standard deviations (ddof = 0) computed with
 * scikit-learn's arithmetic, so results are equal doubles. A constant
 * column gets scale 1. All arrays are row-major doubles. Where that
 * arithmetic would overflow (values near DBL_MAX, for which scikit-learn
 * gives a mean of inf and a scale of NaN), fit computes the same formulas
 * on the column scaled by a power of two, which is exact, and so gives
 * the finite mean and scale the formulas have without overflow. No array
 * is ever written with an infinity computed from finite values.
 * @{
 */

/**
 * @brief `StandardScaler().fit(x)`: the mean and scale of every column.
 * @param[in] x        n_rows * n_cols doubles
 * @param[in] n_rows   rows (at least 1)
 * @param[in] n_cols   columns (at least 1)
 * @param[out] mean    n_cols means (`scaler.mean_`)
 * @param[out] scale   n_cols scales (`scaler.scale_`)
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT, TNN_E_OVERFLOW (n_rows * n_cols
 *         doubles would not fit in memory), TNN_E_NON_FINITE (NaN or
 *         infinity in x: scikit-learn would skip NaNs, this refuses them);
 *         mean and scale are untouched on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_scaler_fit(const double *x, size_t n_rows, size_t n_cols, double *mean,
                                  double *scale);

/**
 * @brief `scaler.transform(x)`: (x - mean) / scale per column.
 * @p out may equal @p x (in place); other overlaps are not allowed.
 * NaN or infinity in x gives NaN or infinity out, as in scikit-learn; a
 * finite value whose result would overflow is refused.
 * @param[in] mean    n_cols finite means, e.g. from tnn_scaler_fit()
 * @param[in] scale   n_cols finite scales, none of them 0
 * @param[in] x       n_rows * n_cols doubles, row-major
 * @param[in] n_rows  rows (at least 1)
 * @param[in] n_cols  columns (at least 1)
 * @param[out] out    n_rows * n_cols standardised doubles
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (NULL, zero size or a scale of 0),
 *         TNN_E_OVERFLOW (n_rows * n_cols doubles would not fit in memory),
 *         TNN_E_NON_FINITE (a mean or scale is NaN or infinite, or a finite
 *         x gives a result beyond DBL_MAX); out (and x, in place) is
 *         untouched on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_scaler_transform(const double *mean, const double *scale, const double *x,
                                        size_t n_rows, size_t n_cols, double *out);

/**
 * @brief `scaler.inverse_transform(x)`: x * scale + mean per column.
 * @p out may equal @p x (in place); other overlaps are not allowed.
 * NaN or infinity in x gives NaN or infinity out; a finite value whose
 * result would overflow is refused.
 * @param[in] mean    n_cols finite means
 * @param[in] scale   n_cols finite scales
 * @param[in] x       n_rows * n_cols standardised doubles, row-major
 * @param[in] n_rows  rows (at least 1)
 * @param[in] n_cols  columns (at least 1)
 * @param[out] out    n_rows * n_cols doubles in the original units
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (NULL or zero size), TNN_E_OVERFLOW
 *         (n_rows * n_cols doubles would not fit in memory),
 *         TNN_E_NON_FINITE (a mean or scale is NaN or infinite, or a finite
 *         x gives a result beyond DBL_MAX); out is untouched on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_scaler_inverse_transform(const double *mean, const double *scale,
                                                const double *x, size_t n_rows, size_t n_cols,
                                                double *out);

/** @} */

/**
 * @defgroup tnn_model Models: sequential stacks of dense layers
 *
 * A model is an input width and a list of layers, each of a
 * @ref tnn_layer_kind. A dense layer k has a kernel of `fan_in x units`
 * (row-major, element [i][j] connects input i to unit j, Keras's layout)
 * and `units` biases. All parameters sit in one flat
 * vector in layer order: kernel 0, bias 0, kernel 1, bias 1, ...
 * @{
 */

/** @brief Opaque model: shapes, activations and parameters. */
typedef struct tnn_model tnn_model;

/** @brief Opaque, borrowed, read-only view of one layer of a model. */
typedef struct tnn_layer tnn_layer;

/** @brief Activation function applied after a dense layer's affine map. */
typedef enum tnn_activation {
    TNN_ACT_LINEAR = 0,  /**< a = z */
    TNN_ACT_STEP = 1,    /**< Heaviside: a = 1 if z >= 0 else 0 (no useful gradient). */
    TNN_ACT_SIGMOID = 2, /**< a = 1 / (1 + exp(-z)) */
    TNN_ACT_TANH = 3,    /**< a = tanh(z) */
    TNN_ACT_RELU = 4,    /**< a = max(z, 0) */
    TNN_ACT_SOFTMAX = 5  /**< a_j = exp(z_j - max z) / sum_k exp(z_k - max z) */
} tnn_activation;

/**
 * @brief Name of an activation as Keras spells it ("linear", "relu", ...).
 * @param[in] activation any value
 * @return a static string; "unknown" for a value that is no activation
 */
TNN_API const char *tnn_activation_name(tnn_activation activation);

/**
 * @brief The activation whose tnn_activation_name() is @p name.
 * @param[in] name         "linear", "step", "sigmoid", "tanh", "relu" or
 *                         "softmax" (exact, case-sensitive)
 * @param[out] activation  the activation; untouched on failure
 * @return TNN_OK, or TNN_E_INVALID_ARGUMENT (NULL pointer or an unknown name)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_activation_from_name(const char *name, tnn_activation *activation);

/**
 * @brief What a layer computes. Values are frozen: new kinds are only ever
 * added with new numbers, and 0 is dense, so a @ref tnn_layer_spec whose
 * kind is left zero describes a dense layer.
 */
typedef enum tnn_layer_kind {
    TNN_LAYER_DENSE = 0 /**< a = activation(x W + b): a kernel of fan_in x units, units biases. */
} tnn_layer_kind;

/** @brief Number of layer kinds: every kind is below it. */
#define TNN_LAYER_KIND_COUNT 1u

/**
 * @brief Name of a layer kind, in lower case as Keras names its layers
 * ("dense").
 * @param[in] kind any value
 * @return a static string; "unknown" for a value that is no layer kind
 */
TNN_API const char *tnn_layer_kind_name(tnn_layer_kind kind);

/**
 * @brief The layer kind of a name that tnn_layer_kind_name() gives.
 * @param[in] name   a NUL-terminated name such as "dense" (exact, lower case)
 * @param[out] kind  receives the kind; untouched on failure
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL pointer, or a name that is
 *         no layer kind)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_layer_kind_from_name(const char *name, tnn_layer_kind *kind);

/**
 * @brief Shape of one layer, as given to tnn_model_size().
 *
 * Write a dense layer as `TNN_DENSE(3, TNN_ACT_RELU)`, or with designated
 * initialisers, `{.units = 3, .activation = TNN_ACT_RELU}`: a kind left out
 * is 0, dense.
 *
 * An element of an array, so it has no struct_size: it changes only in a
 * release that may break the ABI (see @ref api_stability).
 */
typedef struct tnn_layer_spec {
    size_t units;        /**< Number of units (outputs) of the layer, at least 1. */
    uint32_t activation; /**< Its activation: a #tnn_activation. */
    uint32_t kind;       /**< A #tnn_layer_kind; 0 (#TNN_LAYER_DENSE) when left out. */
} tnn_layer_spec;

/**
 * @brief Initialiser of a dense layer's @ref tnn_layer_spec, as in
 * `const tnn_layer_spec layers[] = {TNN_DENSE(3, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_SIGMOID)};`
 *
 * Every field is written, so the initialiser stays complete (and quiet
 * under `-Wmissing-field-initializers`) in C and C++.
 */
#define TNN_DENSE(units, activation)                                                           \
    {                                                                                          \
        (units), (activation), TNN_LAYER_DENSE                                                 \
    }

/**
 * @brief Bytes needed to hold a model of this shape.
 * @param[in] n_inputs  input width, at least 1
 * @param[in] layers    n_layers layer shapes
 * @param[in] n_layers  at least 1
 * @param[out] size     the byte count
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT, TNN_E_OVERFLOW (the model's bytes,
 *         or n_layers shapes, would not fit in memory: refused before any
 *         shape is read)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_size(size_t n_inputs, const tnn_layer_spec *layers,
                                  size_t n_layers, size_t *size);

/**
 * @brief Places a model in caller memory. All parameters start at zero.
 *
 * The model holds no pointer outside @p mem; tnn_model_free() ignores it,
 * and the caller releases @p mem when the model is no longer used.
 * @code
 * static _Alignas(TNN_ALIGNMENT) unsigned char mem[1024];
 * const tnn_layer_spec layers[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
 * size_t need;
 * tnn_model *m;
 * if (tnn_model_size(2, layers, 2, &need) != TNN_OK || need > sizeof mem ||
 *     tnn_model_init(&m, mem, sizeof mem, 2, layers, 2) != TNN_OK)
 *     return -1;
 * @endcode
 * @param[out] model  receives the handle (it points into @p mem); untouched on failure
 * @param[in] mem     tnn_model_size() bytes aligned to @ref TNN_ALIGNMENT;
 *                    must outlive the model
 * @param[in] size    bytes available at @p mem
 * @param[in] n_inputs  input width, at least 1
 * @param[in] layers    n_layers layer shapes (copied: need not outlive the call)
 * @param[in] n_layers  at least 1
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL model, layers or mem, zero
 *         width or layer count, a layer of 0 units, an unknown activation
 *         or layer kind);
 *         TNN_E_OVERFLOW; TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_init(tnn_model **model, void *mem, size_t size, size_t n_inputs,
                                  const tnn_layer_spec *layers, size_t n_layers);

/**
 * @brief Allocates a model (parameters zero) in one block; release it with
 * tnn_model_free().
 * @param[out] model    receives the handle; untouched on failure
 * @param[in] n_inputs  input width, at least 1
 * @param[in] layers    n_layers layer shapes (copied)
 * @param[in] n_layers  at least 1
 * @param[in] alloc     allocator hooks, or NULL for malloc; copied, and
 *                      used again by tnn_model_free()
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (as tnn_model_init(), or @p alloc
 *         without both hooks); TNN_E_OVERFLOW; TNN_E_OUT_OF_MEMORY (the
 *         allocator returned NULL); TNN_E_MISALIGNED (the allocator returned
 *         memory not aligned to @ref TNN_ALIGNMENT; it is freed again)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_new(tnn_model **model, size_t n_inputs, const tnn_layer_spec *layers,
                                 size_t n_layers, const tnn_allocator *alloc);

/**
 * @brief Frees a model made by tnn_model_new(), through the allocator it
 * was made with. NULL, a model placed with tnn_model_init() (its memory is
 * the caller's) and anything that is not a live model are ignored.
 * @param[in] model the model, or NULL; it and its layer views are invalid
 *                  after the call
 */
TNN_API void tnn_model_free(tnn_model *model);

/**
 * @brief Input width of the model.
 * @param[in] model the model
 * @return the width; 0 if @p model is not a live model
 */
TNN_API size_t tnn_model_n_inputs(const tnn_model *model);
/**
 * @brief Width of the last layer: the values one row of tnn_predict() gives.
 * @param[in] model the model
 * @return the width; 0 if @p model is not a live model
 */
TNN_API size_t tnn_model_n_outputs(const tnn_model *model);
/**
 * @brief Number of dense layers.
 * @param[in] model the model
 * @return the count; 0 if @p model is not a live model
 */
TNN_API size_t tnn_model_n_layers(const tnn_model *model);
/**
 * @brief Number of trainable parameters, weights plus biases: the length
 * of the flat vector of tnn_model_get_params() and of a gradient.
 * @param[in] model the model
 * @return the count; 0 if @p model is not a live model
 */
TNN_API size_t tnn_model_n_params(const tnn_model *model);

/**
 * @brief A read-only view of layer @p index (0 is the first hidden layer,
 * as Keras's `model.layers[0]`).
 * @param[in] model the model
 * @param[in] index layer index, 0 .. n_layers - 1
 * @return the view, borrowed from the model and valid while the model
 *         lives (never free it); NULL if @p model is not a live model or
 *         @p index is out of range
 */
TNN_API const tnn_layer *tnn_model_layer(const tnn_model *model, size_t index);
/**
 * @brief Units of the layer.
 * @param[in] layer a view from tnn_model_layer()
 * @return the count; 0 for NULL or a view of a freed model
 */
TNN_API size_t tnn_layer_units(const tnn_layer *layer);
/**
 * @brief Inputs of the layer (its fan-in).
 * @param[in] layer a view from tnn_model_layer()
 * @return the count; 0 for NULL or a view of a freed model
 */
TNN_API size_t tnn_layer_n_inputs(const tnn_layer *layer);
/**
 * @brief Activation of the layer.
 * @param[in] layer a view from tnn_model_layer()
 * @return the activation; #TNN_ACT_LINEAR for NULL or a view of a freed
 *         model (check the view first)
 */
TNN_API tnn_activation tnn_layer_activation(const tnn_layer *layer);
/**
 * @brief Kind of the layer.
 * @param[in] layer a view from tnn_model_layer()
 * @return the kind; #TNN_LAYER_DENSE for NULL or a view of a freed model
 *         (check the view first)
 */
TNN_API tnn_layer_kind tnn_layer_kind_of(const tnn_layer *layer);

/**
 * @brief Copies layer @p index's kernel and biases out (Keras `get_weights`);
 * the reading half of tnn_model_set_weights().
 *
 * Unlike the inspection functions, the lengths must be exact.
 * @param[in] model       the model
 * @param[in] index       layer index, 0 .. n_layers - 1
 * @param[out] kernel     fan_in * units values, row-major: element
 *                        [i * units + j] connects input i to unit j (may be NULL)
 * @param[in] kernel_len  length of @p kernel: exactly fan_in * units
 * @param[out] bias       units values (may be NULL)
 * @param[in] bias_len    length of @p bias: exactly units
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, both outputs NULL);
 *         TNN_E_OUT_OF_RANGE (no layer @p index); TNN_E_SHAPE_MISMATCH (a
 *         length is not exactly the layer's); nothing is written on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_get_weights(const tnn_model *model, size_t index, tnn_real *kernel,
                                         size_t kernel_len, tnn_real *bias, size_t bias_len);

/**
 * @brief Sets layer @p index's kernel and biases (Keras `set_weights`).
 * Either array may be NULL to leave that part unchanged.
 * @param[in,out] model   the model
 * @param[in] index       layer index
 * @param[in] kernel      fan_in * units values, row-major, or NULL
 * @param[in] kernel_len  its length: exactly fan_in * units
 * @param[in] bias        units values, or NULL
 * @param[in] bias_len    its length: exactly units
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, both arrays NULL);
 *         TNN_E_OUT_OF_RANGE (no layer @p index); TNN_E_SHAPE_MISMATCH (a
 *         length is not exactly the layer's); TNN_E_NON_FINITE (NaN or
 *         infinity in a value); nothing is changed on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_set_weights(tnn_model *model, size_t index, const tnn_real *kernel,
                                         size_t kernel_len, const tnn_real *bias,
                                         size_t bias_len);

/**
 * @brief Copies all parameters out as one flat vector (layer order:
 * kernel 0, bias 0, kernel 1, ...).
 * @param[in] model    the model
 * @param[out] params  n values
 * @param[in] n        must equal tnn_model_n_params()
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model, NULL params),
 *         TNN_E_SHAPE_MISMATCH (n != n_params)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_get_params(const tnn_model *model, tnn_real *params, size_t n);

/**
 * @brief Sets all parameters from one flat vector (layer order).
 * @param[in,out] model  the model
 * @param[in] params     n values
 * @param[in] n          must equal tnn_model_n_params()
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model, NULL params),
 *         TNN_E_SHAPE_MISMATCH (n != n_params), TNN_E_NON_FINITE (NaN or
 *         infinity in params); nothing is changed on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_set_params(tnn_model *model, const tnn_real *params, size_t n);

/**
 * @brief Glorot-uniform kernels and zero biases, drawn from @p rng.
 *
 * For each layer in order, limit = sqrt(6 / (fan_in + units)) and the
 * kernel is numpy's `uniform(-limit, limit, size=(fan_in, units))` in
 * row-major order. With a generator freshly seeded by `np.random.seed(s)`
 * a numpy script gets the same initial weights (rounded to tnn_real).
 * For the initial weights Keras itself draws, use tnn_model_draw_keras().
 * @param[in,out] model  the model
 * @param[in,out] rng    the generator; draws fan_in * units values per layer
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model or generator)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_draw_glorot(tnn_model *model, tnn_rng *rng);

/**
 * @brief Keras's default initial weights, bit for bit: glorot_uniform
 * kernels and zero biases, as Keras draws them after `random.seed(seed)`.
 *
 * A script that runs `random.seed(seed)` (Python's own `random` module;
 * `np.random.seed` and `tf.random.set_seed` do not matter here) and then
 * builds this model's Dense layers with their default initialisers gets
 * exactly these kernels (Keras 2.10 to 2.15, and Keras 3 on TensorFlow).
 * Each unseeded `GlorotUniform` takes `random.randint(1, 10**9)` from
 * CPython's generator, one per kernel in layer order, and draws its kernel
 * as `tf.random.stateless_uniform(shape, seed=[that, 0], minval=-limit,
 * maxval=limit)` with the Philox algorithm, where limit =
 * sqrt(3 / max(1, (fan_in + units) / 2)); element [i][j] connects input i
 * to unit j. The values are float32 in both builds (a double build holds
 * the same numbers exactly). No state is kept: the same seed always gives
 * the same weights, and the other generators of the library are untouched.
 * @param[in,out] model  the model
 * @param[in] seed       the value given to Python's `random.seed`
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_draw_keras(tnn_model *model, uint32_t seed);

/**
 * @brief Sets every parameter to zero.
 * @param[in,out] model the model
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_zero_params(tnn_model *model);

/**
 * @brief Bytes of scratch for predicting @p n_rows rows in one block.
 *
 * Inference functions take any scratch of at least tnn_predict_workspace_size(model, 1)
 * bytes and process as many rows per block as it holds; more rows per
 * block is faster, up to a few hundred. The outputs are the same to the
 * bit whatever the block size.
 * @param[in] model   the model
 * @param[in] n_rows  rows per block, at least 1
 * @param[out] size   the byte count (2 * n_rows * the widest layer or input
 *                    * sizeof(tnn_real)); untouched on failure
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model, NULL size, n_rows 0),
 *         TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_predict_workspace_size(const tnn_model *model, size_t n_rows,
                                              size_t *size);

/**
 * @brief Forward pass over many rows (Keras `model.predict`).
 *
 * Reentrant: several threads may predict with one model, each with its own
 * scratch.
 * @param[in] model      the model
 * @param[in] x          n_rows * n_inputs values, row-major
 * @param[in] n_rows     number of rows (0 is allowed and does nothing)
 * @param[out] y         n_rows * n_outputs values; must not overlap @p x or @p work
 * @param[in] work       scratch, aligned to @ref TNN_ALIGNMENT
 * @param[in] work_size  its size, at least tnn_predict_workspace_size(model, 1)
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, NULL work, or rows
 *         with @p x or @p y NULL); TNN_E_OVERFLOW (n_rows rows could not
 *         exist in memory); TNN_E_BUFFER_TOO_SMALL (work holds no row);
 *         TNN_E_MISALIGNED. Values are not checked: NaN in gives NaN out,
 *         and inputs or weights so large that a value inside the network
 *         overflows tnn_real give infinite or NaN outputs (or, through a
 *         relu or step layer, a meaningless 0). tnn_evaluate() checks both.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_predict(const tnn_model *model, const tnn_real *x, size_t n_rows,
                               tnn_real *y, void *work, size_t work_size);

/**
 * @brief A Keras-like `model.summary()` as text.
 *
 * Writes a NUL-terminated table (layer, output shape, parameter count,
 * total) into @p buf. If @p size is too small, nothing is written to
 * @p buf, *needed tells the size required and TNN_E_BUFFER_TOO_SMALL is
 * returned: call it once with size 0 to measure.
 * @param[in] model    the model
 * @param[out] buf     destination (may be NULL when size is 0)
 * @param[in] size     bytes at @p buf
 * @param[out] needed  bytes the text needs including the NUL (may be NULL);
 *                     written on TNN_OK and TNN_E_BUFFER_TOO_SMALL
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model, or NULL buf with a
 *         non-zero size), TNN_E_BUFFER_TOO_SMALL
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_summary(const tnn_model *model, char *buf, size_t size,
                                     size_t *needed);

/** @} */

/**
 * @defgroup tnn_train Training: losses, metrics, optimizers and fit
 * @{
 */

/**
 * @brief Loss functions, reduced like Keras (mean over rows).
 *
 * Cross-entropies are computed as Keras's `fit` computes them for a sigmoid
 * or softmax output layer: from the layer's logits z (TensorFlow's
 * `sigmoid_cross_entropy_with_logits` and
 * `softmax_cross_entropy_with_logits`), with no clipping. They agree with
 * the textbook form on probabilities until an output saturates (p below
 * 1e-7 or above 1 - 1e-7); there the logit form keeps reporting the true
 * loss and a non-zero gradient p - y.
 */
typedef enum tnn_loss {
    TNN_LOSS_MSE = 0, /**< mean over rows and outputs of (a - y)^2 */
    /** binary cross-entropy of sigmoid outputs, max(z, 0) - z y + log(1 + e^-|z|),
     * mean over outputs */
    TNN_LOSS_BCE = 1,
    /** categorical cross-entropy of a softmax output,
     * sum_j y_j (logsumexp(z) - z_j), on one-hot (or any [0, 1]) targets */
    TNN_LOSS_CCE = 2
} tnn_loss;

/** @brief Metric reported next to the loss. */
typedef enum tnn_metric {
    TNN_METRIC_NONE = 0, /**< No metric (reported as 0). */
    /** One output: (a > 0.5) == (y >= 0.5), Keras's `binary_accuracy` (strict:
     * a prediction of exactly 0.5, common at the start of training when a
     * logit is exactly 0, counts as class 0; the class rule of grids and
     * tnn_output_classes() is the article's a >= 0.5). Several outputs:
     * argmax(a) == argmax(y), the first maximum winning ties. */
    TNN_METRIC_ACCURACY = 1,
    TNN_METRIC_MSE = 2 /**< Mean squared error. */
} tnn_metric;

/**
 * @brief Short name of a loss: "mse", "bce" or "cce".
 * @param[in] loss  any value
 * @return a static string; "unknown" for a value that is no loss
 */
TNN_API const char *tnn_loss_name(tnn_loss loss);

/**
 * @brief The loss whose tnn_loss_name() is @p name.
 * @param[in] name   "mse", "bce" or "cce" (exact, case-sensitive)
 * @param[out] loss  the loss; untouched on failure
 * @return TNN_OK, or TNN_E_INVALID_ARGUMENT (NULL pointer or an unknown name)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_loss_from_name(const char *name, tnn_loss *loss);

/**
 * @brief Name of a metric: "none", "accuracy" or "mse".
 * @param[in] metric  any value
 * @return a static string; "unknown" for a value that is no metric
 */
TNN_API const char *tnn_metric_name(tnn_metric metric);

/**
 * @brief The metric whose tnn_metric_name() is @p name.
 * @param[in] name     "none", "accuracy" or "mse" (exact, case-sensitive)
 * @param[out] metric  the metric; untouched on failure
 * @return TNN_OK, or TNN_E_INVALID_ARGUMENT (NULL pointer or an unknown name)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_metric_from_name(const char *name, tnn_metric *metric);

/**
 * @brief Loss and metric of a model on a data set (Keras `evaluate`).
 * @param[in] model      the model
 * @param[in] loss       the loss
 * @param[in] metric     the metric
 * @param[in] x          n_rows * n_inputs inputs
 * @param[in] y          n_rows * n_outputs targets
 * @param[in] n_rows     at least 1
 * @param[out] loss_value    mean loss (may be NULL)
 * @param[out] metric_value  metric (may be NULL)
 * @param[in] work       scratch of at least tnn_predict_workspace_size(model, 1) bytes
 * @param[in] work_size  its size
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, NULL x, y or work,
 *         n_rows 0, unknown loss or metric); TNN_E_UNSUPPORTED (the loss
 *         does not suit the output activation, see tnn_loss_supported());
 *         TNN_E_OVERFLOW (n_rows rows could not exist in memory);
 *         TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED; TNN_E_NON_FINITE (NaN or
 *         infinity in x or y, or finite ones for which a value inside the
 *         network, the loss or the metric overflows: the loss is never
 *         reported as NaN or infinity, nor computed from a value that
 *         overflowed); TNN_E_OUT_OF_RANGE (BCE/CCE targets outside
 *         [0, 1]), as tnn_fit() checks them. Nothing is written on failure.
 *
 * Finite x and weights whose values overflow are found at a cost of one
 * pass over the weights: a bound from them proves that nothing can
 * overflow, and only when it cannot (weights or inputs near the limits of
 * tnn_real) the forward pass is run a second time, layer by layer, to see.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_evaluate(const tnn_model *model, tnn_loss loss, tnn_metric metric,
                                const tnn_real *x, const tnn_real *y, size_t n_rows,
                                double *loss_value, double *metric_value, void *work,
                                size_t work_size);

/* Training: left out of -Dtraining=false builds (TNN_HAVE_TRAINING 0). */
#if TNN_HAVE_TRAINING
/**
 * @brief Bytes of scratch for tnn_gradient() on @p n_rows rows per block:
 * one gradient (n_params values, aligned to @ref TNN_ALIGNMENT), in which
 * the sum is formed and checked before @p grad is written, and the rows.
 * Any scratch of at least tnn_gradient_workspace_size(model, 1) bytes works.
 * @param[in] model   the model
 * @param[in] n_rows  rows per block, at least 1
 * @param[out] size   the byte count; untouched on failure
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead model, NULL size, n_rows 0),
 *         TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_gradient_workspace_size(const tnn_model *model, size_t n_rows,
                                               size_t *size);

/**
 * @brief Adds the gradient of the summed loss over @p n_rows rows to @p grad.
 *
 * The building block of training in chunks: zero @p grad, call this for
 * every chunk of a batch, then pass the gradient and the batch's total row
 * count to tnn_optimizer_step(). RAM does not grow with the data set.
 * The loss is the per-row loss summed (divide by the row count for Keras's
 * mean). Which loss suits which output activation: tnn_loss_supported().
 * @param[in] model         the model
 * @param[in] loss          the loss
 * @param[in] x             n_rows * n_inputs inputs
 * @param[in] y             n_rows * n_outputs targets
 * @param[in] n_rows        rows in this chunk (0 does nothing)
 * @param[in,out] grad      n_params values; the gradient is added
 * @param[in] n_grad        must equal tnn_model_n_params()
 * @param[in,out] loss_sum  the chunk's summed loss is added (may be NULL)
 * @param[in] work          scratch, aligned to @ref TNN_ALIGNMENT
 * @param[in] work_size     its size, at least tnn_gradient_workspace_size(model, 1)
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, NULL grad or work,
 *         rows with x or y NULL, unknown loss); TNN_E_UNSUPPORTED (the loss
 *         does not suit the output activation, or a layer has step
 *         activation, which has no gradient); TNN_E_SHAPE_MISMATCH (n_grad);
 *         TNN_E_OVERFLOW (n_rows rows could not exist in memory);
 *         TNN_E_MISALIGNED; TNN_E_BUFFER_TOO_SMALL (less than
 *         tnn_gradient_workspace_size(model, 1)); TNN_E_NON_FINITE (NaN or
 *         infinity in x or y, or finite ones for which a value inside the
 *         network, the loss, or a sum of @p grad or @p loss_sum would be NaN
 *         or infinite, as tnn_evaluate() checks them); TNN_E_OUT_OF_RANGE (BCE
 *         or CCE targets outside [0, 1]). @p grad and @p loss_sum are
 *         untouched on failure.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_gradient(const tnn_model *model, tnn_loss loss, const tnn_real *x,
                                const tnn_real *y, size_t n_rows, tnn_real *grad, size_t n_grad,
                                double *loss_sum, void *work, size_t work_size);

#endif /* TNN_HAVE_TRAINING */

/**
 * @brief Whether a loss can train a model whose last layer has @p activation.
 *
 * MSE works with every activation but step; BCE needs sigmoid outputs
 * and CCE softmax outputs: both are computed from the output layer's logits
 * as Keras's `fit` does (see #tnn_loss), and their gradient with respect to
 * the logits is p - y (for CCE p sum(y) - y), saturated or not.
 * tnn_gradient() and tnn_fit() also refuse a step layer anywhere in the model.
 * @param[in] loss        the loss
 * @param[in] activation  the activation of the model's last layer
 * @return TNN_OK or TNN_E_UNSUPPORTED (TNN_E_INVALID_ARGUMENT for unknown enums)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_loss_supported(tnn_loss loss, tnn_activation activation);

#if TNN_HAVE_TRAINING
/** @brief Opaque optimizer state (moments, step count, settings). */
typedef struct tnn_optimizer tnn_optimizer;

/** @brief Optimizer algorithms. */
typedef enum tnn_optimizer_kind {
    TNN_OPT_SGD = 0,  /**< Stochastic gradient descent with optional momentum (Keras SGD). */
    TNN_OPT_ADAM = 1, /**< Adam as Keras computes it. */
    TNN_OPT_LBFGS = 2 /**< Full-batch L-BFGS with a strong-Wolfe line search, optional
                           L2 penalty: tnn_fit() runs one iteration per epoch and stops
                           early on convergence (see @ref tnn_learners). */
} tnn_optimizer_kind;

/**
 * @brief Name of an optimizer: "sgd", "adam" or "lbfgs".
 * @param[in] kind  any value
 * @return a static string; "unknown" for a value that is no optimizer
 */
TNN_API const char *tnn_optimizer_name(tnn_optimizer_kind kind);

/**
 * @brief The optimizer whose tnn_optimizer_name() is @p name.
 *
 * "lbfgs" names #TNN_OPT_LBFGS in every build; tnn_optimizer_size() tells
 * whether this build has it (-Dlbfgs).
 * @param[in] name   "sgd", "adam" or "lbfgs" (exact, case-sensitive)
 * @param[out] kind  the optimizer; untouched on failure
 * @return TNN_OK, or TNN_E_INVALID_ARGUMENT (NULL pointer or an unknown name)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_from_name(const char *name, tnn_optimizer_kind *kind);

/**
 * @brief History pairs an #TNN_OPT_LBFGS optimizer has room for:
 * tnn_optimizer_size() counts 2 * this * n_params doubles of history,
 * plus 5 * n_params + 2 * this doubles of other state.
 */
#define TNN_LBFGS_MAX_HISTORY 10

/** @brief Settings of an optimizer, read and written as doubles. */
typedef enum tnn_optimizer_param {
    TNN_PARAM_LEARNING_RATE = 0, /**< SGD default 0.01, Adam default 0.001; a normal
                                      positive number in tnn_real. */
    TNN_PARAM_MOMENTUM = 1,      /**< SGD only, default 0. */
    TNN_PARAM_BETA_1 = 2,        /**< Adam only, default 0.9. */
    TNN_PARAM_BETA_2 = 3,        /**< Adam only, default 0.999. */
    TNN_PARAM_EPSILON = 4,       /**< Adam only, default 1e-7; a normal positive number in
                                      tnn_real (0 would divide 0 by 0). */
    TNN_PARAM_NESTEROV = 5,      /**< SGD only: 1 for Nesterov momentum, default 0. */
    TNN_PARAM_HISTORY = 6,       /**< L-BFGS: correction pairs kept, 1 .. TNN_LBFGS_MAX_HISTORY,
                                      default tnn_lbfgs_options::history. */
    TNN_PARAM_L2 = 7,        /**< L-BFGS: adds (l2 / 2) ||w||^2 to the mean loss, default 0. */
    TNN_PARAM_L2_BIASES = 8, /**< L-BFGS: 1 to penalise biases too, default 0 (kernels only). */
    TNN_PARAM_GRADIENT_TOLERANCE = 9,   /**< L-BFGS: stop when max |gradient_i| <= this,
                                           default tnn_lbfgs_options::gtol. */
    TNN_PARAM_REDUCTION_TOLERANCE = 10, /**< L-BFGS: stop when an iteration lowers the loss by at
                                           most this relative amount, default
                                           tnn_lbfgs_options::ftol. */
    TNN_PARAM_MAX_LINE_SEARCH = 11      /**< L-BFGS: loss evaluations per iteration,
                                           default tnn_lbfgs_options::max_line_search. */
} tnn_optimizer_param;

/**
 * @brief Bytes needed by an optimizer for a model with @p n_params parameters.
 *
 * A fixed head (the handle and its settings, aligned to @ref TNN_ALIGNMENT)
 * plus n_params * sizeof(tnn_real) for SGD (velocity), twice that for Adam
 * (two moments); docs/embedded.md gives the head per target.
 * @param[in] kind      algorithm
 * @param[in] n_params  parameters of the models it will train, at least 1
 * @param[out] size     the byte count
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (unknown kind, n_params 0, size
 *         NULL), TNN_E_OVERFLOW, TNN_E_UNSUPPORTED (#TNN_OPT_LBFGS in a
 *         build without L-BFGS, see @ref TNN_HAVE_LBFGS)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_size(tnn_optimizer_kind kind, size_t n_params, size_t *size);

/**
 * @brief Places an optimizer, with its default settings, in caller memory.
 * @param[out] opt      receives the handle
 * @param[in] mem       tnn_optimizer_size() bytes aligned to @ref TNN_ALIGNMENT;
 *                      must outlive the optimizer (tnn_optimizer_free() ignores it)
 * @param[in] size      bytes at @p mem
 * @param[in] kind      algorithm
 * @param[in] n_params  parameters of the models it will train (tnn_model_n_params())
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL opt or mem, unknown kind,
 *         n_params 0); TNN_E_UNSUPPORTED (as tnn_optimizer_size());
 *         TNN_E_OVERFLOW; TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_init(tnn_optimizer **opt, void *mem, size_t size,
                                      tnn_optimizer_kind kind, size_t n_params);

/**
 * @brief Allocates an optimizer with its default settings; release it with
 * tnn_optimizer_free().
 * @param[out] opt      receives the handle; untouched on failure
 * @param[in] kind      algorithm
 * @param[in] n_params  parameters of the models it will train (tnn_model_n_params())
 * @param[in] alloc     allocator hooks, or NULL for malloc; copied, and used
 *                      again by tnn_optimizer_free()
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL opt, unknown kind, n_params
 *         0, @p alloc without both hooks); TNN_E_UNSUPPORTED (as
 *         tnn_optimizer_size()); TNN_E_OVERFLOW;
 *         TNN_E_OUT_OF_MEMORY (the allocator returned NULL);
 *         TNN_E_MISALIGNED (the allocator returned misaligned memory)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_new(tnn_optimizer **opt, tnn_optimizer_kind kind,
                                     size_t n_params, const tnn_allocator *alloc);

/**
 * @brief Frees an optimizer made by tnn_optimizer_new(). NULL, an optimizer
 * placed with tnn_optimizer_init() (its memory is the caller's) and
 * anything that is not a live optimizer are ignored.
 * @param[in] opt the optimizer, or NULL; invalid after the call
 */
TNN_API void tnn_optimizer_free(tnn_optimizer *opt);

/**
 * @brief Changes a setting.
 * @param[in,out] opt  the optimizer
 * @param[in] param    a setting of this optimizer's kind (see @ref tnn_optimizer_param)
 * @param[in] value    the new value
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead optimizer, or not a setting
 *         of this kind); TNN_E_OUT_OF_RANGE (NaN or infinity; a learning
 *         rate or an epsilon that is not a normal positive number in
 *         tnn_real: 0, negative, or one that rounds to 0, a subnormal or
 *         infinity there, such as 1e-300 or 1e300 in the float build;
 *         momentum or a beta outside [0, 1); a negative L2 or tolerance; a
 *         flag other than 0 or 1; a history outside
 *         1 .. #TNN_LBFGS_MAX_HISTORY or a line-search limit outside
 *         1 .. 1e6, or a non-integer count); the setting is unchanged on failure
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_set(tnn_optimizer *opt, tnn_optimizer_param param, double value);

/**
 * @brief Reads a setting.
 * @param[in] opt     the optimizer
 * @param[in] param   a setting of this optimizer's kind
 * @param[out] value  its value; untouched on failure
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead optimizer, NULL value, or
 *         not a setting of this kind)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_get(const tnn_optimizer *opt, tnn_optimizer_param param,
                                     double *value);

/**
 * @brief Forgets moments, step count and L-BFGS history; settings stay.
 * @param[in,out] opt the optimizer
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (dead optimizer)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_reset(tnn_optimizer *opt);

/**
 * @brief Applies one update from a gradient summed over @p n_rows rows.
 *
 * Not for #TNN_OPT_LBFGS, whose line search needs loss values: train it
 * with tnn_fit() (this returns TNN_E_UNSUPPORTED).
 *
 * The mean gradient grad / n_rows is what Keras's optimizers see. The new
 * parameters are checked before they are stored: if any would be NaN or
 * infinite, or so would a moment (SGD's velocity, Adam's m and v: a
 * squared gradient beyond tnn_real would silently stop that weight), the
 * model keeps its weights and TNN_E_DIVERGED is returned (the optimizer's
 * moments have then advanced; reset it before reuse).
 * @param[in,out] opt    optimizer bound to models of n_grad parameters
 * @param[in,out] model  the model to update
 * @param[in,out] grad   summed gradient, n_grad values; used as scratch,
 *                       its contents are unspecified afterwards
 * @param[in] n_grad     must equal tnn_model_n_params(model)
 * @param[in] n_rows     rows the gradient was summed over, at least 1
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT, TNN_E_SHAPE_MISMATCH, TNN_E_DIVERGED,
 *         TNN_E_UNSUPPORTED (an L-BFGS optimizer)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_optimizer_step(tnn_optimizer *opt, tnn_model *model, tnn_real *grad,
                                      size_t n_grad, size_t n_rows);

/**
 * @brief Called after every epoch of tnn_fit().
 *
 * When it runs, the epoch's validation values are already in
 * history_val_loss[epoch] and history_val_metric[epoch] (when those arrays
 * are given), and *best_epoch tells the best epoch so far (when
 * monitoring): the callback may read them through its ctx.
 * @param[in] ctx     the callback_ctx of the options
 * @param[in] epoch   0-based epoch just finished
 * @param[in] loss    its mean loss (Keras's history value)
 * @param[in] metric  its metric
 * @return 0 to go on, anything else to stop training (tnn_fit() returns TNN_OK)
 */
typedef int (*tnn_epoch_callback)(void *ctx, size_t epoch, double loss, double metric);

/** @brief What early stopping in tnn_fit() watches (Keras's EarlyStopping `monitor`). */
typedef enum tnn_monitor {
    TNN_MONITOR_NONE = 0,    /**< No early stopping: every epoch runs. */
    TNN_MONITOR_LOSS = 1,    /**< The epoch's training loss (history_loss). */
    TNN_MONITOR_VAL_LOSS = 2 /**< The validation loss (needs val_rows > 0). */
} tnn_monitor;

/**
 * @brief How tnn_fit() trains. Start from @ref TNN_FIT_OPTIONS_INIT; the
 * struct may grow at its end, and its leading struct_size tells the
 * library which fields the caller has (see @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 */
typedef struct tnn_fit_options {
    size_t struct_size;     /**< sizeof(tnn_fit_options) of the caller's header. */
    uint32_t loss;          /**< A #tnn_loss, default #TNN_LOSS_MSE. */
    uint32_t metric;        /**< A #tnn_metric, default #TNN_METRIC_NONE. */
    size_t epochs;          /**< Passes over the data, default 1. */
    size_t batch_size;      /**< Rows per step; 0 (default) means full batch. */
    tnn_rng *shuffle;       /**< Shuffles rows every epoch if not NULL (numpy permutation). */
    double *history_loss;   /**< If not NULL, receives `epochs` mean losses. */
    double *history_metric; /**< If not NULL, receives `epochs` metric values. */
    tnn_epoch_callback callback; /**< Called after every epoch if not NULL. */
    void *callback_ctx;          /**< Passed to @ref callback. */
    /** Validation inputs, val_rows * n_inputs (Keras's `validation_data`); read in
     * place, never copied. NULL when val_rows is 0. */
    const tnn_real *val_x;
    /** Validation targets, val_rows * n_outputs; NULL when val_rows is 0. */
    const tnn_real *val_y;
    /** Validation rows, default 0 (none). When not 0, every epoch ends with the
     * loss and metric of these rows at the epoch's final weights, as Keras's
     * `val_loss` (the loss includes the L2 penalty, see @ref l2). */
    size_t val_rows;
    /** If not NULL, receives `epochs` validation losses (val_rows must not be 0). */
    double *history_val_loss;
    /** If not NULL, receives `epochs` validation metric values (val_rows must not be 0). */
    double *history_val_metric;
    /** Keras's `kernel_regularizer=l2(l2)` on every layer, default 0: the loss
     * becomes the data loss plus l2 times the sum of the squared kernel weights
     * (not the biases), a finite value >= 0. Not with #TNN_OPT_LBFGS, whose
     * #TNN_PARAM_L2 does the same (see tnn_fit()). */
    double l2;
    /** A #tnn_monitor: what early stopping watches, default #TNN_MONITOR_NONE
     * (train every epoch). */
    uint32_t monitor;
    /** Early stopping: epochs without improvement after which training stops,
     * default 0 (stop at the first epoch that does not improve). */
    size_t patience;
    /** Early stopping: an epoch improves when its monitored value is below the
     * best so far by more than this, a finite value >= 0, default 0. */
    double min_delta;
    /** Early stopping: 1 to end training with the weights of the best epoch
     * (Keras's `restore_best_weights`), default 0 (the last epoch's). */
    int restore_best;
    /** Early stopping: if not NULL, receives the 0-based epoch whose monitored
     * value was best so far, after every epoch. */
    size_t *best_epoch;
} tnn_fit_options;

/**
 * @brief Initialiser of a @ref tnn_fit_options with the defaults: MSE, no
 * metric, 1 epoch, full batch, no shuffling, no history, no callback, no
 * validation rows, no L2 penalty, no early stopping.
 * `tnn_fit_options o = TNN_FIT_OPTIONS_INIT;` then set fields by name.
 */
#define TNN_FIT_OPTIONS_INIT                                                                   \
    {                                                                                          \
        sizeof(tnn_fit_options), TNN_LOSS_MSE, TNN_METRIC_NONE, 1, 0, NULL, NULL, NULL, NULL,  \
            NULL, NULL, NULL, 0, NULL, NULL, 0.0, TNN_MONITOR_NONE, 0, 0.0, 0, NULL            \
    }

/**
 * @brief Bytes of scratch tnn_fit() needs for these options and row count:
 * one gradient, a row index when shuffling, a copy of the weights with
 * restore_best, and a block of at most 256 rows of forward and backward
 * values (independent of n_rows beyond that), which also serves to
 * evaluate the validation rows (their count does not change the size).
 * @param[in] model    the model
 * @param[in] options  the options tnn_fit() will get
 * @param[in] n_rows   rows of the data set, at least 1
 * @param[out] size    the byte count; untouched on failure
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, NULL options or size,
 *         n_rows or epochs 0, unknown loss or metric, a shuffle generator
 *         that is not live, a combination of the validation, L2 or early
 *         stopping fields that tnn_fit() refuses); TNN_E_UNSUPPORTED (as
 *         tnn_fit()); TNN_E_OVERFLOW (as tnn_fit(): n_rows or val_rows rows,
 *         or @p epochs history values, could not exist in memory, or the
 *         size itself overflows)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_fit_workspace_size(const tnn_model *model, const tnn_fit_options *options,
                                          size_t n_rows, size_t *size);

/**
 * @brief Trains like Keras `model.fit(x, y, epochs, batch_size, shuffle)`.
 *
 * Each step computes the loss and metric of its batch before updating, as
 * Keras does; an epoch's history value is the row-weighted mean over its
 * batches.
 *
 * **Divergence.** Training stops with TNN_E_DIVERGED as soon as one of
 * these happens:
 * - a batch's loss is NaN or infinite, or a value of its forward pass
 *   overflows tnn_real (checked as tnn_evaluate() checks it, before the
 *   step);
 * - a step would make a weight or an optimizer moment NaN or infinite
 *   (see tnn_optimizer_step());
 * - an epoch's mean loss is more than 10^4 times the run's reference
 *   loss: the larger of the first batch's mean loss (at the weights the
 *   call starts from) and the mean loss of an output layer of zeros on
 *   these targets (zero outputs for MSE, that is the mean of y^2; zero
 *   logits for BCE and CCE: log 2, and log(outputs) per unit of target
 *   mass). A run that blows up grows past that within a few epochs, also
 *   in the double build, where it can take hundreds of epochs to reach
 *   infinity, and so does one that cycles at a huge finite loss (too large
 *   a learning rate with a cross-entropy). A reference of 0 (perfect fit at
 *   the start, all-zero MSE targets) disables this test.
 * - a value of the network on the validation rows overflows, or their
 *   loss is not finite, at the weights an epoch ended on.
 * The model then holds finite weights: those before the failing step, or
 * after the epoch whose loss ran away or whose validation failed (the
 * best weights of early stopping are not restored). That epoch and those
 * after it are neither in the history nor passed to the callback, and
 * *epochs_run counts the epochs before it.
 *
 * **Validation rows** (val_x, val_y, val_rows: Keras's `validation_data`).
 * After every epoch their loss and metric at the epoch's final weights go
 * into history_val_loss and history_val_metric, before early stopping and
 * the callback see the epoch. The validation loss includes the L2 penalty
 * at those weights, as Keras's `val_loss` does (its evaluation adds the
 * model's regularization losses to the data loss, as training does).
 *
 * **L2 penalty** (@ref tnn_fit_options::l2, Keras's
 * `kernel_regularizer=l2(l2)` on every dense layer). Each step minimises the
 * batch's mean loss plus l2 * sum(kernel^2): the optimizer sees the mean
 * gradient plus 2 l2 w on kernel weights, biases unpenalised. The history's
 * loss is that penalised batch loss at the weights before the step,
 * averaged over the epoch's batches by their rows, as Keras reports it.
 *
 * **Early stopping** (Keras 3's `EarlyStopping(monitor, min_delta,
 * patience, restore_best_weights)`, mode "min"). After every epoch the
 * monitored value (the epoch's history loss, or its validation loss) is
 * compared with the best so far, which starts at +infinity: the epoch
 * improves when value + min_delta < best (so epoch 0 always does); then it
 * becomes the best, *best_epoch is set and the wait restarts at 0;
 * otherwise the wait grows by one and training stops once wait >= patience
 * (never after epoch 0: patience 0 stops at the first epoch that does not
 * improve). The callback still runs for the epoch that stops training, and
 * tnn_fit() returns TNN_OK with *epochs_run telling the epochs run. With
 * restore_best, the model ends with the best epoch's weights whenever
 * training ends with TNN_OK: stopped early, stopped by the callback, or
 * after every epoch (as Keras 3 restores them at the end of training);
 * the optimizer's state stays as the last step left it.
 *
 * With an #TNN_OPT_LBFGS optimizer each epoch is one L-BFGS iteration over
 * the full batch (batch_size 0 or >= n_rows; mini-batches or shuffling give
 * TNN_E_UNSUPPORTED). It minimises the mean loss plus (l2 / 2) ||w||^2
 * (#TNN_PARAM_L2; the options' l2 must be 0, else TNN_E_UNSUPPORTED: set
 * #TNN_PARAM_L2 to 2 * l2 for Keras's kernel penalty, and the validation
 * loss includes that penalty); an epoch's history value is that objective at the
 * weights the iteration ended on, which the model holds when the callback
 * runs, and the metric there. Training ends early with TNN_OK when the
 * gradient or reduction tolerance is met or no step satisfies the Wolfe
 * conditions; *epochs_run tells the iterations done (0 if the start already
 * meets the gradient tolerance). Every call first evaluates the loss at the
 * model's weights (a NaN or infinite loss, or a value of the network that
 * overflows, there: TNN_E_DIVERGED); trial points of the line search where
 * they do are treated as steps too long. The curvature history carries
 * over between calls until tnn_optimizer_reset().
 * @param[in,out] model   the model
 * @param[in,out] opt     the optimizer (its state carries over between calls)
 * @param[in] options     the options
 * @param[in] x           n_rows * n_inputs inputs
 * @param[in] y           n_rows * n_outputs targets
 * @param[in] n_rows      at least 1
 * @param[in] work        scratch of tnn_fit_workspace_size() bytes
 * @param[in] work_size   its size
 * @param[out] epochs_run number of epochs completed (may be NULL); written
 *                        after every completed epoch, so it is also right
 *                        after TNN_E_DIVERGED
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL pointer, dead model or
 *         optimizer, n_rows or epochs 0, unknown loss, metric or monitor, a
 *         shuffle generator that is not live; val_rows > 0 with val_x or
 *         val_y NULL, or val_rows 0 with any of val_x, val_y,
 *         history_val_loss, history_val_metric set; an l2 or min_delta
 *         that is negative, NaN or infinite; #TNN_MONITOR_VAL_LOSS without
 *         validation rows; patience, min_delta, restore_best or best_epoch
 *         set with #TNN_MONITOR_NONE); TNN_E_SHAPE_MISMATCH (the optimizer
 *         was made for another parameter count); TNN_E_UNSUPPORTED (the
 *         loss does not suit the output activation, a step layer, or
 *         L-BFGS with mini-batches, shuffling or an l2 other than 0);
 *         TNN_E_OVERFLOW (n_rows or val_rows rows, or @p epochs values in
 *         a history array, could not exist in memory);
 *         TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED; TNN_E_NON_FINITE (NaN
 *         or infinity in x, y, val_x or val_y); TNN_E_OUT_OF_RANGE (BCE/CCE
 *         targets outside [0, 1]); TNN_E_DIVERGED. Argument errors are found
 *         before any epoch runs and change nothing (nor *best_epoch);
 *         TNN_E_DIVERGED may come after epochs that changed the model, the
 *         optimizer, the history and *best_epoch.
 *
 * The model and the optimizer are changed; @p x, @p y, @p work and the
 * options' arrays must not overlap (val_x and val_y are only read, and
 * may overlap @p x and @p y). The shuffle generator, if any, is
 * drawn from. Not reentrant on one model or optimizer.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_fit(tnn_model *model, tnn_optimizer *opt, const tnn_fit_options *options,
                           const tnn_real *x, const tnn_real *y, size_t n_rows, void *work,
                           size_t work_size, size_t *epochs_run);

#endif /* TNN_HAVE_TRAINING */

/** @} */

#ifdef __cplusplus
}
#endif

/* The rest of the API, one header per module; each includes this one. */
#include "tinynn/inspect.h"
#include "tinynn/learners.h"
#include "tinynn/serialize.h"

#endif /* TINYNN_TINYNN_H */
