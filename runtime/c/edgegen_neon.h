/*
 * EdgeGen runtime: NEON building blocks of the int8 kernels for AArch64 (Cortex-A).
 * Bit-exact with the scalar functions in edgegen_fixedpoint.h and EdgeGen's reference interpreter.
 *
 * The generator folds the input zero point into the bias (bias + input_offset * sum of the
 * channel's weights) and fills padding with the input zero point, so the kernels multiply raw
 * int8 activations by int8 weights; int32 accumulation wraps exactly as the reference's does.
 * Weights are packed at generation time:
 *   dot-product kernels: blocks of 8 channels, per group of 4 k: [8 channels][4 k] (32 bytes);
 *   multiply-long kernels: blocks of 4 channels, per 16 k: [4 channels][16 k], then the tail of
 *   K in steps of 8 (a tail of 4 is zero-padded to 8): [4 channels][8 k].
 * K is a multiple of 4; every parameter array is padded to whole channel blocks.
 * C99 with <arm_neon.h>; the dot-product kernels need -march=armv8.2-a+dotprod.
 */
#ifndef EDGEGEN_NEON_H
#define EDGEGEN_NEON_H

#include <arm_neon.h>
#include <stdint.h>
#include <string.h>
#include "edgegen_fixedpoint.h"

/* EG_OPAQUE (edgegen_fixedpoint.h) keeps the constant weight arrays' addresses in registers: with every size a
 * constant, gcc would otherwise turn their loads into literal-pool loads (two instructions per vector). */

/* Four vectors (64 bytes) from p, p advanced past them. gcc computes a base register per vld1q_*_x4 (an extra
 * instruction per load, a tenth of the ternary kernels' inner loops); the post-indexed ld1 needs none.
 * v is any int8x16x4_t or uint8x16x4_t; p a pointer to 8-bit elements. */
#if defined(__GNUC__) && !defined(__clang__)
#define EG_LOAD64_POST(v, p) __asm__("ld1 {%S0.16b - %V0.16b}, [%1], #64" : "=w"(v), "+r"(p) : "m"(*(const uint8_t (*)[64])(const void *)(p)))
#else
#define EG_LOAD64_POST(v, p) do { memcpy(&(v), (p), 64); (p) += 64; } while (0)
#endif

/* The requantization constants of an operator (edgegen_fixedpoint.h). */
typedef eg_channel_rq_t eg_neon_rq_t;

/* The requantization constants of four channels, loaded once per channel block. */
typedef struct {
    int32x4_t left, multiplier, right;
} eg_neon_rq4_t;

EG_INLINE eg_neon_rq4_t eg_neon_rq_load(const eg_neon_rq_t *q, int c)
{
    eg_neon_rq4_t p;
    p.left = q->left ? vld1q_s32(q->left + c) : vdupq_n_s32(0);
    p.multiplier = vld1q_s32(q->multiplier + c);
    p.right = vld1q_s32(q->right + c);
    return p;
}

/* RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -right) on four lanes (right <= 0).
 * vqrdmulh is exactly SaturatingRoundingDoublingHighMul; vrshl rounds ties up, so negative values are
 * first decreased by one where the lane shifts right (gemmlowp's fix-up), which makes the shift round
 * ties away from zero as RoundingDivideByPOT does. right_all: every lane shifts right, no mask needed.
 * The high multiply never returns INT32_MIN (|multiplier| < 2^31), so the decrement cannot wrap. */
EG_INLINE int32x4_t eg_neon_mulhi_shift(int32x4_t x, int32x4_t multiplier, int32x4_t right, int right_all)
{
    x = vqrdmulhq_s32(x, multiplier);
    x = right_all ? vsraq_n_s32(x, x, 31) : vsraq_n_s32(x, vandq_s32(x, right), 31);
    return vrshlq_s32(x, right);
}

/* MultiplyByQuantizedMultiplier on four lanes: the left shift, then the rounding high multiply and shift. */
EG_INLINE int32x4_t eg_neon_requantize(int32x4_t x, const eg_neon_rq_t *q, eg_neon_rq4_t p)
{
    if (q->left) x = vshlq_s32(x, p.left);
    return eg_neon_mulhi_shift(x, p.multiplier, p.right, q->right_all);
}

/* Adds the output zero point to eight requantized lanes (wrapping in int32, as the reference does),
 * narrows them with saturation (the same as clamping to int8) and clamps to the activation range. */
