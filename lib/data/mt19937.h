/* The MT19937 generator core shared by numpy's RandomState (rng.c) and
 * CPython's random module (pyrandom.c): state, the two reference seedings,
 * the twist and the tempered 32-bit output. Internal. */
#ifndef TINYNN_MT19937_H
#define TINYNN_MT19937_H

#include <stddef.h>
#include <stdint.h>

enum {
    TNN__MT_N = 624,    /* words of state */
    TNN__MT_SHIFT = 397 /* distance of the word mixed into each twisted word */
};

typedef struct tnn__mt {
    uint32_t pos; /* next word to output; TNN__MT_N: twist first */
    uint32_t key[TNN__MT_N];
} tnn__mt;

/* init_genrand of the reference implementation (numpy's integer seeds). */
static inline void tnn__mt_seed(tnn__mt *mt, uint32_t seed)
{
    mt->key[0] = seed;
    for (uint32_t i = 1; i < TNN__MT_N; ++i) {
        uint32_t prev = mt->key[i - 1];
        mt->key[i] = (uint32_t)(UINT32_C(1812433253) * (prev ^ (prev >> 30)) + i);
    }
    mt->pos = TNN__MT_N;
}

/* init_by_array of the reference implementation (CPython's integer seeds:
 * the 32-bit words of |n|, least significant first). */
static inline void tnn__mt_seed_array(tnn__mt *mt, const uint32_t *words, size_t n_words)
{
    tnn__mt_seed(mt, UINT32_C(19650218));
    uint32_t *key = mt->key;
    uint32_t i = 1;
    size_t j = 0;
    for (size_t k = TNN__MT_N > n_words ? TNN__MT_N : n_words; k > 0; k--) {
        uint32_t prev = key[i - 1];
        key[i] = (uint32_t)((key[i] ^ ((prev ^ (prev >> 30)) * UINT32_C(1664525))) + words[j] +
                            (uint32_t)j);
        i++;
        j++;
        if (i >= TNN__MT_N) {
            key[0] = key[TNN__MT_N - 1];
            i = 1;
        }
        if (j >= n_words)
            j = 0;
    }
    for (uint32_t k = TNN__MT_N - 1; k > 0; k--) {
        uint32_t prev = key[i - 1];
        key[i] = (uint32_t)((key[i] ^ ((prev ^ (prev >> 30)) * UINT32_C(1566083941))) - i);
        i++;
        if (i >= TNN__MT_N) {
            key[0] = key[TNN__MT_N - 1];
            i = 1;
        }
    }
    key[0] = UINT32_C(0x80000000); /* non-zero state guaranteed */
    mt->pos = TNN__MT_N;
}

/* Regenerates all words at once. */
static inline void tnn__mt_twist(tnn__mt *mt)
{
    uint32_t *key = mt->key;
    for (uint32_t i = 0; i < TNN__MT_N; ++i) {
        uint32_t next = key[(i + 1) % TNN__MT_N];
        uint32_t y = (key[i] & UINT32_C(0x80000000)) | (next & UINT32_C(0x7fffffff));
        uint32_t twisted = (y >> 1) ^ ((y & 1u) ? UINT32_C(0x9908b0df) : 0u);
        key[i] = key[(i + TNN__MT_SHIFT) % TNN__MT_N] ^ twisted;
    }
    mt->pos = 0;
}

/* The next tempered 32-bit output (genrand_uint32). */
static inline uint32_t tnn__mt_next(tnn__mt *mt)
{
    if (mt->pos >= TNN__MT_N)
        tnn__mt_twist(mt);
    uint32_t y = mt->key[mt->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & UINT32_C(0x9d2c5680);
    y ^= (y << 15) & UINT32_C(0xefc60000);
    y ^= y >> 18;
    return y;
}

#endif /* TINYNN_MT19937_H */
