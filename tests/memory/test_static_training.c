/* The article's 2-3-1 network trained on X4 without the heap: model,
 * optimizer and workspace carved out of one static buffer with the size
 * queries, and the same run streamed in chunks of 32 rows so that RAM does
 * not grow with the data. The linker wraps malloc, calloc and realloc
 * (-Wl,--wrap): while `heap_forbidden` is set any call fails the test. */
#include <string.h>

#include "data/training_ref.h"
#include "tnn_test.h"

/* ---- the wrapped allocator ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static volatile int heap_forbidden;
static volatile size_t heap_calls_while_forbidden;

void *__wrap_malloc(size_t size)
{
    if (heap_forbidden) {
        heap_calls_while_forbidden++;
        return NULL;
    }
    return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (heap_forbidden) {
        heap_calls_while_forbidden++;
        return NULL;
    }
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    if (heap_forbidden) {
        heap_calls_while_forbidden++;
        return NULL;
    }
    return __real_realloc(p, size);
}

/* Check's own assertion macros allocate (they report progress to the
 * parent process), so between forbid_heap() and allow_heap() failures are
 * only recorded with TRY and asserted afterwards. */
static tnn_status fail_status;
static int fail_line;

#define TRY(expr)                                                                              \
    do {                                                                                       \
        tnn_status s_ = (expr);                                                                \
        if (s_ != TNN_OK) {                                                                    \
            fail_status = s_;                                                                  \
            fail_line = __LINE__;                                                              \
            goto done;                                                                         \
        }                                                                                      \
    } while (0)

static void forbid_heap(void)
{
    fail_status = TNN_OK;
    fail_line = 0;
    heap_calls_while_forbidden = 0;
    heap_forbidden = 1;
}

static void allow_heap(void)
{
    heap_forbidden = 0;
    ck_assert_msg(fail_status == TNN_OK, "line %d: %s", fail_line,
                  tnn_status_message(fail_status));
    ck_assert_uint_eq(heap_calls_while_forbidden, 0);
}

/* ---- the data, as tnn_real, in static memory ---- */

#define ROWS TRREF_X4_ROWS
#define CHUNK 32

static tnn_real x4[ROWS * 2], y4[ROWS];

static void load_x4(void)
{
    for (size_t i = 0; i < ROWS * 2; i++)
        x4[i] = (tnn_real)trref_x4_x[i];
    for (size_t i = 0; i < ROWS; i++)
        y4[i] = (tnn_real)trref_x4_y[i];
}

static const tnn_layer_spec spec_231[] = {TNN_DENSE(3, TNN_ACT_RELU),
                                          TNN_DENSE(1, TNN_ACT_SIGMOID)};

/* Hands out aligned pieces of one static buffer. */
typedef struct arena {
    unsigned char *base;
    size_t size, used;
} arena;

/* NULL when the buffer is full: the *_init functions then refuse it. */
static void *take(arena *a, size_t n)
{
    size_t at = (a->used + TNN_ALIGNMENT - 1) / TNN_ALIGNMENT * TNN_ALIGNMENT;
    if (at + n > a->size)
        return NULL;
    a->used = at + n;
    return a->base + at;
}

static tnn_status set_reference_weights(tnn_model *m)
{
    tnn_real k0[6], b0[3], k1[3], b1[1];
    for (int i = 0; i < 6; i++)
        k0[i] = (tnn_real)trref_x4_kernel0[i];
    for (int i = 0; i < 3; i++) {
        b0[i] = (tnn_real)trref_x4_bias0[i];
        k1[i] = (tnn_real)trref_x4_kernel1[i];
    }
    b1[0] = (tnn_real)trref_x4_bias1[0];
    tnn_status st = tnn_model_set_weights(m, 0, k0, 6, b0, 3);
    return st != TNN_OK ? st : tnn_model_set_weights(m, 1, k1, 3, b1, 1);
}

#if TNN_REAL_IS_DOUBLE
#define LOSS_TOL 1e-9
#else
#define LOSS_TOL 1e-4
#endif

/* Full batch through tnn_fit(): one buffer holds model, Adam and the fit
 * workspace, sized by the queries before anything is placed. */
START_TEST(full_batch_in_one_static_buffer)
{
    static _Alignas(8) unsigned char buffer[32 * 1024];
    load_x4();
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    o.metric = TNN_METRIC_ACCURACY;
    o.epochs = TRREF_X4_FULL_EPOCHS;

    size_t model_bytes = 0, opt_bytes = 0, fit_bytes = 0;
    double loss = -1, accuracy = -1;
    arena a = {buffer, sizeof buffer, 0};
    forbid_heap();
    TRY(tnn_model_size(2, spec_231, 2, &model_bytes));
    TRY(tnn_optimizer_size(TNN_OPT_ADAM, TRREF_X4_N_PARAMS, &opt_bytes));
    tnn_model *m;
    TRY(tnn_model_init(&m, take(&a, model_bytes), model_bytes, 2, spec_231, 2));
    TRY(tnn_fit_workspace_size(m, &o, ROWS, &fit_bytes));
    tnn_optimizer *opt;
    TRY(tnn_optimizer_init(&opt, take(&a, opt_bytes), opt_bytes, TNN_OPT_ADAM, TRREF_X4_N_PARAMS));
    void *work = take(&a, fit_bytes);
    TRY(set_reference_weights(m));
    TRY(tnn_fit(m, opt, &o, x4, y4, ROWS, work, fit_bytes, NULL));
    TRY(tnn_evaluate(m, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, x4, y4, ROWS, &loss, &accuracy, work,
                     fit_bytes));
done:
    allow_heap();

    ck_assert_close(loss, TRREF_X4_FINAL_LOSS, LOSS_TOL);
    ck_assert_close(accuracy, TRREF_X4_FINAL_ACCURACY, 1e-12);
    /* the RAM bill is exactly the three queries (plus alignment padding) */
    ck_assert_uint_le(a.used, model_bytes + opt_bytes + fit_bytes + 2 * TNN_ALIGNMENT);
}
END_TEST

