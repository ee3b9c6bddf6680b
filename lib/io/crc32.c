/* CRC-32 (IEEE 802.3): the checksum of the model file. */
#include "core/internal.h"

/* Four bits at a time with a 16-entry table: 64 bytes of flash instead of
 * the usual 1 KB table, and still only a few instructions per byte, which
 * is plenty for files of a few hundred bytes. Entry i is the reflected
 * polynomial 0xEDB88320 applied to i for four steps. */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t tnn_crc32(uint32_t crc, const void *data, size_t size)
{
    if (data == NULL)
        return crc;
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < size; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
    }
    return ~crc;
}
