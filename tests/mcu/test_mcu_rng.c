/* numpy's generator on the microcontroller: the reference draws of
 * tests/data/rng_ref_small.h, equal doubles (soft-float double on both
 * cores: the FPU of the M4F is single precision). */
#include "data/rng_ref_small.h"
#include "mcu_test.h"

static _Alignas(8) unsigned char rng_mem[3072];

static tnn_rng *fresh(void)
{
    tnn_rng *rng = NULL;
    MCU_CHECK(tnn_rng_size() <= sizeof rng_mem);
    MCU_CHECK_OK(tnn_rng_init(&rng, rng_mem, sizeof rng_mem, 0));
    return rng;
}

void mcu_test_rng_u32(void)
{
    tnn_rng *rng = fresh();
    for (int i = 0; i < RNG_SMALL_N_U32; i++)
        MCU_CHECK(tnn_rng_next_u32(rng) == rng_small_u32[i]);
}

void mcu_test_rng_sample(void)
{
    tnn_rng *rng = fresh();
    for (int i = 0; i < RNG_SMALL_N_SAMPLE; i++)
        MCU_CHECK(tnn_rng_random_sample(rng) == rng_small_sample[i]);
}

void mcu_test_rng_normal(void)
{
    tnn_rng *rng = fresh();
    for (int i = 0; i < RNG_SMALL_N_NORMAL; i++)
        MCU_CHECK(tnn_rng_standard_normal(rng) == rng_small_normal[i]);
}

void mcu_test_rng_uniform(void)
{
    tnn_rng *rng = fresh();
    for (int i = 0; i < RNG_SMALL_N_UNIFORM; i++)
        MCU_CHECK(tnn_rng_uniform(rng, RNG_SMALL_UNIFORM_LOW, RNG_SMALL_UNIFORM_HIGH) ==
                  rng_small_uniform[i]);
    static double fill[RNG_SMALL_FILL_ROWS * 3];
    rng = fresh();
    MCU_CHECK_OK(tnn_rng_uniform_fill(rng, rng_small_fill_low, rng_small_fill_high,
                                      RNG_SMALL_FILL_ROWS, 3, fill));
    for (int i = 0; i < RNG_SMALL_FILL_ROWS * 3; i++)
        MCU_CHECK(fill[i] == rng_small_fill[i]);
}

void mcu_test_rng_randint_choice_permutation(void)
{
    for (int r = 0; r < RNG_SMALL_N_RANDINT_RANGES; r++) {
        tnn_rng *rng = fresh();
        for (int i = 0; i < RNG_SMALL_N_RANDINT; i++) {
            int64_t v = 0;
            MCU_CHECK_OK(tnn_rng_randint(rng, rng_small_randint_low[r],
                                         rng_small_randint_high[r], &v));
            MCU_CHECK(v == rng_small_randint[r * RNG_SMALL_N_RANDINT + i]);
        }
    }
    tnn_rng *rng = fresh();
    for (int i = 0; i < RNG_SMALL_N_CHOICE; i++) {
        size_t v = 99;
        MCU_CHECK_OK(tnn_rng_choice(rng, RNG_SMALL_CHOICE_SIZE, &v));
        MCU_CHECK(v == rng_small_choice[i]);
    }
    size_t perm[RNG_SMALL_PERM_SIZE];
    MCU_CHECK_OK(tnn_rng_permutation(fresh(), perm, RNG_SMALL_PERM_SIZE));
    for (int i = 0; i < RNG_SMALL_PERM_SIZE; i++)
        MCU_CHECK(perm[i] == rng_small_perm[i]);
}

void mcu_test_linspace(void)
{
    static double out[100];
    for (int c = 0; c < 2; c++) {
        const rng_small_linspace_case *lc = &rng_small_linspace_cases[c];
        MCU_CHECK_OK(tnn_linspace(lc->start, lc->stop, out, lc->num));
        for (size_t i = 0; i < lc->num; i++)
            MCU_CHECK(out[i] == rng_small_linspace_values[lc->offset + i]);
    }
}
