/* The text of a number in every file and message of the tinynn command:
 * whole numbers below 1e21 in plain digits ("10", "9007199254740992", not
 * "1e+01"), others in the shortest %g form that reads back as the same
 * value ("0.1", "1e+22"), so every number round-trips exactly. */
#ifndef TINYNN_CLI_NUMBER_TEXT_H
#define TINYNN_CLI_NUMBER_TEXT_H

#include <stddef.h>

/* Room for any text of number_text and number_text_float, with its NUL. */
#define NUMBER_TEXT_SIZE 32

/* v as text that strtod reads back as v (the sign of -0 included); its
 * length. */
size_t number_text(double v, char out[NUMBER_TEXT_SIZE]);

/* v as text that strtof reads back as v: fewer digits than number_text
 * needs for the same float widened to double; its length. */
size_t number_text_float(float v, char out[NUMBER_TEXT_SIZE]);

#endif /* TINYNN_CLI_NUMBER_TEXT_H */
