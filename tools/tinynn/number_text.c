/* Number formatting of the tinynn command (see number_text.h). */
#include "number_text.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Below 1e21 a whole double's digits are all significant; beyond, plain
 * digits would only be long (1e300 has 301). */
#define PLAIN_LIMIT 1e21

static int whole(double v)
{
    return isfinite(v) && v == floor(v) && fabs(v) < PLAIN_LIMIT;
}

/* A whole number in plain digits, as "%.0f" writes it; by hand below 2^63,
 * where most are (predict writes millions). */
static size_t whole_text(double v, char *out)
{
    if (!(fabs(v) < 9.2e18))
        return (size_t)snprintf(out, NUMBER_TEXT_SIZE, "%.0f", v);
    char digits[24];
    size_t n = 0, k = 0;
    unsigned long long u = (unsigned long long)fabs(v);
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (signbit(v))
        out[k++] = '-';
    while (n > 0)
        out[k++] = digits[--n];
    out[k] = '\0';
    return k;
}

size_t number_text(double v, char out[NUMBER_TEXT_SIZE])
{
    if (whole(v))
        return whole_text(v, out);
    /* any decimal of 15 digits or fewer survives a trip through a double
     * (DBL_DIG), so if v has a shorter text, "%.15g" finds it (%g drops the
     * trailing zeros); else 16 digits, else 17 always do. A subnormal has
     * fewer significant digits: from 1. */
    int n = 0;
    for (int digits = fabs(v) < DBL_MIN ? 1 : DBL_DIG; digits <= 17; digits++) {
        n = snprintf(out, NUMBER_TEXT_SIZE, "%.*g", digits, v);
        if (digits == 17 || strtod(out, NULL) == v)
            break;
    }
    return (size_t)n;
}

size_t number_text_float(float v, char out[NUMBER_TEXT_SIZE])
{
    const double d = (double)v;
    if (whole(d))
        return whole_text(d, out);
    /* as number_text, for a float: FLT_DIG digits or fewer survive, 9 do */
    int n = 0;
    for (int digits = fabs(d) < (double)FLT_MIN ? 1 : FLT_DIG; digits <= 9; digits++) {
        n = snprintf(out, NUMBER_TEXT_SIZE, "%.*g", digits, d);
        if (digits == 9 || strtof(out, NULL) == v)
            break;
    }
    return (size_t)n;
}
