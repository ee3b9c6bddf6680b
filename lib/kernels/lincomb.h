/* Linear combinations of unit-major vectors (value of unit u, row r at
 * [u * ld + r]): the forward pass and input gradients of narrow layers
 * (dense_t.c, gradient_narrow.c). Not installed. */
#ifndef TINYNN_LINCOMB_H
#define TINYNN_LINCOMB_H

#include "kernels/kernels.h"

#if TNN_VECTOR_CODE
/* tnn__lincomb's vector code on rows [0, m), m < 8, padded with zeros to a
 * vector: the last rows of an odd count are summed like all the others (a
 * scalar loop of sums could be compiled into a vector of products added
 * one at a time, which rounds each product where the vectors fuse them).
 * Out of line: it runs at most once per call, and the vector loop's
 * function stays small. */
TNN_KERNEL __attribute__((noinline)) static void
tnn__lincomb_tail(tnn_real *restrict out, tnn_real start, const tnn_real *restrict c,
                  size_t stride, const tnn_real *restrict v, size_t n, size_t m, size_t ld,
                  bool relu)
{
    const tnn_v8 zero = {0};
    tnn_v8 a = zero + start;
    for (size_t i = 0; i < n; i++) {
        tnn_real t[8] = {0};
        for (size_t l = 0; l < m; l++)
            t[l] = v[i * ld + l];
        tnn_v8 x;
        TNN_VLOAD(x, t);
        a += c[i * stride] * x;
    }
    if (relu)
        a = (tnn_v8)((tnn_m8)a & (a > zero));
    tnn_real o[8];
    TNN_VSTORE(o, a);
    for (size_t l = 0; l < m; l++)
        out[l] = o[l];
}
#endif

/* out = start + c_0 v_0 + c_1 v_1 + ... + c_(n-1) v_(n-1), in that order,
 * over rows [0, rows): coefficient c_i at c[i * stride], vector v_i at
 * v[i * ld]. A unit's z (start: its bias; c: its kernel column) and an
 * input gradient (start 0; c: a kernel row) alike. The vector code can
 * also apply ReLU to the result (relu) or zero it where gate[l] <= 0
 * (ReLU's derivative), as tnn__act_elementwise and the activation's
 * backward pass would: ReLU layers then cost no pass of their own. The
 * plain C code leaves both to the caller. A gate comes only with a row count
 * that is a multiple of 8 (the narrow gradient's whole groups of
 * TNN_GROUP_ROWS rows). */
TNN_INLINE void tnn__lincomb(tnn_real *restrict out, tnn_real start, const tnn_real *restrict c,
                             size_t stride, const tnn_real *restrict v, size_t n, size_t rows,
                             size_t ld, bool relu, const tnn_real *restrict gate)
{
#if TNN_VECTOR_CODE
    const tnn_v8 zero = {0};
    size_t r = 0;
    for (; r + 8 <= rows; r += 8) {
        tnn_v8 a = zero + start;
        for (size_t i = 0; i < n; i++) {
            tnn_v8 x;
            TNN_VLOAD(x, v + i * ld + r);
            a += c[i * stride] * x;
        }
        if (relu)
            a = (tnn_v8)((tnn_m8)a & (a > zero));
        if (gate != NULL) {
            tnn_v8 g;
            TNN_VLOAD(g, gate + r);
            a = (tnn_v8)((tnn_m8)a & (g > zero));
        }
        TNN_VSTORE(out + r, a);
    }
    if (r < rows) /* the last rows of an odd count (never gated: see above) */
        tnn__lincomb_tail(out + r, start, c, stride, v + r, n, rows - r, ld, relu);
#else
    (void)relu;
    (void)gate;
    for (size_t l = 0; l < rows; l++)
        out[l] = start;
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < rows; l++)
            out[l] = TNN_MADD(c[i * stride], v[i * ld + l], out[l]);
#endif
}

/* With n a constant for the commonest counts, so the loop over i unrolls
 * (not in size-optimised builds). */
TNN_INLINE void tnn__lincomb_n(tnn_real *restrict out, tnn_real start, const tnn_real *restrict c,
                               size_t stride, const tnn_real *restrict v, size_t n, size_t rows,
                               size_t ld, bool relu, const tnn_real *restrict gate)
{
    switch (TNN_COMPACT_KERNELS ? 0 : n) {
    case 1: tnn__lincomb(out, start, c, stride, v, 1, rows, ld, relu, gate); break;
    case 2: tnn__lincomb(out, start, c, stride, v, 2, rows, ld, relu, gate); break;
    case 3: tnn__lincomb(out, start, c, stride, v, 3, rows, ld, relu, gate); break;
    case 4: tnn__lincomb(out, start, c, stride, v, 4, rows, ld, relu, gate); break;
    default: tnn__lincomb(out, start, c, stride, v, n, rows, ld, relu, gate); break;
    }
}

#endif /* TINYNN_LINCOMB_H */