/* Chunks of 32 rows: tnn_gradient() adds each chunk's gradient, one Adam
 * step per epoch over all rows. Inputs are converted chunk by chunk from
 * the constant double table into a 32-row buffer, as firmware would read
 * them from flash or a sensor log, so no RAM is sized by the data set. */
static tnn_status stream_epoch(tnn_model *m, tnn_real *grad, tnn_real *cx, tnn_real *cy,
                               void *work, size_t work_size, double *loss_sum)
{
    for (size_t first = 0; first < ROWS; first += CHUNK) {
        size_t n = ROWS - first < CHUNK ? ROWS - first : CHUNK;
        for (size_t r = 0; r < n; r++) {
            cx[2 * r] = (tnn_real)trref_x4_x[2 * (first + r)];
            cx[2 * r + 1] = (tnn_real)trref_x4_x[2 * (first + r) + 1];
            cy[r] = (tnn_real)trref_x4_y[first + r];
        }
        tnn_status st = tnn_gradient(m, TNN_LOSS_BCE, cx, cy, n, grad, TRREF_X4_N_PARAMS,
                                     loss_sum, work, work_size);
        if (st != TNN_OK)
            return st;
    }
    return TNN_OK;
}

START_TEST(streamed_in_chunks_of_32)
{
    static _Alignas(8) unsigned char buffer[8192];
    static double history[100];
    size_t model_bytes = 0, opt_bytes = 0, grad_ws = 0;
    double loss = -1;
    arena a = {buffer, sizeof buffer, 0};
    forbid_heap();
    TRY(tnn_model_size(2, spec_231, 2, &model_bytes));
    TRY(tnn_optimizer_size(TNN_OPT_ADAM, TRREF_X4_N_PARAMS, &opt_bytes));
    tnn_model *m;
    TRY(tnn_model_init(&m, take(&a, model_bytes), model_bytes, 2, spec_231, 2));
    TRY(tnn_gradient_workspace_size(m, CHUNK, &grad_ws));
    tnn_optimizer *opt;
    TRY(tnn_optimizer_init(&opt, take(&a, opt_bytes), opt_bytes, TNN_OPT_ADAM, TRREF_X4_N_PARAMS));
    void *work = take(&a, grad_ws);
    tnn_real *grad = take(&a, TRREF_X4_N_PARAMS * sizeof(tnn_real));
    tnn_real *cx = take(&a, CHUNK * 2 * sizeof(tnn_real));
    tnn_real *cy = take(&a, CHUNK * sizeof(tnn_real));
    TRY(cy != NULL ? TNN_OK : TNN_E_BUFFER_TOO_SMALL);
    TRY(set_reference_weights(m));

    for (size_t e = 0; e <= TRREF_X4_FULL_EPOCHS; e++) {
        memset(grad, 0, TRREF_X4_N_PARAMS * sizeof(tnn_real));
        loss = 0;
        TRY(stream_epoch(m, grad, cx, cy, work, grad_ws, &loss));
        loss /= ROWS;
        if (e < 100) /* the loss before each update: the reference history */
            history[e] = loss;
        if (e < TRREF_X4_FULL_EPOCHS) /* the last pass only measures */
            TRY(tnn_optimizer_step(opt, m, grad, TRREF_X4_N_PARAMS, ROWS));
    }
done:
    allow_heap();
    for (int e = 0; e < 100; e++)
        ck_assert_close(history[e], trref_x4_history[e], TNN_REAL_IS_DOUBLE ? 1e-9 : 1e-4);
    ck_assert_close(loss, TRREF_X4_FINAL_LOSS, LOSS_TOL);
    /* far below the full-batch bill (about 27 KB on this host) and set by
     * the chunk size alone: the buffer does not know the row count */
    ck_assert_uint_le(a.used, 1024 * sizeof(tnn_real));
}
END_TEST

/* The guard works: an allocation while forbidden is counted and refused. */
START_TEST(wrapper_catches_allocations)
{
    forbid_heap();
    void *p = malloc(16);
    size_t calls = heap_calls_while_forbidden;
    heap_forbidden = 0;
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(calls, 1);
    p = malloc(16);
    ck_assert_ptr_nonnull(p);
    free(p);
}
END_TEST

static Suite *static_training_suite(void)
{
    Suite *s = suite_create("static training");
    TCase *tc = tcase_create("no heap");
    tcase_add_test(tc, wrapper_catches_allocations);
    tcase_add_test(tc, full_batch_in_one_static_buffer);
    tcase_add_test(tc, streamed_in_chunks_of_32);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(static_training_suite());
}
