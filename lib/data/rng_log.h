/* The natural logarithm used by the Gaussian generator (internal). */
#ifndef TINYNN_RNG_LOG_H
#define TINYNN_RNG_LOG_H

/* log(x), rounded to the nearest double, computed without libm so that every
 * platform gets the same bits. log(0) = -inf, log(+inf) = +inf,
 * log(x < 0) and log(NaN) are NaN. */
double tnn__rng_log(double x);

#endif /* TINYNN_RNG_LOG_H */
