/* Firmware hand-off: trains the article's 2-3(relu)-1(sigmoid) network on X4
 * (model 5: Keras's initial weights for Python seed 2, Adam, BCE, 2200 epochs), then writes it for a
 * microcontroller: model.c (the model file as a const byte array in flash)
 * and model.h (its declarations), plus model.tnn (the same bytes, for tools).
 * Firmware then sizes and places it without a heap:
 *
 *     tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
 *     tnn_model_file_query(tinynn_model, tinynn_model_size, &info);
 *     // info.model_size bytes of static RAM, aligned to TNN_ALIGNMENT
 *     tnn_model_load_init(&model, mem, sizeof mem, tinynn_model, tinynn_model_size);
 */
#include <stdio.h>
#include <stdlib.h>

#include "article_models.h"
#include "example.h"

/* Writes one text produced by tnn_model_export_c(). */
static void write_c(const example *ex, const tnn_model *m, tnn_c_export_part part,
                    const char *file)
{
    size_t needed = 0;
    tnn_status st = tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "tinynn_model", part, NULL, 0,
                                       &needed);
    if (st != TNN_E_BUFFER_TOO_SMALL)
        example_check(st, "sizing the C export");
    char *text = example_alloc(needed);
    example_check(tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "tinynn_model", part, text, needed,
                                     NULL),
                  "exporting as C");
    FILE *f = fopen(example_path(ex, file), "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "export_model: cannot write %s\n", example_path(ex, file));
        exit(1);
    }
    free(text);
}

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "export_model",
                  "Trains the 2-3-1 network on X4 (2200 Adam epochs) and writes it for\n"
                  "firmware: model.c and model.h (a const byte array in the libtinynn\n"
                  "model format, docs/model-format.md) and model.tnn (the raw file).");
    article_run run;
    article_train(MODEL5_X4_RELU, &run);
    const tnn_model *m = run.model;

    size_t size = 0;
    example_check(tnn_model_save_size(m, TNN_FORMAT_FLOAT32, &size), "sizing the model file");
    unsigned char *file = example_alloc(size);
    example_check(tnn_model_save(m, TNN_FORMAT_FLOAT32, file, size, NULL), "saving");
    FILE *f = fopen(example_path(&ex, "model.tnn"), "wb");
    if (f == NULL || fwrite(file, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "export_model: cannot write model.tnn\n");
        return 1;
    }
    write_c(&ex, m, TNN_EXPORT_SOURCE, "model.c");
    write_c(&ex, m, TNN_EXPORT_HEADER, "model.h");

    /* what the firmware will need, read back from the file it gets */
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    example_check(tnn_model_file_query(file, size, &info), "checking the file");
    printf("model 5 (2-3-1, X4): final loss %.6f, accuracy %.4f\n",
           run.loss[run.recipe->epochs - 1], run.metric[run.recipe->epochs - 1]);
    printf("model file: %zu bytes (float32), %zu parameters; the firmware places the model in "
           "%zu bytes of RAM\n",
           info.file_size, info.n_params, info.model_size);
    free(file);
    article_run_free(&run);
    return 0;
}
