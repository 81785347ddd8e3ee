/*
 * EdgeGen runtime: the packed table-lookup ternary kernel (generator/Emit/C/Kernels/Ternary/TernaryLut*.cs).
 * The weights stay in flash as one byte per row and group of 4 trits, the base-3 index
 * i = d0 + 3 d1 + 9 d2 + 27 d3 (digit d = trit + 1; 81 values, 2 bits per trit). Per inference every group of
 * 4 inputs gets a table of its 81 signed sums Σ (d_j - 1) x_j as int16 (|sum| <= 512, exact); each row then
 * adds one table entry per group: a byte load, a halfword load and an add for 4 weights.
 * Tables are built for a chunk of groups at a time (the scratch stays small) and 8 rows are summed per pass
 * (their sums in registers). C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_TERNARY_LUT_H
#define EDGEGEN_TERNARY_LUT_H

#include <stdint.h>
#include "edgegen_fixedpoint.h"

#define EG_TLUT4_ENTRIES 81

/* The 81 sums of inputs (a, b, c, d) at t[d0 + 3 d1 + 9 d2 + 27 d3]. */
EG_INLINE void eg_tlut4_table(int32_t a, int32_t b, int32_t c, int32_t d, int16_t *t)
{
    const int32_t m[9] = { -b - c, -c, b - c, -b, 0, b, c - b, c, b + c };
    int j, k;
    for (k = -1; k <= 1; ++k) {
        const int32_t dk = k * d;
        for (j = 0; j < 9; ++j, t += 3) {
            const int32_t s = m[j] + dk;
            t[0] = (int16_t)(s - a);
            t[1] = (int16_t)s;
            t[2] = (int16_t)(s + a);
        }
    }
}

/* Tables of `groups` consecutive groups of 4 inputs from x, of which n are valid (inputs past n read as 0). */
static void eg_tlut4_tables(const int8_t *x, int n, int groups, int16_t *t)
{
    int g;
    for (g = 0; g < groups; ++g, x += 4, n -= 4, t += EG_TLUT4_ENTRIES) {
        if (n >= 4) {
            eg_tlut4_table(x[0], x[1], x[2], x[3], t);
        } else {
            eg_tlut4_table(x[0], n > 1 ? x[1] : 0, n > 2 ? x[2] : 0, 0, t);
        }
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
