#include "stack_meter.h"

extern uint32_t __stack_bottom[];
uint32_t *stack_paint_sp;

/* Thumb-1 only, so it also runs on armv6-m. Uses no stack itself. */
__attribute__((naked, noinline)) void stack_paint(void)
{
    __asm__ volatile(
        ".syntax unified\n\t"
        "ldr  r0, =__stack_bottom\n\t"
        "mov  r1, sp\n\t"
        "ldr  r2, =stack_paint_sp\n\t"
        "str  r1, [r2]\n\t"
        "ldr  r2, =0xC5AC5AC5\n"
        "1:\n\t"
        "cmp  r0, r1\n\t"
        "bhs  2f\n\t"
        "str  r2, [r0]\n\t"
        "adds r0, #4\n\t"
        "b    1b\n"
        "2:\n\t"
        "bx   lr\n\t"
        ".ltorg");
}

/* Scans upward from the bottom for the first overwritten word. Frameless
 * asm, so calling it does not itself disturb the painted area. */
__attribute__((naked, noinline)) uint32_t stack_high_water(void)
{
    __asm__ volatile(
        ".syntax unified\n\t"
        "ldr  r0, =__stack_bottom\n\t"
        "ldr  r1, =stack_paint_sp\n\t"
        "ldr  r1, [r1]\n\t"
        "ldr  r2, =0xC5AC5AC5\n"
        "1:\n\t"
        "cmp  r0, r1\n\t"
        "bhs  2f\n\t"
        "ldr  r3, [r0]\n\t"
        "cmp  r3, r2\n\t"
        "bne  2f\n\t"
        "adds r0, #4\n\t"
        "b    1b\n"
        "2:\n\t"
        "subs r0, r1, r0\n\t"
        "bx   lr\n\t"
        ".ltorg");
}

uint32_t stack_capacity(void)
{
    return (uint32_t)((uintptr_t)stack_paint_sp - (uintptr_t)__stack_bottom);
}
