/* The tinynn command's CSV reader (tools/tinynn/csv_reader.h), on buffers:
 * every accepted dialect, every structural error with its line and field,
 * per-column problems, limits, and a mutation run that checks it never
 * crashes or reads outside its buffer (run under ASan/valgrind to see). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"

/* Parses a copy of text in a buffer of exactly its length (no NUL after it),
 * so a read past the end is an error the sanitizers see. */
static int parse(const char *text, csv_table *t, csv_error *e, const csv_limits *lim)
{
    size_t n = strlen(text);
    char *copy = malloc(n == 0 ? 1 : n);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, n);
    int rc = csv_parse(copy, n, lim, t, e);
    free(copy);
    return rc;
}

static double cell(const csv_table *t, size_t r, size_t c)
{
    return t->values[r * t->n_cols + c];
}

START_TEST(numbers_and_header)
{
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("a,b,c\n1,2.5,-3e2\n4, 5 ,6\n", &t, &e, NULL), 0);
    ck_assert_uint_eq(t.n_rows, 2);
    ck_assert_uint_eq(t.n_cols, 3);
    ck_assert_str_eq(t.cols[1].name, "b");
    ck_assert(cell(&t, 0, 1) == 2.5 && cell(&t, 0, 2) == -300 && cell(&t, 1, 1) == 5);
    ck_assert_uint_eq(t.row_lines[1], 3);
    ck_assert_int_eq(t.delimiter, ',');
    ck_assert_int_eq(csv_find_column(&t, "c"), 2);
    ck_assert_int_eq(csv_find_column(&t, "z"), -1);
    for (size_t c = 0; c < 3; c++)
        ck_assert_uint_eq(t.cols[c].as_numbers.line, 0);
    csv_table_free(&t);
}
END_TEST

START_TEST(line_ends_bom_blank_lines)
{
    const char *variants[] = {
        "x,y\r\n1,2\r\n3,4\r\n",     "x,y\n1,2\n3,4",
        "x,y\r1,2\r3,4\r",           "\xEF\xBB\xBFx,y\n1,2\n3,4\n",
        "\n\nx,y\n\n1,2\n\n3,4\n\n",
    };
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        csv_table t;
        csv_error e;
        ck_assert_msg(parse(variants[i], &t, &e, NULL) == 0, "variant %zu: %s", i, e.message);
        ck_assert_uint_eq(t.n_rows, 2);
        ck_assert_str_eq(t.cols[0].name, "x");
        ck_assert(cell(&t, 1, 1) == 4);
        csv_table_free(&t);
    }
}
END_TEST

START_TEST(semicolons_and_decimal_commas)
{
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("a;b\n1,5;2\n3;4.25\n", &t, &e, NULL), 0);
    ck_assert_int_eq(t.delimiter, ';');
    ck_assert(cell(&t, 0, 0) == 1.5 && cell(&t, 1, 1) == 4.25);
    csv_table_free(&t);
}
END_TEST

START_TEST(quoted_fields)
{
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("\"a,1\",\"say \"\"hi\"\"\"\n\"1\",\"two\nlines\"\n2,x\n", &t, &e,
                           NULL),
                     0);
    ck_assert_str_eq(t.cols[0].name, "a,1");
    ck_assert_str_eq(t.cols[1].name, "say \"hi\"");
    ck_assert(cell(&t, 0, 0) == 1); /* a quoted number is a number */
    ck_assert(t.cols[1].is_text);
    ck_assert_uint_eq(t.cols[1].n_labels, 2);
    ck_assert_str_eq(t.cols[1].labels[0], "two\nlines");
    ck_assert_uint_eq(t.row_lines[1], 4); /* the quoted line end counted */
    csv_table_free(&t);
}
END_TEST

