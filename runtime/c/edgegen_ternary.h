/*
 * EdgeGen runtime: the lane operations of the unrolled ternary kernels (generator/Emit/C/Kernels/Ternary).
 * A ternary layer's weights are baked into straight-line additions and subtractions; on cores with the DSP
 * extension two trit rows share one 32-bit word of two int16 lanes (lo = first row, hi = second row), and
 * every input is stored once as a "dup" word (x, x), so each sign pattern of the two rows is one instruction:
 *   (+,+) SADD16   (-,-) SSUB16   (lo -, hi +) SASX   (lo +, hi -) SSAX
 *   (0,+) / (0,-)  ADD / SUB of the word shifted left by 16 (the low lane is untouched)
 *   (+,0) / (-,0)  SADD16 / SSUB16 of the low half only
 * The generator proves every lane stays within int16 (it flushes lanes into int32 sums before they could
 * overflow), so the lane arithmetic is exact. On other compilers and hosts the same functions are plain C.
 * C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_TERNARY_H
#define EDGEGEN_TERNARY_H

#include <stdint.h>
#include "edgegen_fixedpoint.h"

/* The row blocks of an unrolled kernel stay separate functions: one huge function compiles slowly and spills. */
#if defined(__GNUC__)
#define EG_TERNARY_BLOCK static __attribute__((noinline))
#else
#define EG_TERNARY_BLOCK static
#endif

/* The dup word (x, x) of an int8 input. */
EG_INLINE uint32_t eg_dup16(int8_t x)
{
    const uint32_t v = (uint16_t)(int16_t)x;
    return v | (v << 16);
}

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

/* One row pair's update with the dup word v for each sign pattern (lo trit, hi trit). */
#define EG_T_PP(a, v) ((a) = eg_sadd16((a), (v)))
#define EG_T_MM(a, v) ((a) = eg_ssub16((a), (v)))
#define EG_T_MP(a, v) ((a) = eg_sasx((a), (v)))
#define EG_T_PM(a, v) ((a) = eg_ssax((a), (v)))
#define EG_T_ZP(a, v) ((a) += (uint32_t)(v) << 16)
#define EG_T_ZM(a, v) ((a) -= (uint32_t)(v) << 16)
#define EG_T_PZ(a, v) ((a) = eg_sadd16((a), (uint32_t)(v) & 0xFFFFu))
#define EG_T_MZ(a, v) ((a) = eg_ssub16((a), (uint32_t)(v) & 0xFFFFu))

#endif
