/* Classification and regression metrics (see metrics.h). */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* zero_division=0: a ratio with nothing to divide by is 0. */
static double ratio(double num, double den)
{
    return den > 0 ? num / den : 0;
}

static class_scores scores_of(size_t tp, size_t predicted, size_t actual)
{
    class_scores s;
    s.precision = ratio((double)tp, (double)predicted);
    s.recall = ratio((double)tp, (double)actual);
    s.f1 = ratio(2 * s.precision * s.recall, s.precision + s.recall);
    return s;
}

int metrics_classes(const long *truth, const int32_t *predicted, size_t n, size_t n_classes,
                    class_metrics *out)
{
    memset(out, 0, sizeof *out);
    const size_t k = n_classes;
    out->n_classes = k;
    out->n_rows = n;
    out->confusion = common_alloc(k * k * sizeof *out->confusion);
    out->support = common_alloc(k * sizeof *out->support);
    out->scores = common_alloc(k * sizeof *out->scores);
    size_t *column = common_alloc(k * sizeof *column); /* rows predicted as each class */
    if (out->confusion == NULL || out->support == NULL || out->scores == NULL || column == NULL) {
        free(column);
        metrics_classes_free(out);
        return -1;
    }
    memset(out->confusion, 0, k * k * sizeof *out->confusion);
    memset(out->support, 0, k * sizeof *out->support);
    memset(column, 0, k * sizeof *column);
    for (size_t r = 0; r < n; r++) {
        size_t t = (size_t)truth[r], p = (size_t)predicted[r];
        out->confusion[t * k + p]++;
        out->support[t]++;
        column[p]++;
        out->right += t == p;
    }
    class_scores sum = {0, 0, 0}, wsum = {0, 0, 0};
    for (size_t c = 0; c < k; c++) {
        class_scores s = scores_of(out->confusion[c * k + c], column[c], out->support[c]);
        double w = (double)out->support[c];
        out->scores[c] = s;
        sum.precision += s.precision;
        sum.recall += s.recall;
        sum.f1 += s.f1;
        wsum.precision += w * s.precision;
        wsum.recall += w * s.recall;
        wsum.f1 += w * s.f1;
    }
    free(column);
    out->macro = (class_scores){sum.precision / (double)k, sum.recall / (double)k,
                                sum.f1 / (double)k};
    out->weighted = (class_scores){wsum.precision / (double)n, wsum.recall / (double)n,
                                   wsum.f1 / (double)n};
    out->accuracy = (double)out->right / (double)n;
    return 0;
}

void metrics_classes_free(class_metrics *cm)
{
    free(cm->confusion);
    free(cm->support);
    free(cm->scores);
    memset(cm, 0, sizeof *cm);
}

void metrics_values(const double *truth, const double *predicted, size_t n, value_metrics *out)
{
    double mean = 0, squared = 0, absolute = 0, total = 0;
    for (size_t r = 0; r < n; r++)
        mean += truth[r];
    mean /= (double)n;
    for (size_t r = 0; r < n; r++) {
        double e = predicted[r] - truth[r], d = truth[r] - mean;
        squared += e * e;
        absolute += fabs(e);
        total += d * d;
    }
    out->mse = squared / (double)n;
    out->rmse = sqrt(out->mse);
    out->mae = absolute / (double)n;
    if (total > 0)
        out->r2 = 1 - squared / total;
    else
        out->r2 = squared == 0 ? 1 : 0;
}
