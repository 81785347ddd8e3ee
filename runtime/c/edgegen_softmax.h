/*
 * EdgeGen runtime: the fixed-point reciprocal of TFLite's quantized softmax (gemmlowp's
 * one_over_one_plus_x_for_x_in_0_1 and TFLite's GetReciprocal), bit-exact with
 * generator/Numerics/GemmlowpMath.cs. The exp values come from a table computed at generation time.
 */
#ifndef EDGEGEN_SOFTMAX_H
#define EDGEGEN_SOFTMAX_H

#include "edgegen_fixedpoint.h"

EG_INLINE int eg_clz32(uint32_t x)
{
#if defined(__GNUC__)
    return x == 0 ? 32 : __builtin_clz(x);
#else
    int n = 0;
    if (x == 0) return 32;
    while (!(x & 0x80000000u)) { x <<= 1; ++n; }
    return n;
#endif
}

/* Saturating left shift by exponent (gemmlowp's SaturatingRoundingMultiplyByPOT for exponent > 0). */
EG_INLINE int32_t eg_saturating_shl(int32_t x, int exponent)
{
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

/* 1 / (1 + a) for a in [0, 1), both with 0 integer bits: three Newton-Raphson steps. */
EG_INLINE int32_t eg_one_over_one_plus_x(int32_t a)
{
    const int64_t sum = (int64_t)a + INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = (int32_t)((uint32_t)1515870810 + (uint32_t)eg_srdhm(half_denominator, -1010580540));
    int i;
    for (i = 0; i < 3; ++i) {
        const int32_t one_minus = (int32_t)((uint32_t)(1 << 29) - (uint32_t)eg_srdhm(half_denominator, x));
        x = (int32_t)((uint32_t)x + (uint32_t)eg_saturating_shl(eg_srdhm(x, one_minus), 2));
    }
    return eg_saturating_shl(x, 1);
}

/* TFLite's GetReciprocal: 1/x for x with integer_bits integer bits; *bits_over_unit gets the extra shift. */
EG_INLINE int32_t eg_reciprocal(int32_t x, int integer_bits, int *bits_over_unit)
{
    const int headroom_plus_one = eg_clz32((uint32_t)x);
    const int32_t shifted_minus_one = (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
    *bits_over_unit = integer_bits - headroom_plus_one;
    return eg_one_over_one_plus_x(shifted_minus_one);
}

#endif