START_TEST(text_labels_sorted)
{
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("x,k\n1,pear\n2,apple\n3,pear\n4,fig\n", &t, &e, NULL), 0);
    const csv_column *k = &t.cols[1];
    ck_assert(k->is_text);
    ck_assert_uint_eq(k->n_labels, 3);
    ck_assert_str_eq(k->labels[0], "apple");
    ck_assert_str_eq(k->labels[2], "pear");
    ck_assert(cell(&t, 0, 1) == 2 && cell(&t, 1, 1) == 0 && cell(&t, 3, 1) == 1);
    ck_assert_uint_eq(k->as_numbers.line, 2);
    ck_assert_str_eq(k->as_numbers.what, "expected a number, found 'pear'");
    ck_assert_uint_eq(k->as_labels.line, 0);
    csv_table_free(&t);
}
END_TEST

START_TEST(column_problems)
{
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("a,b,c,d,e\n1,nan,,x,inf\n2,3,4,,NA\n", &t, &e, NULL), 0);
    ck_assert_uint_eq(t.cols[0].as_numbers.line, 0);
    ck_assert_uint_eq(t.cols[0].missing.line, 0);
    /* missing values (empty, NA, NaN) are noted apart from other problems */
    ck_assert_uint_eq(t.cols[1].as_numbers.line, 0);
    ck_assert_uint_eq(t.cols[1].missing.line, 2);
    ck_assert_str_eq(t.cols[1].missing.what, "expected a finite number, found 'nan'");
    ck_assert(isnan(cell(&t, 0, 1)));
    ck_assert_str_eq(t.cols[2].missing.what, "expected a number, found an empty field");
    ck_assert_uint_eq(t.cols[3].as_labels.line, 0);
    ck_assert_uint_eq(t.cols[3].missing_as_label.line, 3);
    ck_assert_str_eq(t.cols[3].missing_as_label.what, "expected a label, found an empty field");
    ck_assert_uint_eq(t.cols[3].n_labels, 1);
    ck_assert(cell(&t, 0, 3) == 0 && isnan(cell(&t, 1, 3)));
    ck_assert_uint_eq(t.cols[4].as_numbers.line, 2);
    ck_assert_str_eq(t.cols[4].as_numbers.what, "expected a finite number, found 'inf'");
    ck_assert_uint_eq(t.cols[4].missing.line, 3);
    ck_assert_str_eq(t.cols[4].missing.what, "expected a number, found 'NA'");
    csv_table_free(&t);
}
END_TEST

/* Each structural error: its message fragment, line and field. */
static const struct {
    const char *text, *fragment;
    size_t line, field;
} errors[] = {
    {"", "the file is empty", 0, 0},
    {"\n\n  \n", "the file is empty", 0, 0},
    {"a,b\n", "expected data rows after the header, found none", 1, 0},
    {"a,b\n1,2\n3\n", "expected 2 fields as in the header, found 1", 3, 0},
    {"a,b\n1,2,3\n", "expected 2 fields as in the header, found 3", 2, 0},
    {"a,b\n1,\"2\n", "unterminated quoted field", 2, 2},
    {"a,b\n1,\"2\"x\n", "expected ',' or a line end after the closing quote, found 'x'", 2, 2},
    {"a,b,a\n1,2,3\n", "column name 'a' appears twice (fields 1 and 3)", 1, 3},
    {"a,b\n1,2\n3,\0\n", "unexpected NUL byte", 3, 2},
};

START_TEST(structural_errors)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        csv_table t;
        csv_error e;
        /* the NUL case needs its real length */
        size_t n = strlen(errors[i].text);
        if (strstr(errors[i].fragment, "NUL") != NULL)
            n += 2;
        ck_assert_int_eq(csv_parse(errors[i].text, n, NULL, &t, &e), -1);
        ck_assert_msg(strstr(e.message, errors[i].fragment) != NULL, "case %zu: '%s'", i,
                      e.message);
        ck_assert_uint_eq(e.line, errors[i].line);
        ck_assert_uint_eq(e.field, errors[i].field);
        ck_assert_ptr_null(t.values);
        csv_table_free(&t);
    }
}
END_TEST

