/*
 * EdgeGen runtime: Helium (M-profile Vector Extension, MVE) building blocks of the int8 kernels for
 * Cortex-M55. Bit-exact with the scalar functions in edgegen_fixedpoint.h and EdgeGen's reference
 * interpreter.
 *
 * As in the NEON kernels, the generator folds the input zero point into the bias (bias +
 * input_offset * sum of the channel's weights) and fills padding with the input zero point, so the
 * kernels multiply raw int8 activations by int8 weights; int32 accumulation wraps exactly as the
 * reference's does. Weights are packed at generation time (Emit/C/Kernels/Helium):
 *   matrix kernels: blocks of 4 channels, per 16 k: [4 channels][16 k] (64 bytes), K zero-padded to
 *   a multiple of 16 and channels to a multiple of 4; VMLADAVA sums 16 products into one scalar.
 *   depthwise: per tap, the channels (padded to a multiple of 16) contiguous.
 * Every parameter array is padded to whole blocks of 4 channels.
 * C99 with <arm_mve.h>; needs -mcpu=cortex-m55 (or another Armv8.1-M core with integer MVE).
 */
#ifndef EDGEGEN_MVE_H
#define EDGEGEN_MVE_H

#include <arm_mve.h>
#include <stdint.h>
#include "edgegen_fixedpoint.h"

/* Keeps gcc from turning loads of the constant weight arrays, whose sizes are all known, into an
 * address load from the literal pool per vector. */
#define EG_MVE_OPAQUE(p) __asm__("" : "+r"(p))

/* The requantization constants of an operator (edgegen_fixedpoint.h). Its clamp flag does not matter
 * here: the kernels always clamp, since VSTRB.32 keeps a lane's low byte without saturating. */
typedef eg_channel_rq_t eg_mve_rq_t;

/* MultiplyByQuantizedMultiplier of four lanes (channels c..c+3), plus the output zero point (wrapping
 * in int32 as the reference does), clamped to the activation range.
 * VSHL by a register does not saturate, as the reference's left shift; VQRDMULH is exactly
 * SaturatingRoundingDoublingHighMul; VRSHL by a negative amount rounds ties up, so lanes that are
 * negative and shift right are first decreased by one (x & right keeps x's sign bit only where the
 * lane shifts), which makes ties round away from zero as RoundingDivideByPOT does. The high multiply
 * never returns INT32_MIN (|multiplier| < 2^31), so the decrement cannot wrap. */
EG_INLINE int32x4_t eg_mve_requantize(int32x4_t x, const eg_mve_rq_t *q, int c)
{
    const int32x4_t right = vldrwq_s32(q->right + c);
    if (q->left) x = vshlq_s32(x, vldrwq_s32(q->left + c));
    x = vqrdmulhq_s32(x, vldrwq_s32(q->multiplier + c));
    x = vaddq_s32(x, vshrq_n_s32(q->right_all ? x : vandq_s32(x, right), 31));
    x = vrshlq_s32(x, right);
    x = vaddq_n_s32(x, q->zero_point);
    return vminq_s32(vmaxq_s32(x, vdupq_n_s32(q->lo)), vdupq_n_s32(q->hi));
}

/* Four scalar accumulators as one vector. */
EG_INLINE int32x4_t eg_mve_lanes4(int32_t a0, int32_t a1, int32_t a2, int32_t a3)
{
    int32x4_t v = vdupq_n_s32(a0);
    v = vsetq_lane_s32(a1, v, 1);
    v = vsetq_lane_s32(a2, v, 2);
    return vsetq_lane_s32(a3, v, 3);
}

/* Requantizes the accumulators of channels c..c+3 and stores the first n (1..4) as int8 (VSTRB.32
 * keeps each lane's low byte, exact after the clamp). */
EG_INLINE void eg_mve_store4(int8_t *dst, int32x4_t acc, const eg_mve_rq_t *q, int c, int n)
{
    const int32x4_t v = eg_mve_requantize(acc, q, c);
    if (n >= 4) vstrbq_s32(dst, v);
    else vstrbq_p_s32(dst, v, vctp32q((uint32_t)n));
}

/* Copies n bytes with 16-byte vector moves, the last ones predicated (n is a constant where it is inlined):
 * the im2col rows' short runs, which a library memcpy call would cost several times more. */
