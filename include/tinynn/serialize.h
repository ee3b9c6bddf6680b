/**
 * @file serialize.h
 * @brief Part of the libtinynn API; include tinynn/tinynn.h rather than this file.
 */
#ifndef TINYNN_SERIALIZE_H
#define TINYNN_SERIALIZE_H

#include "tinynn/tinynn.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The model file: left out of -Dserialize=false builds (TNN_HAVE_SERIALIZE 0). */
#if TNN_HAVE_SERIALIZE

/**
 * @defgroup tnn_serialize Model file: save, load, C-source export
 *
 * A versioned, little-endian, CRC-32-checked binary image of a model: its
 * shape, layer kinds, activations and parameters (docs/model-format.md
 * describes it byte by byte). Everything works on memory buffers: the
 * library does no file I/O and never allocates here, except in
 * tnn_model_load_new().
 *
 * Firmware sizes everything from the buffer before allocating:
 * tnn_model_file_query() validates the whole file (length, checksum, every
 * field, every weight) and reports the shape and the bytes
 * tnn_model_init() needs for it; tnn_model_load_init() then places the model
 * in caller memory. tnn_model_view() instead reads the parameters in place,
 * from a file image in flash, and places only the model's small head. A model stored as float64 loads into a float build
 * (rounded to nearest) and a float32 file into a double build (exactly).
 *
 * Loading never reads past the given length and never trusts a size before
 * the checksum and the header's own consistency checks have passed.
 * @{
 */

/**
 * @brief Version of the model file format written by this library.
 *
 * Version 2 records each layer's kind. Files of version 1 (no kinds: every
 * layer dense) are still read.
 */
#define TNN_MODEL_FORMAT_VERSION 2u

/** @brief Number type of the parameters stored in a model file. */
typedef enum tnn_number_format {
    TNN_FORMAT_FLOAT32 = 1, /**< IEEE-754 binary32, 4 bytes little-endian per value. */
    TNN_FORMAT_FLOAT64 = 2  /**< IEEE-754 binary64, 8 bytes little-endian per value. */
} tnn_number_format;

/**
 * @brief What tnn_model_file_query() learns from a valid model file.
 * Start from @ref TNN_MODEL_FILE_INFO_INIT; the library writes only the
 * fields the caller's struct_size covers (see @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 */
typedef struct tnn_model_file_info {
    size_t struct_size;     /**< sizeof(tnn_model_file_info) of the caller's header. */
    uint32_t version;       /**< Format version of the file. */
    uint32_t number_format; /**< How its parameters are stored: a #tnn_number_format. */
    size_t file_size;       /**< Bytes the file occupies (a longer buffer's tail is ignored). */
    size_t n_inputs;        /**< Input width of the model. */
    size_t n_layers;        /**< Number of dense layers. */
    size_t n_params;        /**< Parameters, weights plus biases. */
    size_t model_size;      /**< tnn_model_size() of this shape in this build: the bytes
                             tnn_model_load_init() needs. */
} tnn_model_file_info;

/**
 * @brief Initialiser of a @ref tnn_model_file_info to pass to
 * tnn_model_file_query(): `tnn_model_file_info i = TNN_MODEL_FILE_INFO_INIT;`
 */
#define TNN_MODEL_FILE_INFO_INIT                                                               \
    {                                                                                          \
        sizeof(tnn_model_file_info), 0, 0, 0, 0, 0, 0, 0                                       \
    }

/**
 * @brief CRC-32 as IEEE 802.3, zlib and PNG compute it (reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF).
 *
 * Incremental: pass 0 for the first chunk and the previous result for the
 * next; the CRC of "123456789" is 0xCBF43926.
 * @param[in] crc   0 to start, or the CRC of the data before this chunk
 * @param[in] data  @p size bytes (may be NULL only when size is 0)
 * @param[in] size  bytes to add
 * @return the CRC of all the data so far (@p crc unchanged if data is NULL)
 */
TNN_API uint32_t tnn_crc32(uint32_t crc, const void *data, size_t size);

