/* The model file: CRC-32, save/load round trips across number types, every
 * validation error of the loader, and the C-source export. */
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "tnn_test.h"

/* ---- helpers ---- */

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Recomputes the trailing CRC after a test edited a file, so the loader's
 * checks behind the checksum can be reached. */
static void reseal(unsigned char *file, size_t size)
{
    put32(file + size - 4, tnn_crc32(0, file, size - 4));
}

/* The article's 2-3(relu)-1(sigmoid) network with fixed, awkward weights. */
static tnn_model *make_231(void)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec, 2, NULL));
    tnn_real p[13];
    for (int i = 0; i < 13; i++)
        p[i] = (tnn_real)((i - 6) * 0.1234567 + 1.0 / 3.0);
    ck_assert_ok(tnn_model_set_params(m, p, 13));
    return m;
}

/* A hand-made float64 file of a 1-1 linear model with weight w and bias b,
 * independent of the library's writer. Returns its size (48 bytes). */
static size_t make_double_file(unsigned char *f, double w, double b)
{
    memset(f, 0, 48);
    memcpy(f, "TNNM", 4);
    f[4] = 1; /* version */
    f[6] = 2; /* float64 */
    put32(f + 8, 48);
    put32(f + 12, 1); /* inputs */
    put32(f + 16, 1); /* layers */
    put32(f + 20, 1); /* units */
    f[24] = TNN_ACT_LINEAR;
    uint64_t bits;
    memcpy(&bits, &w, 8);
    put32(f + 28, (uint32_t)bits);
    put32(f + 32, (uint32_t)(bits >> 32));
    memcpy(&bits, &b, 8);
    put32(f + 36, (uint32_t)bits);
    put32(f + 40, (uint32_t)(bits >> 32));
    reseal(f, 48);
    return 48;
}

static void assert_same_params(const tnn_model *a, const tnn_model *b)
{
    size_t n = tnn_model_n_params(a);
    ck_assert_uint_eq(n, tnn_model_n_params(b));
    tnn_real pa[64], pb[64];
    ck_assert_ok(tnn_model_get_params(a, pa, n));
    ck_assert_ok(tnn_model_get_params(b, pb, n));
    ck_assert_mem_eq(pa, pb, n * sizeof pa[0]);
}

/* ---- CRC-32 ---- */

