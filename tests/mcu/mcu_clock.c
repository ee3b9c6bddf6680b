/* Counting instructions without a cycle counter: qemu does not model the
 * DWT cycle counter, but under `-icount shift=0` its virtual clock advances
 * exactly 1 ns per executed instruction, and SysTick on the processor clock
 * (MCU_CPU_HZ: 25 MHz on the mps2 boards, 16 MHz on the microbit) ticks
 * once per 40 ns (62.5 ns) of that clock. So instructions = SysTick ticks *
 * 40 (62.5), to within one tick. The Cortex-M0 has no DWT at all; its
 * SysTick works the same way. Without -icount the
 * count follows the host's speed and means nothing; run-on-qemu.sh sets
 * -icount when TNN_QEMU_ICOUNT=1 (tests/mcu/size-report.sh does). */
#include "mcu_target.h"
#include "mcu_test.h"

#ifndef MCU_CPU_HZ
#define MCU_CPU_HZ 25000000 /* the mps2 boards */
#endif
#define SYSTICK_MAX 0xFFFFFFu
#define NS_PER_TICK (1e9 / MCU_CPU_HZ)

static unsigned long wraps;

void mcu_clock_start(void)
{
    MCU_SYST_CSR = 0;
    MCU_SYST_RVR = SYSTICK_MAX;
    MCU_SYST_CVR = 0;
    MCU_SYST_CSR = 0x5u; /* enable, processor clock, no interrupt */
    wraps = 0;
}

/* Call at least once per 2^24 ticks (0.67 s of emulated time at 25 MHz) so that no
 * wrap of the 24-bit counter is missed; callers poll once per epoch. */
double mcu_clock_instructions(void)
{
    /* COUNTFLAG (read-to-clear) says the counter wrapped since the last
     * read; read it after the value so a wrap in between is not lost. */
    uint32_t now = MCU_SYST_CVR;
    if (MCU_SYST_CSR & (1u << 16)) {
        wraps++;
        now = MCU_SYST_CVR;
    }
    double ticks = (double)wraps * (SYSTICK_MAX + 1.0) + (double)(SYSTICK_MAX - now);
    return ticks * NS_PER_TICK;
}

/* Checks the method on a loop of known length: two instructions (subs,
 * bne) per turn. Printed next to the measurements. */
double mcu_clock_calibration(unsigned long turns)
{
    mcu_clock_start();
    register unsigned long n __asm__("r0") = turns;
    /* GCC hands Thumb-1 (ARMv6-M) inline assembly over in divided syntax */
    __asm__ volatile(".syntax unified\n1:\n\tsubs %0, %0, #1\n\tbne 1b" : "+r"(n));
    return mcu_clock_instructions();
}
