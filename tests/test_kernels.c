/* The training and inference kernels' own math (lib/kernels.h): the
 * vectorisable exp and log against libm over their whole range, and the
 * sigmoid built on them. Whether the x86-64-v3 or the portable versions of
 * the kernels run is decided at load time; a build with
 * -Dc_args=-DTNN_PORTABLE_KERNELS runs every suite on the portable ones. */
#include <float.h>
#include <string.h>

#include "../lib/kernels.h"
#include "tnn_test.h"

#if !TNN_REAL_IS_DOUBLE
/* Distance in representable floats (both finite, same sign). */
static double ulps(float a, float b)
{
    int32_t ia, ib;
    memcpy(&ia, &a, sizeof ia);
    memcpy(&ib, &b, sizeof ib);
    return fabs((double)ia - (double)ib);
}

/* Under valgrind (tests/ci/meson.build sets TNN_TEST_SPARSE) the sweeps
 * take every 50th of their points: memory errors do not need them all. */
static uint32_t sparse_factor(void)
{
    return getenv("TNN_TEST_SPARSE") != NULL ? 50u : 1u;
}

/* Every 601st float in [-87.3, 88.3] (by bit pattern, both signs):
 * within 2 ulps of exp rounded once. */
START_TEST(exp_matches_libm)
{
    double worst = 0;
    float worst_x = 0;
    const float ends[2] = {88.3f, 87.3f};
    const uint32_t signs[2] = {0, 0x80000000u};
    for (int side = 0; side < 2; side++) {
        uint32_t end;
        memcpy(&end, &ends[side], sizeof end);
        for (uint32_t u = 0; u <= end; u += 601 * sparse_factor()) {
            const uint32_t v = u | signs[side];
            float x;
            memcpy(&x, &v, sizeof x);
            const float ref = (float)exp((double)x), got = tnn__exp(x);
            const double d = ulps(got, ref);
            if (d > worst) {
                worst = d;
                worst_x = x;
            }
        }
    }
    ck_assert_msg(worst <= 2, "exp: %g ulps at %.9g", worst, (double)worst_x);
    ck_assert(tnn__exp(0.0f) == 1.0f);
    ck_assert(isnan(tnn__exp(NAN)));
    const float tiny = tnn__exp(-1000.0f), huge = tnn__exp(1000.0f);
    ck_assert(tiny >= 0 && tiny <= 2e-38f);
    ck_assert(isfinite(huge) && huge > 1e38f);
}
END_TEST

/* Every 997th positive normal float: within 2 ulps of log rounded once. */
START_TEST(log_matches_libm)
{
    double worst = 0;
    float worst_x = 0;
    for (uint32_t u = 0x00800000u; u < 0x7f800000u; u += 997 * sparse_factor()) {
        float x;
        memcpy(&x, &u, sizeof x);
        const float ref = (float)log((double)x), got = tnn__log(x);
        const double d = ulps(got, ref);
        if (d > worst && !(ref == 0 && got == 0)) {
            worst = d;
            worst_x = x;
        }
    }
    ck_assert_msg(worst <= 2, "log: %g ulps at %.9g", worst, (double)worst_x);
    ck_assert(tnn__log(1.0f) == 0.0f);
}
END_TEST
#endif

/* sigmoid: exact at 0, symmetric, saturates without overflow, close to
 * the textbook formula in double. */
START_TEST(sigmoid_is_accurate)
{
    ck_assert(tnn__sigmoid(0) == (tnn_real)0.5);
    for (double z = -40; z <= 40; z += 0.01) {
        const double ref = 1 / (1 + exp(-z));
        const double got = (double)tnn__sigmoid((tnn_real)z);
        const double zr = (double)(tnn_real)z, ref_r = 1 / (1 + exp(-zr));
        (void)ref;
        /* plain ifs: a passing ck_assert per value costs a pipe write in Check */
        if (fabs(got - ref_r) > (TNN_REAL_IS_DOUBLE ? 1e-15 : 4e-7) * fmax(1.0, fabs(ref_r)) ||
            !(got >= 0 && got <= 1))
            ck_abort_msg("sigmoid(%.17g) = %.17g, expected %.17g", zr, got, ref_r);
    }
    ck_assert(tnn__sigmoid((tnn_real)-1000) >= 0);
    ck_assert(tnn__sigmoid((tnn_real)1000) == 1);
}
END_TEST

static Suite *kernels_suite(void)
{
    Suite *s = suite_create("kernels");
    TCase *tc = tcase_create("math");
#if !TNN_REAL_IS_DOUBLE
    tcase_add_test(tc, exp_matches_libm);
    tcase_add_test(tc, log_matches_libm);
#endif
    tcase_add_test(tc, sigmoid_is_accurate);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tnn_test_run(kernels_suite());
}