START_TEST(crc32_check_value)
{
    ck_assert_uint_eq(tnn_crc32(0, "123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(tnn_crc32(0, "", 0), 0);
    ck_assert_uint_eq(tnn_crc32(0, "a", 1), 0xE8B7BE43u);
    /* incremental: chunks give the same CRC as the whole */
    uint32_t c = tnn_crc32(0, "1234", 4);
    ck_assert_uint_eq(tnn_crc32(c, "56789", 5), 0xCBF43926u);
    ck_assert_uint_eq(tnn_crc32(0x1234u, NULL, 5), 0x1234u);
}
END_TEST

/* ---- round trips ---- */

START_TEST(save_size_and_layout)
{
    tnn_model *m = make_231();
    size_t s32, s64;
    ck_assert_ok(tnn_model_save_size(m, TNN_FORMAT_FLOAT32, &s32));
    ck_assert_ok(tnn_model_save_size(m, TNN_FORMAT_FLOAT64, &s64));
    ck_assert_uint_eq(s32, 24 + 2 * 8 + 13 * 4);
    ck_assert_uint_eq(s64, 24 + 2 * 8 + 13 * 8);
    unsigned char f[256];
    size_t written = 0;
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT32, f, sizeof f, &written));
    ck_assert_uint_eq(written, s32);
    /* the header, byte by byte (docs/model-format.md) */
    const unsigned char head[24] = {'T', 'N', 'N', 'M', 2, 0, 1, 0, 92, 0, 0, 0,
                                    2,   0,   0,   0,   2, 0, 0, 0, 3,  0, 0, 0};
    ck_assert_mem_eq(f, head, sizeof head);
    ck_assert_uint_eq(f[24], TNN_ACT_RELU);
    ck_assert_uint_eq(f[25], TNN_LAYER_DENSE);
    ck_assert_uint_eq(f[28], 1);
    ck_assert_uint_eq(f[32], TNN_ACT_SIGMOID);
    ck_assert_uint_eq(f[33], TNN_LAYER_DENSE);
    /* the first parameter, little-endian float32 */
    tnn_real p[13];
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    float first = (float)p[0];
    uint32_t bits;
    memcpy(&bits, &first, 4);
    ck_assert_uint_eq(get32(f + 36), bits);
    ck_assert_uint_eq(get32(f + 88), tnn_crc32(0, f, 88));

    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    ck_assert_ok(tnn_model_file_query(f, sizeof f, &info)); /* a longer buffer is fine */
    ck_assert_uint_eq(info.version, TNN_MODEL_FORMAT_VERSION);
    ck_assert_int_eq(info.number_format, TNN_FORMAT_FLOAT32);
    ck_assert_uint_eq(info.file_size, 92);
    ck_assert_uint_eq(info.n_inputs, 2);
    ck_assert_uint_eq(info.n_layers, 2);
    ck_assert_uint_eq(info.n_params, 13);
    size_t expected_model;
    const tnn_layer_spec spec[] = {TNN_DENSE(3, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_size(2, spec, 2, &expected_model));
    ck_assert_uint_eq(info.model_size, expected_model);
    /* an older caller's struct that ends after number_format: nothing after it
     * is written */
    struct {
        size_t struct_size;
        uint32_t version, number_format;
    } old = {sizeof old, 0, 0};
    _Alignas(8) unsigned char caller[sizeof info + 64], pattern[sizeof caller];
    memset(pattern, 0xA5, sizeof pattern);
    memcpy(pattern, &old, sizeof old);
    memcpy(caller, pattern, sizeof caller);
    ck_assert_ok(tnn_model_file_query(f, sizeof f, (tnn_model_file_info *)(void *)caller));
    memcpy(&old, caller, sizeof old);
    ck_assert_uint_eq(old.struct_size, sizeof old);
    ck_assert_uint_eq(old.version, TNN_MODEL_FORMAT_VERSION);
    ck_assert_uint_eq(old.number_format, TNN_FORMAT_FLOAT32);
    ck_assert_mem_eq(caller + sizeof old, pattern + sizeof old, sizeof caller - sizeof old);
    const size_t bad[] = {0, sizeof(size_t) - 1, sizeof info + 8};
    const tnn_status expected[] = {TNN_E_INVALID_ARGUMENT, TNN_E_INVALID_ARGUMENT,
                                   TNN_E_UNSUPPORTED};
    for (size_t i = 0; i < 3; i++) {
        memcpy(caller, &bad[i], sizeof bad[i]);
        memcpy(pattern, caller, sizeof caller);
        ck_assert_status(tnn_model_file_query(f, sizeof f, (tnn_model_file_info *)(void *)caller),
                         expected[i]);
        ck_assert_mem_eq(caller, pattern, sizeof caller);
    }
    tnn_layer_spec got[2];
    memset(got, 0x5A, sizeof got);
    ck_assert_ok(tnn_model_file_layers(f, written, got, 2));
    ck_assert_uint_eq(got[0].units, 3);
    ck_assert_int_eq(got[0].activation, TNN_ACT_RELU);
    ck_assert_int_eq(got[0].kind, TNN_LAYER_DENSE);
    ck_assert_uint_eq(got[1].units, 1);
    ck_assert_int_eq(got[1].activation, TNN_ACT_SIGMOID);
    ck_assert_int_eq(got[1].kind, TNN_LAYER_DENSE);
    ck_assert_status(tnn_model_file_layers(f, written, got, 1), TNN_E_SHAPE_MISMATCH);
    ck_assert_status(tnn_model_file_layers(f, written, NULL, 2), TNN_E_INVALID_ARGUMENT);
    tnn_model_free(m);
}
END_TEST

/* Saving in the build's own type and loading gives the same bits, through
 * every way of loading; the other type rounds as documented. */
START_TEST(round_trips)
{
    tnn_model *m = make_231();
    tnn_real p[13];
    ck_assert_ok(tnn_model_get_params(m, p, 13));
    const tnn_number_format formats[2] = {TNN_FORMAT_FLOAT32, TNN_FORMAT_FLOAT64};
    for (int k = 0; k < 2; k++) {
        unsigned char f[256];
        size_t n;
        ck_assert_ok(tnn_model_save(m, formats[k], f, sizeof f, &n));

        tnn_model *a = NULL;
        ck_assert_ok(tnn_model_load_new(&a, f, n, NULL));
        tnn_real q[13];
        ck_assert_ok(tnn_model_get_params(a, q, 13));
        for (int i = 0; i < 13; i++) {
            /* float -> float64 -> float is exact; double -> float32 rounds */
            tnn_real expected = formats[k] == TNN_FORMAT_FLOAT32 ? (tnn_real)(float)p[i] : p[i];
            ck_assert(q[i] == expected);
        }

        _Alignas(8) unsigned char mem[512];
        tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
        ck_assert_ok(tnn_model_file_query(f, n, &info));
        ck_assert_uint_le(info.model_size, sizeof mem);
        tnn_model *b = NULL;
        ck_assert_ok(tnn_model_load_init(&b, mem, info.model_size, f, n));
        assert_same_params(a, b);
        ck_assert_status(tnn_model_load_init(&b, mem, info.model_size - 1, f, n),
                         TNN_E_BUFFER_TOO_SMALL);
        ck_assert_status(tnn_model_load_init(&b, mem + 1, info.model_size, f, n),
                         TNN_E_MISALIGNED);

        tnn_model *c = make_231();
        ck_assert_ok(tnn_model_zero_params(c));
        ck_assert_ok(tnn_model_load(c, f, n));
        assert_same_params(a, c);

        /* and the loaded model predicts like the saved one */
        const tnn_real x[4] = {(tnn_real)0.5, (tnn_real)-1.25, (tnn_real)2, (tnn_real)0.75};
        tnn_real y0[2], y1[2];
        _Alignas(8) unsigned char work[256];
        ck_assert_ok(tnn_predict(m, x, 2, y0, work, sizeof work));
        ck_assert_ok(tnn_predict(b, x, 2, y1, work, sizeof work));
        for (int r = 0; r < 2; r++)
            ck_assert_close(y1[r], y0[r], formats[k] == TNN_FORMAT_FLOAT32 ? 1e-6 : 0);
        tnn_model_free(a);
        tnn_model_free(c);
    }
    tnn_model_free(m);
}
END_TEST

/* A float64 file written elsewhere (here by hand) loads into a float build
 * rounded to nearest, into a double build exactly. */
START_TEST(double_file_rounds_to_build)
{
    unsigned char f[48];
    size_t n = make_double_file(f, 0.1, -1.0 / 3.0);
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_load_new(&m, f, n, NULL));
    tnn_real p[2];
    ck_assert_ok(tnn_model_get_params(m, p, 2));
    ck_assert(p[0] == (tnn_real)0.1);
    ck_assert(p[1] == (tnn_real)(-1.0 / 3.0));
    tnn_model_free(m);

    /* beyond float's range: refused by a float build, kept by a double one */
    n = make_double_file(f, 1e300, 0);
#if TNN_REAL_IS_DOUBLE
    ck_assert_ok(tnn_model_load_new(&m, f, n, NULL));
    tnn_model_free(m);
    /* and a double model that large cannot be saved as float32 */
    const tnn_layer_spec spec[] = {TNN_DENSE(1, TNN_ACT_LINEAR)};
    ck_assert_ok(tnn_model_new(&m, 1, spec, 1, NULL));
    const tnn_real big[2] = {1e300, 0};
    ck_assert_ok(tnn_model_set_params(m, big, 2));
    unsigned char out[64];
    memset(out, 0xA5, sizeof out);
    ck_assert_status(tnn_model_save(m, TNN_FORMAT_FLOAT32, out, sizeof out, NULL),
                     TNN_E_OUT_OF_RANGE);
    ck_assert_uint_eq(out[0], 0xA5); /* nothing written */
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT64, out, sizeof out, NULL));
    tnn_model_free(m);
