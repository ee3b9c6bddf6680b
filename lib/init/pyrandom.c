/* CPython's random module as far as Keras's unseeded initialisers use it:
 * random.seed(int), getrandbits(k) for k <= 32 and randrange below n. */
#include "init/keras_rng.h"

void tnn__pyrandom_seed(tnn__mt *mt, uint32_t seed)
{
    /* random.seed(n) hashes nothing for an int: it feeds the 32-bit words of
     * |n| to init_by_array, one word for every n below 2**32 (0 included). */
    tnn__mt_seed_array(mt, &seed, 1);
}

uint32_t tnn__pyrandom_getrandbits(tnn__mt *mt, unsigned k)
{
    return k == 0 ? 0u : tnn__mt_next(mt) >> (32u - k);
}

uint32_t tnn__pyrandom_below(tnn__mt *mt, uint32_t n)
{
    /* _randbelow_with_getrandbits: k = n.bit_length(), redraw while r >= n. */
    unsigned k = 0;
    for (uint32_t v = n; v != 0; v >>= 1)
        k++;
    uint32_t r;
    do
        r = tnn__pyrandom_getrandbits(mt, k);
    while (r >= n);
    return r;
}
