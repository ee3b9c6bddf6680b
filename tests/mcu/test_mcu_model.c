/* Inference and training of the article's networks on the microcontroller,
 * every object placed in static memory sized by the library's queries:
 * - forward passes over all of X4 against the reference losses and accuracy;
 * - the RAM bill of training 2-3-1 on X4, full batch and in chunks of 32;
 * - 100 Adam epochs on X4 streamed in chunks of 32 rows (the whole data
 *   set, 1250 rows, never sits in RAM) against the reference history;
 * - the whole 1500-epoch X5 run (1-10-1, 100 rows) with tnn_fit(), full
 *   batch, reaching the reference's final loss. With 16 KiB of RAM
 *   (Cortex-M0, microbit) tnn_fit's full-batch scratch for 100 rows
 *   (13.7 KB) does not fit beside the stack and stdio's heap: there the
 *   same full-batch run is made in chunks of X5_CHUNK rows with
 *   tnn_gradient and tnn_optimizer_step (the host test
 *   chunked_training_equals_fit shows it is tnn_fit's step). The 2200-epoch
 *   X4 run is left to the host suites: on the soft-float M3 it would take
 *   minutes. */
#include <string.h>

#include "data/training_ref.h"
#include "mcu_test.h"
#include "x4_stream.h"

#define X4_ROWS TRREF_X4_ROWS
#define X4_PARAMS TRREF_X4_N_PARAMS

/* One static buffer for everything a test places: 16 KiB, or 3 KiB on a
 * board with 16 KiB of RAM, where X5 trains in chunks (see below). */
#if MCU_RAM_BYTES >= 32768
#define ARENA_BYTES 16384
#else
#define ARENA_BYTES 3072
#define X5_CHUNK 10
#endif
static _Alignas(8) unsigned char arena[ARENA_BYTES];
static size_t arena_used;

static void *take(size_t n)
{
    size_t at = (arena_used + TNN_ALIGNMENT - 1) / TNN_ALIGNMENT * TNN_ALIGNMENT;
    if (at + n > sizeof arena)
        return NULL; /* the *_init functions refuse NULL */
    arena_used = at + n;
    return arena + at;
}

static tnn_model *x4_model(void)
{
    size_t bytes = 0;
    tnn_model *m = NULL;
    MCU_CHECK_OK(tnn_model_size(2, x4_spec, 2, &bytes));
    MCU_CHECK_OK(tnn_model_init(&m, take(bytes), bytes, 2, x4_spec, 2));
    return m;
}

/* Mean BCE loss and accuracy over X4, streamed in chunks. */
static void x4_evaluate(const tnn_model *m, double *loss, double *accuracy)
{
    static tnn_real cx[X4_CHUNK * 2], cy[X4_CHUNK];
    static _Alignas(8) unsigned char work[512];
    double loss_sum = 0, correct = 0;
    for (size_t first = 0; first < X4_ROWS; first += X4_CHUNK) {
        size_t n = X4_ROWS - first < X4_CHUNK ? X4_ROWS - first : X4_CHUNK;
        x4_read_chunk(first, n, cx, cy);
        double l = 0, a = 0;
        MCU_CHECK_OK(tnn_evaluate(m, TNN_LOSS_BCE, TNN_METRIC_ACCURACY, cx, cy, n, &l, &a, work,
                                  sizeof work));
        loss_sum += l * (double)n;
        correct += a * (double)n;
    }
    *loss = loss_sum / X4_ROWS;
    *accuracy = correct / X4_ROWS;
}

void mcu_test_forward_reference(void)
{
    arena_used = 0;
    tnn_model *m = x4_model();
    MCU_CHECK_OK(x4_set_initial_weights(m));
    double loss, accuracy;
    x4_evaluate(m, &loss, &accuracy);
    MCU_CHECK_CLOSE(loss, trref_x4_loss[0], MCU_TRAJ_TOL);

    /* the reference's weights after the article's 2200 epochs */
    tnn_real p[X4_PARAMS];
    for (int i = 0; i < X4_PARAMS; i++)
        p[i] = (tnn_real)trref_x4_params_full[i];
    MCU_CHECK_OK(tnn_model_set_params(m, p, X4_PARAMS));
    x4_evaluate(m, &loss, &accuracy);
    MCU_CHECK_CLOSE(loss, TRREF_X4_FINAL_LOSS, MCU_TRAJ_TOL);
    MCU_CHECK(accuracy * X4_ROWS + 0.5 >= TRREF_X4_FINAL_CORRECT &&
              accuracy * X4_ROWS - 0.5 <= TRREF_X4_FINAL_CORRECT);
}

#if TNN_HAVE_TRAINING