#else
    ck_assert_status(tnn_model_load_new(&m, f, n, NULL), TNN_E_NON_FINITE);
#endif
}
END_TEST

#if !TNN_REAL_IS_DOUBLE
static double from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* A float build rounds float64 files in integer arithmetic (no double
 * helpers on a microcontroller): it must give what the machine's (float)d
 * gives, ties to even and subnormals included. */
START_TEST(double_file_rounds_as_conversion)
{
    const uint64_t edges[] = {
        0,
        UINT64_C(1) << 63,
        1,                            /* zeros, smallest subnormal double */
        UINT64_C(0x47EFFFFFE0000000), /* FLT_MAX */
        UINT64_C(0x47EFFFFFD0000000), /* half an ulp below it: a tie */
        UINT64_C(0x3FF0000010000000), /* 1 + half an ulp: tie to even (1) */
        UINT64_C(0x3FF0000030000000), /* 1 + 1.5 ulp: tie to even (up) */
        UINT64_C(0x3FF0000010000001), /* just above a tie */
        UINT64_C(0x3FEFFFFFF0000000), /* rounds up into the next exponent */
        UINT64_C(0x36A0000000000000), /* 2^-149, smallest float subnormal */
        UINT64_C(0x3690000000000000), /* 2^-150: tie to 0 */
        UINT64_C(0x3690000000000001), /* just above: rounds to 2^-149 */
        UINT64_C(0x380FFFFFF0000000), /* largest subnormal rounds to normal */
        UINT64_C(0x3810000000000000), /* FLT_MIN */
        UINT64_C(0x37FFFFFFFFFFFFFF),
        UINT64_C(0x3000000000000000),
    };
    unsigned char f[48];
    uint64_t state = 12345;
    for (size_t i = 0; i < 20000; i++) {
        uint64_t bits;
        if (i < sizeof edges / sizeof edges[0]) {
            bits = edges[i];
        } else {
            state = state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            bits = state;
            /* exponents around float's range: normal, subnormal, underflow */
            const uint64_t exponent = 1023 - 160 + (state >> 33) % 290;
            bits = (bits & ~(UINT64_C(0x7FF) << 52)) | exponent << 52;
            if (i % 3 == 0) /* a tie or near-tie of the float rounding */
                bits = (bits & ~UINT64_C(0x1FFFFFFF)) | UINT64_C(0x10000000) | (i % 2);
        }
        for (int sign = 0; sign < 2; sign++) {
            const double d = from_bits(bits ^ (uint64_t)sign << 63);
            size_t n = make_double_file(f, d, 0);
            _Alignas(8) unsigned char mem[256];
            tnn_model *m = NULL;
            if (!(fabs(d) <= (double)FLT_MAX)) {
                ck_assert_status(tnn_model_load_init(&m, mem, sizeof mem, f, n),
                                 TNN_E_NON_FINITE);
                continue;
            }
            ck_assert_ok(tnn_model_load_init(&m, mem, sizeof mem, f, n));
            tnn_real p[2];
            ck_assert_ok(tnn_model_get_params(m, p, 2));
            const float expected = (float)d;
            ck_assert_msg(memcmp(&p[0], &expected, sizeof expected) == 0,
                          "%a became %a, (float) gives %a", d, (double)p[0], (double)expected);
        }
    }
    /* beyond FLT_MAX by less than half an ulp: refused, as before */
    size_t n = make_double_file(f, from_bits(UINT64_C(0x47EFFFFFE0000001)), 0);
    _Alignas(8) unsigned char mem[256];
    tnn_model *m = NULL;
    ck_assert_status(tnn_model_load_init(&m, mem, sizeof mem, f, n), TNN_E_NON_FINITE);
}
END_TEST
#endif

