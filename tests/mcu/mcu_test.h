/* The microcontroller test runner's few macros. Check needs POSIX (fork,
 * temporary files), so the runner is plain C: a failed check prints its
 * place and marks the current test failed; main() prints one line per test,
 * then "N passed, M failed", and returns non-zero if anything failed, which
 * semihosting turns into the emulator's exit status. */
#ifndef TNN_MCU_TEST_H
#define TNN_MCU_TEST_H

#include <stdio.h>

#include "tinynn/tinynn.h"

void mcu_fail(const char *file, int line, const char *what);
void mcu_fail_status(const char *file, int line, const char *what, tnn_status got,
                     tnn_status expected);
void mcu_fail_close(const char *file, int line, const char *what, double got, double expected);
int mcu_close(double got, double expected, double tol);

#define MCU_CHECK(cond)                                                                        \
    do {                                                                                       \
        if (!(cond))                                                                           \
            mcu_fail(__FILE__, __LINE__, #cond);                                               \
    } while (0)

#define MCU_CHECK_STATUS(expr, expected)                                                       \
    do {                                                                                       \
        tnn_status s_ = (expr);                                                                \
        if (s_ != (expected))                                                                  \
            mcu_fail_status(__FILE__, __LINE__, #expr, s_, (expected));                        \
    } while (0)

#define MCU_CHECK_OK(expr) MCU_CHECK_STATUS(expr, TNN_OK)

/* |got - expected| <= tol * max(1, |expected|) */
#define MCU_CHECK_CLOSE(got, expected, tol)                                                    \
    do {                                                                                       \
        double g_ = (double)(got), e_ = (double)(expected);                                    \
        if (!mcu_close(g_, e_, (tol)))                                                         \
            mcu_fail_close(__FILE__, __LINE__, #got, g_, e_);                                  \
    } while (0)

/* The board's RAM (cross-*.txt's mcu_c_args): on small boards the tests
 * place less at once. */
#ifndef MCU_RAM_BYTES
#define MCU_RAM_BYTES 65536
#endif

/* Tolerance of trajectories that suits the build's number type. */
#if TNN_REAL_IS_DOUBLE
#define MCU_TRAJ_TOL 1e-9
#else
#define MCU_TRAJ_TOL 1e-4
#endif

/* The tests, one group per file. */
void mcu_test_crc32(void);
void mcu_test_rng_u32(void);
void mcu_test_rng_sample(void);
void mcu_test_rng_normal(void);
void mcu_test_rng_uniform(void);
void mcu_test_rng_randint_choice_permutation(void);
void mcu_test_linspace(void);
void mcu_test_forward_reference(void);
void mcu_test_ram_bill(void);
void mcu_test_train_x4_history(void);
void mcu_test_train_x5_full(void);
void mcu_test_save_load(void);
void mcu_test_load_errors(void);
void mcu_test_view_from_flash(void);
void mcu_measure_epoch(void);

/* Instructions executed between two calls, from SysTick under qemu's
 * -icount (see mcu_clock.c); 0 when the counter is not running. */
void mcu_clock_start(void);
double mcu_clock_instructions(void);
/* Measured instructions of a loop of 2 * turns instructions (turns < 8M). */
double mcu_clock_calibration(unsigned long turns);

#endif /* TNN_MCU_TEST_H */
