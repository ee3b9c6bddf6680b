/* Fuzz target: the model-file loader (serialize.h) on hostile buffers.
 *
 * Input: one control byte, then the file's bytes. Control bit 0 repairs
 * the CRC-32 of the declared length before loading, so the fuzzer reaches
 * the parsing behind the checksum instead of stopping at it; bits 1-2 pick
 * a failing allocation, a one-byte-short or a misaligned placement. The
 * bytes are copied into an exact-size heap buffer, so ASan reports any read
 * past the given length.
 *
 * Invariants (a violation aborts):
 * - query, layers, load_new, load_init and load agree on the verdict;
 * - a loaded model has the queried shape, the file's layers (kinds too)
 *   and only finite parameters;
 * - saving it and loading the result gives the same parameters back;
 * - a view in place is refused as the loader refuses, or for another
 *   number type or misaligned parameters, and else has the loaded ones;
 * - failures leave every output untouched; nothing leaks. */
#include "fuzz_common.h"

#define MAX_FILE (1u << 16)
#define MAX_FUZZ_LAYERS 64

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Writes the CRC the loader expects over the declared length, if any. */
static void repair_crc(unsigned char *b, size_t size)
{
    if (size < 12)
        return;
    uint32_t len = le32(b + 8);
    if (len < 8 || len > size)
        return;
    uint32_t crc = tnn_crc32(0, b, len - 4);
    for (int i = 0; i < 4; i++)
        b[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
}

static bool same_params(const tnn_model *a, const tnn_model *b)
{
    size_t na = 0, nb = 0;
    FUZZ_CHECK(tnn_model_n_params(a) == tnn_model_n_params(b));
    tnn_real *pa = fuzz_buffer(tnn_model_n_params(a) * sizeof(tnn_real));
    tnn_real *pb = fuzz_buffer(tnn_model_n_params(b) * sizeof(tnn_real));
    na = tnn_model_n_params(a);
    nb = tnn_model_n_params(b);
    FUZZ_CHECK(tnn_model_get_params(a, pa, na) == TNN_OK);
    FUZZ_CHECK(tnn_model_get_params(b, pb, nb) == TNN_OK);
    bool same = memcmp(pa, pb, na * sizeof *pa) == 0;
    free(pa);
    free(pb);
    return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > MAX_FILE)
        return 0;
    const uint8_t control = data[0];
    const size_t n = size - 1;
    unsigned char *file = fuzz_buffer(n);
    memcpy(file, data + 1, n);
    if (control & 1)
        repair_crc(file, n);

    /* the verdict */
    tnn_model_file_info info;
    memset(&info, 0x5A, sizeof info);
    info.struct_size = sizeof info;
    const tnn_model_file_info untouched_info = info;
    const tnn_status verdict = tnn_model_file_query(file, n, &info);
    FUZZ_CHECK(fuzz_status_known(verdict));
    if (verdict != TNN_OK)
        FUZZ_CHECK(memcmp(&info, &untouched_info, sizeof info) == 0);

    /* the layer table: refused exactly when the file is */
    tnn_layer_spec layers[MAX_FUZZ_LAYERS];
    if (verdict == TNN_OK && info.n_layers <= MAX_FUZZ_LAYERS) {
        FUZZ_CHECK(tnn_model_file_layers(file, n, layers, info.n_layers) == TNN_OK);
        size_t msize = 0;
        FUZZ_CHECK(tnn_model_size(info.n_inputs, layers, info.n_layers, &msize) == TNN_OK);
        FUZZ_CHECK(msize == info.model_size);
        if (info.n_layers > 1)
            FUZZ_CHECK(tnn_model_file_layers(file, n, layers, info.n_layers - 1) ==
                       TNN_E_SHAPE_MISMATCH);
    } else if (verdict != TNN_OK) {
        FUZZ_CHECK(tnn_model_file_layers(file, n, layers, 1 + (control >> 4)) == verdict);
    }

    /* heap load, sometimes with a failing allocator */
    fuzz_alloc alloc;
    fuzz_alloc_init(&alloc, (control & 2) ? 1 : 0);
    tnn_model *sentinel = (tnn_model *)(void *)&info, *heap = sentinel;
    tnn_status st = tnn_model_load_new(&heap, file, n, &alloc.hooks);
    if (verdict != TNN_OK)
        FUZZ_CHECK(st == verdict);
    else
        FUZZ_CHECK(st == ((control & 2) ? TNN_E_OUT_OF_MEMORY : TNN_OK));
    if (st != TNN_OK)
        FUZZ_CHECK(heap == sentinel);
    else
        FUZZ_CHECK(alloc.live == 1);

    /* placement in caller memory: exact, one byte short, or misaligned */
    tnn_model *placed = NULL;
    void *mem = NULL;
    if (verdict == TNN_OK) {
        size_t msize = info.model_size;
        const int how = (control >> 2) & 3;
        mem = fuzz_buffer(msize + TNN_ALIGNMENT);
        void *at = how == 2 ? (unsigned char *)mem + 1 : mem;
        st = tnn_model_load_init(&placed, at, how == 1 ? msize - 1 : msize, file, n);
        FUZZ_CHECK(st == (how == 1   ? TNN_E_BUFFER_TOO_SMALL
                          : how == 2 ? TNN_E_MISALIGNED
                                     : TNN_OK));
        if (st != TNN_OK) {
            FUZZ_CHECK(placed == NULL);
            st = tnn_model_load_init(&placed, mem, msize, file, n);
            FUZZ_CHECK(st == TNN_OK);
        }
    } else {
        mem = fuzz_buffer(4096);
        st = tnn_model_load_init(&placed, mem, 4096, file, n);
        FUZZ_CHECK(st == verdict && placed == NULL);
    }

    if (placed != NULL) {
        /* the queried shape, finite parameters, and the same as the heap copy */
        FUZZ_CHECK(tnn_model_n_inputs(placed) == info.n_inputs);
        FUZZ_CHECK(tnn_model_n_layers(placed) == info.n_layers);
        FUZZ_CHECK(tnn_model_n_params(placed) == info.n_params);
        for (size_t k = 0; k < info.n_layers && k < MAX_FUZZ_LAYERS; k++) {
            const tnn_layer *l = tnn_model_layer(placed, k);
            FUZZ_CHECK(tnn_layer_units(l) == layers[k].units &&
                       tnn_layer_activation(l) == layers[k].activation &&
                       (uint32_t)tnn_layer_kind_of(l) == layers[k].kind);
        }
        size_t np = info.n_params;
        tnn_real *p = fuzz_buffer(np * sizeof *p);
        FUZZ_CHECK(tnn_model_get_params(placed, p, np) == TNN_OK);
        FUZZ_CHECK(fuzz_all_finite(p, np));
        free(p);
        if (heap != sentinel)
            FUZZ_CHECK(same_params(heap, placed));

        /* save in the file's own format and load again: the same model */
        size_t save_size = 0;
        FUZZ_CHECK(tnn_model_save_size(placed, info.number_format, &save_size) == TNN_OK);
        unsigned char *saved = fuzz_buffer(save_size);
        size_t written = 0;
        FUZZ_CHECK(tnn_model_save(placed, info.number_format, saved, save_size, &written) ==
                   TNN_OK);
        FUZZ_CHECK(written == save_size);
        void *mem2 = fuzz_buffer(info.model_size);
        tnn_model *again = NULL;
        FUZZ_CHECK(tnn_model_load_init(&again, mem2, info.model_size, saved, save_size) == TNN_OK);
        FUZZ_CHECK(same_params(placed, again));
        /* and into the existing model: shapes match, so it loads */
        FUZZ_CHECK(tnn_model_load(again, file, n) == TNN_OK);
        free(mem2);
        free(saved);

        /* C export under a fuzzed name: refused or NUL-terminated text */
        char name[16];
        const size_t name_len = (control >> 4) % sizeof name;
        for (size_t i = 0; i < name_len; i++)
            name[i] = (char)(n > i + 20 ? file[20 + i] : 'a');
        name[name_len] = '\0';
        size_t needed = 0;
        st = tnn_model_export_c(placed, info.number_format, name,
                                (tnn_c_export_part)(control & 1), NULL, 0, &needed);
        FUZZ_CHECK(fuzz_status_known(st));
        if (st == TNN_E_BUFFER_TOO_SMALL && needed <= (1u << 22)) {
            char *text = fuzz_buffer(needed);
            FUZZ_CHECK(tnn_model_export_c(placed, info.number_format, name,
                                          (tnn_c_export_part)(control & 1), text, needed,
                                          NULL) == TNN_OK);
            FUZZ_CHECK(strlen(text) + 1 == needed);
            free(text);
        }
    }

    /* in place */
    size_t view_size = 0;
    st = tnn_model_view_size(file, n, &view_size);
    if (verdict != TNN_OK) {
        FUZZ_CHECK(st == verdict);
    } else {
        const bool own_type = info.number_format == (TNN_REAL_IS_DOUBLE ? 2u : 1u);
        FUZZ_CHECK(own_type ? (st == TNN_OK || st == TNN_E_MISALIGNED) : st == TNN_E_UNSUPPORTED);
    }
    if (st == TNN_OK) {
        void *view_mem = fuzz_buffer(view_size);
        const tnn_model *view = NULL;
        FUZZ_CHECK(tnn_model_view(&view, view_mem, view_size, file, n) == TNN_OK);
        FUZZ_CHECK(placed != NULL && same_params(view, placed));
        free(view_mem);
    }

    if (heap != sentinel)
        tnn_model_free(heap);
    FUZZ_CHECK(alloc.live == 0);
    free(mem);
    free(file);
    return 0;
}
