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
 * blocks of 128, each block per group 16 vectors of 16 bytes (8 rows each), then the remaining rows
 * in blocks of 8, per group one vector. Input values past k read as 0 (their trits are 0 anyway).
 * The table scratch holds the groups rounded up to a multiple of 8 (tables are built 8 at a time).
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

/* The tables of 8 groups from 24 input values widened into x0 (values 0..7), x1 (8..15), x2 (16..23):
 * group g reads values 3g, 3g+1, 3g+2, i.e. vector (3g+j)/8, lane (3g+j)%8. */
#define EG_TL3_ENTRY(j, a, la, b, lb, c, lc) \
    vst1q_s16(tables + 8 * j, vmlaq_laneq_s16(vmlaq_laneq_s16(vmulq_laneq_s16(c0.val[j], a, la), c1.val[j], b, lb), c2.val[j], c, lc))
#define EG_TL3_TABLE(a, la, b, lb, c, lc) \
    EG_TL3_ENTRY(0, a, la, b, lb, c, lc); EG_TL3_ENTRY(1, a, la, b, lb, c, lc); \
    EG_TL3_ENTRY(2, a, la, b, lb, c, lc); EG_TL3_ENTRY(3, a, la, b, lb, c, lc); \
    tables += 32

EG_INLINE void eg_tl3_tables8(const int8_t *x, int16_t *tables, int16x8x4_t c0, int16x8x4_t c1, int16x8x4_t c2)
{
    const int8x16_t lo = vld1q_s8(x);
    const int16x8_t x0 = vmovl_s8(vget_low_s8(lo)), x1 = vmovl_high_s8(lo), x2 = vmovl_s8(vld1_s8(x + 16));
    EG_TL3_TABLE(x0, 0, x0, 1, x0, 2); EG_TL3_TABLE(x0, 3, x0, 4, x0, 5); EG_TL3_TABLE(x0, 6, x0, 7, x1, 0);
    EG_TL3_TABLE(x1, 1, x1, 2, x1, 3); EG_TL3_TABLE(x1, 4, x1, 5, x1, 6); EG_TL3_TABLE(x1, 7, x2, 0, x2, 1);
    EG_TL3_TABLE(x2, 2, x2, 3, x2, 4); EG_TL3_TABLE(x2, 5, x2, 6, x2, 7);
}

/* The tables of all groups, 8 at a time: tables[32 * g + i] for g < groups rounded up to a multiple of 8, from
 * the k input values at x (values past k read as 0: the last 24 values go through a zero-padded copy). */
