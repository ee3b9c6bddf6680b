/* fit --save-split DIR: the training and held-out rows of a validation
 * split as CSV files (DIR/train.csv, DIR/test.csv), so that the held-out
 * rows can be evaluated again later ('tinynn evaluate MODEL DIR/test.csv'). */
#ifndef TINYNN_CLI_SAVE_SPLIT_H
#define TINYNN_CLI_SAVE_SPLIT_H

#include <stddef.h>

#include "csv_reader.h"

/* Before the work: dir (NULL: no --save-split) needs a split (fraction > 0)
 * of a data file that can be read again (not standard input), else a usage
 * error; it is made if missing; its two files must be writable. 0, or -1
 * (reported). */
int save_split_check(const char *dir, double fraction, const char *data_path);

/* Writes dir/test.csv (the rows order[0 .. n_val - 1]) and dir/train.csv
 * (the rest of order) as pending outputs: the data file's header and each
 * row's own text, copied from the file (so every cell reads back exactly as
 * fit read it), one row a line, in the order of order (scikit-learn's
 * train_test_split: X_test, X_train). t is the table fit read from
 * data_path, with its row_lines; the file is read again and must still
 * give that table. dir NULL does nothing. 0, or -1 (reported). */
int save_split_write(const char *dir, const char *data_path, const csv_limits *limits,
                     const csv_table *t, const size_t *order, size_t n_val);

#endif /* TINYNN_CLI_SAVE_SPLIT_H */
