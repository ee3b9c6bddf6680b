/* A model's outputs and classes for the rows of a data file (see
 * predictions.h). */
#include "predictions.h"

#include <stdlib.h>

#include "commands.h"
#include "diag.h"

void predictions_free(predictions *p)
{
    free(p->y);
    free(p->cls);
    model_io_rows_free(&p->rows);
}

int predictions_compute(const cli_model *m, predictions *p)
{
    const size_t n = p->rows.t.n_rows;
    size_t ws;
    void *work = NULL;
    p->n_out = tnn_model_n_outputs(m->model);
    p->y = common_alloc(n * p->n_out * sizeof *p->y);
    p->cls = common_alloc(n * sizeof *p->cls);
    if (p->y == NULL || p->cls == NULL || (work = common_predict_work(m->model, &ws)) == NULL)
        return -1;
    tnn_status st = tnn_predict(m->model, p->rows.x, n, p->y, work, ws);
    if (st == TNN_OK && columns_is_classifier(&m->cols))
        st = tnn_output_classes(m->model, p->y, n, p->cls, NULL);
    free(work);
    if (st != TNN_OK) {
        diag_status("predicting", st);
        return -1;
    }
    return 0;
}
