/*
 * EdgeGen runtime: the dot-product ternary matrix-vector kernel for AArch64 NEON with dotprod (Cortex-A76).
 *
 * A ternary layer's weights are t * q per output row, t in {-1, 0, +1}. Here the trits are stored as int8
 * and one sdot (by element) adds 16 products into 4 rows' int32 sums: a 16-byte vector holds 4 rows x 4
 * inputs, the element j of a 16-input vector of x supplies those 4 inputs. Per 16 inputs a quad of 4 rows
 * takes one 64-byte load (4 vectors, j = 0..3) and 4 sdot: 5 instructions per 64 weights. A block keeps 24
 * quads (96 rows) in registers, so each 16 inputs of x are loaded once per 96 rows; the sums are exact int32
 * (|sum| <= 128 * k) and are stored for eg_tl3_requantize (edgegen_neon_ternary.h).
 *
 * Weight layout (generated at generation time): rows padded to a multiple of 8, k to a multiple of 16 with
 * zero trits; blocks of 96 rows, then of 32, then of 8. Per block and per 16 inputs i..i+15: per quad
 * (4 rows r..r+3) and per j = 0..3 one vector of bytes [row r+m][input i+4j+n] at 4m + n.
 * x holds k16 values (k rounded up to 16; the generator copies an input of another length into a zero-padded row).
 * C99 with <arm_neon.h>; needs -march=armv8.2-a+dotprod.
 */
#ifndef EDGEGEN_NEON_TERNARY_DOT_H
#define EDGEGEN_NEON_TERNARY_DOT_H

#include "edgegen_neon.h"

#if defined(__ARM_FEATURE_DOTPROD)

/* Each block is one asm statement: its accumulators are the fixed registers v0..v23 (clobbered, so the
 * compiler keeps nothing there), x goes to v24..v27 and each quad's weights to v28..v31 by post-indexed ld1
 * (no address arithmetic), the loops are a compare and a branch, and the sums are stored by st1 at the end
 * (volatile: its only effect the compiler sees is on memory).
 * With intrinsics gcc moved the four-vector loads and the accumulator tuples through the stack (over twice
 * the instructions in the loop, about a hundred per block at the end). */
#define EG_TD_QUAD(acc, xr) \
    "ld1 {v28.16b - v31.16b}, [%[w]], #64\n\t" \
    "sdot " acc ".4s, v28.16b, " xr ".4b[0]\n\t" "sdot " acc ".4s, v29.16b, " xr ".4b[1]\n\t" \
    "sdot " acc ".4s, v30.16b, " xr ".4b[2]\n\t" "sdot " acc ".4s, v31.16b, " xr ".4b[3]\n\t"
#define EG_TD_QUADS2(xr) EG_TD_QUAD("v0", xr) EG_TD_QUAD("v1", xr)
#define EG_TD_QUADS8(xr) EG_TD_QUADS2(xr) EG_TD_QUAD("v2", xr) EG_TD_QUAD("v3", xr) EG_TD_QUAD("v4", xr) \
    EG_TD_QUAD("v5", xr) EG_TD_QUAD("v6", xr) EG_TD_QUAD("v7", xr)
#define EG_TD_QUADS24(xr) EG_TD_QUADS8(xr) EG_TD_QUAD("v8", xr) EG_TD_QUAD("v9", xr) EG_TD_QUAD("v10", xr) \
    EG_TD_QUAD("v11", xr) EG_TD_QUAD("v12", xr) EG_TD_QUAD("v13", xr) EG_TD_QUAD("v14", xr) EG_TD_QUAD("v15", xr) \
    EG_TD_QUAD("v16", xr) EG_TD_QUAD("v17", xr) EG_TD_QUAD("v18", xr) EG_TD_QUAD("v19", xr) EG_TD_QUAD("v20", xr) \
    EG_TD_QUAD("v21", xr) EG_TD_QUAD("v22", xr) EG_TD_QUAD("v23", xr)
/* The accumulators' start values: 16 at a time from init, advanced by istep (64 bytes, or 0 to reread 16 zeros). */
#define EG_TD_INIT2 "ld1 {v0.4s - v1.4s}, [%[init]]\n\t"
#define EG_TD_INIT8 "ld1 {v0.4s - v3.4s}, [%[init]], %[istep]\n\t" "ld1 {v4.4s - v7.4s}, [%[init]], %[istep]\n\t"
#define EG_TD_INIT24 EG_TD_INIT8 "ld1 {v8.4s - v11.4s}, [%[init]], %[istep]\n\t" "ld1 {v12.4s - v15.4s}, [%[init]], %[istep]\n\t" \
    "ld1 {v16.4s - v19.4s}, [%[init]], %[istep]\n\t" "ld1 {v20.4s - v23.4s}, [%[init]], %[istep]\n\t"
