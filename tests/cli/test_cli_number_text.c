/* The tinynn command's number text (tools/tinynn/number_text.h): whole
 * numbers in plain digits, and every value, awkward ones included, reads
 * back as the same double (or float). */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number_text.h"

static const double awkward[] = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    -0.1,
    1.0 / 3,
    2.5,
    1050.0,
    10.0,
    1e15,
    1e16 + 2,
    1e20,
    1e21,
    1e22,
    -1e22,
    1e-300,
    5e-324,
    DBL_MIN,
    DBL_MAX,
    -DBL_MAX,
    9007199254740992.0,
    9007199254740993.0,
    123456789012345678.0,
    4.35,
    1e-7,
    299792458.0,
    -123456789.0,
};

START_TEST(double_round_trip)
{
    for (size_t i = 0; i < sizeof awkward / sizeof awkward[0]; i++) {
        char text[NUMBER_TEXT_SIZE];
        double v = awkward[i];
        number_text(v, text);
        double back = strtod(text, NULL);
        ck_assert_msg(memcmp(&back, &v, sizeof v) == 0,
                      "%.17g printed as '%s', read back %.17g", v, text, back);
    }
}
END_TEST

START_TEST(float_round_trip)
{
    for (size_t i = 0; i < sizeof awkward / sizeof awkward[0]; i++) {
        if (!(fabs(awkward[i]) <= (double)FLT_MAX))
            continue;
        char text[NUMBER_TEXT_SIZE];
        float v = (float)awkward[i];
        number_text_float(v, text);
        float back = strtof(text, NULL);
        ck_assert_msg(memcmp(&back, &v, sizeof v) == 0, "%.9g printed as '%s', read back %.9g",
                      (double)v, text, (double)back);
    }
    char text[NUMBER_TEXT_SIZE];
    number_text_float(0.1f, text);
    ck_assert_str_eq(text, "0.1"); /* not 0.100000001490116 */
}
END_TEST

START_TEST(whole_numbers_in_digits)
{
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {10, "10"},
        {1050, "1050"},
        {-0.0, "-0"},
        {1e15, "1000000000000000"},
        {9007199254740992.0, "9007199254740992"},
        {1e20, "100000000000000000000"},
        {1e22, "1e+22"}, /* beyond 1e21: the short form */
        {0.1, "0.1"},
        {1e-300, "1e-300"},
        {2.5, "2.5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[NUMBER_TEXT_SIZE];
        number_text(cases[i].v, text);
        ck_assert_str_eq(text, cases[i].text);
    }
    char text[NUMBER_TEXT_SIZE];
    number_text_float(1e10f, text);
    ck_assert_str_eq(text, "10000000000");
}
END_TEST

static Suite *number_suite(void)
{
    Suite *s = suite_create("cli_number_text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, double_round_trip);
    tcase_add_test(tc, float_round_trip);
    tcase_add_test(tc, whole_numbers_in_digits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(number_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
