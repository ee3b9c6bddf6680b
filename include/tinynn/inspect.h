/**
 * @file inspect.h
 * @brief Part of the libtinynn API; include tinynn/tinynn.h rather than this file.
 */
#ifndef TINYNN_INSPECT_H
#define TINYNN_INSPECT_H

#include "tinynn/tinynn.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup tnn_inspect Inspection: class grids, layer activations, boundary geometry
 *
 * What a network draws and what each layer does, as plain arrays: the
 * class (and score) of every cell of a 2-D grid for decision-boundary
 * plots, the activations of any layer, the hyperplanes behind a boundary,
 * the decision surface for 3-D plots and the share of every hidden unit in
 * a linear output.
 *
 * Common rules of this group:
 * - Every function reads a `const tnn_model *` and never changes it; all
 *   results go to caller arrays and all scratch is caller memory, which
 *   stays the caller's: no pointer to it is kept after a call returns.
 *   Nothing is allocated, printed or kept between calls, so every function is
 *   reentrant: several threads may inspect one model at the same time
 *   (each with its own outputs and scratch) as long as no thread changes
 *   the model meanwhile.
 * - Output arrays come with their length in elements; a length shorter than
 *   needed gives TNN_E_BUFFER_TOO_SMALL, a longer one is fine (only the
 *   needed prefix is written). Input arrays of a fixed shape must have
 *   exactly that length, or TNN_E_SHAPE_MISMATCH.
 * - Arguments are checked before anything is written: on any error every
 *   output is left untouched.
 * - Scratch ("work") must be aligned to @ref TNN_ALIGNMENT. Its size only
 *   sets how many rows go through the batched forward pass at a time: any
 *   size of at least the 1-row figure works, more is faster, and the
 *   results are the same to the bit.
 * - Layers are numbered from 0 (the first hidden layer), as in Keras's
 *   `model.layers[k]`.
 * @{
 */

/* ---------------------------------------------------------------------- */
/** @name Axes
 * Axis values for grids, as numpy computes them. (`np.linspace` is
 * tnn_linspace().)
 * @{
 */

/**
 * @brief Number of values of `np.arange(start, stop, step)`:
 * ceil((stop - start) / step), computed in double precision as numpy does.
 *
 * The article's `plot_boundary` axes are `arange(l0, l1, (l1 - l0) / 500)`,
 * which, depending on rounding, has 500 or 501 values; this tells which.
 * @param[in] start  first value
 * @param[in] stop   end of the half-open interval
 * @param[in] step   spacing; non-zero, with the sign of stop - start
 * @param[out] count the number of values, at least 1; untouched on failure
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT if @p count is NULL, @p step is 0, or the
 *         axis would be empty (step of the wrong sign, or start == stop;
 *         numpy would return an empty array, which makes no grid);
 *         TNN_E_NON_FINITE if start, stop, step or stop - start is NaN or
 *         infinite;
 *         TNN_E_OVERFLOW if the count exceeds 2^53 or that many doubles
 *         could not exist in memory
 */
TNN_NODISCARD
TNN_API tnn_status tnn_arange_count(double start, double stop, double step, size_t *count);

/**
 * @brief `np.arange(start, stop, step)` for doubles, bit for bit.
 *
 * numpy stores start, then start + step, then fills element i >= 2 with
 * start + i * delta where delta = (start + step) - start (the difference of
 * the first two elements, which may differ from step by rounding). This
 * does exactly the same, without fused multiply-adds.
 * @param[in] start    first value
 * @param[in] stop     end of the half-open interval
 * @param[in] step     spacing, as in tnn_arange_count()
 * @param[out] out     receives tnn_arange_count() values
 * @param[in] out_len  length of @p out
 * @return as tnn_arange_count(), plus TNN_E_INVALID_ARGUMENT if @p out is
 *         NULL and TNN_E_BUFFER_TOO_SMALL if @p out_len is below the count
 */
TNN_NODISCARD
TNN_API tnn_status tnn_arange(double start, double stop, double step, double *out,
                              size_t out_len);

/** @} */

/* ---------------------------------------------------------------------- */
/** @name Classes and class grids
 * @{
 */

/**
 * @brief Turns model outputs (e.g. tnn_predict() results) into classes and scores.
 *
 * The class rule, which tnn_grid_sample() applies to every cell:
 * - several outputs, whatever the activation: argmax, the lowest index
 *   wins ties (numpy's `argmax`);
 * - one sigmoid output: 1 when p >= 0.5, else 0 (Keras's threshold);
 * - one step output: its value, 0 or 1 (the perceptron's prediction);
 * - one linear or tanh output: 1 when the output is >= 0, else 0;
 * - one ReLU output: 1 when the output is > 0, else 0;
 * - one softmax output (always 1, a degenerate model): like sigmoid, so 1.
 *
 * Why 0 for linear, tanh and ReLU: with these thresholds every single-unit
 * output has the same boundary, z = w0 + w.x = 0, the hyperplane that
 * tnn_unit_hyperplane() returns (step is 1 exactly when z >= 0, sigmoid
 * p >= 0.5 exactly when z >= 0). So a class grid and the geometry of its
 * model always agree, and a linear unit classifies like the perceptron
 * (and tanh like its sign, the natural reading of a (-1, 1) output). ReLU
 * needs the strict > because its output is never below 0. A caller who
 * trained a linear output by regression on 0/1 targets and wants the 0.5
 * threshold of Keras's accuracy metric (and of @ref TNN_METRIC_ACCURACY)
 * thresholds the outputs itself.
 *
 * Scores: the probability of class 1 for one sigmoid output, the winning
 * probability for softmax, the raw (winning) output otherwise.
 *
 * NaN outputs (only possible when an output overflows) never win an argmax
 * and count as below every threshold; a row of NaN only gets class 0.
 * @param[in] model    the model whose outputs these are (its last layer
 *                     decides the rule)
 * @param[in] y        n_rows * n_outputs outputs, row-major
 * @param[in] n_rows   rows (0 is allowed and does nothing)
 * @param[out] classes n_rows classes in 0 .. n_outputs - 1 (may be NULL)
 * @param[out] scores  n_rows scores (may be NULL)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT if @p model is not a live model, or rows
 *         are asked for with @p y NULL or with both outputs NULL;
 *         TNN_E_UNSUPPORTED if the model has more than INT32_MAX outputs;
 *         TNN_E_OVERFLOW if n_rows rows of outputs could not exist in memory
 */
TNN_NODISCARD
TNN_API tnn_status tnn_output_classes(const tnn_model *model, const tnn_real *y, size_t n_rows,
                                      int32_t *classes, tnn_real *scores);

/**
 * @brief Which inputs a grid varies and where the other inputs stay.
 *
 * Needed for models with more than two inputs; optional for two. Start
 * from @ref TNN_GRID_SLICE_INIT; the struct may grow at its end, and its
 * leading struct_size tells the library which fields the caller has (see
 * @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 */
typedef struct tnn_grid_slice {
    size_t struct_size;    /**< sizeof(tnn_grid_slice) of the caller's header. */
    size_t input1;         /**< Model input set from the x1 axis (varies along a row). */
    size_t input2;         /**< Model input set from the x2 axis (one value per row). */
    const tnn_real *fixed; /**< n_inputs values for all inputs; entries input1 and input2
                                are ignored. May be NULL only for a 2-input model. */
    size_t n_fixed;        /**< Length of `fixed`: the model's input count. */
} tnn_grid_slice;

/**
 * @brief Initialiser of a tnn_grid_slice: inputs 0 and 1 vary, no
 * fixed values. `tnn_grid_slice s = TNN_GRID_SLICE_INIT;`
 */
#define TNN_GRID_SLICE_INIT                                                                    \
    {                                                                                          \
        sizeof(tnn_grid_slice), 0, 1, NULL, 0                                                  \
    }

/**
 * @brief Bytes of scratch for tnn_grid_sample() to push @p n_cells cells
 * through the model per block.
 *
 * Any scratch of at least tnn_grid_workspace_size(model, 1) bytes works;
 * a few hundred cells per block is close to the fastest.
 * @param[in] model    the model
 * @param[in] n_cells  cells per block, at least 1
 * @param[out] size    the byte count; untouched on failure
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (dead model, NULL @p size or
 *         @p n_cells 0); TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_grid_workspace_size(const tnn_model *model, size_t n_cells, size_t *size);

/**
 * @brief Classes (and scores) of a model over a 2-D grid, for decision-boundary plots.
 *
 * Cell (r, c) is the input with x1[c] and x2[r] (and the slice's fixed
 * values for the other inputs); results are row-major, one row per x2
 * value, as `np.meshgrid(x1, x2)` ('xy' indexing) lays them out, so cell
 * (r, c) is element r * n1 + c. Each cell's class and score are exactly
 * what tnn_predict() followed by tnn_output_classes() gives for that input
 * (after rounding the axis values to tnn_real). Cells go through the
 * batched forward pass a block at a time.
 *
 * The article's `plot_boundary(lims)`: x1 = tnn_arange(lims[0], lims[1],
 * (lims[1] - lims[0]) / 500), x2 likewise from lims[2] and lims[3]:
 * @code
 * double x1[501], x2[501];   // np.arange with a float step: 500 or 501 values
 * size_t n1, n2, ws;
 * if (tnn_arange_count(-2.5, 2.5, 5.0 / 500, &n1) != TNN_OK ||
 *     tnn_arange(-2.5, 2.5, 5.0 / 500, x1, 501) != TNN_OK ||
 *     tnn_arange_count(-2.0, 3.0, 5.0 / 500, &n2) != TNN_OK ||
 *     tnn_arange(-2.0, 3.0, 5.0 / 500, x2, 501) != TNN_OK ||
 *     tnn_grid_workspace_size(model, 256, &ws) != TNN_OK)  // 256 cells per block
 *     return -1;
 * int32_t *classes = malloc(n1 * n2 * sizeof *classes);
 * void *work = malloc(ws);
 * tnn_status st = tnn_grid_sample(model, x1, n1, x2, n2, NULL, classes, NULL,
 *                                 n1 * n2, work, ws);
 * @endcode
 * @param[in] model      the model, with at least two inputs
 * @param[in] x1         n1 axis values along a row (columns)
 * @param[in] n1         at least 1
 * @param[in] x2         n2 axis values down the rows
 * @param[in] n2         at least 1
 * @param[in] slice      inputs to vary and values of the others; NULL means
 *                       inputs 0 and 1, allowed only for a 2-input model
 * @param[out] classes   n1 * n2 classes (may be NULL if @p scores is not)
 * @param[out] scores    n1 * n2 scores, see tnn_output_classes() (may be NULL)
 * @param[in] n_cells    length of each non-NULL output array
 * @param[in] work       scratch aligned to @ref TNN_ALIGNMENT, not
 *                       overlapping the outputs
 * @param[in] work_size  its size, at least tnn_grid_workspace_size(model, 1)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, NULL axis or work, both
 *         outputs NULL, n1 or n2 zero (an empty grid), input1 == input2,
 *         slice (or its fixed values) missing for a model of more than two
 *         inputs;
 *         TNN_E_SHAPE_MISMATCH: the model has one input, or n_fixed is not
 *         its input count;
 *         TNN_E_OUT_OF_RANGE: input1 or input2 is not an input of the model;
 *         TNN_E_NON_FINITE: an axis or fixed value is NaN or infinite (or
 *         not representable as tnn_real);
 *         TNN_E_OVERFLOW: n1 * n2 cells, or an axis of n1 or n2 doubles,
 *         could not exist in memory;
 *         TNN_E_BUFFER_TOO_SMALL: n_cells < n1 * n2, or work too small;
 *         TNN_E_MISALIGNED: work is not aligned;
 *         TNN_E_UNSUPPORTED: more than INT32_MAX outputs
 */
TNN_NODISCARD
TNN_API tnn_status tnn_grid_sample(const tnn_model *model, const double *x1, size_t n1,
                                   const double *x2, size_t n2, const tnn_grid_slice *slice,
                                   int32_t *classes, tnn_real *scores, size_t n_cells,
                                   void *work, size_t work_size);

/** @} */

/* ---------------------------------------------------------------------- */
/** @name Layer activations
 * @{
 */

/**
 * @brief The outputs of layer @p layer for a batch of inputs: Keras's
 * `Model(inputs, outputs=model.layers[layer].output).predict(x)`.
 *
 * @p a receives the layer's outputs after its activation, @p z (if asked
 * for) the pre-activations z = x W + b of the same layer. Both are
 * n_rows x units, row-major. Rows are computed in blocks by the same
 * batched kernels as tnn_predict(), so for the last layer @p a equals
 * tnn_predict()'s output.
 * @param[in] model      the model
 * @param[in] layer      layer index, 0 .. n_layers - 1
 * @param[in] x          n_rows * n_inputs model inputs, row-major
 * @param[in] n_rows     rows (0 is allowed and does nothing)
 * @param[out] a         n_rows * units activations (may be NULL if @p z is not)
 * @param[out] z         n_rows * units pre-activations (may be NULL)
 * @param[in] out_len    length of each non-NULL output array
 * @param[in] work       scratch aligned to @ref TNN_ALIGNMENT; must not
 *                       overlap @p x or the outputs
 * @param[in] work_size  its size, at least tnn_predict_workspace_size(model, 1)
 *                       (more rows per block is faster)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, NULL work, or rows asked for
 *         with @p x NULL or both outputs NULL;
 *         TNN_E_OUT_OF_RANGE: no layer @p layer;
 *         TNN_E_OVERFLOW: n_rows * units overflows;
 *         TNN_E_BUFFER_TOO_SMALL: out_len < n_rows * units, or work too small;
 *         TNN_E_MISALIGNED: work is not aligned
 */
TNN_NODISCARD
TNN_API tnn_status tnn_layer_activations(const tnn_model *model, size_t layer, const tnn_real *x,
                                         size_t n_rows, tnn_real *a, tnn_real *z,
                                         size_t out_len, void *work, size_t work_size);

/** @} */

/* ---------------------------------------------------------------------- */
/** @name Boundary geometry
 * Hyperplanes {v : offset + normal . v = 0} in a layer's input space (the
 * model inputs for layer 0, the previous layer's activations otherwise).
 *
 * The output plane of a network drawn in its hidden space (the article's
 * Listings 22 and 24) is the output unit's z = 0, i.e.
 * a3 = -(w0 + w1 a1 + w2 a2) / w3: get it with tnn_unit_hyperplane() on the
 * last layer and tnn_plane_surface(). The article's
 * `a3 = (0.5 - (w0 + w1 a1 + w2 a2)) / w3` is shifted: p = 0.5 of a sigmoid
 * is z = 0, not z = 0.5.
 * @{
 */

/**
 * @brief The hyperplane where one unit's class flips: z = w0 + w . v = 0.
 *
 * For a step unit it is where the output jumps, for sigmoid where p = 0.5
 * (p = 0.5 <=> z = 0), for linear and tanh where the output changes sign,
 * for ReLU where the unit switches on: in each case the boundary of the
 * class rule of tnn_output_classes() when the unit is a model's single
 * output. The normal w is column @p unit of the layer's kernel (it points
 * towards class 1) and the offset w0 is the unit's bias.
 * @param[in] model       the model
 * @param[in] layer       layer index
 * @param[in] unit        unit of that layer
 * @param[out] normal     fan_in values w1 .. wn (may be NULL)
 * @param[in] normal_len  length of @p normal
 * @param[out] offset     w0 (may be NULL)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, or both outputs NULL;
 *         TNN_E_OUT_OF_RANGE: no such layer or unit;
 *         TNN_E_UNSUPPORTED: a softmax layer (its units share one
 *         normalisation: use tnn_class_boundary());
 *         TNN_E_BUFFER_TOO_SMALL: normal_len < fan_in
 */
TNN_NODISCARD
TNN_API tnn_status tnn_unit_hyperplane(const tnn_model *model, size_t layer, size_t unit,
                                       tnn_real *normal, size_t normal_len, tnn_real *offset);

/**
 * @brief The boundary between classes @p class_i and @p class_j of a
 * softmax (or other multi-unit) layer: z_i = z_j, i.e. normal w_i - w_j and
 * offset b_i - b_j.
 *
 * The normal points towards class i. Where i and j are the two leading
 * classes, the argmax switches between them on this hyperplane; the whole
 * decision boundary is made of pieces of such planes (the article's
 * Listing 16). Valid for activations that are strictly increasing per unit
 * or softmax: softmax, linear, sigmoid, tanh.
 * @param[in] model       the model
 * @param[in] layer       layer index
 * @param[in] class_i     first class (unit)
 * @param[in] class_j     second class (unit), different from @p class_i
 * @param[out] normal     fan_in values w_i - w_j (may be NULL)
 * @param[in] normal_len  length of @p normal
 * @param[out] offset     b_i - b_j (may be NULL)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, both outputs NULL, or
 *         class_i == class_j;
 *         TNN_E_OUT_OF_RANGE: no such layer or class;
 *         TNN_E_UNSUPPORTED: step or ReLU layer (ties over whole regions
 *         make z_i = z_j no boundary of theirs);
 *         TNN_E_BUFFER_TOO_SMALL: normal_len < fan_in
 */
TNN_NODISCARD
TNN_API tnn_status tnn_class_boundary(const tnn_model *model, size_t layer, size_t class_i,
                                      size_t class_j, tnn_real *normal, size_t normal_len,
                                      tnn_real *offset);

/**
 * @brief A plane w0 + w1 x1 + w2 x2 + w3 x3 = 0 in 3-D sampled as a
 * surface x3 = -(w0 + w1 x1 + w2 x2) / w3 over a grid, for 3-D plots
 * (the article's Listings 11, 22 and 24).
 *
 * Row-major like tnn_grid_sample(): element r * n1 + c is the height over
 * (x1[c], x2[r]). Computed in double precision, then rounded to tnn_real.
 * @param[in] normal    w1, w2, w3 (e.g. from tnn_unit_hyperplane())
 * @param[in] n_normal  must be 3
 * @param[in] offset    w0
 * @param[in] x1        n1 values along a row
 * @param[in] n1        at least 1
 * @param[in] x2        n2 values down the rows
 * @param[in] n2        at least 1
 * @param[out] x3       n1 * n2 heights
 * @param[in] out_len   length of @p x3
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: NULL pointer, or n1 or n2 zero;
 *         TNN_E_SHAPE_MISMATCH: n_normal is not 3;
 *         TNN_E_UNSUPPORTED: w3 == 0 (the plane is parallel to the x3 axis
 *         and is no surface x3(x1, x2));
 *         TNN_E_NON_FINITE: a NaN or infinite weight or axis value, or
 *         heights that could exceed the range of tnn_real (w3 tiny);
 *         TNN_E_OVERFLOW: n1 * n2 heights, or an axis of n1 or n2
 *         doubles, could not exist in memory;
 *         TNN_E_BUFFER_TOO_SMALL: out_len < n1 * n2
 */
TNN_NODISCARD
TNN_API tnn_status tnn_plane_surface(const tnn_real *normal, size_t n_normal, tnn_real offset,
                                     const double *x1, size_t n1, const double *x2, size_t n2,
                                     tnn_real *x3, size_t out_len);

/**
 * @brief The plane on which a linear layer's outputs lie (the article's Listing 24).
 *
 * A linear layer maps input v to b + sum_k v_k x_k, so all its outputs lie
 * in the affine subspace through the offset b spanned by the vectors v_k.
 * v_k is row k of the fan_in x units kernel (the weights from input k to
 * every unit).
 * @param[in] model        the model
 * @param[in] layer        index of a linear layer
 * @param[out] vectors     fan_in * units values, row k = v_k (may be NULL)
 * @param[in] vectors_len  length of @p vectors
 * @param[out] offset      units values, the biases (may be NULL)
 * @param[in] offset_len   length of @p offset
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, or both outputs NULL;
 *         TNN_E_OUT_OF_RANGE: no such layer;
 *         TNN_E_UNSUPPORTED: the layer is not linear (its outputs do not
 *         lie on a plane);
 *         TNN_E_BUFFER_TOO_SMALL: an output is shorter than needed
 */
TNN_NODISCARD
TNN_API tnn_status tnn_linear_layer_span(const tnn_model *model, size_t layer, tnn_real *vectors,
                                         size_t vectors_len, tnn_real *offset, size_t offset_len);

/** @} */

/* ---------------------------------------------------------------------- */
/** @name Per-unit contributions
 * @{
 */

/**
 * @brief How a linear output is made of its hidden units (the article's Listing 30).
 *
 * For a model whose last layer is one linear unit, y = b + sum_i w_i a_i(x)
 * where a_i is the last hidden layer's activation (for a one-layer model,
 * the input x_i). Per row this writes every a_i(x), every contribution
 * w_i a_i(x), and their sum with the bias, which is the prediction (up to
 * the rounding of the summation, within 1e-6 relative in float).
 * @param[in] model          the model
 * @param[in] x              n_rows * n_inputs inputs, row-major
 * @param[in] n_rows         rows (0 is allowed; the bias is still written)
 * @param[out] activations   n_rows * H values a_i(x), H = the last layer's
 *                           fan-in (may be NULL)
 * @param[out] contributions n_rows * H values w_i a_i(x) (may be NULL)
 * @param[in] out_len        length of each non-NULL array of the two above
 * @param[out] bias          the output bias b (may be NULL)
 * @param[out] sums          n_rows values b + sum_i w_i a_i(x) (may be NULL;
 *                           it needs n_rows elements)
 * @param[in] work           scratch aligned to @ref TNN_ALIGNMENT, not
 *                           overlapping the other arrays
 * @param[in] work_size      its size, at least tnn_predict_workspace_size(model, 1)
 * @return TNN_OK;
 *         TNN_E_INVALID_ARGUMENT: dead model, NULL work, or rows asked for
 *         with @p x NULL;
 *         TNN_E_UNSUPPORTED: the last layer is not a single linear unit;
 *         TNN_E_OVERFLOW: n_rows * H overflows;
 *         TNN_E_BUFFER_TOO_SMALL: out_len < n_rows * H, or work too small;
 *         TNN_E_MISALIGNED: work is not aligned
 */
TNN_NODISCARD
TNN_API tnn_status tnn_output_contributions(const tnn_model *model, const tnn_real *x,
                                            size_t n_rows, tnn_real *activations,
                                            tnn_real *contributions, size_t out_len,
                                            tnn_real *bias, tnn_real *sums, void *work,
                                            size_t work_size);

/** @} */

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TINYNN_INSPECT_H */