/* The RAM bill, printed for tests/mcu/size-report.sh ("ram: ..." lines). */
void mcu_test_ram_bill(void)
{
    arena_used = 0;
    tnn_model *m = x4_model();
    size_t model = 0, adam = 0, fit = 0, grad_ws = 0;
    MCU_CHECK_OK(tnn_model_size(2, x4_spec, 2, &model));
    MCU_CHECK_OK(tnn_optimizer_size(TNN_OPT_ADAM, X4_PARAMS, &adam));
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_BCE;
    MCU_CHECK_OK(tnn_fit_workspace_size(m, &o, X4_ROWS, &fit));
    MCU_CHECK_OK(tnn_gradient_workspace_size(m, X4_CHUNK, &grad_ws));
    const size_t data_full = X4_ROWS * 3 * sizeof(tnn_real);
    const size_t chunk = X4_CHUNK * 3 * sizeof(tnn_real) + X4_PARAMS * sizeof(tnn_real);
    printf("ram: model 2-3-1 %u B, Adam %u B\n", (unsigned)model, (unsigned)adam);
    printf("ram: full batch: fit workspace %u B + data %u B = %u B total\n", (unsigned)fit,
           (unsigned)data_full, (unsigned)(model + adam + fit + data_full));
    printf("ram: chunks of %u: gradient workspace %u B + gradient and chunk %u B = %u B total\n",
           X4_CHUNK, (unsigned)grad_ws, (unsigned)chunk,
           (unsigned)(model + adam + grad_ws + chunk));
    MCU_CHECK(model + adam + grad_ws + chunk < 3072); /* whatever the row count */
}

void mcu_test_train_x4_history(void)
{
    static tnn_real cx[X4_CHUNK * 2], cy[X4_CHUNK];
    arena_used = 0;
    tnn_model *m = x4_model();
    size_t adam = 0, ws = 0;
    tnn_optimizer *opt = NULL;
    MCU_CHECK_OK(tnn_optimizer_size(TNN_OPT_ADAM, X4_PARAMS, &adam));
    MCU_CHECK_OK(tnn_optimizer_init(&opt, take(adam), adam, TNN_OPT_ADAM, X4_PARAMS));
    MCU_CHECK_OK(tnn_gradient_workspace_size(m, X4_CHUNK, &ws));
    void *work = take(ws);
    tnn_real *grad = take(X4_PARAMS * sizeof(tnn_real));
    MCU_CHECK_OK(x4_set_initial_weights(m));
    if (grad == NULL || opt == NULL)
        return;
    for (int e = 0; e < TRREF_X4_HISTORY_EPOCHS; e++) {
        memset(grad, 0, X4_PARAMS * sizeof(tnn_real));
        double loss = 0;
        for (size_t first = 0; first < X4_ROWS; first += X4_CHUNK) {
            size_t n = X4_ROWS - first < X4_CHUNK ? X4_ROWS - first : X4_CHUNK;
            x4_read_chunk(first, n, cx, cy);
            MCU_CHECK_OK(tnn_gradient(m, TNN_LOSS_BCE, cx, cy, n, grad, X4_PARAMS, &loss, work,
                                      ws));
        }
        MCU_CHECK_CLOSE(loss / X4_ROWS, trref_x4_history[e], MCU_TRAJ_TOL);
        MCU_CHECK_OK(tnn_optimizer_step(opt, m, grad, X4_PARAMS, X4_ROWS));
    }
    double loss, accuracy;
    x4_evaluate(m, &loss, &accuracy);
    MCU_CHECK_CLOSE(loss, trref_x4_loss[3], MCU_TRAJ_TOL); /* after 100 steps */
}

