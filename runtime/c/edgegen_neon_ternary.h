/*
 * EdgeGen runtime: the table-lookup ternary matrix-vector kernel for AArch64 NEON (Cortex-A).
 *
 * A ternary layer's weights are t * q per output row, t in {-1, 0, +1}. The input is cut into
 * groups of three values; per group and per inference the 27 sums (d0-1)*x0 + (d1-1)*x1 +
 * (d2-1)*x2 (digits d in {0, 1, 2}) are written once into a table of 32 int16 entries (64 bytes,
 * |entry| <= 3 * 128 = 384). Each row stores, per group, the entry index i = d0 + 3 d1 + 9 d2
 * of its three trits, as the byte pair (2i, 2i + 1): one vqtbl4q_s8 over the table then reads the
 * exact int16 sums of 8 rows at once. The int16 lanes take at most 85 groups (85 * 384 = 32640 <=
 * 32767) before they are widened into int32, so the sum is exact for any int8 input.
 *
 * Index layout (generated at generation time): rows padded to a multiple of 8; the first rows in
 * blocks of 64, each block per group 8 vectors of 16 bytes (8 rows each), then the remaining rows
 * in blocks of 8, per group one vector. Input values past k read as 0 (their trits are 0 anyway).
 * C99 with <arm_neon.h>; no dot-product instructions needed.
 */
#ifndef EDGEGEN_NEON_TERNARY_H
#define EDGEGEN_NEON_TERNARY_H

#include "edgegen_neon.h"

/* Groups an int16 accumulator lane takes before it could overflow: 85 * 384 <= 32767. */
#define EG_TL3_CHUNK 85

/* The coefficient of x0, x1 and x2 in table entry i (i < 27: digit - 1; entries 27..31 are 0). */
static const int16_t eg_tl3_c0[32] = { -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0 };
static const int16_t eg_tl3_c1[32] = { -1, -1, -1, 0, 0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0 };
static const int16_t eg_tl3_c2[32] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 };

/* The tables of all groups: tables[32 * g + i] for groups g < groups, from the k input values at x. */
EG_INLINE void eg_tl3_tables(const int8_t *x, int k, int groups, int16_t *tables)
{
    const int16x8x4_t c0 = vld1q_s16_x4(eg_tl3_c0), c1 = vld1q_s16_x4(eg_tl3_c1), c2 = vld1q_s16_x4(eg_tl3_c2);
    int g, j;
    for (g = 0; g < groups; ++g, tables += 32) {
        int16x8x4_t t;
        const int b = 3 * g;
        /* the last group may reach past k: those values are 0 */
        const int16_t x0 = x[b], x1 = b + 1 < k ? x[b + 1] : 0, x2 = b + 2 < k ? x[b + 2] : 0;
        for (j = 0; j < 4; ++j) t.val[j] = vmlaq_n_s16(vmlaq_n_s16(vmulq_n_s16(c0.val[j], x0), c1.val[j], x1), c2.val[j], x2);
        vst1q_s16_x4(tables, t);
    }
}

/* One table lookup of 8 rows (idx: 8 byte pairs) added to their int16 sums. */
#define EG_TL3_LOOKUP(a, t, i) a = vaddq_s16(a, vreinterpretq_s16_s8(vqtbl4q_s8(t, i)))

/* Adds the int16 sums of 8 rows to their int32 sums s[0..7]. */
EG_INLINE void eg_tl3_widen8(int32_t *s, int16x8_t a)
{
    vst1q_s32(s, vaddw_s16(vld1q_s32(s), vget_low_s16(a)));
    vst1q_s32(s + 4, vaddw_high_s16(vld1q_s32(s + 4), a));
}

