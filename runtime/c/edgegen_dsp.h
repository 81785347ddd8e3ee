/*
 * EdgeGen runtime: the multiply-accumulate micro-kernels of the DSP kernel variants (Arm v7E-M and v8-M
 * DSP extension: SMLAD multiplies two pairs of 16-bit values and adds both products, SXTB16 widens the
 * even or, rotated, the odd bytes of a word to two 16-bit values). On other compilers and hosts the same
 * functions are plain C, so the generator's tests check the data layouts on the host and the instructions
 * in QEMU. C99, no libc beyond <stdint.h>/<string.h>.
 *
 * Data layout of the convolution kernels (decided by the generator, see Emit/C/Kernels/Conv2DDsp.cs):
 * - a column is the q15 input vector of one output pixel (im2col), padded to a multiple of 4 elements;
 *   a "step" is 4 elements k..k+3, stored as two words [x_k, x_k+2] [x_k+1, x_k+3] (the order SXTB16 and
 *   SXTB16 ROR 8 produce from 4 int8 values, so that one unpacked weight word meets one column word);
 * - the columns of the two pixels of a 2x2 block interleave step by step: 4 words per step;
 * - weights: per step one word of 4 int8 values per output channel; the two channels of a block
 *   interleave step by step (8 bytes per step), a lone last channel has 4 bytes per step.
 */
#ifndef EDGEGEN_DSP_H
#define EDGEGEN_DSP_H

#include <stdint.h>
#include "edgegen_fixedpoint.h"

#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
#define EG_DSP_ASM 1
#endif


/* Index of element k of the column in slot s (0 or 1) of a 2-pixel column buffer, in int16 units. */
#define EG_COL2(k, s) ((((k) >> 2) * 4 + 2 * (s) + ((k) & 1)) * 2 + (((k) >> 1) & 1))