void mcu_test_train_x5_full(void)
{
    static tnn_real x[TRREF_X5_ROWS], y[TRREF_X5_ROWS];
    for (int i = 0; i < TRREF_X5_ROWS; i++) {
        x[i] = (tnn_real)trref_x5_x[i];
        y[i] = (tnn_real)trref_x5_y[i];
    }
    arena_used = 0;
    const tnn_layer_spec spec[2] = {TNN_DENSE(TRREF_X5_HIDDEN, TNN_ACT_RELU),
                                    TNN_DENSE(1, TNN_ACT_LINEAR)};
    size_t model = 0, adam = 0, ws = 0;
    tnn_model *m = NULL;
    tnn_optimizer *opt = NULL;
    MCU_CHECK_OK(tnn_model_size(1, spec, 2, &model));
    MCU_CHECK_OK(tnn_model_init(&m, take(model), model, 1, spec, 2));
    tnn_real k0[TRREF_X5_HIDDEN], b0[TRREF_X5_HIDDEN], k1[TRREF_X5_HIDDEN], b1[1];
    for (int i = 0; i < TRREF_X5_HIDDEN; i++) {
        k0[i] = (tnn_real)trref_x5_kernel0[i];
        b0[i] = (tnn_real)trref_x5_bias0[i];
        k1[i] = (tnn_real)trref_x5_kernel1[i];
    }
    b1[0] = (tnn_real)trref_x5_bias1[0];
    MCU_CHECK_OK(tnn_model_set_weights(m, 0, k0, TRREF_X5_HIDDEN, b0, TRREF_X5_HIDDEN));
    MCU_CHECK_OK(tnn_model_set_weights(m, 1, k1, TRREF_X5_HIDDEN, b1, 1));
    MCU_CHECK_OK(tnn_optimizer_size(TNN_OPT_ADAM, TRREF_X5_N_PARAMS, &adam));
    MCU_CHECK_OK(tnn_optimizer_init(&opt, take(adam), adam, TNN_OPT_ADAM, TRREF_X5_N_PARAMS));
#ifdef X5_CHUNK
    MCU_CHECK_OK(tnn_gradient_workspace_size(m, X5_CHUNK, &ws));
    void *work = take(ws);
    tnn_real *grad = take(TRREF_X5_N_PARAMS * sizeof(tnn_real));
    if (work == NULL || grad == NULL || opt == NULL)
        return;
    for (int e = 0; e < TRREF_X5_FULL_EPOCHS; e++) {
        memset(grad, 0, TRREF_X5_N_PARAMS * sizeof(tnn_real));
        for (size_t first = 0; first < TRREF_X5_ROWS; first += X5_CHUNK)
            MCU_CHECK_OK(tnn_gradient(m, TNN_LOSS_MSE, x + first, y + first, X5_CHUNK, grad,
                                      TRREF_X5_N_PARAMS, NULL, work, ws));
        MCU_CHECK_OK(tnn_optimizer_step(opt, m, grad, TRREF_X5_N_PARAMS, TRREF_X5_ROWS));
    }
#else
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    o.loss = TNN_LOSS_MSE;
    o.epochs = TRREF_X5_FULL_EPOCHS;
    MCU_CHECK_OK(tnn_fit_workspace_size(m, &o, TRREF_X5_ROWS, &ws));
    void *work = take(ws);
    MCU_CHECK_OK(tnn_fit(m, opt, &o, x, y, TRREF_X5_ROWS, work, ws, NULL));
#endif
    double loss = -1;
    MCU_CHECK_OK(tnn_evaluate(m, TNN_LOSS_MSE, TNN_METRIC_NONE, x, y, TRREF_X5_ROWS, &loss,
                              NULL, work, ws));
    MCU_CHECK_CLOSE(loss, TRREF_X5_FINAL_LOSS, MCU_TRAJ_TOL);
}

/* Instructions per X4 epoch (2-3-1, Adam, chunks of 32), printed for
 * tests/mcu/size-report.sh; meaningful under qemu -icount (mcu_clock.c). */
void mcu_measure_epoch(void)
{
    static tnn_real cx[X4_CHUNK * 2], cy[X4_CHUNK];
    enum { EPOCHS = 3 };
    arena_used = 0;
    tnn_model *m = x4_model();
    size_t adam = 0, ws = 0;
    tnn_optimizer *opt = NULL;
    if (tnn_optimizer_size(TNN_OPT_ADAM, X4_PARAMS, &adam) != TNN_OK ||
        tnn_optimizer_init(&opt, take(adam), adam, TNN_OPT_ADAM, X4_PARAMS) != TNN_OK ||
        tnn_gradient_workspace_size(m, X4_CHUNK, &ws) != TNN_OK)
        return;
    void *work = take(ws);
    tnn_real *grad = take(X4_PARAMS * sizeof(tnn_real));
    if (x4_set_initial_weights(m) != TNN_OK || grad == NULL || opt == NULL)
        return;

    /* the reading of the data alone, to tell it apart from the library */
    mcu_clock_start();
    for (int e = 0; e < EPOCHS; e++) {
        for (size_t first = 0; first < X4_ROWS; first += X4_CHUNK)
            x4_read_chunk(first, X4_ROWS - first < X4_CHUNK ? X4_ROWS - first : X4_CHUNK, cx, cy);
        (void)mcu_clock_instructions();
    }
    const double reading = mcu_clock_instructions() / EPOCHS;

    mcu_clock_start();
    for (int e = 0; e < EPOCHS; e++) {
        memset(grad, 0, X4_PARAMS * sizeof(tnn_real));
        for (size_t first = 0; first < X4_ROWS; first += X4_CHUNK) {
            size_t n = X4_ROWS - first < X4_CHUNK ? X4_ROWS - first : X4_CHUNK;
            x4_read_chunk(first, n, cx, cy);
            if (tnn_gradient(m, TNN_LOSS_BCE, cx, cy, n, grad, X4_PARAMS, NULL, work, ws) !=
                TNN_OK)
                return;
        }
        if (tnn_optimizer_step(opt, m, grad, X4_PARAMS, X4_ROWS) != TNN_OK)
            return;
        (void)mcu_clock_instructions();
    }
    const double epoch = mcu_clock_instructions() / EPOCHS;
    printf("insn: calibration: a loop of 2000000 instructions counted as %.0f\n",
           mcu_clock_calibration(1000000ul));
    printf("insn: X4 epoch (1250 rows, 2-3-1, BCE, Adam, chunks of 32): %.0f total, %.0f reading "
           "data, %.0f library\n",
           epoch, reading, epoch - reading);
}

#endif /* TNN_HAVE_TRAINING */