START_TEST(limits)
{
    csv_table t;
    csv_error e;
    csv_limits lim = csv_limits_default();
    ck_assert_uint_eq(lim.max_bytes, (size_t)1 << 30);
    lim.max_bytes = 8;
    ck_assert_int_eq(parse("a,b\n1,2\n3,4\n", &t, &e, &lim), -1);
    ck_assert_ptr_nonnull(strstr(e.message, "expected at most 8"));
    lim = csv_limits_default();
    lim.max_cells = 4;
    ck_assert_int_eq(parse("a,b\n1,2\n3,4\n5,6\n", &t, &e, &lim), -1);
    ck_assert_ptr_nonnull(strstr(e.message, "too many cells"));
    ck_assert_uint_eq(e.line, 4);
    lim = csv_limits_default();
    lim.max_labels = 2;
    ck_assert_int_eq(parse("k\na\nb\nc\n", &t, &e, &lim), 0);
    ck_assert_uint_eq(t.cols[0].as_labels.line, 4);
    ck_assert_str_eq(t.cols[0].as_labels.what, "expected at most 2 distinct labels, found more");
    ck_assert(isnan(cell(&t, 0, 0)));
    csv_table_free(&t);
    /* columns */
    lim = csv_limits_default();
    ck_assert_uint_eq(lim.max_cols, (size_t)1 << 18);
    lim.max_cols = 2;
    ck_assert_int_eq(parse("a,b,c\n1,2,3\n", &t, &e, &lim), -1);
    ck_assert_str_eq(e.message, "more than 2 columns: expected at most 2");
    ck_assert_uint_eq(e.line, 1);
    ck_assert_uint_eq(e.field, 3);
    ck_assert_int_eq(parse("a,b\n1,2\n", &t, &e, &lim), 0);
    csv_table_free(&t);
    /* labels of all text columns together: the column that needs one more
     * once they are all kept has none; the others keep theirs */
    lim = csv_limits_default();
    ck_assert_uint_eq(lim.max_all_labels, (size_t)1 << 20);
    lim.max_all_labels = 3;
    ck_assert_int_eq(parse("a,b\nx,p\ny,q\nx,p\n", &t, &e, &lim), 0);
    ck_assert_uint_eq(t.cols[0].n_labels, 2);
    ck_assert(cell(&t, 1, 0) == 1 && cell(&t, 2, 0) == 0);
    ck_assert_ptr_null(t.cols[1].labels);
    ck_assert_uint_eq(t.cols[1].as_labels.line, 3);
    ck_assert_str_eq(t.cols[1].as_labels.what,
                     "expected at most 3 distinct labels in all text columns together, found more");
    ck_assert(isnan(cell(&t, 0, 1)));
    csv_table_free(&t);
}
END_TEST

/* Many columns: found by name in any order, one message per column, and
 * (the memory bound) no allocation per name or label. */
START_TEST(many_columns)
{
    enum { N = 3000 };
    size_t cap = (size_t)N * 40, n = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    for (int c = 0; c < N; c++) /* names in no sorted order */
        n += (size_t)snprintf(text + n, cap - n, "%sc%d", c ? "," : "", (c * 7919) % N);
    n += (size_t)snprintf(text + n, cap - n, "\n");
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < N; c++)
            n += (size_t)snprintf(text + n, cap - n, "%s%s%d", c ? "," : "",
                                  c % 3 == 0 ? "t" : "", c + r * (c % 3 == 0));
        n += (size_t)snprintf(text + n, cap - n, "\n");
    }
    csv_table t;
    csv_error e;
    ck_assert_msg(parse(text, &t, &e, NULL) == 0, "%s", e.message);
    ck_assert_uint_eq(t.n_cols, N);
    char name[64];
    for (int c = 0; c < N; c++) {
        snprintf(name, sizeof name, "c%d", (c * 7919) % N);
        ck_assert_int_eq(csv_find_column(&t, name), c);
    }
    ck_assert_int_eq(csv_find_column(&t, "c"), -1);
    ck_assert_int_eq(csv_find_column(&t, "c30000"), -1);
    for (size_t c = 0; c < N; c += 3) {
        ck_assert_uint_eq(t.cols[c].n_labels, 3);
        snprintf(name, sizeof name, "expected a number, found 't%zu'", c);
        ck_assert_str_eq(t.cols[c].as_numbers.what, name);
        snprintf(name, sizeof name, "t%zu", c + 2);
        ck_assert_str_eq(t.cols[c].labels[(size_t)cell(&t, 2, c)], name);
    }
    ck_assert_ptr_null(t.cols[1].as_numbers.what);
    csv_table_free(&t);
    free(text);
}
END_TEST

