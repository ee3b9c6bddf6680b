/* The read-only model view over a model file image: the same predictions
 * and inspection results as a loaded model, bit for bit, from an image
 * mapped read-only; the images it refuses; the calls that refuse it. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tnn_test.h"

#if TNN_REAL_IS_DOUBLE
#define REAL_FORMAT TNN_FORMAT_FLOAT64
#define OTHER_FORMAT TNN_FORMAT_FLOAT32
#else
#define REAL_FORMAT TNN_FORMAT_FLOAT32
#define OTHER_FORMAT TNN_FORMAT_FLOAT64
#endif

/* 2-4(tanh)-3(softmax) with awkward weights: every inspection applies. */
static tnn_model *make_model(void)
{
    const tnn_layer_spec spec[] = {TNN_DENSE(4, TNN_ACT_TANH), TNN_DENSE(3, TNN_ACT_SOFTMAX)};
    tnn_model *m = NULL;
    ck_assert_ok(tnn_model_new(&m, 2, spec, 2, NULL));
    tnn_real p[27];
    for (int i = 0; i < 27; i++)
        p[i] = (tnn_real)((i % 7 - 3) * 0.3141592 + 1.0 / (i + 3.0));
    ck_assert_ok(tnn_model_set_params(m, p, 27));
    return m;
}

/* The model's file in a page of its own, then mapped read-only: a write
 * through the view would fault. The parameters start at byte
 * 20 + 8 * 2 = 36 of the page, aligned for float; a double build's image
 * goes 4 bytes further, as tnn_model_view() documents. */
static const unsigned char *read_only_image(const tnn_model *m, tnn_number_format format,
                                            size_t offset, size_t *size)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                              -1, 0);
    ck_assert_ptr_ne(map, MAP_FAILED);
    ck_assert_ok(tnn_model_save(m, format, map + offset, page - offset, size));
    ck_assert_int_eq(mprotect(map, page, PROT_READ), 0);
    return map + offset;
}

#if TNN_REAL_IS_DOUBLE
#define ALIGNED_OFFSET 4u
#else
#define ALIGNED_OFFSET 0u
#endif

START_TEST(view_matches_loaded_model)
{
    tnn_model *ref = make_model();
    size_t n = 0;
    const unsigned char *image = read_only_image(ref, REAL_FORMAT, ALIGNED_OFFSET, &n);
    _Alignas(8) unsigned char load_mem[1024], view_mem[512];
    tnn_model *loaded = NULL;
    ck_assert_ok(tnn_model_load_init(&loaded, load_mem, sizeof load_mem, image, n));

    size_t view_size = 0;
    ck_assert_ok(tnn_model_view_size(image, n, &view_size));
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    ck_assert_ok(tnn_model_file_query(image, n, &info));
    /* the view's RAM is the loaded model's minus its parameters */
    ck_assert_uint_eq(view_size + 27 * sizeof(tnn_real), info.model_size);
    const tnn_model *view = NULL;
    ck_assert_status(tnn_model_view(&view, view_mem, view_size - 1, image, n),
                     TNN_E_BUFFER_TOO_SMALL);
    ck_assert_ptr_null(view);
    ck_assert_ok(tnn_model_view(&view, view_mem, view_size, image, n));

    ck_assert_uint_eq(tnn_model_n_params(view), 27);
    ck_assert_uint_eq(tnn_model_n_outputs(view), 3);
    tnn_real pv[27], pl[27];
    ck_assert_ok(tnn_model_get_params(view, pv, 27));
    ck_assert_ok(tnn_model_get_params(loaded, pl, 27));
    ck_assert_mem_eq(pv, pl, sizeof pv);
    tnn_real kv[8], kl[8], bv[4], bl[4];
    ck_assert_ok(tnn_model_get_weights(view, 0, kv, 8, bv, 4));
    ck_assert_ok(tnn_model_get_weights(loaded, 0, kl, 8, bl, 4));
    ck_assert_mem_eq(kv, kl, sizeof kv);
    ck_assert_mem_eq(bv, bl, sizeof bv);

    const tnn_real x[10] = {0.5, -1.25, 2, 0.125, -0.75, -3, 1.5, 1, 0, 0.375};
    _Alignas(8) unsigned char work[4096];
    tnn_real yv[15], yl[15];
    ck_assert_ok(tnn_predict(view, x, 5, yv, work, sizeof work));
    ck_assert_ok(tnn_predict(loaded, x, 5, yl, work, sizeof work));
    ck_assert_mem_eq(yv, yl, sizeof yv);

    tnn_real av[20], zv[20], al[20], zl[20];
    ck_assert_ok(tnn_layer_activations(view, 0, x, 5, av, zv, 20, work, sizeof work));
    ck_assert_ok(tnn_layer_activations(loaded, 0, x, 5, al, zl, 20, work, sizeof work));
    ck_assert_mem_eq(av, al, sizeof av);
    ck_assert_mem_eq(zv, zl, sizeof zv);

    tnn_real nv[2], nl[2], ov, ol;
    ck_assert_ok(tnn_unit_hyperplane(view, 0, 2, nv, 2, &ov));
    ck_assert_ok(tnn_unit_hyperplane(loaded, 0, 2, nl, 2, &ol));
    ck_assert_mem_eq(nv, nl, sizeof nv);
    ck_assert(ov == ol);
    tnn_real cv[4], cl[4];
    ck_assert_ok(tnn_class_boundary(view, 1, 0, 2, cv, 4, &ov));
    ck_assert_ok(tnn_class_boundary(loaded, 1, 0, 2, cl, 4, &ol));
    ck_assert_mem_eq(cv, cl, sizeof cv);
    ck_assert(ov == ol);

#if TNN_HAVE_TRAINING
    const tnn_real y[15] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0};
    tnn_real gv[27] = {0}, gl[27] = {0};
    double lv = 0, ll = 0;
    ck_assert_ok(tnn_gradient(view, TNN_LOSS_CCE, x, y, 5, gv, 27, &lv, work, sizeof work));
    ck_assert_ok(tnn_gradient(loaded, TNN_LOSS_CCE, x, y, 5, gl, 27, &ll, work, sizeof work));
    ck_assert_mem_eq(gv, gl, sizeof gv);
    ck_assert(lv == ll);