/* ---- validation ---- */

/* Every error path of the loader through all its entry points, none of
 * which may allocate or touch the model on failure. */
static void assert_load_fails(const unsigned char *f, size_t size, tnn_status expected)
{
    tnn_model_file_info info, pattern;
    memset(&pattern, 0x5A, sizeof pattern);
    pattern.struct_size = sizeof pattern;
    memcpy(&info, &pattern, sizeof info);
    ck_assert_status(tnn_model_file_query(f, size, &info), expected);
    ck_assert_mem_eq(&info, &pattern, sizeof info); /* untouched */

    counting_allocator c;
    counting_allocator_init(&c, 0);
    tnn_model *m = (tnn_model *)(uintptr_t)1;
    ck_assert_status(tnn_model_load_new(&m, f, size, &c.hooks), expected);
    ck_assert_uint_eq(c.calls, 0); /* never allocates from an unchecked size */
    ck_assert_ptr_eq(m, (tnn_model *)(uintptr_t)1);

    _Alignas(8) unsigned char mem[512];
    ck_assert_status(tnn_model_load_init(&m, mem, sizeof mem, f, size), expected);
    const tnn_model *view = (const tnn_model *)(uintptr_t)1;
    ck_assert_status(tnn_model_view(&view, mem, sizeof mem, f, size), expected);
    ck_assert_ptr_eq(view, (const tnn_model *)(uintptr_t)1);

    tnn_model *target = make_231();
    tnn_real before[13], after[13];
    ck_assert_ok(tnn_model_get_params(target, before, 13));
    ck_assert_status(tnn_model_load(target, f, size), expected);
    ck_assert_ok(tnn_model_get_params(target, after, 13));
    ck_assert_mem_eq(before, after, sizeof before);
    tnn_model_free(target);
}

