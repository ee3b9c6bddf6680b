/* The generators behind Keras's default initial weights (internal):
 * CPython's random module, which picks one seed per kernel, and
 * TensorFlow's stateless Philox stream, which draws the kernel. */
#ifndef TINYNN_KERAS_RNG_H
#define TINYNN_KERAS_RNG_H

#include <stdint.h>

#include "data/mt19937.h"

/* random.seed(seed) of CPython (3.2 to 3.12) for a non-negative int. */
void tnn__pyrandom_seed(tnn__mt *mt, uint32_t seed);
/* random.getrandbits(k) for 0 <= k <= 32. */
uint32_t tnn__pyrandom_getrandbits(tnn__mt *mt, unsigned k);
/* random.randrange(n) for n >= 1, so randint(a, b) = a + below(b - a + 1). */
uint32_t tnn__pyrandom_below(tnn__mt *mt, uint32_t n);

/* One Philox4x32-10 block: 128-bit counter and 64-bit key to four words. */
void tnn__philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);

/* TensorFlow's stateless random stream for the seed pair (seed0, seed1):
 * the words its stateless ops consume, four per block, in order. */
typedef struct tnn__philox_stream {
    uint32_t key[2];
    uint32_t counter[4];
    uint32_t block[4];
    unsigned used; /* words of block already returned */
} tnn__philox_stream;

void tnn__philox_stateless_init(tnn__philox_stream *s, uint64_t seed0, uint64_t seed1);
uint32_t tnn__philox_next(tnn__philox_stream *s);

#endif /* TINYNN_KERAS_RNG_H */