#endif

    /* saved again, the view is its image */
    unsigned char again[512];
    size_t m = 0;
    ck_assert_ok(tnn_model_save(view, REAL_FORMAT, again, sizeof again, &m));
    ck_assert_uint_eq(m, n);
    ck_assert_mem_eq(again, image, n);
    tnn_model_free((tnn_model *)(uintptr_t)view); /* does nothing */
    ck_assert_uint_eq(tnn_model_n_params(view), 27);
    tnn_model_free(ref);
}
END_TEST

/* A refused image leaves the handle untouched and fails the size query the
 * same way. */
static void assert_view_fails(const void *image, size_t n, tnn_status expected)
{
    _Alignas(8) unsigned char mem[512];
    const tnn_model *view = (const tnn_model *)(uintptr_t)1;
    ck_assert_status(tnn_model_view(&view, mem, sizeof mem, image, n), expected);
    ck_assert_ptr_eq(view, (const tnn_model *)(uintptr_t)1);
    size_t size = 12345;
    ck_assert_status(tnn_model_view_size(image, n, &size), expected);
    ck_assert_uint_eq(size, 12345);
}

START_TEST(view_refuses_images)
{
    tnn_model *ref = make_model();
    size_t n = 0;
    /* the other number type: loadable, but not usable in place */
    const unsigned char *other = read_only_image(ref, OTHER_FORMAT, 0, &n);
    assert_view_fails(other, n, TNN_E_UNSUPPORTED);
    _Alignas(8) unsigned char mem[1024];
    tnn_model *loaded = NULL;
    ck_assert_ok(tnn_model_load_init(&loaded, mem, sizeof mem, other, n));

    /* parameters off a tnn_real boundary */
    const unsigned char *shifted = read_only_image(ref, REAL_FORMAT,
                                                   ALIGNED_OFFSET + sizeof(tnn_real) / 2, &n);
    assert_view_fails(shifted, n, TNN_E_MISALIGNED);

    /* damaged images, as the loader refuses them */
    static _Alignas(8) unsigned char image[512];
    ck_assert_ok(tnn_model_save(ref, REAL_FORMAT, image + ALIGNED_OFFSET,
                                sizeof image - ALIGNED_OFFSET, &n));
    unsigned char *f = image + ALIGNED_OFFSET;
    f[40] ^= 1;
    assert_view_fails(f, n, TNN_E_CHECKSUM);
    f[40] ^= 1;
    assert_view_fails(f, n - 1, TNN_E_TRUNCATED);
    f[0] = 'X';
    assert_view_fails(f, n, TNN_E_BAD_FORMAT);
    f[0] = 'T';
    assert_view_fails(NULL, n, TNN_E_INVALID_ARGUMENT);
    const tnn_model *view = NULL;
    ck_assert_status(tnn_model_view(NULL, mem, sizeof mem, f, n), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_view(&view, NULL, sizeof mem, f, n), TNN_E_INVALID_ARGUMENT);
    ck_assert_status(tnn_model_view(&view, mem + 1, sizeof mem - 1, f, n), TNN_E_MISALIGNED);
    ck_assert_status(tnn_model_view_size(f, n, NULL), TNN_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(view);
    ck_assert_ok(tnn_model_view(&view, mem, sizeof mem, f, n));
    tnn_model_free(ref);
}
END_TEST

/* Every call that writes a model refuses a view (a caller who casts the
 * const away included) and leaves the image as it was. */
START_TEST(view_refuses_changes)
{
    tnn_model *ref = make_model();
    size_t n = 0;
    const unsigned char *image = read_only_image(ref, REAL_FORMAT, ALIGNED_OFFSET, &n);
    _Alignas(8) unsigned char mem[512];
    const tnn_model *view = NULL;
    ck_assert_ok(tnn_model_view(&view, mem, sizeof mem, image, n));
    tnn_model *w = (tnn_model *)(uintptr_t)view;

    tnn_real p[27] = {0};
    ck_assert_status(tnn_model_set_params(w, p, 27), TNN_E_READ_ONLY);
    ck_assert_status(tnn_model_set_weights(w, 1, NULL, 0, p, 3), TNN_E_READ_ONLY);
    ck_assert_status(tnn_model_zero_params(w), TNN_E_READ_ONLY);
    ck_assert_status(tnn_model_draw_keras(w, 7), TNN_E_READ_ONLY);
    _Alignas(8) unsigned char rng_mem[8192];
    tnn_rng *rng = NULL;
    ck_assert_ok(tnn_rng_init(&rng, rng_mem, sizeof rng_mem, 1));
    ck_assert_status(tnn_model_draw_glorot(w, rng), TNN_E_READ_ONLY);
    ck_assert_status(tnn_model_load(w, image, n), TNN_E_READ_ONLY);

#if TNN_HAVE_TRAINING
    tnn_optimizer *opt = NULL;
    ck_assert_ok(tnn_optimizer_new(&opt, TNN_OPT_ADAM, 27, NULL));
    tnn_real grad[27] = {1};
    ck_assert_status(tnn_optimizer_step(opt, w, grad, 27, 1), TNN_E_READ_ONLY);
    const tnn_real x[4] = {1, 2, 3, 4}, y[6] = {1, 0, 0, 0, 0, 1};
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_CCE;
    o.epochs = 1;
    static _Alignas(8) unsigned char work[1 << 16];
    ck_assert_status(tnn_fit(w, opt, &o, x, y, 2, work, sizeof work, NULL), TNN_E_READ_ONLY);
    tnn_optimizer_free(opt);
#endif

#if TNN_HAVE_TRAINING
    /* the one-layer learners */
    const tnn_layer_spec one[] = {TNN_DENSE(1, TNN_ACT_STEP)};
    tnn_model *step = NULL;
    ck_assert_ok(tnn_model_new(&step, 2, one, 1, NULL));
    const unsigned char *step_image = read_only_image(step, REAL_FORMAT, ALIGNED_OFFSET, &n);
    _Alignas(8) unsigned char step_mem[256];
    ck_assert_ok(tnn_model_view(&view, step_mem, sizeof step_mem, step_image, n));
    const tnn_real x1[4] = {1, 2, 3, 4}, y1[2] = {1, 0};
    _Alignas(8) unsigned char lwork[4096];
    ck_assert_status(tnn_perceptron_fit((tnn_model *)(uintptr_t)view, x1, y1, 2, 0.1, 1, NULL,
                                        lwork, sizeof lwork),
                     TNN_E_READ_ONLY);
#if TNN_HAVE_LBFGS
    const tnn_layer_spec sig[] = {TNN_DENSE(1, TNN_ACT_SIGMOID)};
    tnn_model *lr = NULL;
    ck_assert_ok(tnn_model_new(&lr, 2, sig, 1, NULL));
    const unsigned char *lr_image = read_only_image(lr, REAL_FORMAT, ALIGNED_OFFSET, &n);
    ck_assert_ok(tnn_model_view(&view, step_mem, sizeof step_mem, lr_image, n));
    static _Alignas(8) unsigned char lr_work[1 << 16];
    ck_assert_status(tnn_logreg_fit((tnn_model *)(uintptr_t)view, NULL, x1, y1, 2, lr_work,
                                    sizeof lr_work, NULL),
                     TNN_E_READ_ONLY);
    tnn_model_free(lr);
#endif
    tnn_model_free(step);
#endif

    /* nothing reached the image (a write would also have faulted) */
    unsigned char again[512];
    ck_assert_ok(tnn_model_save(ref, REAL_FORMAT, again, sizeof again, &n));
    ck_assert_mem_eq(again, image, n);
    tnn_model_free(ref);
}
END_TEST

static Suite *model_view_suite(void)
{
    Suite *s = suite_create("model_view");
    TCase *tc = tcase_create("view");
    tcase_add_test(tc, view_matches_loaded_model);
    tcase_add_test(tc, view_refuses_images);
    tcase_add_test(tc, view_refuses_changes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(model_view_suite());
}
