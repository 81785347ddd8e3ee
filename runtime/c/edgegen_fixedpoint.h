/*
 * EdgeGen runtime: the integer arithmetic TFLite's quantized kernels are defined by.
 * Every function here is bit-exact with EdgeGen's reference interpreter (generator/Numerics);
 * generated kernels call them with constants decided at generation time.
 * C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_FIXEDPOINT_H
#define EDGEGEN_FIXEDPOINT_H

#include <stdint.h>

#if defined(__GNUC__)
#define EG_INLINE static inline __attribute__((always_inline))
#else
#define EG_INLINE static inline
#endif

/* High 32 bits of 2*a*b, rounded half away from zero; saturates the one overflow case. */
EG_INLINE int32_t eg_srdhm(int32_t a, int32_t b)
{
    int64_t ab;
    int64_t nudge;
    if (a == b && a == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
EG_INLINE int32_t eg_rdbpot(int32_t x, int exponent)
{
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite's MultiplyByQuantizedMultiplier (double rounding) for int32 accumulators. */
EG_INLINE int32_t eg_requantize(int32_t x, int32_t multiplier, int shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    return eg_rdbpot(eg_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* TFLite's MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels). */
EG_INLINE int32_t eg_requantize64(int64_t x, int32_t multiplier, int shift)
{
    const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
    const int total = 15 - shift;
    const int64_t rounded = x * reduced + ((int64_t)1 << (total - 1));
    return (int32_t)(rounded >> total);
}

EG_INLINE int32_t eg_clamp(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

#endif
