/* The microcontroller test runner: runs every test, one line each, then
 * the verdict line and main's status (semihosting makes it qemu's). */
#include <math.h>
#include <stdlib.h>

#include "mcu_test.h"

static int current_failed;

void mcu_fail(const char *file, int line, const char *what)
{
    printf("  %s:%d: check failed: %s\n", file, line, what);
    current_failed = 1;
}

void mcu_fail_status(const char *file, int line, const char *what, tnn_status got,
                     tnn_status expected)
{
    printf("  %s:%d: %s returned %d (%s), expected %d\n", file, line, what, (int)got,
           tnn_status_message(got), (int)expected);
    current_failed = 1;
}

void mcu_fail_close(const char *file, int line, const char *what, double got, double expected)
{
    printf("  %s:%d: %s = %.17g, expected %.17g\n", file, line, what, got, expected);
    current_failed = 1;
}

int mcu_close(double got, double expected, double tol)
{
    return fabs(got - expected) <= tol * fmax(1.0, fabs(expected));
}

/* The library may call malloc only inside its *_new functions, which these
 * tests never use: the linker routes malloc here (-Wl,--wrap=malloc) to
 * prove it. newlib's own stdio allocates through _malloc_r, not malloc. */
void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);
static unsigned malloc_calls;
static void *last_malloc_caller;

void *__wrap_malloc(size_t size)
{
    malloc_calls++;
    last_malloc_caller = __builtin_return_address(0);
    return __real_malloc(size);
}

static void no_heap_use(void)
{
    if (malloc_calls != 0)
        printf("  malloc called %u times, last from %p (newlib prints doubles through\n"
               "  malloc: after a failure elsewhere this one may be a consequence)\n",
               malloc_calls, last_malloc_caller);
    MCU_CHECK(malloc_calls == 0);
}

typedef struct mcu_test {
    const char *name;
    void (*run)(void);
} mcu_test;

static const mcu_test tests[] = {
#if TNN_HAVE_SERIALIZE
    {"crc32", mcu_test_crc32},
#endif
    {"rng_u32", mcu_test_rng_u32},
    {"rng_sample", mcu_test_rng_sample},
    {"rng_normal", mcu_test_rng_normal},
    {"rng_uniform", mcu_test_rng_uniform},
    {"rng_randint_choice_permutation", mcu_test_rng_randint_choice_permutation},
    {"linspace", mcu_test_linspace},
    {"forward_reference", mcu_test_forward_reference},
#if TNN_HAVE_TRAINING
    {"ram_bill", mcu_test_ram_bill},
    {"train_x4_history", mcu_test_train_x4_history},
    {"train_x5_full", mcu_test_train_x5_full},
#endif
#if TNN_HAVE_SERIALIZE
    {"save_load", mcu_test_save_load},
    {"load_errors", mcu_test_load_errors},
    {"view_from_flash", mcu_test_view_from_flash},
#endif
    {"no_heap_use", no_heap_use},
};

static const char *cpu_name(void)
{
#if defined(__ARM_ARCH_7EM__) && defined(__ARM_FP)
    return "Cortex-M4F (hard float)";
#elif defined(__ARM_ARCH_7EM__)
    return "Cortex-M4 (soft float)";
#elif defined(__ARM_ARCH_7M__)
    return "Cortex-M3 (soft float)";
#elif defined(__ARM_ARCH_6M__)
    return "Cortex-M0 (soft float)";
#else
    return "unknown core";
#endif
}

int main(void)
{
    printf("libtinynn %s, tnn_real = %s, on %s\n", tnn_version(),
           TNN_REAL_IS_DOUBLE ? "double" : "float", cpu_name());
    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        current_failed = 0;
        tests[i].run();
        printf("%s %s\n", current_failed ? "FAIL" : "ok  ", tests[i].name);
        if (current_failed)
            failed++;
        else
            passed++;
    }
#if TNN_HAVE_TRAINING
    mcu_measure_epoch();
#endif
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