/* The DSP instructions the kernels use, each with its plain C twin. Words hold two int16 lanes (lo, hi). */
#if defined(EG_DSP_ASM)
#include <arm_acle.h>
#define eg_sxtb16(x) __sxtb16(x)
EG_INLINE int32_t eg_sxtb16_ror8(int32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
#define eg_smlad(a, b, acc) __smlad((a), (b), (acc))
#define eg_smlabb(a, b, acc) __smlabb((a), (b), (acc))
#define eg_smlatt(a, b, acc) __smlatt((a), (b), (acc))
#else
EG_INLINE int32_t eg_lo(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
EG_INLINE int32_t eg_hi(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
EG_INLINE int32_t eg_pack16(int32_t lo, int32_t hi) { return (int32_t)(((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu)); }
EG_INLINE int32_t eg_sxtb16(int32_t x) { return eg_pack16((int8_t)(x & 0xFF), (int8_t)((x >> 16) & 0xFF)); }
EG_INLINE int32_t eg_sxtb16_ror8(int32_t x) { return eg_pack16((int8_t)((x >> 8) & 0xFF), (int8_t)((x >> 24) & 0xFF)); }
EG_INLINE int32_t eg_smlad(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(eg_lo(a) * eg_lo(b)) + (uint32_t)(eg_hi(a) * eg_hi(b))); }
EG_INLINE int32_t eg_smlabb(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(eg_lo(a) * eg_lo(b))); }
EG_INLINE int32_t eg_smlatt(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(eg_hi(a) * eg_hi(b))); }
#endif

/* A word of 4 int8 values from any address (one LDR where unaligned loads are allowed). */
EG_INLINE int32_t eg_load4(const int8_t *x)
{
    int32_t v;
    eg_memcpy(&v, x, 4);
    return v;
}

/* Bit k set when first + k * step lies in [0, size): which of a window's taps along one axis fall inside the input. */
static inline uint32_t eg_tap_mask(int first, int step, int taps, int size)
{
    uint32_t m = 0;
    int k;
    for (k = 0; k < taps; ++k) {
        const int i = first + k * step;
        if (i >= 0 && i < size) m |= (uint32_t)1 << k;
    }
    return m;
}

/* acc + the dot product of 4 int8 inputs, given widened as xe = [x0, x2] and xo = [x1, x3], with the 4 int8 weights of w. */
EG_INLINE int32_t eg_dot4_s8(int32_t xe, int32_t xo, int32_t w, int32_t acc)
{
    acc = eg_smlad(xe, eg_sxtb16(w), acc);
    return eg_smlad(xo, eg_sxtb16_ror8(w), acc);
}

/* The two column words of 4 int8 values (one step): [x0, x2] and [x1, x3]. */
EG_INLINE void eg_widen4(int16_t *col, const int8_t *x)
{
    const int32_t raw = eg_load4(x);
    const int32_t even = eg_sxtb16(raw), odd = eg_sxtb16_ror8(raw);
    eg_memcpy(col, &even, 4);
    eg_memcpy(col + 2, &odd, 4);
}

/* One step of one pixel filled with the value v (padding). */
EG_INLINE void eg_fill4(int16_t *col, int16_t v)
{
    col[0] = v;
    col[1] = v;
    col[2] = v;
    col[3] = v;
}

#if defined(EG_DSP_ASM)
/* One step: the 4 column words of both pixels into r4-r7 (LDM needs fixed registers), then per channel one weight
 * word widened to its even and odd pairs, each multiplied with both pixels' matching column word. */
#define EG_MAC_COLUMNS "ldm %[x]!, {r4, r5, r6, r7}\n\t"
#define EG_MAC_CHANNEL(p0, p1) \
    "ldr %[w0], [%[w]], #4\n\t" \
    "sxtb16 %[u], %[w0]\n\t" \
    "smlad %[" #p0 "], r4, %[u], %[" #p0 "]\n\t" \
    "smlad %[" #p1 "], r6, %[u], %[" #p1 "]\n\t" \
    "sxtb16 %[w0], %[w0], ror #8\n\t" \
    "smlad %[" #p0 "], r5, %[w0], %[" #p0 "]\n\t" \
    "smlad %[" #p1 "], r7, %[w0], %[" #p1 "]\n\t"
#define EG_MAC_2X2_STEP EG_MAC_COLUMNS EG_MAC_CHANNEL(a00, a10) EG_MAC_CHANNEL(a01, a11)
/* 13 registers in all (4 fixed, 2 temporaries, 7 operands) leave the compiler one: weights load a word at a time. */
#define EG_MAC_2X2_OPERANDS \
    : [a00] "+r"(a[0]), [a01] "+r"(a[1]), [a10] "+r"(a[2]), [a11] "+r"(a[3]), [x] "+r"(x), [w] "+r"(wp), \
      [w0] "=&r"(w0), [u] "=&r"(u)
#else
/* The dot product of the 4 elements of one step of the column in slot s with 4 int8 weights. */
EG_INLINE int32_t eg_col_dot4(const int16_t *cols, int s, const int8_t *w)
{
    return cols[EG_COL2(0, s)] * w[0] + cols[EG_COL2(1, s)] * w[1] + cols[EG_COL2(2, s)] * w[2] + cols[EG_COL2(3, s)] * w[3];
}
#endif

/*
 * 2 pixels x 2 channels: a[0] = pixel 0 channel 0, a[1] = pixel 0 channel 1, a[2] = pixel 1 channel 0,
 * a[3] = pixel 1 channel 1, each += the dot product over `steps` steps. *w advances past the block's weights.
 */
EG_INLINE void eg_mac_2x2_s8(const int16_t *cols, const int8_t **w, int steps, int32_t a[4])
{
#if defined(EG_DSP_ASM)
    const int16_t *x = cols;
    const int8_t *wp = *w;
    int32_t w0, u;
    int n = steps >> 1;
    if (steps & 1) {
        __asm__ volatile(EG_MAC_2X2_STEP EG_MAC_2X2_OPERANDS : : "r4", "r5", "r6", "r7", "memory");
    }
    /* The step counter stays outside the asm: with it as a 14th register, some callers left GCC no
     * register to give ("impossible constraints"); outside, the compiler may keep it in lr or spill it. */
    for (; n > 0; --n) {
        __asm__ volatile(EG_MAC_2X2_STEP EG_MAC_2X2_STEP EG_MAC_2X2_OPERANDS : : "r4", "r5", "r6", "r7", "memory");
    }
    *w = wp;
#else
    const int8_t *wp = *w;
    int s;
    for (s = 0; s < steps; ++s, cols += 8, wp += 8) {
        a[0] += eg_col_dot4(cols, 0, wp);
        a[1] += eg_col_dot4(cols, 0, wp + 4);
        a[2] += eg_col_dot4(cols, 1, wp);
        a[3] += eg_col_dot4(cols, 1, wp + 4);
    }
    *w = wp;
#endif
}

/* 2 pixels x 1 channel (the last channel of an odd count): a[0] = pixel 0, a[1] = pixel 1. */
EG_INLINE void eg_mac_2x1_s8(const int16_t *cols, const int8_t **w, int steps, int32_t a[2])
{
#if defined(EG_DSP_ASM)
    const int16_t *x = cols;
    const int8_t *wp = *w;
    int32_t w0, u;
    int n = steps;
    __asm__ volatile(
        "1:\n\t" EG_MAC_COLUMNS EG_MAC_CHANNEL(a0, a1)
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a[0]), [a1] "+r"(a[1]), [x] "+r"(x), [w] "+r"(wp), [w0] "=&r"(w0), [u] "=&r"(u), [n] "+r"(n)
        : : "r4", "r5", "r6", "r7", "cc", "memory");
    *w = wp;
#else
    const int8_t *wp = *w;
    int s;
    for (s = 0; s < steps; ++s, cols += 8, wp += 4) {
        a[0] += eg_col_dot4(cols, 0, wp);
        a[1] += eg_col_dot4(cols, 1, wp);
    }
    *w = wp;
#endif
}