static size_t saved_231(unsigned char *f, size_t cap)
{
    tnn_model *m = make_231();
    size_t n;
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT32, f, cap, &n));
    tnn_model_free(m);
    return n;
}

/* make_231() saved as float32 by the format version 1 writer (libtinynn
 * 0.1.0): no layer kinds, bytes 25 and 33 reserved. */
static const unsigned char version_1_file[92] = {
    0x54, 0x4e, 0x4e, 0x4d, 0x01, 0x00, 0x01, 0x00, 0x5c, 0x00, 0x00, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xa2, 0x97, 0xd0, 0xbe, 0xeb, 0x61,
    0x91, 0xbe, 0x66, 0x58, 0x24, 0xbe, 0xdd, 0xb3, 0x17, 0xbd, 0xef, 0xfc, 0xb0, 0x3d,
    0xe6, 0xe9, 0x56, 0x3e, 0xab, 0xaa, 0xaa, 0x3e, 0x62, 0xe0, 0xe9, 0x3e, 0x0d, 0x8b,
    0x14, 0x3f, 0xe9, 0x25, 0x34, 0x3f, 0xc4, 0xc0, 0x53, 0x3f, 0xa0, 0x5b, 0x73, 0x3f,
    0x3e, 0x7b, 0x89, 0x3f, 0xba, 0x00, 0x07, 0x95};

/* Version 1 files still load, every layer dense; saved again they become
 * version 2 files that differ only in the version and the CRC. */
START_TEST(version_1_file_loads_as_dense)
{
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    ck_assert_ok(tnn_model_file_query(version_1_file, sizeof version_1_file, &info));
    ck_assert_uint_eq(info.version, 1);
    ck_assert_uint_eq(info.n_params, 13);
    tnn_layer_spec got[2];
    memset(got, 0x5A, sizeof got);
    ck_assert_ok(tnn_model_file_layers(version_1_file, sizeof version_1_file, got, 2));
    ck_assert_uint_eq(got[0].units, 3);
    ck_assert_int_eq(got[0].activation, TNN_ACT_RELU);
    ck_assert_int_eq(got[0].kind, TNN_LAYER_DENSE);
    ck_assert_uint_eq(got[1].units, 1);
    ck_assert_int_eq(got[1].activation, TNN_ACT_SIGMOID);
    ck_assert_int_eq(got[1].kind, TNN_LAYER_DENSE);

    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_load_new(&m, version_1_file, sizeof version_1_file, NULL));
    ck_assert_int_eq(tnn_layer_kind_of(tnn_model_layer(m, 0)), TNN_LAYER_DENSE);
    ck_assert_int_eq(tnn_layer_kind_of(tnn_model_layer(m, 1)), TNN_LAYER_DENSE);
    tnn_model *ref = make_231();
    tnn_real a[13], b[13];
    ck_assert_ok(tnn_model_get_params(ref, a, 13));
    ck_assert_ok(tnn_model_get_params(m, b, 13));
    for (int i = 0; i < 13; i++) /* stored as float32 */
        ck_assert(b[i] == (tnn_real)(float)a[i]);
    ck_assert_ok(tnn_model_load(ref, version_1_file, sizeof version_1_file));
    assert_same_params(ref, m);

    unsigned char v2[128];
    size_t n = 0;
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT32, v2, sizeof v2, &n));
    ck_assert_uint_eq(n, sizeof version_1_file);
    ck_assert_uint_eq(v2[4], 2);
    ck_assert_mem_eq(v2 + 5, version_1_file + 5, n - 5 - 4);
    tnn_model_free(ref);
    tnn_model_free(m);

    /* version 1 has no kinds: the kind byte is reserved there */
    unsigned char f[sizeof version_1_file];
    memcpy(f, version_1_file, sizeof f);
    f[25] = 1;
    reseal(f, sizeof f);
    ck_assert_status(tnn_model_file_query(f, sizeof f, &info), TNN_E_BAD_FORMAT);
}
END_TEST

START_TEST(bad_magic)
{
    unsigned char f[128];
    size_t n = saved_231(f, sizeof f);
    for (int i = 0; i < 4; i++) {
        f[i] ^= 0x20;
        assert_load_fails(f, n, TNN_E_BAD_FORMAT);
        assert_load_fails(f, (size_t)i + 1, TNN_E_BAD_FORMAT); /* seen in a short prefix too */
        f[i] ^= 0x20;
    }
    assert_load_fails((const unsigned char *)"GIF89a-not-a-model-file-at-all!!", 32,
                      TNN_E_BAD_FORMAT);
}
END_TEST