/* Random byte flips, insertions and cuts of a valid file: every result is
 * either a table whose invariants hold or an error with a message. */
START_TEST(mutations_never_crash)
{
    const char *seed = "x1;\"x 2\";label\r\n1,5;2;\"a\"\"b\"\r\n3;4;c\r\n\r\n5;6;a\"\"b\r\n";
    const char alphabet[] = {',', ';', '"', '\n', '\r', ' ', 'a', '1', '.', '\0', 'e', '-'};
    unsigned state = 12345;
    size_t seed_len = strlen(seed);
    for (int round = 0; round < 20000; round++) {
        char buf[128];
        size_t n = seed_len;
        memcpy(buf, seed, n);
        int edits = 1 + round % 4;
        for (int k = 0; k < edits; k++) {
            state = state * 1103515245u + 12345u;
            size_t pos = (state >> 8) % (n + 1);
            char c = alphabet[(state >> 20) % sizeof alphabet];
            switch ((state >> 28) % 3) {
            case 0:
                if (pos < n)
                    buf[pos] = c;
                break;
            case 1:
                if (n < sizeof buf) {
                    memmove(buf + pos + 1, buf + pos, n - pos);
                    buf[pos] = c;
                    n++;
                }
                break;
            default: n = pos;
            }
        }
        char *exact = malloc(n == 0 ? 1 : n);
        ck_assert_ptr_nonnull(exact);
        memcpy(exact, buf, n);
        csv_table t;
        csv_error e;
        if (csv_parse(exact, n, NULL, &t, &e) == 0) {
            ck_assert(t.n_rows >= 1 && t.n_cols >= 1);
            for (size_t c = 0; c < t.n_cols; c++) {
                const csv_column *col = &t.cols[c];
                for (size_t r = 0; r < t.n_rows; r++) {
                    double v = cell(&t, r, c);
                    if (isnan(v) && col->missing.line != 0)
                        continue; /* a missing value */
                    if (col->labels != NULL)
                        ck_assert(v >= 0 && v < (double)col->n_labels);
                    else if (col->as_numbers.line == 0)
                        ck_assert(isfinite(v));
                }
            }
        } else {
            ck_assert(e.message[0] != '\0');
        }
        csv_table_free(&t);
        free(exact);
    }
}
END_TEST

