/*
 * EdgeGen runtime: the packed table-lookup ternary kernel (generator/Emit/C/Kernels/Ternary/TernaryLut*.cs).
 * The weights stay in flash as one byte per row and group of 4 trits, the index
 * i = d0 + 4 (d1 + 3 d2 + 9 d3) of its trits (digit d = trit + 1; 81 of 108 values used, 2 bits per trit). Per
 * inference every group of 4 inputs gets a table of its signed sums Σ (d_j - 1) x_j as int16 (|sum| <= 512, exact),
 * d0 varying fastest with a stride of 4 entries: the three entries (s - x0, s, s + x0) of one outer sum s and a
 * pad entry fill two words, written on DSP cores as SADD16 of the broadcast s with (-x0, 0) and (x0, 0) and one STRD
 * (3 instructions per 3 entries). Each row then adds one table entry per group: a byte load, a halfword load and an
 * add for 4 weights. Tables are built for a chunk of groups at a time (the scratch stays small) and 8 rows are
 * summed per pass (their sums in registers). C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_TERNARY_LUT_H
#define EDGEGEN_TERNARY_LUT_H

#include <stdint.h>
#include "edgegen_fixedpoint.h"
#include "edgegen_ternary.h"

#define EG_TLUT4_ENTRIES 108


#if defined(__ARM_FEATURE_SIMD32) && defined(__GNUC__)
/* (v, v) as two int16 lanes. */
#define EG_TLUT_BCAST(v) ((uint32_t)(uint16_t)(int16_t)(v) * 0x00010001u)

/* The two words of 4 table entries with one STRD (gcc does not pair the two 32-bit stores itself). */
/* The words of the 9 sums m of b and c for one d3 term: (m + k d - a, m + k d) and (m + k d + a, pad). */
#define EG_TLUT_STORE(w, j, lo, hi) __asm__("strd %1, %2, [%0, %3]" : : "r"(w), "r"(lo), "r"(hi), "i"(8 * (j)) : "memory")
#define EG_TLUT_PAIR(w, j, lk, hk, m) EG_TLUT_STORE(w, j, eg_sadd16((lk), (m)), eg_sadd16((hk), (m)))
#define EG_TLUT_NINE(w, lk, hk) do { \
        EG_TLUT_PAIR(w, 0, lk, hk, m0); EG_TLUT_PAIR(w, 1, lk, hk, m1); EG_TLUT_PAIR(w, 2, lk, hk, m2); \
        EG_TLUT_PAIR(w, 3, lk, hk, m3); EG_TLUT_STORE(w, 4, lk, hk); EG_TLUT_PAIR(w, 5, lk, hk, m5); \
        EG_TLUT_PAIR(w, 6, lk, hk, m6); EG_TLUT_PAIR(w, 7, lk, hk, m7); EG_TLUT_PAIR(w, 8, lk, hk, m8); \
    } while (0)

/* The table of inputs (a, b, c, d), straight-line (a loop would double the instructions per entry). */
EG_INLINE void eg_tlut4_table(int32_t a, int32_t b, int32_t c, int32_t d, int16_t *t)
{
    const uint32_t B = EG_TLUT_BCAST(b), C = EG_TLUT_BCAST(c), D = EG_TLUT_BCAST(d);
    const uint32_t m8 = eg_sadd16(B, C), m2 = eg_ssub16(B, C), m5 = B, m7 = C;
    const uint32_t m0 = eg_ssub16(0u, m8), m1 = eg_ssub16(0u, C), m3 = eg_ssub16(0u, B), m6 = eg_ssub16(0u, m2);
    const uint32_t lo = (uint32_t)(uint16_t)(int16_t)(-a), hi = (uint32_t)(uint16_t)(int16_t)a;
    uint32_t *w = (uint32_t *)(void *)t;
    uint32_t lk = eg_ssub16(lo, D), hk = eg_ssub16(hi, D);
    EG_TLUT_NINE(w, lk, hk);
    EG_TLUT_NINE(w + 18, lo, hi);
    lk = eg_sadd16(lo, D);
    hk = eg_sadd16(hi, D);
    EG_TLUT_NINE(w + 36, lk, hk);
}
#else
/* The table of inputs (a, b, c, d): entries (s - a, s, s + a) for every sum s of (d1 - 1) b + (d2 - 1) c + (d3 - 1) d. */
EG_INLINE void eg_tlut4_table(int32_t a, int32_t b, int32_t c, int32_t d, int16_t *t)
{
    const int32_t m[9] = { -b - c, -c, b - c, -b, 0, b, c - b, c, b + c };
    int j, k;
    for (k = -1; k <= 1; ++k) {
        const int32_t dk = k * d;
        for (j = 0; j < 9; ++j, t += 4) {
            const int32_t s = m[j] + dk;
            t[0] = (int16_t)(s - a);
            t[1] = (int16_t)s;
            t[2] = (int16_t)(s + a);
        }
    }
}
#endif

/* Tables of `groups` consecutive groups of 4 inputs from x, of which n are valid (inputs past n read as 0). */
static void eg_tlut4_tables(const int8_t *x, int n, int groups, int16_t *t)
{
    int g;
    for (g = 0; g < groups; ++g, x += 4, n -= 4, t += EG_TLUT4_ENTRIES) {
        int8_t tail[4] = { 0, 0, 0, 0 };
        const int8_t *v = x;
        if (n < 4) {
            int i;
            for (i = 0; i < n; ++i) tail[i] = x[i];
            v = tail;
        }
        eg_tlut4_table(v[0], v[1], v[2], v[3], t);
    }
}

/* Adds to s[0..7] the sums of 8 rows over `groups` groups: per group the 8 rows' index bytes, then the next group. */
static void eg_tlut4_rows8(const int16_t *t, const uint8_t *idx, int groups, int32_t *s)
{
    int32_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4], a5 = s[5], a6 = s[6], a7 = s[7];
    for (; groups > 0; --groups, t += EG_TLUT4_ENTRIES, idx += 8) {
        a0 += t[idx[0]];
        a1 += t[idx[1]];
        a2 += t[idx[2]];
        a3 += t[idx[3]];
        a4 += t[idx[4]];
        a5 += t[idx[5]];
        a6 += t[idx[6]];
        a7 += t[idx[7]];
    }
    s[0] = a0; s[1] = a1; s[2] = a2; s[3] = a3; s[4] = a4; s[5] = a5; s[6] = a6; s[7] = a7;
}

#endif