/*
 * Fully connected, 4 units at a time: a[u] += the dot product of `steps` words of 4 int8 inputs at *x with unit u's
 * weights, which are stored step-major (per step one word of 4 int8 weights for each of the 4 units, 4-byte aligned).
 * Advances *x and *w past what it read.
 */
#if defined(EG_DSP_ASM)
/* One unit of a step: its weight word (in a fixed register from LDM) widened to even and odd pairs, each against the input's. */
#define EG_FC_UNIT(acc, reg) \
    "sxtb16 %[t], " reg "\n\t" \
    "smlad %[" #acc "], %[xe], %[t], %[" #acc "]\n\t" \
    "sxtb16 " reg ", " reg ", ror #8\n\t" \
    "smlad %[" #acc "], %[xo], " reg ", %[" #acc "]\n\t"
/* One step: 4 inputs (any alignment) widened once, the 4 units' weight words in two LDMs of two (with one LDM of four,
 * 13 registers in all, GCC found no allocation for some callers on the Cortex-M55: "impossible constraints"). */
#define EG_FC_STEP_4 \
    "ldr %[xo], [%[x]], #4\n\t" \
    "ldm %[w]!, {r4, r5}\n\t" \
    "sxtb16 %[xe], %[xo]\n\t" \
    "sxtb16 %[xo], %[xo], ror #8\n\t" \
    EG_FC_UNIT(a0, "r4") EG_FC_UNIT(a1, "r5") \
    "ldm %[w]!, {r4, r5}\n\t" \
    EG_FC_UNIT(a2, "r4") EG_FC_UNIT(a3, "r5")
#define EG_FC_4_OPERANDS \
    : [a0] "+r"(a[0]), [a1] "+r"(a[1]), [a2] "+r"(a[2]), [a3] "+r"(a[3]), [x] "+r"(xp), [w] "+r"(wp), \
      [xe] "=&r"(xe), [xo] "=&r"(xo), [t] "=&r"(t)
#endif

EG_INLINE void eg_fc_4_s8(const int8_t **x, const int32_t **w, int steps, int32_t a[4])
{
#if defined(EG_DSP_ASM)
    const int8_t *xp = *x;
    const int32_t *wp = *w;
    int32_t xe, xo, t;
    int n = steps >> 1;
    if (steps & 1) {
        __asm__ volatile(EG_FC_STEP_4 EG_FC_4_OPERANDS : : "r4", "r5", "memory");
    }
    for (; n > 0; --n) {
        __asm__ volatile(EG_FC_STEP_4 EG_FC_STEP_4 EG_FC_4_OPERANDS : : "r4", "r5", "memory");
    }
    *x = xp;
    *w = wp;
#else
    const int8_t *xp = *x;
    const int32_t *wp = *w;
    int s;
    for (s = 0; s < steps; ++s, xp += 4, wp += 4) {
        const int32_t v = eg_load4(xp);
        const int32_t xe = eg_sxtb16(v), xo = eg_sxtb16_ror8(v);
        a[0] = eg_dot4_s8(xe, xo, wp[0], a[0]);
        a[1] = eg_dot4_s8(xe, xo, wp[1], a[1]);
        a[2] = eg_dot4_s8(xe, xo, wp[2], a[2]);
        a[3] = eg_dot4_s8(xe, xo, wp[3], a[3]);
    }
    *x = xp;
    *w = wp;
#endif
}

/* Fully connected, one unit: *a += the dot product of `steps` words of 4 int8 inputs at *x with its weight words at *w. */
EG_INLINE void eg_fc_1_s8(const int8_t **x, const int32_t **w, int steps, int32_t *a)
{
    const int8_t *xp = *x;
    const int32_t *wp = *w;
    int s;
    for (s = 0; s < steps; ++s, xp += 4, ++wp) {
        const int32_t v = eg_load4(xp);
        *a = eg_dot4_s8(eg_sxtb16(v), eg_sxtb16_ror8(v), *wp, *a);
    }
    *x = xp;
    *w = wp;
}

