/*
 * EdgeGen runtime: the halfword multiply-accumulates that pick the bottom (B) or top (T) 16-bit lane of each operand
 * (Arm v7E-M / v8-M DSP: SMLABT, SMLATB), beside SMLABB, SMLATT and SMLAD from edgegen_dsp.h. The planar depthwise
 * kernel (generator/Emit/C/Kernels/DepthwiseConv2DDspPlanar.cs) reads a word holding two horizontally adjacent
 * inputs of one channel and needs either lane against either lane of a weight word. Plain C twins elsewhere.
 */
#ifndef EDGEGEN_DSP_HALVES_H
#define EDGEGEN_DSP_HALVES_H

#include "edgegen_dsp.h"

#if defined(EG_DSP_ASM)
#define eg_smlabt(a, b, acc) __smlabt((a), (b), (acc))
#define eg_smlatb(a, b, acc) __smlatb((a), (b), (acc))
/* [lo of a, lo of b] and [hi of a, hi of b]: PKHBT and PKHTB (GCC turns the plain C forms into two instructions each). */
EG_INLINE uint32_t eg_pack_lo(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
EG_INLINE uint32_t eg_pack_hi(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(b), "r"(a));
    return r;
}
#else
EG_INLINE uint32_t eg_pack_lo(uint32_t a, uint32_t b) { return (a & 0xFFFFu) | (b << 16); }
EG_INLINE uint32_t eg_pack_hi(uint32_t a, uint32_t b) { return (b & 0xFFFF0000u) | (a >> 16); }
EG_INLINE int32_t eg_smlabt(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(eg_lo(a) * eg_hi(b))); }
EG_INLINE int32_t eg_smlatb(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(eg_hi(a) * eg_lo(b))); }
#endif

/* A word of two int16 values (lane 0 at x[0]). */
#define eg_load_pair(x) eg_load4((const int8_t *)(x))

/*
 * Planar widening of two adjacent pixels' 4 channels (a = the 4 int8 values of pixel x, b = those of pixel x + 1): the
 * words [c(x), c(x+1)] of channels 0..3, stored at d + k * step.
 */
EG_INLINE void eg_planar_store4x2(int16_t *d, int step, int32_t a, int32_t b)
{
    const uint32_t ae = (uint32_t)eg_sxtb16(a), ao = (uint32_t)eg_sxtb16_ror8(a);
    const uint32_t be = (uint32_t)eg_sxtb16(b), bo = (uint32_t)eg_sxtb16_ror8(b);
    const uint32_t w[4] = { eg_pack_lo(ae, be), eg_pack_lo(ao, bo), eg_pack_hi(ae, be), eg_pack_hi(ao, bo) };
    int k;
    for (k = 0; k < 4; ++k) eg_memcpy(d + k * step, &w[k], 4);
}

#endif
