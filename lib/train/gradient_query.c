/* What the tests ask of the gradient's path rule (gradient_paths.h): which
 * paths this build has, and which one tnn_gradient() takes. Apart from
 * gradient.c so that its coverage by the fuzzer measures the training code
 * alone. */
#include "kernels/kernels.h"
#include "train/gradient_paths.h"

bool tnn__gradient_path_built(tnn__gradient_path p)
{
    switch (p) {
    case TNN__GRADIENT_GENERIC: return !TNN_COMPACT_KERNELS;
    case TNN__GRADIENT_COMPACT: return TNN_COMPACT_KERNELS;
    case TNN__GRADIENT_NARROW: return true;
    case TNN__GRADIENT_FAN: return TNN_VECTOR_CODE;
    }
    return false;
}

bool tnn__gradient_path_for_work(const tnn_model *m, size_t work_size, tnn__gradient_path *path)
{
    size_t head, block;
    if (!tnn__gradient_head_bytes(m, &head) ||
        tnn__gradient_block(m, head, work_size, &block) != TNN_OK)
        return false;
    *path = tnn__gradient_path_of(m, block);
    return true;
}
