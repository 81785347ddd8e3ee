#include "insn_timer.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#if defined(BOARD_MPS2) || defined(BOARD_AN505)
/* CMSDK APB timer 0: CTRL +0, VALUE +4, RELOAD +8; 32-bit down counter.
 * MPS2 (an385/386/500): 0x40000000 at 25 MHz -> 40 instructions/tick.
 * AN505 (SSE-200 timer0): 0x40000000 at MAINCLK 20 MHz -> 50 instr/tick. */
#define T0 0x40000000u
#ifdef BOARD_AN505
const uint32_t insn_timer_res_num = 50, insn_timer_res_den = 1;
const char insn_timer_name[] = "CMSDK timer0 @0x40000000, 20 MHz";
#else
const uint32_t insn_timer_res_num = 40, insn_timer_res_den = 1;
const char insn_timer_name[] = "CMSDK timer0 @0x40000000, 25 MHz";
#endif
void insn_timer_init(void)
{
    REG(T0 + 0) = 0;
    REG(T0 + 8) = 0xFFFFFFFFu;
    REG(T0 + 4) = 0xFFFFFFFFu;
    REG(T0 + 0) = 1;
}
insn_stamp_t insn_timer_read(void) { return ~REG(T0 + 4); /* count up */ }
static uint64_t ticks(insn_stamp_t s, insn_stamp_t e) { return (uint32_t)(e - s); }

#elif defined(BOARD_AN547)
/* SSE-300 system counter (64-bit, clocked by MAINCLK = 32 MHz in QEMU):
 * control frame 0x58100000 (CNTCR +0, bit0 EN; Secure only),
 * status frame 0x48101000 (CNTCV lo +0, hi +4). 31.25 instructions/tick. */
#define CNT_CTRL 0x58100000u
#define CNT_STAT 0x48101000u
const uint32_t insn_timer_res_num = 125, insn_timer_res_den = 4;
const char insn_timer_name[] = "SSE-300 system counter CNTCV @0x48101000, 32 MHz";
void insn_timer_init(void) { REG(CNT_CTRL) = 1; }
insn_stamp_t insn_timer_read(void)
{
    uint32_t hi, lo;
    do { hi = REG(CNT_STAT + 4); lo = REG(CNT_STAT); } while (hi != REG(CNT_STAT + 4));
    return ((uint64_t)hi << 32) | lo;
}
static uint64_t ticks(insn_stamp_t s, insn_stamp_t e) { return e - s; }

#elif defined(BOARD_MICROBIT)
/* nRF51 TIMER0 @0x40008000, 16 MHz / 2^PRESCALER; 32-bit; read by
 * TASKS_CAPTURE[0] then CC[0]. 62.5 instructions/tick. */
#define TM 0x40008000u
const uint32_t insn_timer_res_num = 125, insn_timer_res_den = 2;
const char insn_timer_name[] = "nRF51 TIMER0 @0x40008000, 16 MHz";
void insn_timer_init(void)
{
    REG(TM + 0x004) = 1;  /* STOP */
    REG(TM + 0x504) = 0;  /* MODE = timer */
    REG(TM + 0x508) = 3;  /* BITMODE = 32 bit */
    REG(TM + 0x510) = 0;  /* PRESCALER = 0 -> 16 MHz */
    REG(TM + 0x00C) = 1;  /* CLEAR */
    REG(TM + 0x000) = 1;  /* START */
}
insn_stamp_t insn_timer_read(void)
{
    REG(TM + 0x040) = 1;  /* CAPTURE[0] */
    return REG(TM + 0x540);
}
static uint64_t ticks(insn_stamp_t s, insn_stamp_t e) { return (uint32_t)(e - s); }
#else
#error "define BOARD_MPS2, BOARD_AN505, BOARD_AN547 or BOARD_MICROBIT"
#endif

uint64_t insn_timer_elapsed(insn_stamp_t s, insn_stamp_t e)
{
    return ticks(s, e) * insn_timer_res_num / insn_timer_res_den;
}

__attribute__((noinline, noipa, used)) insn_stamp_t bench_start(void)
{
    return insn_timer_read();
}

__attribute__((noinline, noipa, used)) insn_stamp_t bench_end(void)
{
    return insn_timer_read();
}