#define EG_TD_STORE8 "st1 {v0.4s - v3.4s}, [%[s]], #64\n\t" "st1 {v4.4s - v7.4s}, [%[s]], #64\n\t"
#define EG_TD_STORE24 EG_TD_STORE8 "st1 {v8.4s - v11.4s}, [%[s]], #64\n\t" "st1 {v12.4s - v15.4s}, [%[s]], #64\n\t" \
    "st1 {v16.4s - v19.4s}, [%[s]], #64\n\t" "st1 {v20.4s - v23.4s}, [%[s]], #64\n\t"
#define EG_TD_STORE2 "st1 {v0.4s - v1.4s}, [%[s]]\n\t"
#define EG_TD_SCRATCH "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31", "cc", "memory"

/* A block: its accumulators from init, the k16 inputs 64 at a time (one load of x) then 16 at a time, the sums
 * stored at s. The arguments after the strings: the accumulator registers it clobbers. */
#define EG_TD_BLOCK(INIT, QUADS, STORE, ...) do { \
        const int8_t *const stop64 = x + (k16 & ~63), *const stop = x + k16; \
        __asm__ __volatile__(INIT \
                "cmp %[x], %[stop64]\n\t" "b.eq 2f\n\t" \
                "1:\n\t" "ld1 {v24.16b - v27.16b}, [%[x]], #64\n\t" QUADS("v24") QUADS("v25") QUADS("v26") QUADS("v27") \
                "cmp %[x], %[stop64]\n\t" "b.ne 1b\n\t" \
                "2:\n\t" "cmp %[x], %[stop]\n\t" "b.eq 4f\n\t" \
                "3:\n\t" "ldr q24, [%[x]], #16\n\t" QUADS("v24") "cmp %[x], %[stop]\n\t" "b.ne 3b\n\t" \
                "4:\n\t" STORE \
                : [w] "+r"(w), [x] "+r"(x), [s] "+r"(s), [init] "+r"(init) \
                : [stop64] "r"(stop64), [stop] "r"(stop), [istep] "r"(istep) : __VA_ARGS__, EG_TD_SCRATCH); \
    } while (0)

/* Sixteen zeros: the start of every accumulator when the sums start at 0. */
static const int32_t eg_td_zeros[16] = { 0 };

/* The sums of 96 rows into s[0..95], each started at its init value; w points at the block's weights. */
EG_INLINE void eg_td_block96(const int8_t *x, const int8_t *w, int k16, int32_t *s, const int32_t *init, long istep)
{
    EG_TD_BLOCK(EG_TD_INIT24, EG_TD_QUADS24, EG_TD_STORE24, "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
                "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23");
}

/* The sums of 32 rows into s[0..31]. */
EG_INLINE void eg_td_block32(const int8_t *x, const int8_t *w, int k16, int32_t *s, const int32_t *init, long istep)
{
    EG_TD_BLOCK(EG_TD_INIT8, EG_TD_QUADS8, EG_TD_STORE8, "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7");
}

/* The sums of 8 rows into s[0..7]. */
EG_INLINE void eg_td_block8(const int8_t *x, const int8_t *w, int k16, int32_t *s, const int32_t *init, long istep)
{
    (void)istep;
    EG_TD_BLOCK(EG_TD_INIT2, EG_TD_QUADS2, EG_TD_STORE2, "v0", "v1");
}

/* sums[r] = init[r] (0 when init is NULL) + the sum of t * x over row r's trits, for rows8 rows (a multiple of 8);
 * w: the packed trits. */
EG_INLINE void eg_td_sums(const int8_t *x, const int8_t *w, int k16, int rows8, int32_t *sums, const int32_t *init)
{
    const long istep = init ? 64 : 0;
    int r = 0;
#define EG_TD_INIT_AT(r) (init ? init + (r) : eg_td_zeros)
    for (; r + 96 <= rows8; r += 96) eg_td_block96(x, w + r * k16, k16, sums + r, EG_TD_INIT_AT(r), istep);
    for (; r + 32 <= rows8; r += 32) eg_td_block32(x, w + r * k16, k16, sums + r, EG_TD_INIT_AT(r), istep);
    for (; r < rows8; r += 8) eg_td_block8(x, w + r * k16, k16, sums + r, EG_TD_INIT_AT(r), istep);
#undef EG_TD_INIT_AT
}

#endif
#endif
