/* Number formatting of the tinynn command (see number_text.h). */
#include "number_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Below 1e21 a whole double's digits are all significant; %.0f prints them
 * exactly. Beyond, plain digits would only be long (1e300 has 301). */
#define PLAIN_LIMIT 1e21

static int whole(double v)
{
    return isfinite(v) && v == floor(v) && fabs(v) < PLAIN_LIMIT;
}

void number_text(double v, char out[NUMBER_TEXT_SIZE])
{
    if (whole(v)) {
        snprintf(out, NUMBER_TEXT_SIZE, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, NUMBER_TEXT_SIZE, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

void number_text_float(float v, char out[NUMBER_TEXT_SIZE])
{
    if (whole((double)v)) {
        snprintf(out, NUMBER_TEXT_SIZE, "%.0f", (double)v);
        return;
    }
    for (int digits = 1; digits <= 9; digits++) {
        snprintf(out, NUMBER_TEXT_SIZE, "%.*g", digits, (double)v);
        if (strtof(out, NULL) == v)
            return;
    }
}
