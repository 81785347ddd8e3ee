/* Instruction counter for QEMU run with "-icount shift=0" (1 instruction = 1 ns
 * of virtual time). A timer clocked at F Hz ticks every 1e9/F instructions.
 * Pick the board with -DBOARD_MPS2 (an385/an386/an500), -DBOARD_AN505,
 * -DBOARD_AN547 or -DBOARD_MICROBIT. */
#ifndef INSN_TIMER_H
#define INSN_TIMER_H
#include <stdint.h>

typedef uint64_t insn_stamp_t;

void insn_timer_init(void);
insn_stamp_t insn_timer_read(void);
/* instructions between two stamps (handles one wrap of 32-bit timers) */
uint64_t insn_timer_elapsed(insn_stamp_t start, insn_stamp_t end);
/* resolution: instructions per tick as NUM/DEN, and a name for reports */
extern const uint32_t insn_timer_res_num, insn_timer_res_den;
extern const char insn_timer_name[];

/* Marker functions: identical bodies, never inlined or merged, so that
 * (a) the TCG plugin can count exactly from entry of bench_start to entry of
 * bench_end, and (b) that count equals the instructions between their two
 * timer reads. */
insn_stamp_t bench_start(void);
insn_stamp_t bench_end(void);
#endif
