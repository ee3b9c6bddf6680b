/* Fuzz target: the tinynn command's CSV reader (tools/tinynn/csv_reader.h)
 * on arbitrary bytes, in an exact-size buffer with no NUL terminator (ASan
 * reports any read outside it), with small limits so that every limit is
 * reached too.
 *
 * Invariants (a violation aborts): success fills a consistent table (names
 * and labels NUL-terminated, labels distinct and in strcmp order, label
 * cells are label indices, row lines increase, every column findable by
 * name); failure leaves the table empty and a NUL-terminated message;
 * nothing leaks (LeakSanitizer). */
#include "csv_reader.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = fuzz_buffer(size);
    if (size > 0)
        memcpy(buf, data, size);
    csv_limits limits = csv_limits_default();
    if (size > 0 && (data[0] & 1)) { /* small limits, so they are hit */
        limits.max_bytes = 1 + data[0] * 8u;
        limits.max_cells = 1 + (data[0] >> 2);
        limits.max_labels = 1 + (data[0] >> 5);
    }
    csv_table t;
    memset(&t, 0, sizeof t);
    csv_error err;
    memset(&err, 0, sizeof err);
    const int rc = csv_parse(buf, size, &limits, &t, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc != 0) {
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(t.n_rows == 0 && t.n_cols == 0 && t.cols == NULL && t.values == NULL);
    } else {
        FUZZ_CHECK(t.n_cols > 0 && t.n_rows > 0);
        FUZZ_CHECK(t.n_rows * t.n_cols <= limits.max_cells);
        FUZZ_CHECK(t.delimiter == ',' || t.delimiter == ';');
        for (size_t r = 1; r < t.n_rows; r++)
            FUZZ_CHECK(t.row_lines[r] > t.row_lines[r - 1]);
        for (size_t c = 0; c < t.n_cols; c++) {
            const csv_column *col = &t.cols[c];
            FUZZ_CHECK(col->name != NULL);
            FUZZ_CHECK(csv_find_column(&t, col->name) == (long)c); /* names are distinct */
            FUZZ_CHECK(col->n_labels <= limits.max_labels);
            for (size_t i = 1; i < col->n_labels; i++)
                FUZZ_CHECK(strcmp(col->labels[i - 1], col->labels[i]) < 0);
            for (size_t r = 0; r < t.n_rows; r++) {
                const double v = t.values[r * t.n_cols + c];
                if (isnan(v) && col->missing.line != 0)
                    continue; /* a missing value (empty, NA, NaN) */
                if (col->labels != NULL)
                    FUZZ_CHECK(v >= 0 && v < (double)col->n_labels && v == floor(v));
                else if (!col->is_text && col->as_numbers.line == 0)
                    FUZZ_CHECK(isfinite(v));
            }
        }
    }
    csv_table_free(&t);
    csv_table_free(&t); /* twice is harmless */
    free(buf);
    return 0;
}
