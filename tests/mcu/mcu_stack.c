/* The stack's high-water mark and the heap's size, printed at exit:
 * a constructor paints the free RAM between the heap's end and the stack
 * pointer with a pattern before main() runs; at exit the deepest word no
 * longer holding the pattern is as far as the stack reached. The heap is
 * newlib's stdio buffers (the library never allocates). Link this file
 * into an image to get its "stack: ..." line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PAINT 0xC5AC5AC5u

extern uint32_t _estack, end;
void *_sbrk(ptrdiff_t increment);

static uint32_t *painted_from;

static uint32_t *stack_pointer(void)
{
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

static void report(void)
{
    uint32_t *heap_end = _sbrk(0), *p = heap_end;
    if (p < painted_from)
        p = painted_from;
    while (p < &_estack && *p == PAINT)
        p++;
    if (p == heap_end) {
        printf("stack: no painted word left between heap and stack: they may have met\n");
        _exit(4);
    }
    const uintptr_t ram_start = 0x20000000u;
    unsigned stack = (unsigned)((uintptr_t)&_estack - (uintptr_t)p);
    unsigned heap = (unsigned)((uintptr_t)heap_end - (uintptr_t)&end);
    unsigned statics = (unsigned)((uintptr_t)&end - ram_start);
    unsigned ram = (unsigned)((uintptr_t)&_estack - ram_start);
    printf("stack: %u B high-water mark, heap %u B (stdio), static %u B: %u B of %u B unused\n",
           stack, heap, statics, ram - stack - heap - statics, ram);
}

__attribute__((constructor)) static void paint_stack(void)
{
    /* below this frame: this function's own locals stay clear */
    uint32_t *top = stack_pointer() - 16;
    painted_from = _sbrk(0);
    for (uint32_t *p = painted_from; p < top; p++)
        *p = PAINT;
    atexit(report);
}
