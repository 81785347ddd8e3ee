/* Minimal Cortex-M startup: vector table, reset handler, fault handlers.
 * Works for armv6-m, armv7-m, armv7e-m, armv8-m.main and armv8.1-m.main. */
#include <stdint.h>
#include "semihost.h"

extern uint32_t __stack_top[], __stack_bottom[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
int main(void);

void Reset_Handler(void);
void HardFault_Handler(void);
void Default_Handler(void);
void reset_c(void);
void fault_report(const uint32_t *frame, uint32_t exc_return);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

/* 16 system vectors + 16 external IRQs (none is enabled by the harness). */
__attribute__((section(".vectors"), used))
const uintptr_t vector_table[32] = {
    (uintptr_t)__stack_top,     /* 0: initial MSP */
    (uintptr_t)Reset_Handler,   /* 1 */
    (uintptr_t)Default_Handler, /* 2: NMI */
    (uintptr_t)HardFault_Handler, /* 3 */
    [4 ... 31] = (uintptr_t)Default_Handler, /* MemManage, BusFault, UsageFault,
                  SecureFault, SVC, DebugMon, PendSV, SysTick, IRQ0..15 */
};

static inline void fpu_enable(void)
{
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* CP10/CP11 full access: enables the FPU, and on Cortex-M55 also MVE
     * (Helium), which is gated by the same coprocessor-access bits. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
}

/* QEMU loads MSP from vector 0; set it again for loaders that do not. */
__attribute__((naked)) void Reset_Handler(void)
{
    __asm__ volatile("ldr r0, =__stack_top\n\tmov sp, r0\n\t"
                     "ldr r0, =reset_c\n\tbx r0\n\t.ltorg");
}

__attribute__((noreturn, used)) void reset_c(void)
{
    fpu_enable(); /* before any code that the compiler might vectorise */

    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;) *d++ = 0;

    semi_exit(main());
}

/* ---- fault reporting: never hang, always exit non-zero ---- */
static void put_kv(const char *k, uint32_t v) { semi_write0(k); semi_put_hex(v); }

__attribute__((noreturn, used)) void fault_report(const uint32_t *frame,
                                                         uint32_t exc_return)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    semi_write0(ipsr == 3 ? "\n*** HardFault" : "\n*** Unexpected exception");
    put_kv(" ipsr=", ipsr);
    put_kv(" pc=", frame[6]);
    put_kv(" lr=", frame[5]);
    put_kv(" xpsr=", frame[7]);
    put_kv(" exc_return=", exc_return);
#if !defined(__ARM_ARCH_6M__)
    put_kv(" cfsr=", *(volatile uint32_t *)0xE000ED28u);
    put_kv(" hfsr=", *(volatile uint32_t *)0xE000ED2Cu);
    put_kv(" bfar=", *(volatile uint32_t *)0xE000ED38u);
#endif
    semi_write0("\n");
    semi_exit(ipsr == 3 ? 3 : 4);
}

/* Pick the stacked frame (MSP or PSP per EXC_RETURN bit 2); Thumb-1 only,
 * so it also assembles for armv6-m. */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm__ volatile(
        ".syntax unified\n\t"
        "movs r0, #4\n\t"
        "mov  r1, lr\n\t"
        "tst  r0, r1\n\t"
        "beq  1f\n\t"
        "mrs  r0, psp\n\t"
        "b    2f\n"
        "1:\n\t"
        "mrs  r0, msp\n"
        "2:\n\t"
        "ldr  r2, =fault_report\n\t"
        "bx   r2\n\t"
        ".ltorg");
}

__attribute__((naked)) void Default_Handler(void)
{
    __asm__ volatile("ldr r2, =HardFault_Handler\n\tbx r2\n\t.ltorg");
}
