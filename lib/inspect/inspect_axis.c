/* Grid axes: np.arange(start, stop, step) for doubles with numpy's exact
 * arithmetic (its length formula and its fill loop). */
#include <float.h>
#include <math.h>

#include "core/internal.h"

/* A fused multiply-add would round start + i * delta once instead of
 * twice and differ from numpy in the last bit. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "inspect_axis.c needs double arithmetic without excess precision (x86: use SSE2)"
#endif

/* Counts above 2^53 have no exact double, so numpy's length is ambiguous. */
#define ARANGE_MAX_COUNT 9007199254740992.0

tnn_status tnn_arange_count(double start, double stop, double step, size_t *count)
{
    if (count == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!isfinite(start) || !isfinite(stop) || !isfinite(step) || !isfinite(stop - start))
        return TNN_E_NON_FINITE;
    if (step == 0.0)
        return TNN_E_INVALID_ARGUMENT;
    /* numpy: len = ceil((stop - start) / step), empty when <= 0. */
    double n = ceil((stop - start) / step);
    if (!(n > 0.0))
        return TNN_E_INVALID_ARGUMENT;
    /* also a count whose doubles could not be held (32-bit size_t) */
    if (n > ARANGE_MAX_COUNT || n > (double)(SIZE_MAX / sizeof(double)))
        return TNN_E_OVERFLOW;
    *count = (size_t)n;
    return TNN_OK;
}

tnn_status tnn_arange(double start, double stop, double step, double *out, size_t out_len)
{
    size_t n;
    tnn_status st = tnn_arange_count(start, stop, step, &n);
    if (st != TNN_OK)
        return st;
    if (out == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (out_len < n)
        return TNN_E_BUFFER_TOO_SMALL;
    /* numpy stores start and start + step, then its fill function
     * extrapolates from the difference of those two stored values. */
    out[0] = start;
    if (n == 1)
        return TNN_OK;
    out[1] = start + step;
    const double delta = out[1] - start;
    for (size_t i = 2; i < n; i++)
        out[i] = start + (double)i * delta;
    return TNN_OK;
}