EG_INLINE int8x8_t eg_neon_narrow8(int32x4_t lo4, int32x4_t hi4, const eg_neon_rq_t *q)
{
    const int32x4_t zp = vdupq_n_s32(q->zero_point);
    int8x8_t b = vqmovn_s16(vqmovn_high_s32(vqmovn_s32(vaddq_s32(lo4, zp)), vaddq_s32(hi4, zp)));
    if (q->clamp) b = vmax_s8(vmin_s8(b, vdup_n_s8((int8_t)q->hi)), vdup_n_s8((int8_t)q->lo));
    return b;
}

/* Stores the first n (1..8) lanes. */
EG_INLINE void eg_neon_store_n(int8_t *dst, int8x8_t b, int n)
{
    if (n == 8) {
        vst1_s8(dst, b);
    } else if (n == 4) {
        vst1_lane_s32((int32_t *)(void *)dst, vreinterpret_s32_s8(b), 0);
    } else {
        int8_t tmp[8];
        vst1_s8(tmp, b);
        memcpy(dst, tmp, (size_t)n);
    }
}

/* Four int8 values into the low lanes of a vector whose other lanes are zero. */
EG_INLINE int8x8_t eg_neon_load4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return vreinterpret_s8_s32(vset_lane_s32(v, vdup_n_s32(0), 0));
}

/* ---- elementwise ADD / SUB (int8, same shapes): TFLite's general rescaling --------------- */

/* Input i: (x + offset_i) << 20, then multiplier_i and right_i (<= 0); the sum (or difference) then
 * the output multiplier and right shift, the zero point (wrapping in int32) and the clamp. */
typedef struct {
    int16_t offset1, offset2;
    int32_t multiplier1, right1, multiplier2, right2, multiplier, right;
    eg_neon_rq_t out;  /* only zero_point, lo, hi and clamp are used */
    int subtract;
} eg_neon_add_t;

/* Four lanes of each input, (x + offset) << 4 already in int16: the widening shift by 16 completes the << 20. */
EG_INLINE int32x4_t eg_neon_add4(int16x4_t a, int16x4_t b, const eg_neon_add_t *p)
{
    const int32x4_t s1 = eg_neon_mulhi_shift(vshll_n_s16(a, 16), vdupq_n_s32(p->multiplier1), vdupq_n_s32(p->right1), 0);
    const int32x4_t s2 = eg_neon_mulhi_shift(vshll_n_s16(b, 16), vdupq_n_s32(p->multiplier2), vdupq_n_s32(p->right2), 0);
    return eg_neon_mulhi_shift(p->subtract ? vsubq_s32(s1, s2) : vaddq_s32(s1, s2), vdupq_n_s32(p->multiplier), vdupq_n_s32(p->right), 0);
}

EG_INLINE int8x16_t eg_neon_add16(int8x16_t a, int8x16_t b, const eg_neon_add_t *p)
{
    /* |x + offset| <= 255, so (x + offset) << 4 fits int16 */
    const int16x8_t a0 = vshlq_n_s16(vaddw_s8(vdupq_n_s16(p->offset1), vget_low_s8(a)), 4);
    const int16x8_t a1 = vshlq_n_s16(vaddw_high_s8(vdupq_n_s16(p->offset1), a), 4);
    const int16x8_t b0 = vshlq_n_s16(vaddw_s8(vdupq_n_s16(p->offset2), vget_low_s8(b)), 4);
    const int16x8_t b1 = vshlq_n_s16(vaddw_high_s8(vdupq_n_s16(p->offset2), b), 4);
    const int8x8_t lo = eg_neon_narrow8(eg_neon_add4(vget_low_s16(a0), vget_low_s16(b0), p), eg_neon_add4(vget_high_s16(a0), vget_high_s16(b0), p), &p->out);
    const int8x8_t hi = eg_neon_narrow8(eg_neon_add4(vget_low_s16(a1), vget_low_s16(b1), p), eg_neon_add4(vget_high_s16(a1), vget_high_s16(b1), p), &p->out);
    return vcombine_s8(lo, hi);
}

