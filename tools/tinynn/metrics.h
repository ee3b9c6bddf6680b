/* How well predictions match the truth: scikit-learn's definitions
 * (sklearn.metrics), so that the numbers of 'tinynn evaluate' can be
 * checked against it and compared with a Python workflow. */
#ifndef TINYNN_CLI_METRICS_H
#define TINYNN_CLI_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Precision, recall and F1 of one class, or their average. */
typedef struct class_scores {
    double precision, recall, f1;
} class_scores;

/* A classifier's results over n_classes classes, as confusion_matrix and
 * classification_report(labels=range(n_classes), zero_division=0) give
 * them: every class of the model is listed, also one the data lacks. */
typedef struct class_metrics {
    size_t n_classes, n_rows, right;
    size_t *confusion;     /* n_classes * n_classes: [true][predicted] */
    size_t *support;       /* rows of each true class */
    class_scores *scores;  /* per class */
    class_scores macro;    /* unweighted mean over the classes */
    class_scores weighted; /* mean weighted by support */
    double accuracy;
} class_metrics;

/* The metrics of n rows with true classes truth[] and predicted classes
 * predicted[], all in 0 .. n_classes - 1 (n >= 1). 0, or -1 (out of
 * memory, reported). */
int metrics_classes(const long *truth, const int32_t *predicted, size_t n, size_t n_classes,
                    class_metrics *out);

void metrics_classes_free(class_metrics *cm);

/* A regression's results in the target's units (mean_squared_error, its
 * root, mean_absolute_error, r2_score). */
typedef struct value_metrics {
    double mse, rmse, mae, r2;
} value_metrics;

/* The metrics of n >= 1 rows of true and predicted values. R^2 of a
 * constant truth is 1 for a perfect prediction, else 0 (r2_score's
 * force_finite). */
void metrics_values(const double *truth, const double *predicted, size_t n, value_metrics *out);

#endif /* TINYNN_CLI_METRICS_H */
