/* Reset and fault handling of the Cortex-M test image.
 *
 * QEMU's M-profile cores boot from the vector table at address 0 (initial
 * stack pointer, then the reset handler), not from the ELF entry point,
 * and newlib's semihosting crt0 provides no such table: this file does,
 * and does what crt0 would (data, bss, semihosting handles, constructors)
 * before calling main. */
#include <stdint.h>
#include <stdlib.h>

#include "mcu_target.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);
void initialise_monitor_handles(void);
void __libc_init_array(void);
void Reset_Handler(void);
void Fault_Handler(void);
void _init(void);
void _fini(void);

/* -nostartfiles drops crti/crtn, whose _init/_fini __libc_init_array calls. */
void _init(void)
{
}

void _fini(void)
{
}

/* Semihosting call: the debugger (here QEMU) services `bkpt 0xAB`. */
static uintptr_t semihost(uintptr_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Any fault: say so and which, then leave the emulator with status 3 so a
 * crash fails the test run instead of hanging it. Uses semihosting
 * directly, since the C library's state may be what broke. ARMv6-M (the
 * Cortex-M0) has neither status register: qemu reads them as 0 there. */
void Fault_Handler(void)
{
    static const char hex[] = "0123456789abcdef";
    char msg[] = "FAULT: CFSR=0x........ HFSR=0x........\n";
    uint32_t cfsr = MCU_REG(0xE000ED28u), hfsr = MCU_REG(0xE000ED2Cu);
    for (int i = 0; i < 8; i++) {
        msg[14 + i] = hex[(cfsr >> (28 - 4 * i)) & 15u];
        msg[30 + i] = hex[(hfsr >> (28 - 4 * i)) & 15u];
    }
    semihost(0x04 /* SYS_WRITE0 */, msg);
    static const uintptr_t exit_block[2] = {0x20026 /* ADP_Stopped_ApplicationExit */, 3};
    semihost(0x20 /* SYS_EXIT_EXTENDED */, exit_block);
    for (;;) {
    }
}

void Reset_Handler(void)
{
#if defined(__ARM_FP)
    /* Full access to the FPU (coprocessors 10 and 11) before the first
     * float instruction, which would otherwise take a UsageFault. */
    MCU_REG(0xE000ED88u) |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;)
        *dst++ = *src++;
    for (uint32_t *dst = &_sbss; dst < &_ebss;)
        *dst++ = 0;
    initialise_monitor_handles();
    __libc_init_array();
    exit(main()); /* newlib 3.3 reports the status through SYS_EXIT_EXTENDED */
}

/* The vector table: initial stack pointer, reset, and every exception the
 * tests might provoke routed to the fault handler (interrupts stay off). */
__attribute__((section(".isr_vector"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)&_estack,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    0,
    0,
    0,
    0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    Fault_Handler, /* SysTick */
};