/* out[i] = a[i] (+ or -) b[i] for n elements; the last n % 16 go through a zero-padded copy. */
EG_INLINE void eg_neon_add(const int8_t *a, const int8_t *b, int8_t *out, int n, const eg_neon_add_t *p)
{
    int i = 0;
    for (; i + 16 <= n; i += 16) vst1q_s8(out + i, eg_neon_add16(vld1q_s8(a + i), vld1q_s8(b + i), p));
    if (i < n) {
        int8_t ta[16] = { 0 }, tb[16] = { 0 }, to[16];
        memcpy(ta, a + i, (size_t)(n - i));
        memcpy(tb, b + i, (size_t)(n - i));
        vst1q_s8(to, eg_neon_add16(vld1q_s8(ta), vld1q_s8(tb), p));
        memcpy(out + i, to, (size_t)(n - i));
    }
}

/* ---- AVERAGE_POOL_2D (int8): window sums in int16 (at most 256 values), division in scalar --- */

/* One output pixel: c channels (a multiple of 8) averaged over the ny x nx input pixels from in (the
 * window clipped to the input; rows in_row apart), rounded half away from zero, then clamped. */
EG_INLINE void eg_neon_average(const int8_t *in, int in_row, int c, int ny, int nx, int lo, int hi, int8_t *out)
{
    const int32_t count = ny * nx;
    int ch, y, x, i;
    for (ch = 0; ch < c; ch += 8) {
        int16_t sums[8];
        int16x8_t s = vdupq_n_s16(0);
        for (y = 0; y < ny; ++y)
            for (x = 0; x < nx; ++x) s = vaddw_s8(s, vld1_s8(in + y * in_row + x * c + ch));
        vst1q_s16(sums, s);
        for (i = 0; i < 8; ++i) {
            const int32_t v = sums[i] > 0 ? (sums[i] + count / 2) / count : (sums[i] - count / 2) / count;
            out[ch + i] = (int8_t)eg_clamp(v, lo, hi);
        }
    }
}

/* ---- depthwise: lanes are channels, taps are summed in int16 pairs then widened ------------ */

/* Accumulators of 16 (or 8) channels. */
typedef struct { int32x4_t v[4]; } eg_neon_acc16_t;
typedef struct { int32x4_t v[2]; } eg_neon_acc8_t;

/* Four separate loads (paired by gcc): one ld1 of four registers made gcc copy them into the accumulators. */
EG_INLINE eg_neon_acc16_t eg_neon_acc16_load(const int32_t *p)
{
    eg_neon_acc16_t a;
    a.v[0] = vld1q_s32(p); a.v[1] = vld1q_s32(p + 4); a.v[2] = vld1q_s32(p + 8); a.v[3] = vld1q_s32(p + 12);
    return a;
}

EG_INLINE eg_neon_acc8_t eg_neon_acc8_load(const int32_t *p)
{
    eg_neon_acc8_t a;
    const int32x4x2_t v = vld1q_s32_x2(p);
    a.v[0] = v.val[0]; a.v[1] = v.val[1];
    return a;
}

EG_INLINE eg_neon_acc16_t eg_neon_acc16_add(eg_neon_acc16_t a, int16x8_t lo, int16x8_t hi)
{
    a.v[0] = vaddw_s16(a.v[0], vget_low_s16(lo)); a.v[1] = vaddw_high_s16(a.v[1], lo);
    a.v[2] = vaddw_s16(a.v[2], vget_low_s16(hi)); a.v[3] = vaddw_high_s16(a.v[3], hi);
    return a;
}

/* a += x0 * w0 + x1 * w1 per channel (the two products summed in int16: no weight may be -128). */
EG_INLINE eg_neon_acc16_t eg_neon_mla_pair16(eg_neon_acc16_t a, int8x16_t x0, int8x16_t w0, int8x16_t x1, int8x16_t w1)
{
    return eg_neon_acc16_add(a, vmlal_s8(vmull_s8(vget_low_s8(x0), vget_low_s8(w0)), vget_low_s8(x1), vget_low_s8(w1)),
                             vmlal_high_s8(vmull_high_s8(x0, w0), x1, w1));
}

EG_INLINE eg_neon_acc16_t eg_neon_mla16(eg_neon_acc16_t a, int8x16_t x, int8x16_t w)
{
    return eg_neon_acc16_add(a, vmull_s8(vget_low_s8(x), vget_low_s8(w)), vmull_high_s8(x, w));
}

EG_INLINE eg_neon_acc8_t eg_neon_mla_pair8(eg_neon_acc8_t a, int8x8_t x0, int8x8_t w0, int8x8_t x1, int8x8_t w1)
{
    const int16x8_t p = vmlal_s8(vmull_s8(x0, w0), x1, w1);
    a.v[0] = vaddw_s16(a.v[0], vget_low_s16(p)); a.v[1] = vaddw_high_s16(a.v[1], p);
    return a;
}

