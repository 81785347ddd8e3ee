/*
 * EdgeGen runtime: the lane operations of the unrolled ternary kernels (generator/Emit/C/Kernels/Ternary).
 * A ternary layer's weights are baked into straight-line additions and subtractions. On cores with the DSP
 * extension one trit row accumulates into a word of two int16 lanes, and the inputs are stored once as words
 * of two int16 values (x_a, x_b) (SXTB16 of the input bytes), so each pair of trits (t_a, t_b) of a row is
 * one instruction:
 *   (+,+) SADD16   (-,-) SSUB16   (+,-) SASX   (-,+) SSAX   (lo lane gets one input, hi lane the other)
 *   (+,0) / (-,0)  ADD / SUB of the word shifted left by 16 (x_a into the high lane)
 *   (0,+) / (0,-)  ADD / SUB of the word with its low half cleared (x_b into the high lane)
 * The row's sum is the sum of its two lanes (SMLAD with 0x00010001). The generator proves every lane stays
 * within int16 and adds the lanes into an int32 sum before they could overflow, so the lane arithmetic is exact.
 * On other compilers and hosts the same functions are plain C. C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_TERNARY_H
#define EDGEGEN_TERNARY_H

#include <stdint.h>
#include "edgegen_fixedpoint.h"
#include "edgegen_dsp.h"

/* The row blocks of an unrolled kernel stay separate functions: one huge function compiles slowly and spills. */
#if defined(__GNUC__)
#define EG_TERNARY_BLOCK static __attribute__((noinline))
#else
#define EG_TERNARY_BLOCK static
#endif

/* The signed low and high lanes of a word. */
EG_INLINE int32_t eg_lane_lo(uint32_t a) { return (int16_t)(uint16_t)(a & 0xFFFFu); }
EG_INLINE int32_t eg_lane_hi(uint32_t a) { return (int16_t)(uint16_t)(a >> 16); }

#if defined(__ARM_FEATURE_SIMD32) && defined(__GNUC__)
#include <arm_acle.h>
#define eg_sadd16(a, b) ((uint32_t)__sadd16((int32_t)(a), (int32_t)(b)))
#define eg_ssub16(a, b) ((uint32_t)__ssub16((int32_t)(a), (int32_t)(b)))
#define eg_sasx(a, b) ((uint32_t)__sasx((int32_t)(a), (int32_t)(b)))
#define eg_ssax(a, b) ((uint32_t)__ssax((int32_t)(a), (int32_t)(b)))
#else
EG_INLINE uint32_t eg_lanes(int32_t lo, int32_t hi) { return ((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu); }
EG_INLINE uint32_t eg_sadd16(uint32_t a, uint32_t b) { return eg_lanes(eg_lane_lo(a) + eg_lane_lo(b), eg_lane_hi(a) + eg_lane_hi(b)); }
EG_INLINE uint32_t eg_ssub16(uint32_t a, uint32_t b) { return eg_lanes(eg_lane_lo(a) - eg_lane_lo(b), eg_lane_hi(a) - eg_lane_hi(b)); }
/* SASX: lo = a.lo - b.hi, hi = a.hi + b.lo.  SSAX: lo = a.lo + b.hi, hi = a.hi - b.lo. */
EG_INLINE uint32_t eg_sasx(uint32_t a, uint32_t b) { return eg_lanes(eg_lane_lo(a) - eg_lane_hi(b), eg_lane_hi(a) + eg_lane_lo(b)); }
EG_INLINE uint32_t eg_ssax(uint32_t a, uint32_t b) { return eg_lanes(eg_lane_lo(a) + eg_lane_hi(b), eg_lane_hi(a) - eg_lane_lo(b)); }
#endif

/* The sum of a word's two lanes added to acc. */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
#define eg_lane_sum(a, acc) __smlad((int32_t)(a), 0x00010001, (acc))
#else
EG_INLINE int32_t eg_lane_sum(uint32_t a, int32_t acc) { return acc + eg_lane_lo(a) + eg_lane_hi(a); }
#endif

/* Widens n int8 inputs into n/2 (rounded up to whole words of 4 inputs) pair words: word 2m = (x[4m], x[4m+2]),
 * word 2m+1 = (x[4m+1], x[4m+3]); inputs past n read as 0. */
EG_INLINE void eg_ternary_widen(const int8_t *x, uint32_t *w, int n)
{
    int i;
    for (i = 0; i + 4 <= n; i += 4, w += 2) {
        int32_t raw;
        eg_memcpy(&raw, x + i, 4);
        w[0] = (uint32_t)eg_sxtb16(raw);
        w[1] = (uint32_t)eg_sxtb16_ror8(raw);
    }
    if (i < n) {
        int8_t tail[4] = {0, 0, 0, 0};
        int32_t raw;
        eg_memcpy(tail, x + i, (unsigned)(n - i));
        eg_memcpy(&raw, tail, 4);
        w[0] = (uint32_t)eg_sxtb16(raw);
        w[1] = (uint32_t)eg_sxtb16_ror8(raw);
    }
}

/* The high half of a word moved down. Behind an asm on Arm, so that (v >> 16) << 16 stays a shift feeding the
 * shifted-operand ADD (one LSR per word, shared by the rows) instead of an AND with a mask held in a register. */
#if defined(__GNUC__) && defined(__ARM_ARCH) && !defined(__aarch64__)
EG_INLINE uint32_t eg_top16(uint32_t v)
{
    uint32_t r;
    __asm__("lsr %0, %1, #16" : "=r"(r) : "r"(v));
    return r;
}
#else
EG_INLINE uint32_t eg_top16(uint32_t v) { return v >> 16; }
#endif

/* One row's update with the pair word v for each trit pair (t_a, t_b). */
#define EG_T_PP(a, v) ((a) = eg_sadd16((a), (v)))
#define EG_T_MM(a, v) ((a) = eg_ssub16((a), (v)))
#define EG_T_PM(a, v) ((a) = eg_sasx((a), (v)))
#define EG_T_MP(a, v) ((a) = eg_ssax((a), (v)))
#define EG_T_PZ(a, v) ((a) += (uint32_t)(v) << 16)
#define EG_T_MZ(a, v) ((a) -= (uint32_t)(v) << 16)
#define EG_T_ZP(a, v) ((a) += eg_top16(v) << 16)
#define EG_T_ZM(a, v) ((a) -= eg_top16(v) << 16)

#endif