START_TEST(unsupported_version)
{
    unsigned char f[128];
    size_t n = saved_231(f, sizeof f);
    const unsigned versions[3] = {0, TNN_MODEL_FORMAT_VERSION + 1, 0x0100};
    for (int v = 0; v < 3; v++) {
        f[4] = (unsigned char)(versions[v] & 0xff);
        f[5] = (unsigned char)(versions[v] >> 8);
        reseal(f, n);
        assert_load_fails(f, n, TNN_E_VERSION);
        assert_load_fails(f, 6, TNN_E_VERSION); /* known as soon as it is read */
    }
}
END_TEST

START_TEST(truncated_at_every_length)
{
    unsigned char f[256];
    size_t n = saved_231(f, sizeof f);
    for (size_t len = 0; len < n; len++) {
        /* a copy of exactly len bytes, so reading past it would be caught
         * by sanitizers and valgrind */
        unsigned char *copy = malloc(len > 0 ? len : 1);
        memcpy(copy, f, len);
        assert_load_fails(copy, len, TNN_E_TRUNCATED);
        free(copy);
    }
    /* and the float64 file */
    tnn_model *m = make_231();
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT64, f, sizeof f, &n));
    tnn_model_free(m);
    for (size_t len = 0; len < n; len++)
        assert_load_fails(f, len, TNN_E_TRUNCATED);
}
END_TEST

/* Any flipped bit behind the fixed fields is caught by the CRC. */
START_TEST(flipped_bytes_fail_checksum)
{
    unsigned char f[128];
    size_t n = saved_231(f, sizeof f);
    for (size_t i = 0; i < n; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            f[i] ^= (unsigned char)(1u << bit);
            tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
            tnn_status st = tnn_model_file_query(f, n, &info);
            if (i >= 12) /* inputs, layers, table, parameters, the CRC itself */
                ck_assert_status(st, TNN_E_CHECKSUM);
            else /* magic, version, type, reserved, length: their own errors */
                ck_assert(st == TNN_E_BAD_FORMAT || st == TNN_E_VERSION ||
                          st == TNN_E_TRUNCATED || st == TNN_E_CHECKSUM);
            f[i] ^= (unsigned char)(1u << bit);
        }
    }
    ck_assert_ok(tnn_model_file_query(f, n, &(tnn_model_file_info)TNN_MODEL_FILE_INFO_INIT));
}
END_TEST

/* Fields that are wrong although the checksum fits (resealed). */
START_TEST(bad_fields)
{
    unsigned char good[128], f[256];
    const size_t n = saved_231(good, sizeof good);
#define EDIT(stmt, expected)                                                                   \
    do {                                                                                       \
        memcpy(f, good, n);                                                                    \
        stmt;                                                                                  \
        reseal(f, n);                                                                          \
        assert_load_fails(f, n, expected);                                                     \
    } while (0)
    EDIT(f[6] = 0, TNN_E_BAD_FORMAT); /* number type */
    EDIT(f[6] = 3, TNN_E_BAD_FORMAT);
    EDIT(f[7] = 1, TNN_E_BAD_FORMAT);         /* reserved */
    EDIT(put32(f + 12, 0), TNN_E_BAD_FORMAT); /* zero inputs */
    EDIT(put32(f + 16, 0), TNN_E_BAD_FORMAT); /* zero layers */
    EDIT(put32(f + 16, 1), TNN_E_BAD_FORMAT); /* one layer: the length disagrees */
    EDIT(put32(f + 16, 3), TNN_E_BAD_FORMAT);
    EDIT(put32(f + 16, 0xFFFFFFFFu), TNN_E_BAD_FORMAT); /* absurd layer count */
    EDIT(put32(f + 20, 0), TNN_E_BAD_FORMAT);           /* zero units */
    EDIT(put32(f + 20, 4), TNN_E_BAD_FORMAT);           /* widths that need more parameters */
    /* Absurd sizes: widths are 32-bit fields, so a 2^40-unit claim cannot
     * be written; 2^32 - 1 units behind 2^32 - 1 inputs asks for ~2^64
     * parameters and is refused against the declared length before any
     * size is multiplied out or allocated. */
    EDIT(put32(f + 20, 0xFFFFFFFFu), TNN_E_BAD_FORMAT); /* absurd width */
    EDIT(put32(f + 12, 0xFFFFFFFFu), TNN_E_BAD_FORMAT); /* absurd input width */
    EDIT((put32(f + 12, 0xFFFFFFFFu), put32(f + 20, 0xFFFFFFFFu)), TNN_E_BAD_FORMAT);
    EDIT(f[24] = 6, TNN_E_BAD_FORMAT); /* unknown activation */
    EDIT(f[24] = 0xFF, TNN_E_BAD_FORMAT);
    EDIT(f[25] = TNN_LAYER_KIND_COUNT, TNN_E_BAD_FORMAT); /* unknown layer kind */
    EDIT(f[33] = 0xFF, TNN_E_BAD_FORMAT);
    EDIT(f[26] = 1, TNN_E_BAD_FORMAT); /* layer reserved bytes */
    EDIT(f[31] = 1, TNN_E_BAD_FORMAT);
    EDIT(put32(f + 36, 0x7FC00000u), TNN_E_NON_FINITE); /* NaN weight */
    EDIT(put32(f + 40, 0xFF800000u), TNN_E_NON_FINITE); /* -infinity */
#undef EDIT

    /* the declared length: too short to hold anything, or longer than the
     * buffer, or longer than the shapes need (with its CRC at the end) */
    memcpy(f, good, n);
    put32(f + 8, 27);
    assert_load_fails(f, n, TNN_E_BAD_FORMAT);
    put32(f + 8, 0xFFFFFFFFu);
    assert_load_fails(f, n, TNN_E_TRUNCATED);
    memcpy(f, good, n);
    memset(f + n, 0, 8);
    put32(f + 8, (uint32_t)n + 8);
    reseal(f, n + 8);
    assert_load_fails(f, n + 8, TNN_E_BAD_FORMAT);
    memcpy(f, good, n);
    put32(f + 8, (uint32_t)n + 2); /* not a whole number of parameters */
    memset(f + n, 0, 2);
    reseal(f, n + 2);
    assert_load_fails(f, n + 2, TNN_E_BAD_FORMAT);
}
END_TEST