START_TEST(delimiters)
{
    static const struct {
        const char *text;
        char delim;
    } cases[] = {
        {"a\tb\tc\n1\t2.5\t-3\n4\t5\t6\n", '\t'},   {"a b c\n1 2.5 -3\n4 5 6\n", ' '},
        {"  a   b c  \n 1  2.5   -3 \n4 5 6", ' '}, /* runs of spaces, at either end too */
        {"a|b|c\n1| 2.5 |-3\n4|5|6\n", '|'},        {"a;b;c\n1;2.5;-3\n4;5;6\n", ';'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        csv_table t;
        csv_error e;
        csv_limits lim = csv_limits_default();
        lim.delimiter = cases[i].delim;
        ck_assert_msg(parse(cases[i].text, &t, &e, &lim) == 0, "case %zu: %s", i, e.message);
        ck_assert_uint_eq(t.n_cols, 3);
        ck_assert_uint_eq(t.n_rows, 2);
        ck_assert_str_eq(t.cols[2].name, "c");
        ck_assert(cell(&t, 0, 1) == 2.5 && cell(&t, 0, 2) == -3 && cell(&t, 1, 2) == 6);
        ck_assert_int_eq(t.delimiter, cases[i].delim);
        csv_table_free(&t);
    }
    /* a tab-separated file read with the detected comma: one column */
    csv_table t;
    csv_error e;
    ck_assert_int_eq(parse("a\tb\n1\t2\n", &t, &e, NULL), 0);
    ck_assert_uint_eq(t.n_cols, 1);
    csv_table_free(&t);
    /* with a tab delimiter an empty field stays a field */
    csv_limits lim = csv_limits_default();
    lim.delimiter = '\t';
    ck_assert_int_eq(parse("a\tb\n\t2\n", &t, &e, &lim), 0);
    ck_assert_uint_eq(t.cols[0].missing.line, 2);
    ck_assert(cell(&t, 0, 1) == 2);
    csv_table_free(&t);
}
END_TEST

START_TEST(magnitude_kept_texts_and_dropped_rows)
{
    csv_table t;
    csv_error e;
    csv_limits lim = csv_limits_default();
    lim.max_magnitude = 3.4028234663852886e38; /* FLT_MAX */
    static const char *const keep[] = {"id"};
    lim.keep_text = keep;
    lim.n_keep_text = 1;
    ck_assert_int_eq(parse("id,x\nr1,1e300\nr2,-3e38\n\"r,3\",1e-300\nr4,NA\n", &t, &e, &lim), 0);
    ck_assert_uint_eq(t.cols[1].as_numbers.line, 2);
    ck_assert_str_eq(t.cols[1].as_numbers.what,
                     "expected a number within +-3.40282347e+38 (the range of the number type), "
                     "found '1e300'");
    ck_assert(cell(&t, 1, 1) == -3e38 && cell(&t, 2, 1) == 1e-300); /* underflow is accepted */
    ck_assert_ptr_nonnull(t.cols[0].cells);
    ck_assert_ptr_null(t.cols[1].cells);
    ck_assert_str_eq(t.cols[0].cells[2], "r,3");
    unsigned char keep_rows[] = {0, 1, 0, 1};
    csv_drop_rows(&t, keep_rows);
    ck_assert_uint_eq(t.n_rows, 2);
    ck_assert_str_eq(t.cols[0].cells[0], "r2");
    ck_assert_str_eq(t.cols[0].cells[1], "r4");
    ck_assert(cell(&t, 0, 1) == -3e38 && isnan(cell(&t, 1, 1)));
    ck_assert_uint_eq(t.row_lines[1], 5);
    csv_table_free(&t);
    /* the default: the double range */
    ck_assert_int_eq(parse("x\n1e300\n", &t, &e, NULL), 0);
    ck_assert_uint_eq(t.cols[0].as_numbers.line, 0);
    csv_table_free(&t);
    ck_assert(csv_is_missing("", 0) && csv_is_missing("NA", 2) && csv_is_missing("nan", 3) &&
              csv_is_missing("NaN", 3) && !csv_is_missing("NAB", 3) && !csv_is_missing("0", 1));
}
END_TEST

static Suite *csv_suite(void)
{
    Suite *s = suite_create("cli_csv_reader");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, numbers_and_header);
    tcase_add_test(tc, line_ends_bom_blank_lines);
    tcase_add_test(tc, semicolons_and_decimal_commas);
    tcase_add_test(tc, quoted_fields);
    tcase_add_test(tc, text_labels_sorted);
    tcase_add_test(tc, column_problems);
    tcase_add_test(tc, delimiters);
    tcase_add_test(tc, magnitude_kept_texts_and_dropped_rows);
    tcase_add_test(tc, structural_errors);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, many_columns);
    tcase_add_test(tc, mutations_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(csv_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