EG_INLINE eg_neon_acc8_t eg_neon_mla8(eg_neon_acc8_t a, int8x8_t x, int8x8_t w)
{
    const int16x8_t p = vmull_s8(x, w);
    a.v[0] = vaddw_s16(a.v[0], vget_low_s16(p)); a.v[1] = vaddw_high_s16(a.v[1], p);
    return a;
}

#if defined(__ARM_FEATURE_DOTPROD)
/* Depthwise with sdot: the window rows of one output row, four at a time, interleaved per channel.
 * For nx pixels (cs channels apart) of 16 (or 8) channels: [pixel][16 channels][4 rows], rows p + j * step
 * for j < nrows, zero after. st4 stores lane i of the four rows together: exactly that layout, no zips.
 * One macro for both widths: they differ only in vector types and intrinsics. */
#define EG_NEON_QUADS(name, bytes, vec_t, vec4_t, load, dup, store4) \
EG_INLINE void name(int8_t *dst, const int8_t *p, int step, int nrows, int nx, int cs) \
{ \
    const vec_t zero = dup(0); \
    int x; \
    for (x = 0; x < nx; ++x, p += cs, dst += (bytes)) { \
        vec4_t r; \
        r.val[0] = load(p); \
        r.val[1] = nrows > 1 ? load(p + step) : zero; \
        r.val[2] = nrows > 2 ? load(p + 2 * step) : zero; \
        r.val[3] = nrows > 3 ? load(p + 3 * step) : zero; \
        store4(dst, r); \
    } \
}
EG_NEON_QUADS(eg_neon_quads16, 64, int8x16_t, int8x16x4_t, vld1q_s8, vdupq_n_s8, vst4q_s8)
EG_NEON_QUADS(eg_neon_quads8, 32, int8x8_t, int8x8x4_t, vld1_s8, vdup_n_s8, vst4_s8)
#undef EG_NEON_QUADS

/* eg_neon_dot_quad16_w for 8 channels: v [8 channels][4 rows], weights [2 vectors][4 channels][4 rows]. */
EG_INLINE eg_neon_acc8_t eg_neon_dot_quad8_w(eg_neon_acc8_t a, int8x16x2_t v, const int8_t *w)
{
    const int8x16x2_t k = vld1q_s8_x2(w);
    a.v[0] = vdotq_s32(a.v[0], k.val[0], v.val[0]); a.v[1] = vdotq_s32(a.v[1], k.val[1], v.val[1]);
    return a;
}

/* a += one strip column v ([16 channels][4 rows]) times the 64 bytes of weights at w ([4 vectors][4 channels][4 rows]). */
EG_INLINE eg_neon_acc16_t eg_neon_dot_quad16_w(eg_neon_acc16_t a, int8x16x4_t v, const int8_t *w)
{
    const int8x16x4_t k = vld1q_s8_x4(w);
    a.v[0] = vdotq_s32(a.v[0], k.val[0], v.val[0]); a.v[1] = vdotq_s32(a.v[1], k.val[1], v.val[1]);
    a.v[2] = vdotq_s32(a.v[2], k.val[2], v.val[2]); a.v[3] = vdotq_s32(a.v[3], k.val[3], v.val[3]);
    return a;
}

/* a += the four rows of one tap column (q: [16 channels][4 rows]) times w0..w3 ([4 channels][4 rows] each). */
EG_INLINE eg_neon_acc16_t eg_neon_dot_quad16(eg_neon_acc16_t a, const int8_t *q, int8x16_t w0, int8x16_t w1, int8x16_t w2, int8x16_t w3)
{
    const int8x16x4_t v = vld1q_s8_x4(q);
    a.v[0] = vdotq_s32(a.v[0], w0, v.val[0]); a.v[1] = vdotq_s32(a.v[1], w1, v.val[1]);
    a.v[2] = vdotq_s32(a.v[2], w2, v.val[2]); a.v[3] = vdotq_s32(a.v[3], w3, v.val[3]);
    return a;
}
#endif

/* The requantization constants of 16 channels, loaded once per channel chunk, outside the pixel loops. */
typedef struct { int32x4x4_t multiplier, right, left; } eg_neon_rq16_t;