START_TEST(shape_mismatch_and_arguments)
{
    unsigned char f[128];
    size_t n = saved_231(f, sizeof f);
    const tnn_layer_spec other[] = {TNN_DENSE(3, TNN_ACT_TANH), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, other, 2, NULL));
    ck_assert_status(tnn_model_load(m, f, n), TNN_E_SHAPE_MISMATCH);
    tnn_model_free(m);
    const tnn_layer_spec wider[] = {TNN_DENSE(4, TNN_ACT_RELU), TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&m, 2, wider, 2, NULL));
    ck_assert_status(tnn_model_load(m, f, n), TNN_E_SHAPE_MISMATCH);
    tnn_model_free(m);
    const tnn_layer_spec one[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    ck_assert_ok(tnn_model_new(&m, 2, one, 1, NULL));
    ck_assert_status(tnn_model_load(m, f, n), TNN_E_SHAPE_MISMATCH);

    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    ck_assert_status(tnn_model_file_query(NULL, n, &info), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_file_query(f, n, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_load(NULL, f, n), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_load_new(NULL, f, n, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_load_init(&m, NULL, 64, f, n), TNN_E_INVALID_ARGUMENT);
    counting_allocator c;
    counting_allocator_init(&c, 1);
    tnn_model *failed = NULL;
    ck_assert_status(tnn_model_load_new(&failed, f, n, &c.hooks), TNN_E_OUT_OF_MEMORY);
    ck_assert_ptr_null(failed);

    size_t size;
    unsigned char out[128];
    ck_assert_status(tnn_model_save_size(NULL, TNN_FORMAT_FLOAT32, &size),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_save_size(m, (tnn_number_format)0, &size), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_save_size(m, TNN_FORMAT_FLOAT32, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_save(m, TNN_FORMAT_FLOAT32, NULL, 128, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_ok(tnn_model_save_size(m, TNN_FORMAT_FLOAT32, &size));
    memset(out, 0xA5, sizeof out);
    size_t written = 77;
    ck_assert_status(tnn_model_save(m, TNN_FORMAT_FLOAT32, out, size - 1, &written),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(written, 77);
    for (size_t i = 0; i < sizeof out; i++)
        ck_assert_uint_eq(out[i], 0xA5); /* nothing written */
    tnn_model_free(m);
}
END_TEST

/* ---- C export ---- */

/* Reads the byte list back out of the generated source. */
static size_t parse_c_bytes(const char *text, unsigned char *out, size_t cap)
{
    const char *p = strstr(text, "] = {\n");
    ck_assert_ptr_nonnull(p);
    size_t n = 0;
    while ((p = strstr(p, "0x")) != NULL && n < cap) {
        unsigned v;
        ck_assert_int_eq(sscanf(p, "0x%2x", &v), 1);
        out[n++] = (unsigned char)v;
        p += 4;
    }
    return n;
}

START_TEST(export_c_text)
{
    tnn_model *m = make_231();
    unsigned char f[128];
    size_t n;
    ck_assert_ok(tnn_model_save(m, TNN_FORMAT_FLOAT32, f, sizeof f, &n));

    size_t needed = 0;
    ck_assert_status(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "x4_model", TNN_EXPORT_SOURCE,
                                        NULL, 0, &needed),
                     TNN_E_BUFFER_TOO_SMALL);
    char *src = malloc(needed);
    memset(src, 'Z', needed);
    ck_assert_status(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "x4_model", TNN_EXPORT_SOURCE,
                                        src, needed - 1, NULL),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(src[0], 'Z'); /* nothing written */
    ck_assert_ok(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "x4_model", TNN_EXPORT_SOURCE, src,
                                    needed, NULL));
    ck_assert_uint_eq(strlen(src) + 1, needed);
    ck_assert(strncmp(src, "/* x4_model: a libtinynn model file (format 2, float32, 92 bytes)",
                      60) == 0);
    ck_assert_ptr_nonnull(strstr(src,
                                 "2 inputs -> dense 3 relu -> dense 1 sigmoid, 13 parameters"));
    ck_assert_ptr_nonnull(strstr(src, "const size_t x4_model_size = 92;\n"));
    ck_assert_ptr_nonnull(strstr(src, "const unsigned char x4_model[92] = {\n"));
    unsigned char back[128];
    ck_assert_uint_eq(parse_c_bytes(src, back, sizeof back), n);
    ck_assert_mem_eq(back, f, n);
    ck_assert_ptr_nonnull(strstr(src, "};\n"));
    free(src);

    char hdr[1024];
    ck_assert_ok(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "x4_model", TNN_EXPORT_HEADER, hdr,
                                    sizeof hdr, &needed));
    ck_assert_ptr_nonnull(strstr(hdr, "#ifndef X4_MODEL_H\n#define X4_MODEL_H\n"));
    ck_assert_ptr_nonnull(strstr(hdr, "extern const unsigned char x4_model[92];\n"));
    ck_assert_ptr_nonnull(strstr(hdr, "extern const size_t x4_model_size;\n"));

    const char *bad_names[] = {"", "9lives", "has space", "dash-ed", "x4.model",
                               /* 65 characters, one over the limit */
                               "a1234567890123456789012345678901234567890123456789012345678901234"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++)
        ck_assert_status(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, bad_names[i],
                                            TNN_EXPORT_SOURCE, hdr, sizeof hdr, NULL),
                         TNN_E_INVALID_ARGUMENT);
    ck_assert_ok(tnn_model_export_c(m, TNN_FORMAT_FLOAT32,
                                    "_23456789012345678901234567890123456789012345678901234567890123",
                                    TNN_EXPORT_HEADER, hdr, sizeof hdr, NULL));
    ck_assert_status(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, NULL, TNN_EXPORT_SOURCE, hdr,
                                        sizeof hdr, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "m", (tnn_c_export_part)2, hdr,
                                        sizeof hdr, NULL),
                     TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_export_c(NULL, TNN_FORMAT_FLOAT32, "m", TNN_EXPORT_SOURCE, hdr,
                                        sizeof hdr, NULL),
                     TNN_E_INVALID_ARGUMENT);
    tnn_model_free(m);
}
END_TEST

static Suite *serialize_suite(void)
{
    Suite *s = suite_create("serialize");
    TCase *tc = tcase_create("model file");
    tcase_add_test(tc, crc32_check_value);
    tcase_add_test(tc, save_size_and_layout);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, double_file_rounds_to_build);
#if !TNN_REAL_IS_DOUBLE
    tcase_add_test(tc, double_file_rounds_as_conversion);
#endif
    tcase_add_test(tc, version_1_file_loads_as_dense);
    tcase_add_test(tc, bad_magic);
    tcase_add_test(tc, unsupported_version);
    tcase_add_test(tc, truncated_at_every_length);
    tcase_add_test(tc, flipped_bytes_fail_checksum);
    tcase_add_test(tc, bad_fields);
    tcase_add_test(tc, shape_mismatch_and_arguments);
    tcase_add_test(tc, export_c_text);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(serialize_suite());
}
