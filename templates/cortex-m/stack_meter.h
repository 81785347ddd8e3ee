/* Stack high-water measurement by painting.
 *   stack_paint();            fill [__stack_bottom, SP) with a pattern
 *   f();                      code to measure, called from the same frame
 *   n = stack_high_water();   bytes below the painted SP that were touched
 * stack_paint is a frameless leaf, so SP at the paint equals the caller's SP. */
#ifndef STACK_METER_H
#define STACK_METER_H
#include <stdint.h>
#define STACK_PAINT_PATTERN 0xC5AC5AC5u
void stack_paint(void);
uint32_t stack_high_water(void);
uint32_t stack_capacity(void);   /* bytes between __stack_bottom and painted SP */
#endif