/**
 * @brief Bytes tnn_model_save() writes for this model and number format:
 * 24 + 8 * n_layers + n_params * (4 or 8).
 * @param[in] model   a live model
 * @param[in] format  #TNN_FORMAT_FLOAT32 or #TNN_FORMAT_FLOAT64
 * @param[out] size   the byte count
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL, not a live model, unknown
 *         format); TNN_E_OVERFLOW (the file would exceed 2^32 - 1 bytes,
 *         the format's limit)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_save_size(const tnn_model *model, tnn_number_format format,
                                       size_t *size);

/**
 * @brief Writes a model file into a caller buffer.
 *
 * Parameters stored as float32 from a double build are rounded to nearest.
 * On failure nothing is written to @p buf.
 * @param[in] model    a live model
 * @param[in] format   #TNN_FORMAT_FLOAT32 or #TNN_FORMAT_FLOAT64
 * @param[out] buf     destination, any alignment
 * @param[in] size     bytes available at @p buf
 * @param[out] written bytes written, equal to tnn_model_save_size() (may be NULL)
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL model or buf, not a live
 *         model, unknown format); TNN_E_BUFFER_TOO_SMALL (@p size below
 *         tnn_model_save_size()); TNN_E_OVERFLOW (file over 2^32 - 1 bytes);
 *         TNN_E_OUT_OF_RANGE (float32 requested and a double parameter is
 *         beyond the float range)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_save(const tnn_model *model, tnn_number_format format, void *buf,
                                  size_t size, size_t *written);

/**
 * @brief Validates a model file completely and reports its shape.
 *
 * Checks, in this order: magic, version, header fields, declared length
 * against @p size, CRC-32, layer table, that the declared length equals
 * what the shapes imply, and that every parameter is finite in this build's
 * number type. Reads at most @p size bytes. A file that passes loads with
 * tnn_model_load_init() into info->model_size bytes without further errors
 * about its contents.
 * @param[in] buf    the file's bytes, any alignment
 * @param[in] size   bytes available at @p buf (may exceed the file)
 * @param[out] info  what the file holds; untouched on failure
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (buf or info NULL);
 *         TNN_E_BAD_FORMAT (wrong magic; unknown number type; non-zero
 *         reserved byte; zero inputs, layers or units; unknown activation
 *         or layer kind; declared length inconsistent with the shapes);
 *         TNN_E_VERSION (format version 0 or above
 *         @ref TNN_MODEL_FORMAT_VERSION);
 *         TNN_E_TRUNCATED (@p size shorter than the header or than the
 *         declared length); TNN_E_CHECKSUM (CRC-32 mismatch);
 *         TNN_E_NON_FINITE (a stored parameter is NaN or infinite, or a
 *         float64 value overflows this float build); TNN_E_OVERFLOW (the
 *         model would not fit this machine's size_t)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_file_query(const void *buf, size_t size, tnn_model_file_info *info);

/**
 * @brief Copies a valid file's layer shapes out (for tnn_model_size(),
 * tnn_model_init() or a check against the model firmware expects): units,
 * activation and kind of each layer (#TNN_LAYER_DENSE for every layer of a
 * version 1 file).
 * @param[in] buf        the file
 * @param[in] size       bytes available at @p buf
 * @param[out] layers    @p n_layers shapes; untouched on failure
 * @param[in] n_layers   must equal the file's layer count
 * @return as tnn_model_file_query(), plus TNN_E_SHAPE_MISMATCH (@p n_layers
 *         differs from the file's) and TNN_E_INVALID_ARGUMENT (layers NULL)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_file_layers(const void *buf, size_t size, tnn_layer_spec *layers,
                                         size_t n_layers);

/**
 * @brief Loads a file's parameters into an existing model of the same shape.
 *
 * The model's input width, layer widths, activations and layer kinds must
 * equal the file's. On failure the model is unchanged.
 * @param[in,out] model  a live model
 * @param[in] buf        the file
 * @param[in] size       bytes available at @p buf
 * @return as tnn_model_file_query(), plus TNN_E_SHAPE_MISMATCH (another
 *         shape, activation or layer kind) and TNN_E_INVALID_ARGUMENT (not
 *         a live model)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_load(tnn_model *model, const void *buf, size_t size);

/**
 * @brief Places the model a file describes in caller memory and loads it.
 * @param[out] model     receives the handle (inside @p mem); untouched on failure
 * @param[in] mem        the model_size that tnn_model_file_query() reports, in bytes, aligned to
 *                       @ref TNN_ALIGNMENT; must outlive the model
 * @param[in] mem_size   bytes at @p mem
 * @param[in] buf        the file
 * @param[in] size       bytes available at @p buf
 * @return as tnn_model_file_query(), plus TNN_E_BUFFER_TOO_SMALL and
 *         TNN_E_MISALIGNED (about @p mem) and TNN_E_INVALID_ARGUMENT
 *         (model or mem NULL)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_load_init(tnn_model **model, void *mem, size_t mem_size,
                                       const void *buf, size_t size);

/**
 * @brief Allocates the model a file describes and loads it (free it with
 * tnn_model_free()). The size allocated is computed only after the whole
 * file has been validated.
 * @param[out] model  receives the handle; untouched on failure
 * @param[in] buf     the file
 * @param[in] size    bytes available at @p buf
 * @param[in] alloc   allocator hooks, or NULL for malloc
 * @return as tnn_model_file_query(), plus TNN_E_OUT_OF_MEMORY and
 *         TNN_E_MISALIGNED (the allocator returned misaligned memory)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_load_new(tnn_model **model, const void *buf, size_t size,
                                      const tnn_allocator *alloc);

/**
 * @brief Bytes of caller memory tnn_model_view() needs for a model file
 * image: the model struct and its layer table, not the parameters.
 * @param[in] buf         the file image (see tnn_model_view() for its
 *                        number type and alignment)
 * @param[in] size        bytes available at @p buf
 * @param[out] view_size  the byte count; untouched on failure
 * @return as tnn_model_view() without the statuses about its memory
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_view_size(const void *buf, size_t size, size_t *view_size);

/**
 * @brief A read-only model over a model file image, its parameters read in
 * place: for firmware that keeps the model in flash and predicts without a
 * RAM copy of the weights.
 *
 * Only the model struct and the layer table go into @p mem
 * (tnn_model_view_size() bytes, a few dozen for a small network); the
 * parameters stay in the image, which the library never writes to and
 * which must stay unchanged while the view is used. The image is validated
 * as tnn_model_file_query() does (magic, version, CRC-32, every field,
 * every parameter finite). It must hold the build's number type
 * (#TNN_FORMAT_FLOAT32 for a float build, #TNN_FORMAT_FLOAT64 for
 * `-Dreal=double`; a little-endian machine) and its parameters, which start
 * at byte 20 + 8 * n_layers, must be aligned like a tnn_real. A float build
 * gets that from an image aligned to 4 bytes:
 * `_Alignas(4) const unsigned char model_file[] = {...};` (with `xxd -i`
 * output; tnn_model_export_c() aligns its array itself). In a double build the image must start 4 bytes past a
 * multiple of 8 (docs/model-format.md).
 *
 * The view works with every function that only reads a model: tnn_predict(),
 * the shape and weight getters, tnn_model_save(), the inspection functions
 * (inspect.h), tnn_gradient(). Every function that changes a model
 * (tnn_model_set_params(), tnn_model_set_weights(), tnn_model_load(), the
 * initialisers, tnn_optimizer_step(), tnn_fit(), the learners) refuses it
 * with #TNN_E_READ_ONLY; tnn_model_free() does nothing with it. The view
 * ends when @p mem is reused; nothing needs freeing.
 * @param[out] model     receives the handle (inside @p mem); untouched on failure
 * @param[in] mem        tnn_model_view_size() bytes aligned to @ref TNN_ALIGNMENT;
 *                       must outlive the view
 * @param[in] mem_size   bytes at @p mem
 * @param[in] buf        the file image; must outlive the view
 * @param[in] size       bytes available at @p buf
 * @return as tnn_model_file_query(), plus TNN_E_UNSUPPORTED (the image's
 *         number type is not this build's tnn_real, or a big-endian
 *         machine: load it with tnn_model_load_init() instead),
 *         TNN_E_MISALIGNED (the image's parameters are not aligned like a
 *         tnn_real, or @p mem not to @ref TNN_ALIGNMENT),
 *         TNN_E_BUFFER_TOO_SMALL (about @p mem) and TNN_E_INVALID_ARGUMENT
 *         (model or mem NULL)
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_view(const tnn_model **model, void *mem, size_t mem_size,
                                  const void *buf, size_t size);

/** @brief Which text tnn_model_export_c() writes. */
typedef enum tnn_c_export_part {
    TNN_EXPORT_SOURCE = 0, /**< The .c file: the model file as a const byte array and its size. */
    TNN_EXPORT_HEADER = 1 /**< The .h file: extern declarations of both. */
} tnn_c_export_part;

