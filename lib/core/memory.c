/* Allocation through optional caller hooks: the only place lib/ touches the heap. */
#include <stdlib.h>

#include "core/internal.h"

void *tnn__alloc(const tnn_allocator *alloc, size_t size)
{
    if (size == 0)
        return NULL;
    if (alloc != NULL)
        return alloc->alloc != NULL ? alloc->alloc(alloc->ctx, size) : NULL;
    return malloc(size);
}

void tnn__free(const tnn_allocator *alloc, void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
    if (alloc != NULL) {
        if (alloc->free != NULL)
            alloc->free(alloc->ctx, ptr, size);
        return;
    }
    free(ptr);
}
