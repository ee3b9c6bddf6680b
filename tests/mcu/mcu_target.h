/* The few Cortex-M system registers the test image touches. */
#ifndef TNN_MCU_TARGET_H
#define TNN_MCU_TARGET_H

#include <stdint.h>

#define MCU_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* SysTick: a 24-bit down-counter on the processor clock. */
#define MCU_SYST_CSR MCU_REG(0xE000E010u)
#define MCU_SYST_RVR MCU_REG(0xE000E014u)
#define MCU_SYST_CVR MCU_REG(0xE000E018u)

#endif /* TNN_MCU_TARGET_H */
