/* Philox4x32-10 (Salmon et al., Random123) as TensorFlow runs it, and the
 * key and counter TensorFlow's stateless random ops derive from a seed. */
#include "init/keras_rng.h"

enum { PHILOX_ROUNDS = 10 };

static void round_once(uint32_t ctr[4], const uint32_t key[2])
{
    const uint64_t p0 = (uint64_t)UINT32_C(0xD2511F53) * ctr[0];
    const uint64_t p1 = (uint64_t)UINT32_C(0xCD9E8D57) * ctr[2];
    const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    const uint32_t c1 = ctr[1], c3 = ctr[3];
    ctr[0] = hi1 ^ c1 ^ key[0];
    ctr[1] = lo1;
    ctr[2] = hi0 ^ c3 ^ key[1];
    ctr[3] = lo0;
}

void tnn__philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t k[2] = {key[0], key[1]};
    for (int i = 0; i < 4; i++)
        out[i] = counter[i];
    for (int r = 0; r < PHILOX_ROUNDS; r++) {
        round_once(out, k);
        k[0] += UINT32_C(0x9E3779B9);
        k[1] += UINT32_C(0xBB67AE85);
    }
}

void tnn__philox_stateless_init(tnn__philox_stream *s, uint64_t seed0, uint64_t seed1)
{
    /* GenerateKey (tensorflow/core/kernels/stateless_random_ops.cc): one
     * block under a fixed key scrambles the seed into key and counter. */
    static const uint32_t seed_key[2] = {UINT32_C(0x3EC8F720), UINT32_C(0x02461E29)};
    const uint32_t seed_ctr[4] = {(uint32_t)seed0, (uint32_t)(seed0 >> 32), (uint32_t)seed1,
                                  (uint32_t)(seed1 >> 32)};
    uint32_t m[4];
    tnn__philox4x32_10(seed_ctr, seed_key, m);
    s->key[0] = m[0];
    s->key[1] = m[1];
    s->counter[0] = 0;
    s->counter[1] = 0;
    s->counter[2] = m[2];
    s->counter[3] = m[3];
    s->used = 4;
}

uint32_t tnn__philox_next(tnn__philox_stream *s)
{
    if (s->used == 4) {
        tnn__philox4x32_10(s->counter, s->key, s->block);
        /* the counter is one 128-bit number, least significant word first */
        for (int i = 0; i < 4 && ++s->counter[i] == 0; i++)
            ;
        s->used = 0;
    }
    return s->block[s->used++];
}
