/*
 * EdgeGen runtime: the integer arithmetic TFLite's quantized kernels are defined by.
 * Every function here is bit-exact with EdgeGen's reference interpreter (generator/Numerics);
 * generated kernels call them with constants decided at generation time.
 * C99, no libc beyond <stdint.h>.
 */
#ifndef EDGEGEN_FIXEDPOINT_H
#define EDGEGEN_FIXEDPOINT_H

#include <stdint.h>
#if defined(__ARM_FEATURE_SAT) && defined(__GNUC__)
#include <arm_acle.h>
#endif

#if defined(__GNUC__)
#define EG_INLINE static inline __attribute__((always_inline))
/* Small copies of known size become loads and stores even under -ffreestanding. */
#define eg_memcpy __builtin_memcpy
#define eg_memset __builtin_memset
#else
#include <string.h>
#define EG_INLINE static inline
#define eg_memcpy memcpy
#define eg_memset memset
#endif

/* High 32 bits of 2*a*b, rounded half away from zero; saturates the one overflow case. */
EG_INLINE int32_t eg_srdhm(int32_t a, int32_t b)
{
    int64_t ab;
    int64_t nudge;
    if (a == b && a == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
EG_INLINE int32_t eg_rdbpot(int32_t x, int exponent)
{
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite's MultiplyByQuantizedMultiplier (double rounding) for int32 accumulators. */
EG_INLINE int32_t eg_requantize(int32_t x, int32_t multiplier, int shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    return eg_rdbpot(eg_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* TFLite's MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels). */
EG_INLINE int32_t eg_requantize64(int64_t x, int32_t multiplier, int shift)
{
    const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
    const int total = 15 - shift;
    const int64_t rounded = x * reduced + ((int64_t)1 << (total - 1));
    return (int32_t)(rounded >> total);
}

/* Arm's SMMLAR: the high word of c * 2^32 + a * b, rounded; one instruction where the DSP extension exists. */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
EG_INLINE int32_t eg_smmlar(int32_t a, int32_t b, int32_t c)
{
    int32_t r;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c));
    return r;
}
#else
EG_INLINE int32_t eg_smmlar(int32_t a, int32_t b, int32_t c)
{
    const uint64_t sum = ((uint64_t)(uint32_t)c << 32) + (uint64_t)((int64_t)a * b) + 0x80000000u;
    return (int32_t)(uint32_t)(sum >> 32);
}
#endif

/* Hides a pointer's value from the optimizer, so a constant array's address stays in a register: gcc would otherwise
 * address it from a shared section anchor plus an offset, one instruction more per indexed load. */
#if defined(__GNUC__)
#define EG_OPAQUE(p) __asm__("" : "+r"(p))
#else
#define EG_OPAQUE(p) ((void)0)
#endif

/* eg_requantize(acc, multiplier, shift) + zero point in one rounding multiply-accumulate, for accumulators the
 * generator proved small: scale = 2 << max(shift, 0), addend = 2^(right-1) + zero_point * 2^right, right = max(-shift, 0)
 * (generator/Numerics/FastRequantizer.cs has the proof). The _nofix form drops the sign correction where the
 * activation clamp makes it irrelevant, or where right = 0. */
EG_INLINE int32_t eg_requantize_fast(int32_t acc, int32_t scale, int32_t multiplier, int32_t addend, int right)
{
    return (eg_smmlar(acc * scale, multiplier, addend) + (acc >> 31)) >> right;
}

EG_INLINE int32_t eg_requantize_fast_nofix(int32_t acc, int32_t scale, int32_t multiplier, int32_t addend, int right)
{
    return eg_smmlar(acc * scale, multiplier, addend) >> right;
}

/* The sign correction per channel: fix = -1 applies it, 0 drops it (channels of one kernel that differ). */
EG_INLINE int32_t eg_requantize_fast_masked(int32_t acc, int32_t scale, int32_t multiplier, int32_t addend, int right, int32_t fix)
{
    return (eg_smmlar(acc * scale, multiplier, addend) + ((acc >> 31) & fix)) >> right;
}

/* A requantization row's shift word: addend * 256 + right (0 <= right < 32), which saves the fourth word of a
 * channel's row. The shift reads the word itself: Arm's register shifts use only its low byte, so unpacking costs
 * one arithmetic shift for the addend per channel, none per output. */
#if defined(__GNUC__) && defined(__thumb2__)
EG_INLINE int32_t eg_asr_word(int32_t x, int32_t word)
{
    int32_t r;
    __asm__("asr %0, %1, %2" : "=r"(r) : "r"(x), "r"(word));
    return r;
}
#elif defined(__GNUC__) && defined(__thumb__)
EG_INLINE int32_t eg_asr_word(int32_t x, int32_t word)
{
    __asm__("asrs %0, %1" : "+l"(x) : "l"(word) : "cc");
    return x;
}
#else
EG_INLINE int32_t eg_asr_word(int32_t x, int32_t word)
{
    return x >> (word & 31);
}
#endif

/* eg_requantize_fast, _nofix and _masked with the addend and the right shift in one shift word. */
EG_INLINE int32_t eg_requantize_packed(int32_t acc, int32_t scale, int32_t multiplier, int32_t word)
{
    return eg_asr_word(eg_smmlar(acc * scale, multiplier, word >> 8) + (acc >> 31), word);
}

EG_INLINE int32_t eg_requantize_packed_nofix(int32_t acc, int32_t scale, int32_t multiplier, int32_t word)
{
    return eg_asr_word(eg_smmlar(acc * scale, multiplier, word >> 8), word);
}

EG_INLINE int32_t eg_requantize_packed_masked(int32_t acc, int32_t scale, int32_t multiplier, int32_t word, int32_t fix)
{
    return eg_asr_word(eg_smmlar(acc * scale, multiplier, word >> 8) + ((acc >> 31) & fix), word);
}

EG_INLINE int32_t eg_clamp(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* eg_clamp for a range inside [-128, 127] given by constants: SSAT where the core has it, plus only the compares the range needs. */
EG_INLINE int32_t eg_clamp8(int32_t x, int32_t lo, int32_t hi)
{
#if defined(__ARM_FEATURE_SAT) && defined(__GNUC__)
    x = __ssat(x, 8);
    if (lo > -128 && x < lo) x = lo;
    if (hi < 127 && x > hi) x = hi;
    return x;
#else
    return eg_clamp(x, lo, hi);
#endif
}

/* How an operator's int32 accumulators become int8 outputs in the vector kernels (NEON, Helium):
 * TFLite's MultiplyByQuantizedMultiplier, output zero point, activation clamp. Arrays hold one value
 * per output channel, padded to whole vectors. */
typedef struct {
    const int32_t *bias;       /* bias + input_offset * sum(weights) */
    const int32_t *multiplier; /* Q31 multipliers */
    const int32_t *left;       /* left shifts (>= 0); NULL when no channel shifts left */
    const int32_t *right;      /* minus the right shifts (<= 0) */
    int32_t zero_point;        /* output zero point */
    int32_t lo, hi;            /* activation range within [-128, 127] */
    int right_all;             /* every channel shifts right: the tie fix-up needs no mask */
    int clamp;                 /* the activation range is narrower than [-128, 127] */
} eg_channel_rq_t;

#endif
