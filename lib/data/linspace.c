/* np.linspace(start, stop, num) with numpy's exact arithmetic. */
#include <float.h>
#include <math.h>

#include "core/internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "linspace.c needs double arithmetic without excess precision (x86: use SSE2)"
#endif

tnn_status tnn_linspace(double start, double stop, double *out, size_t num)
{
    if (out == NULL || num == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (num > SIZE_MAX / sizeof(double)) /* no array of num doubles exists */
        return TNN_E_OVERFLOW;
    double delta = stop - start;
    if (!isfinite(start) || !isfinite(stop) || !isfinite(delta))
        return TNN_E_NON_FINITE;

    if (num == 1) {
        /* numpy: arange(1) * delta + start, so -0.0 becomes +0.0 as there. */
        out[0] = 0.0 * delta + start;
        return TNN_OK;
    }
    double div = (double)(num - 1);
    double step = delta / div;
    if (step == 0.0) {
        /* numpy's branch for a step that underflows (or a zero delta):
         * scale i / div by delta instead of multiplying i by the step. */
        for (size_t i = 0; i < num; ++i)
            out[i] = (double)i / div * delta + start;
    } else {
        for (size_t i = 0; i < num; ++i)
            out[i] = (double)i * step + start;
    }
    out[num - 1] = stop;
    return TNN_OK;
}