/* The exact sums of 64 rows over all groups into s[0..63]; idx points at the block's indices. */
EG_INLINE void eg_tl3_block64(const int16_t *tables, const uint8_t *idx, int groups, int32_t *s)
{
    int g = 0;
    memset(s, 0, 64 * sizeof(int32_t));
    while (g < groups) {
        const int end = groups - g < EG_TL3_CHUNK ? groups : g + EG_TL3_CHUNK;
        int16x8_t a0 = vdupq_n_s16(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        const int8_t *t8 = (const int8_t *)(const void *)(tables + 32 * g);
        EG_OPAQUE(idx);
        for (; g < end; ++g) {
            const int8x16x4_t t = vld1q_s8_x4(t8);
            const uint8x16x4_t i0 = vld1q_u8_x4(idx), i1 = vld1q_u8_x4(idx + 64);
            t8 += 64;
            idx += 128;
            EG_TL3_LOOKUP(a0, t, i0.val[0]); EG_TL3_LOOKUP(a1, t, i0.val[1]);
            EG_TL3_LOOKUP(a2, t, i0.val[2]); EG_TL3_LOOKUP(a3, t, i0.val[3]);
            EG_TL3_LOOKUP(a4, t, i1.val[0]); EG_TL3_LOOKUP(a5, t, i1.val[1]);
            EG_TL3_LOOKUP(a6, t, i1.val[2]); EG_TL3_LOOKUP(a7, t, i1.val[3]);
        }
        eg_tl3_widen8(s, a0); eg_tl3_widen8(s + 8, a1); eg_tl3_widen8(s + 16, a2); eg_tl3_widen8(s + 24, a3);
        eg_tl3_widen8(s + 32, a4); eg_tl3_widen8(s + 40, a5); eg_tl3_widen8(s + 48, a6); eg_tl3_widen8(s + 56, a7);
    }
}

/* The exact sums of 8 rows over all groups into s[0..7]. */
EG_INLINE void eg_tl3_block8(const int16_t *tables, const uint8_t *idx, int groups, int32_t *s)
{
    int g = 0;
    memset(s, 0, 8 * sizeof(int32_t));
    while (g < groups) {
        const int end = groups - g < EG_TL3_CHUNK ? groups : g + EG_TL3_CHUNK;
        int16x8_t a = vdupq_n_s16(0);
        const int8_t *t8 = (const int8_t *)(const void *)(tables + 32 * g);
        for (; g < end; ++g, t8 += 64, idx += 16) EG_TL3_LOOKUP(a, vld1q_s8_x4(t8), vld1q_u8(idx));
        eg_tl3_widen8(s, a);
    }
}

/* sums[r] = the sum of t * x over the row's trits for rows8 rows (a multiple of 8), from the tables. */
EG_INLINE void eg_tl3_sums(const int16_t *tables, const uint8_t *idx, int groups, int rows8, int32_t *sums)
{
    int r = 0;
    for (; r + 64 <= rows8; r += 64, idx += 64 * 2 * groups) eg_tl3_block64(tables, idx, groups, sums + r);
    for (; r < rows8; r += 8, idx += 8 * 2 * groups) eg_tl3_block8(tables, idx, groups, sums + r);
}

/* out[c] = requantize(bias[c] + q1[c] * s1[c] (+ q2[c] * s2[c] when s2 is not NULL)) for c < n; the parameter
 * arrays are padded to a multiple of 8. The products and sums wrap in int32 as the int8 kernel's accumulator does. */
EG_INLINE void eg_tl3_requantize(const int32_t *s1, const int32_t *q1, const int32_t *s2, const int32_t *q2, int n,
                                 const eg_neon_rq_t *q, int8_t *out)
{
    int c;
    for (c = 0; c < n; c += 8) {
        int32x4_t lo = vmlaq_s32(vld1q_s32(q->bias + c), vld1q_s32(q1 + c), vld1q_s32(s1 + c));
        int32x4_t hi = vmlaq_s32(vld1q_s32(q->bias + c + 4), vld1q_s32(q1 + c + 4), vld1q_s32(s1 + c + 4));
        if (s2) {
            lo = vmlaq_s32(lo, vld1q_s32(q2 + c), vld1q_s32(s2 + c));
            hi = vmlaq_s32(hi, vld1q_s32(q2 + c + 4), vld1q_s32(s2 + c + 4));
        }
        eg_neon_store_n(out + c, eg_neon_narrow8(eg_neon_requantize(lo, q, eg_neon_rq_load(q, c)),
                                                 eg_neon_requantize(hi, q, eg_neon_rq_load(q, c + 4)), q), n - c < 8 ? n - c : 8);
    }
}

#endif