/**
 * @brief Writes a model file as C source, for firmware that keeps the model
 * in flash and loads it with tnn_model_load_init() or reads it in place
 * with tnn_model_view().
 *
 * The source defines `const unsigned char NAME[]` (the bytes
 * tnn_model_save() writes), aligned to 8 bytes with GCC, clang and MSVC
 * (which a float32 file needs for tnn_model_view()), and
 * `const size_t NAME_size`; the header declares them. The text is NUL-terminated and uses only C89 constructs, so any C
 * or C++ compiler accepts it. If @p size is too small nothing useful is
 * written, *needed tells the size required and TNN_E_BUFFER_TOO_SMALL is
 * returned.
 * @param[in] model    a live model
 * @param[in] format   number format of the embedded file
 * @param[in] name     C identifier for the array: [A-Za-z_][A-Za-z0-9_]*,
 *                     at most 64 characters
 * @param[in] part     #TNN_EXPORT_SOURCE or #TNN_EXPORT_HEADER
 * @param[out] buf     destination (may be NULL when size is 0)
 * @param[in] size     bytes at @p buf
 * @param[out] needed  bytes the text needs including the NUL (may be NULL)
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (not a live model, bad format,
 *         part or name); TNN_E_BUFFER_TOO_SMALL; TNN_E_OVERFLOW;
 *         TNN_E_OUT_OF_RANGE (as tnn_model_save())
 */
TNN_NODISCARD
TNN_API tnn_status tnn_model_export_c(const tnn_model *model, tnn_number_format format,
                                      const char *name, tnn_c_export_part part, char *buf,
                                      size_t size, size_t *needed);

/** @} */

#endif /* TNN_HAVE_SERIALIZE */

#ifdef __cplusplus
}
#endif

#endif /* TINYNN_SERIALIZE_H */