EG_INLINE void eg_mve_copy(int8_t *dst, const int8_t *src, int n)
{
    int i;
    for (i = 0; i + 16 <= n; i += 16) vstrbq_s8(dst + i, vldrbq_s8(src + i));
    if (i < n) {
        const mve_pred16_t p = vctp8q((uint32_t)(n - i));
        vstrbq_p_s8(dst + i, vldrbq_z_s8(src + i, p), p);
    }
}

/* ---- matrix kernels: VMLADAVA over 16 int8 lanes, 4 channels per pass ------------------------ */

/* a0..a3 += the dot products of `steps` (>= 1) 16-input steps at x with four channels' weights at w (packed
 * [4 channels][16 k] per step); x and w advance past them. Inline assembly because gcc 12 spends two more
 * instructions per step on address copies: here a step is one input load, four weight loads (post-increment
 * and negative offsets), four VMLADAVA (whose accumulators must be even registers: constraint Te) and the
 * low-overhead loop's LE. */
#define EG_MVE_DOT4_STEPS(x, w, steps, a0, a1, a2, a3) \
    __asm__("dls lr, %[n]\n" \
            "1:\n\t" \
            "vldrb.u8 q0, [%[xp]], #16\n\t" \
            "vldrb.u8 q1, [%[wp]], #64\n\t" \
            "vmladava.s8 %[r0], q0, q1\n\t" \
            "vldrb.u8 q2, [%[wp], #-48]\n\t" \
            "vmladava.s8 %[r1], q0, q2\n\t" \
            "vldrb.u8 q3, [%[wp], #-32]\n\t" \
            "vmladava.s8 %[r2], q0, q3\n\t" \
            "vldrb.u8 q1, [%[wp], #-16]\n\t" \
            "vmladava.s8 %[r3], q0, q1\n\t" \
            "le lr, 1b\n" \
            : [r0] "+Te"(a0), [r1] "+Te"(a1), [r2] "+Te"(a2), [r3] "+Te"(a3), [xp] "+r"(x), [wp] "+r"(w) \
            : [n] "r"(steps), "m"(*(const int8_t (*)[])(x)), "m"(*(const int8_t (*)[])(w)) \
            : "q0", "q1", "q2", "q3", "lr")

/* One row (a matrix-vector product): out[c] for cout channels; x holds k int8 values (k > 0). The
 * last k % 16 inputs are read with a zeroing predicated load, so nothing past x + k is read, and meet
 * the zero-padded weights. */
EG_INLINE void eg_mve_gemv(const int8_t *x, const int8_t *w, int k, int cout, const eg_mve_rq_t *q, int8_t *out)
{
    int c;
    EG_MVE_OPAQUE(w);
    for (c = 0; c < cout; c += 4) {
        int32_t a0 = q->bias[c], a1 = q->bias[c + 1], a2 = q->bias[c + 2], a3 = q->bias[c + 3];
        const int8_t *xs = x;
        if (k >= 16) EG_MVE_DOT4_STEPS(xs, w, k / 16, a0, a1, a2, a3);
        if (k % 16) {
            const int8x16_t v = vldrbq_z_s8(xs, vctp8q((uint32_t)(k % 16)));
            a0 = vmladavaq_s8(a0, v, vldrbq_s8(w));
            a1 = vmladavaq_s8(a1, v, vldrbq_s8(w + 16));
            a2 = vmladavaq_s8(a2, v, vldrbq_s8(w + 32));
            a3 = vmladavaq_s8(a3, v, vldrbq_s8(w + 48));
            w += 64;
        }
        eg_mve_store4(out + c, eg_mve_lanes4(a0, a1, a2, a3), q, c, cout - c);
    }
}

/* ---- depthwise: lanes are four output pixels of one channel, each tap's weight a scalar -------- */

/* MultiplyByQuantizedMultiplier of four lanes of one channel (its scalar constants), plus the output
 * zero point, clamped to [lo, hi]; the same steps as eg_mve_requantize. */
EG_INLINE int32x4_t eg_mve_requantize_n(int32x4_t x, int32_t multiplier, int32_t left, int32_t right, const eg_mve_rq_t *q)
{
    if (left) x = vshlq_r_s32(x, left);
    x = vqrdmulhq_n_s32(x, multiplier);
    x = vaddq_s32(x, vshrq_n_s32(vandq_s32(x, vdupq_n_s32(right)), 31));
    x = vrshlq_n_s32(x, right);
    x = vaddq_n_s32(x, q->zero_point);
    return vminq_s32(vmaxq_s32(x, vdupq_n_s32(q->lo)), vdupq_n_s32(q->hi));
}

#endif