EG_INLINE eg_neon_rq16_t eg_neon_rq16_load(const eg_neon_rq_t *q, int c)
{
    eg_neon_rq16_t p;
    p.multiplier = vld1q_s32_x4(q->multiplier + c);
    p.right = vld1q_s32_x4(q->right + c);
    p.left = q->left ? vld1q_s32_x4(q->left + c) : p.right;
    return p;
}

/* Sixteen requantized lanes with the output zero point, saturated to int8 and clamped. When every lane was
 * shifted right (right_all), |x| <= 2^30, so x + zero point cannot wrap in int32 and the zero point can be
 * added after saturating to int16 (two additions instead of four): a lane saturated at +-32767 stays
 * beyond int8 after adding |zero point| <= 128, so it saturates to the same int8 as the int32 sum. */
EG_INLINE int8x16_t eg_neon_narrow16(int32x4_t a0, int32x4_t a1, int32x4_t a2, int32x4_t a3, const eg_neon_rq_t *q)
{
    int8x16_t b;
    if (q->right_all) {
        const int16x8_t zp = vdupq_n_s16((int16_t)q->zero_point);
        const int16x8_t lo = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(a0), a1), zp);
        const int16x8_t hi = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(a2), a3), zp);
        b = vqmovn_high_s16(vqmovn_s16(lo), hi);
    } else {
        const int32x4_t zp = vdupq_n_s32(q->zero_point);
        b = vqmovn_high_s16(vqmovn_s16(vqmovn_high_s32(vqmovn_s32(vaddq_s32(a0, zp)), vaddq_s32(a1, zp))),
                            vqmovn_high_s32(vqmovn_s32(vaddq_s32(a2, zp)), vaddq_s32(a3, zp)));
    }
    if (q->clamp) b = vmaxq_s8(vminq_s8(b, vdupq_n_s8((int8_t)q->hi)), vdupq_n_s8((int8_t)q->lo));
    return b;
}

/* Requantizes 16 channels (constants p, from eg_neon_rq16_load) and stores the first n (1..16). */
EG_INLINE void eg_neon_store16(int8_t *dst, eg_neon_acc16_t a, const eg_neon_rq_t *q, const eg_neon_rq16_t *p, int n)
{
    int8x16_t b;
#define EG_RQ16(i) eg_neon_mulhi_shift(q->left ? vshlq_s32(a.v[i], p->left.val[i]) : a.v[i], p->multiplier.val[i], p->right.val[i], q->right_all)
    b = eg_neon_narrow16(EG_RQ16(0), EG_RQ16(1), EG_RQ16(2), EG_RQ16(3), q);
#undef EG_RQ16
    if (n == 16) {
        vst1q_s8(dst, b);
    } else {
        eg_neon_store_n(dst, vget_low_s8(b), n < 8 ? n : 8);
        if (n > 8) eg_neon_store_n(dst + 8, vget_high_s8(b), n - 8);
    }
}

/* Requantizes 8 channels with their constants r0, r1 (loaded before the pixel loops) and stores the first n (1..8). */
EG_INLINE void eg_neon_store8_rq(int8_t *dst, eg_neon_acc8_t a, const eg_neon_rq_t *q, eg_neon_rq4_t r0, eg_neon_rq4_t r1, int n)
{
    eg_neon_store_n(dst, eg_neon_narrow8(eg_neon_requantize(a.v[0], q, r0), eg_neon_requantize(a.v[1], q, r1), q), n);
}

/* Requantizes channels c..c+7 and stores the first n (1..8). */
EG_INLINE void eg_neon_store8(int8_t *dst, eg_neon_acc8_t a, const eg_neon_rq_t *q, int c, int n)
{
    eg_neon_store8_rq(dst, a, q, eg_neon_rq_load(q, c), eg_neon_rq_load(q, c + 4), n);
}

/* ---- dot-product kernels (sdot): 8 rows x 8 channels per tile ---------------------------- */

#define EG_SDOT_ROW(r, q, x) \
    a##r##0 = vdotq_laneq_s32(a##r##0, w0, x##r, q); a##r##1 = vdotq_laneq_s32(a##r##1, w1, x##r, q)
#define EG_SDOT_GROUP(q) \
    w0 = vld1q_s8(w); w1 = vld1q_s8(w + 16); w += 32; \
    EG_SDOT_ROW(0, q, x); EG_SDOT_ROW(1, q, x); EG_SDOT_ROW(2, q, x); EG_SDOT_ROW(3, q, x); \
    EG_SDOT_ROW(4, q, x); EG_SDOT_ROW(5, q, x); EG_SDOT_ROW(6, q, x); EG_SDOT_ROW(7, q, x)