/* The last n (1 to 3) inputs of a row as a word, the missing bytes zero (their weights are zero too): no read past the row. */
EG_INLINE int32_t eg_load_last(const int8_t *x, int n)
{
    uint32_t v = 0;
    int j;
    for (j = 0; j < n; ++j) v |= (uint32_t)(uint8_t)x[j] << (8 * j);
    return (int32_t)v;
}

/* A row of `depth` int8 inputs widened once into ceil(depth / 4) pairs of words [x0, x2], [x1, x3] (the last pair's
 * missing values zero): every block of units then reads its inputs with one LDRD per step instead of widening them. */
EG_INLINE void eg_widen_row_s8(const int8_t *x, int depth, int32_t *out)
{
    int d;
    for (d = 0; d + 4 <= depth; d += 4, out += 2) {
        const int32_t v = eg_load4(x + d);
        out[0] = eg_sxtb16(v);
        out[1] = eg_sxtb16_ror8(v);
    }
    if (d < depth) {
        const int32_t v = eg_load_last(x + d, depth - d);
        out[0] = eg_sxtb16(v);
        out[1] = eg_sxtb16_ror8(v);
    }
}

#if defined(EG_DSP_ASM)
/* One step of the widened kernel: the input pair in one LDRD, the 4 units' weight words in one LDM of four (13
 * registers). GCC finds no allocation for that on the Cortex-M55 (MVE builds: "impossible constraints"), so there the
 * weights come in two LDMs of two, one instruction more per step (Helium kernels are chosen on that core anyway). */
#if defined(__ARM_FEATURE_MVE)
#define EG_FCW_REGS "r4", "r5"
#define EG_FCW_STEP_4 \
    "ldrd %[xe], %[xo], [%[x]], #8\n\t" \
    "ldm %[w]!, {r4, r5}\n\t" \
    EG_FC_UNIT(a0, "r4") EG_FC_UNIT(a1, "r5") \
    "ldm %[w]!, {r4, r5}\n\t" \
    EG_FC_UNIT(a2, "r4") EG_FC_UNIT(a3, "r5")
#else
#define EG_FCW_REGS "r4", "r5", "r6", "r7"
#define EG_FCW_STEP_4 \
    "ldrd %[xe], %[xo], [%[x]], #8\n\t" \
    "ldm %[w]!, {r4, r5, r6, r7}\n\t" \
    EG_FC_UNIT(a0, "r4") EG_FC_UNIT(a1, "r5") \
    EG_FC_UNIT(a2, "r6") EG_FC_UNIT(a3, "r7")
#endif
#endif

/* Fully connected, four units: a[u] += the dot product of `steps` widened input pairs at x (eg_widen_row_s8) with
 * unit u's weight words at *w (the four units' words of a step adjacent). Four steps per loop pass. */
EG_INLINE void eg_fc_4_widened(const int32_t *x, const int32_t **w, int steps, int32_t a[4])
{
    const int32_t *xp = x;
    const int32_t *wp = *w;
#if defined(EG_DSP_ASM)
    int32_t xe, xo, t;
    int n;
    for (n = steps & 3; n > 0; --n) {
        __asm__ volatile(EG_FCW_STEP_4 EG_FC_4_OPERANDS : : EG_FCW_REGS, "memory");
    }
    for (n = steps >> 2; n > 0; --n) {
        __asm__ volatile(EG_FCW_STEP_4 EG_FCW_STEP_4 EG_FCW_STEP_4 EG_FCW_STEP_4 EG_FC_4_OPERANDS : : EG_FCW_REGS, "memory");
    }
#else
    int s;
    for (s = 0; s < steps; ++s, xp += 2, wp += 4) {
        a[0] = eg_dot4_s8(xp[0], xp[1], wp[0], a[0]);
        a[1] = eg_dot4_s8(xp[0], xp[1], wp[1], a[1]);
        a[2] = eg_dot4_s8(xp[0], xp[1], wp[2], a[2]);
        a[3] = eg_dot4_s8(xp[0], xp[1], wp[3], a[3]);
    }
#endif
    *w = wp;
}

/* Fully connected, one unit: *a += the dot product of `steps` widened input pairs at x with its weight words at *w. */
EG_INLINE void eg_fc_1_widened(const int32_t *x, const int32_t **w, int steps, int32_t *a)
{
    const int32_t *wp = *w;
    int32_t acc = *a;
    int s;
    for (s = 0; s < steps; ++s, x += 2, ++wp) acc = eg_dot4_s8(x[0], x[1], *wp, acc);
    *a = acc;
    *w = wp;
}

#endif
