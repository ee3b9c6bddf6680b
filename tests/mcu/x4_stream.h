/* The article's X4 data set (1250 rows, 2 inputs, label) read from the
 * constant reference table in flash, converted chunk by chunk into a small
 * RAM buffer, as firmware streams data from flash or a sensor log: RAM
 * does not grow with the data set. */
#ifndef TNN_MCU_X4_STREAM_H
#define TNN_MCU_X4_STREAM_H

#include "tinynn/tinynn.h"

#define X4_CHUNK 32u

/* The 2-3(relu)-1(sigmoid) network of the article. */
extern const tnn_layer_spec x4_spec[2];

/* Rows [first, first + n) of X4 as tnn_real; n <= X4_CHUNK. */
void x4_read_chunk(size_t first, size_t n, tnn_real *x, tnn_real *y);

/* Sets the reference's initial weights (Glorot draws of seed 2). */
tnn_status x4_set_initial_weights(tnn_model *m);

#endif /* TNN_MCU_X4_STREAM_H */