#define EG_SDOT_ROW8(r, q, x) \
    a##r##0 = vdotq_lane_s32(a##r##0, w0, x##r, q); a##r##1 = vdotq_lane_s32(a##r##1, w1, x##r, q)
#define EG_SDOT_GROUP8(q, x) \
    w0 = vld1q_s8(w); w1 = vld1q_s8(w + 16); w += 32; \
    EG_SDOT_ROW8(0, q, x); EG_SDOT_ROW8(1, q, x); EG_SDOT_ROW8(2, q, x); EG_SDOT_ROW8(3, q, x); \
    EG_SDOT_ROW8(4, q, x); EG_SDOT_ROW8(5, q, x); EG_SDOT_ROW8(6, q, x); EG_SDOT_ROW8(7, q, x)
#define EG_SDOT_STORE(r) \
    if (n > r) eg_neon_store_n(out + r * out_stride + c, \
        eg_neon_narrow8(eg_neon_requantize(a##r##0, q, p0), eg_neon_requantize(a##r##1, q, p1), q), cn)

#if defined(__ARM_FEATURE_DOTPROD)
/* out[r][c] for the first n (1..8) of 8 rows and cout channels: rows[r] holds k int8 values of row r
 * (rows beyond n may repeat a valid row); w is packed in blocks of 8 channels. */
EG_INLINE void eg_neon_gemm_sdot(const int8_t *const *rows, int n, const int8_t *w, int k, int cout,
                                 const eg_neon_rq_t *q, int8_t *out, int out_stride)
{
    const int8_t *const r0 = rows[0], *const r1 = rows[1], *const r2 = rows[2], *const r3 = rows[3];
    const int8_t *const r4 = rows[4], *const r5 = rows[5], *const r6 = rows[6], *const r7 = rows[7];
    int c;
    EG_OPAQUE(w);
    for (c = 0; c < cout; c += 8) {
        const int cn = cout - c < 8 ? cout - c : 8;
        const int32x4_t b0 = vld1q_s32(q->bias + c), b1 = vld1q_s32(q->bias + c + 4);
        int32x4_t a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        int32x4_t a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
        int8x16_t w0, w1;
        eg_neon_rq4_t p0, p1;
        int i = 0;
        for (; i + 16 <= k; i += 16) {
            const int8x16_t x0 = vld1q_s8(r0 + i), x1 = vld1q_s8(r1 + i), x2 = vld1q_s8(r2 + i), x3 = vld1q_s8(r3 + i);
            const int8x16_t x4 = vld1q_s8(r4 + i), x5 = vld1q_s8(r5 + i), x6 = vld1q_s8(r6 + i), x7 = vld1q_s8(r7 + i);
            EG_SDOT_GROUP(0); EG_SDOT_GROUP(1); EG_SDOT_GROUP(2); EG_SDOT_GROUP(3);
        }
        if (i + 8 <= k) {
            const int8x8_t x0 = vld1_s8(r0 + i), x1 = vld1_s8(r1 + i), x2 = vld1_s8(r2 + i), x3 = vld1_s8(r3 + i);
            const int8x8_t x4 = vld1_s8(r4 + i), x5 = vld1_s8(r5 + i), x6 = vld1_s8(r6 + i), x7 = vld1_s8(r7 + i);
            EG_SDOT_GROUP8(0, x); EG_SDOT_GROUP8(1, x);
            i += 8;
        }
        if (i < k) {
            const int8x8_t y0 = eg_neon_load4(r0 + i), y1 = eg_neon_load4(r1 + i), y2 = eg_neon_load4(r2 + i), y3 = eg_neon_load4(r3 + i);
            const int8x8_t y4 = eg_neon_load4(r4 + i), y5 = eg_neon_load4(r5 + i), y6 = eg_neon_load4(r6 + i), y7 = eg_neon_load4(r7 + i);
            EG_SDOT_GROUP8(0, y);
        }
        p0 = eg_neon_rq_load(q, c);
        p1 = eg_neon_rq_load(q, c + 4);
        EG_SDOT_STORE(0); EG_SDOT_STORE(1); EG_SDOT_STORE(2); EG_SDOT_STORE(3);
        EG_SDOT_STORE(4); EG_SDOT_STORE(5); EG_SDOT_STORE(6); EG_SDOT_STORE(7);
    }
}

/* One row (a matrix-vector product): out[c] for cout channels, x holds k int8 values. */
EG_INLINE void eg_neon_gemv_sdot(const int8_t *x, const int8_t *w, int k, int cout, const eg_neon_rq_t *q, int8_t *out)
{
    int c;
    EG_OPAQUE(w);
    for (c = 0; c < cout; c += 8) {
        const int cn = cout - c < 8 ? cout - c : 8;
        int32x4_t a0 = vld1q_s32(q->bias + c), a1 = vld1q_s32(q->bias + c + 4);
        int32x4_t e0 = vdupq_n_s32(0), e1 = vdupq_n_s32(0);
        int i = 0;
        for (; i + 16 <= k; i += 16) {
            const int8x16_t v = vld1q_s8(x + i);
            const int8x16x4_t u = vld1q_s8_x4(w), t = vld1q_s8_x4(w + 64);
            w += 128;
            a0 = vdotq_laneq_s32(a0, u.val[0], v, 0); a1 = vdotq_laneq_s32(a1, u.val[1], v, 0);
            e0 = vdotq_laneq_s32(e0, u.val[2], v, 1); e1 = vdotq_laneq_s32(e1, u.val[3], v, 1);
            a0 = vdotq_laneq_s32(a0, t.val[0], v, 2); a1 = vdotq_laneq_s32(a1, t.val[1], v, 2);
            e0 = vdotq_laneq_s32(e0, t.val[2], v, 3); e1 = vdotq_laneq_s32(e1, t.val[3], v, 3);
        }
        for (; i + 4 <= k; i += 4) {
            const int8x8_t v = eg_neon_load4(x + i);
            a0 = vdotq_lane_s32(a0, vld1q_s8(w), v, 0);
            a1 = vdotq_lane_s32(a1, vld1q_s8(w + 16), v, 0);
            w += 32;
        }
        {
            const eg_neon_rq4_t p0 = eg_neon_rq_load(q, c), p1 = eg_neon_rq_load(q, c + 4);
            eg_neon_store_n(out + c, eg_neon_narrow8(eg_neon_requantize(vaddq_s32(a0, e0), q, p0),
                                                     eg_neon_requantize(vaddq_s32(a1, e1), q, p1), q), cn);
        }
    }
}
#endif

/* ---- multiply-long kernels (smull/smlal2/sadalp): 4 rows x 4 channels per tile ------------- */

/* Two products summed in int16 then added pairwise into int32: exact while no weight is -128
 * (|x*w + x'*w'| <= 2*128*127 < 2^15); with -128 among the weights each product is added alone. */
#define EG_MULL16(a, x, w, safe) \
    if (safe) { a = vpadalq_s16(a, vmull_s8(vget_low_s8(x), vget_low_s8(w))); a = vpadalq_s16(a, vmull_high_s8(x, w)); } \
    else a = vpadalq_s16(a, vmlal_high_s8(vmull_s8(vget_low_s8(x), vget_low_s8(w)), x, w))
#define EG_MULL_ROW16(r) \
    EG_MULL16(a##r##0, x##r, u.val[0], safe); EG_MULL16(a##r##1, x##r, u.val[1], safe); \
    EG_MULL16(a##r##2, x##r, u.val[2], safe); EG_MULL16(a##r##3, x##r, u.val[3], safe)
#define EG_MULL_ROW8(r) \
    a##r##0 = vpadalq_s16(a##r##0, vmull_s8(x##r, vget_low_s8(u.val[0]))); \
    a##r##1 = vpadalq_s16(a##r##1, vmull_s8(x##r, vget_high_s8(u.val[0]))); \
    a##r##2 = vpadalq_s16(a##r##2, vmull_s8(x##r, vget_low_s8(u.val[1]))); \
    a##r##3 = vpadalq_s16(a##r##3, vmull_s8(x##r, vget_high_s8(u.val[1])))
#define EG_MULL_SUM(r) vpaddq_s32(vpaddq_s32(a##r##0, a##r##1), vpaddq_s32(a##r##2, a##r##3))

/* The first n (1..4) of 4 rows; w is packed in blocks of 4 channels; safe: some weight is -128. */
EG_INLINE void eg_neon_gemm_mull(const int8_t *const *rows, int n, const int8_t *w, int k, int cout,
                                 const eg_neon_rq_t *q, int8_t *out, int out_stride, int safe)
{
    const int8_t *const r0 = rows[0], *const r1 = rows[1], *const r2 = rows[2], *const r3 = rows[3];
    int c;
    EG_OPAQUE(w);
    for (c = 0; c < cout; c += 4) {
        const int cn = cout - c < 4 ? cout - c : 4;
        const int32x4_t z = vdupq_n_s32(0);
        const int32x4_t b0 = vsetq_lane_s32(q->bias[c], z, 0), b1 = vsetq_lane_s32(q->bias[c + 1], z, 0);
        const int32x4_t b2 = vsetq_lane_s32(q->bias[c + 2], z, 0), b3 = vsetq_lane_s32(q->bias[c + 3], z, 0);
        int32x4_t a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        int32x4_t a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        int i = 0;
        for (; i + 16 <= k; i += 16) {
            const int8x16_t x0 = vld1q_s8(r0 + i), x1 = vld1q_s8(r1 + i), x2 = vld1q_s8(r2 + i), x3 = vld1q_s8(r3 + i);
            const int8x16x4_t u = vld1q_s8_x4(w);
            w += 64;
            EG_MULL_ROW16(0); EG_MULL_ROW16(1); EG_MULL_ROW16(2); EG_MULL_ROW16(3);
        }
        for (; i < k; i += 8) {
            const int8x16x2_t u = vld1q_s8_x2(w);
            const int tail4 = k - i == 4;
            const int8x8_t x0 = tail4 ? eg_neon_load4(r0 + i) : vld1_s8(r0 + i), x1 = tail4 ? eg_neon_load4(r1 + i) : vld1_s8(r1 + i);
            const int8x8_t x2 = tail4 ? eg_neon_load4(r2 + i) : vld1_s8(r2 + i), x3 = tail4 ? eg_neon_load4(r3 + i) : vld1_s8(r3 + i);
            w += 32;
            EG_MULL_ROW8(0); EG_MULL_ROW8(1); EG_MULL_ROW8(2); EG_MULL_ROW8(3);
        }
        {
            const eg_neon_rq4_t p = eg_neon_rq_load(q, c);
            const int8x8_t s01 = eg_neon_narrow8(eg_neon_requantize(EG_MULL_SUM(0), q, p), eg_neon_requantize(EG_MULL_SUM(1), q, p), q);
            const int8x8_t s23 = eg_neon_narrow8(eg_neon_requantize(EG_MULL_SUM(2), q, p), eg_neon_requantize(EG_MULL_SUM(3), q, p), q);
            eg_neon_store_n(out + c, s01, cn);
            if (n > 1) eg_neon_store_n(out + out_stride + c, vext_s8(s01, s01, 4), cn);
            if (n > 2) eg_neon_store_n(out + 2 * out_stride + c, s23, cn);
            if (n > 3) eg_neon_store_n(out + 3 * out_stride + c, vext_s8(s23, s23, 4), cn);
        }
    }
}

/* One row: out[c] for cout channels, x holds k int8 values. */
EG_INLINE void eg_neon_gemv_mull(const int8_t *x, const int8_t *w, int k, int cout, const eg_neon_rq_t *q, int8_t *out, int safe)
{
    int c;
    EG_OPAQUE(w);
    for (c = 0; c < cout; c += 4) {
        const int cn = cout - c < 4 ? cout - c : 4;
        const int32x4_t z = vdupq_n_s32(0);
        int32x4_t a00 = vsetq_lane_s32(q->bias[c], z, 0), a01 = vsetq_lane_s32(q->bias[c + 1], z, 0);
        int32x4_t a02 = vsetq_lane_s32(q->bias[c + 2], z, 0), a03 = vsetq_lane_s32(q->bias[c + 3], z, 0);
        int i = 0;
        for (; i + 16 <= k; i += 16) {
            const int8x16_t x0 = vld1q_s8(x + i);
            const int8x16x4_t u = vld1q_s8_x4(w);
            w += 64;
            EG_MULL_ROW16(0);
        }
        for (; i < k; i += 8) {
            const int8x16x2_t u = vld1q_s8_x2(w);
            const int8x8_t x0 = k - i == 4 ? eg_neon_load4(x + i) : vld1_s8(x + i);
            w += 32;
            EG_MULL_ROW8(0);
        }
        {
            const eg_neon_rq4_t p = eg_neon_rq_load(q, c);
            const int32x4_t v = eg_neon_requantize(EG_MULL_SUM(0), q, p);
            eg_neon_store_n(out + c, eg_neon_narrow8(v, v, q), cn);
        }
    }
}

#endif