EG_INLINE void eg_tl3_tables(const int8_t *x, int k, int groups, int16_t *tables)
{
    const int16x8x4_t c0 = vld1q_s16_x4(eg_tl3_c0), c1 = vld1q_s16_x4(eg_tl3_c1), c2 = vld1q_s16_x4(eg_tl3_c2);
    int g = 0;
    for (; 3 * g + 24 <= k; g += 8, tables += 256) eg_tl3_tables8(x + 3 * g, tables, c0, c1, c2);
    if (g < groups) {
        int8_t tail[24] = { 0 };
        memcpy(tail, x + 3 * g, (size_t)(k - 3 * g));
        eg_tl3_tables8(tail, tables, c0, c1, c2);
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

/* Four index vectors, idx advanced past them (EG_LOAD64_POST, edgegen_neon.h). */
#define EG_TL3_LOAD_IDX(v, p) EG_LOAD64_POST(v, p)

/* One group of 128 rows: its table, 16 index vectors (loaded 4 at a time), 16 lookups. */
#define EG_TL3_QUAD(b0, b1, b2, b3) \
        EG_TL3_LOAD_IDX(i, idx); \
        EG_TL3_LOOKUP(b0, t, i.val[0]); EG_TL3_LOOKUP(b1, t, i.val[1]); EG_TL3_LOOKUP(b2, t, i.val[2]); EG_TL3_LOOKUP(b3, t, i.val[3])
#define EG_TL3_STEP128 do { \
        const int8x16x4_t t = vld1q_s8_x4(t8); \
        uint8x16x4_t i; \
        t8 += 64; \
        EG_TL3_QUAD(a0, a1, a2, a3); EG_TL3_QUAD(a4, a5, a6, a7); EG_TL3_QUAD(a8, a9, a10, a11); EG_TL3_QUAD(a12, a13, a14, a15); \
    } while (0)

/* The exact sums of 128 rows over all groups into s[0..127]; idx points at the block's indices. The groups run in
 * chunks of at most EG_TL3_CHUNK (the int16 bound). */
EG_INLINE void eg_tl3_block128(const int16_t *tables, const uint8_t *idx, int groups, int32_t *s)
{
    const int8_t *t8 = (const int8_t *)(const void *)tables;
    int g = 0;
    memset(s, 0, 128 * sizeof(int32_t));
    EG_OPAQUE(idx);
    while (g < groups) {
        const int n = groups - g < EG_TL3_CHUNK ? groups - g : EG_TL3_CHUNK;
        const int8_t *const stop = t8 + 64 * n;
        int16x8_t a0 = vdupq_n_s16(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int16x8_t a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        while (t8 != stop) EG_TL3_STEP128;
        eg_tl3_widen8(s, a0); eg_tl3_widen8(s + 8, a1); eg_tl3_widen8(s + 16, a2); eg_tl3_widen8(s + 24, a3);
        eg_tl3_widen8(s + 32, a4); eg_tl3_widen8(s + 40, a5); eg_tl3_widen8(s + 48, a6); eg_tl3_widen8(s + 56, a7);
        eg_tl3_widen8(s + 64, a8); eg_tl3_widen8(s + 72, a9); eg_tl3_widen8(s + 80, a10); eg_tl3_widen8(s + 88, a11);
        eg_tl3_widen8(s + 96, a12); eg_tl3_widen8(s + 104, a13); eg_tl3_widen8(s + 112, a14); eg_tl3_widen8(s + 120, a15);
        g += n;
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
    for (; r + 128 <= rows8; r += 128, idx += 128 * 2 * groups) eg_tl3_block128(tables, idx, groups, sums + r);
    for (; r < rows8; r += 8, idx += 8 * 2 * groups) eg_tl3_block8(tables, idx, groups, sums + r);
}

/* acc + q[c..c+3] * s[c..c+3], or acc + s[c..c+3] when q is NULL (every multiplier of the plane is 1). */
EG_INLINE int32x4_t eg_tl3_term(int32x4_t acc, const int32_t *q, const int32_t *s, int c)
{
    return q ? vmlaq_s32(acc, vld1q_s32(q + c), vld1q_s32(s + c)) : vaddq_s32(acc, vld1q_s32(s + c));
}

/* The int32 accumulator of units c..c+3: s1 alone when it already holds the bias (biased: one plane, q1 NULL),
 * else bias + q1 * s1 (+ q2 * s2). */
EG_INLINE int32x4_t eg_tl3_acc4(const int32_t *s1, const int32_t *q1, const int32_t *s2, const int32_t *q2, int biased,
                                const eg_neon_rq_t *q, int c)
{
    int32x4_t a;
    if (biased) return vld1q_s32(s1 + c);
    a = eg_tl3_term(vld1q_s32(q->bias + c), q1, s1, c);
    return s2 ? eg_tl3_term(a, q2, s2, c) : a;
}

/* out[c] = requantize(bias[c] + q1[c] * s1[c] (+ q2[c] * s2[c] when s2 is not NULL)) for c < n; q1 NULL: every q1
 * is 1; biased: the sums already hold the bias (see eg_tl3_acc4). The parameter arrays are padded to a multiple of 8.
 * 16 units at a time (the requantization constants in one load per array), then 8. The products and sums wrap in
 * int32 as the int8 kernel's accumulator does. */
EG_INLINE void eg_tl3_requantize(const int32_t *s1, const int32_t *q1, const int32_t *s2, const int32_t *q2, int biased, int n,
                                 const eg_neon_rq_t *q, int8_t *out)
{
    int c = 0;
    for (; c + 16 <= n; c += 16) {
        eg_neon_acc16_t a;
        a.v[0] = eg_tl3_acc4(s1, q1, s2, q2, biased, q, c);
        a.v[1] = eg_tl3_acc4(s1, q1, s2, q2, biased, q, c + 4);
        a.v[2] = eg_tl3_acc4(s1, q1, s2, q2, biased, q, c + 8);
        a.v[3] = eg_tl3_acc4(s1, q1, s2, q2, biased, q, c + 12);
        const eg_neon_rq16_t p = eg_neon_rq16_load(q, c);
        eg_neon_store16(out + c, a, q, &p, 16);
    }
    for (; c < n; c += 8)
        eg_neon_store_n(out + c, eg_neon_narrow8(eg_neon_requantize(eg_tl3_acc4(s1, q1, s2, q2, biased, q, c), q, eg_neon_rq_load(q, c)),
                                                 eg_neon_requantize(eg_tl3_acc4(s1, q1, s2, q2, biased, q, c + 4), q, eg_neon_rq_load(q, c + 4)), q),
                        n - c < 8 ? n - c : 8);
}

#endif
