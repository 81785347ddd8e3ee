/*
 * EdgeGen runtime: packed low-bit feature maps for mixed-precision patches (QuantMCU), bit-exact
 * with generator/Ir/Ops/LowBitActivations.cs. Encoding and decoding go through tables computed at
 * generation time (code of each int8 value; int8 value of each code), so the C holds no rounding
 * rule of its own. Value i sits at bit i*bits of the packed bytes, least significant bits first.
 */
#ifndef EDGEGEN_MIXED_H
#define EDGEGEN_MIXED_H

#include <string.h>
#include "edgegen_fixedpoint.h"

/* 1 when some value of the window (rows of row_length values, row_stride apart) lies more than
   threshold from the zero point: the patch is an outlier and runs at 8 bits. */
EG_INLINE int eg_window_exceeds(const int8_t *window, int32_t rows, int32_t row_length, int32_t row_stride, int32_t zero_point, int32_t threshold)
{
    const int32_t lo = zero_point - threshold, hi = zero_point + threshold;
    int32_t r, i;
    for (r = 0; r < rows; ++r)
    {
        const int8_t *row = window + r * row_stride;
        for (i = 0; i < row_length; ++i)
            if (row[i] < lo || row[i] > hi) return 1;
    }
    return 0;
}

EG_INLINE void eg_pack4(const int8_t *values, uint8_t *packed, int32_t n, const uint8_t *codes)
{
    int32_t i;
    for (i = 0; i + 1 < n; i += 2)
        packed[i >> 1] = (uint8_t)(codes[(uint8_t)values[i]] | (codes[(uint8_t)values[i + 1]] << 4));
    if (n & 1) packed[n >> 1] = codes[(uint8_t)values[n - 1]];
}

EG_INLINE void eg_pack2(const int8_t *values, uint8_t *packed, int32_t n, const uint8_t *codes)
{
    int32_t i;
    for (i = 0; i + 3 < n; i += 4)
        packed[i >> 2] = (uint8_t)(codes[(uint8_t)values[i]] | (codes[(uint8_t)values[i + 1]] << 2)
                                   | (codes[(uint8_t)values[i + 2]] << 4) | (codes[(uint8_t)values[i + 3]] << 6));
    if (i < n)
    {
        uint32_t v = 0;
        int32_t k;
        for (k = 0; i + k < n; ++k) v |= (uint32_t)codes[(uint8_t)values[i + k]] << (2 * k);
        packed[i >> 2] = (uint8_t)v;
    }
}

/* Unpacking copies, per packed byte, the int8 values of all its codes from a table of 256 rows
   (two values a row for 4 bits, four for 2 bits), one load and one store a byte. */
EG_INLINE void eg_unpack4(const uint8_t *packed, int8_t *values, int32_t n, const int8_t *pairs)
{
    int32_t i;
    for (i = 0; i < (n >> 1); ++i) memcpy(values + 2 * i, pairs + 2 * packed[i], 2);
    if (n & 1) values[n - 1] = pairs[2 * packed[n >> 1]];
}

EG_INLINE void eg_unpack2(const uint8_t *packed, int8_t *values, int32_t n, const int8_t *quads)
{
    int32_t i;
    for (i = 0; i < (n >> 2); ++i) memcpy(values + 4 * i, quads + 4 * packed[i], 4);
    if (n & 3) memcpy(values + (n & ~3), quads + 4 * packed[n >> 2], (size_t)(n & 3));
}

#endif
