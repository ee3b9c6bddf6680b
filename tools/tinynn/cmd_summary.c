/* tinynn summary: what a model file holds, Keras's model.summary() plus
 * the columns it reads and the classes it names. */
#include <stdio.h>
#include <stdlib.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"
#include "input.h"
#include "model_io.h"
#include "number_text.h"

static arg_option options[] = {
    {NULL, NULL, NULL, NULL},
};

static const arg_command command = {
    "summary",
    "MODEL",
    "Prints the model's layers, output shapes and parameter counts (as Keras's\n"
    "model.summary()), its file format, the input columns with their\n"
    "standardisation, the target column and the class names. A model file\n"
    "without a columns file (saved by tnn_model_save) shows its layers and file.",
    1,
    options,
};

static int run_summary(const char *model_path)
{
    cli_model m;
    if (model_io_load_any(model_path, &m) != 0)
        return EXIT_DATA;
    int rc = EXIT_DATA;
    char *data = NULL, *text = NULL;
    size_t size, needed = 0;
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    tnn_status st = tnn_model_summary(m.model, NULL, 0, &needed);
    if ((st != TNN_OK && st != TNN_E_BUFFER_TOO_SMALL) || (text = common_alloc(needed)) == NULL ||
        (st = tnn_model_summary(m.model, text, needed, NULL)) != TNN_OK) {
        diag_status("model summary", st);
        goto done;
    }
    if (input_read_file(model_path, MODEL_FILE_MAX_BYTES, &data, &size) != 0)
        goto done;
    if ((st = tnn_model_file_query(data, size, &info)) != TNN_OK) {
        diag_status("model file", st);
        goto done;
    }
    const model_columns *mc = &m.cols;
    fputs(text, stdout);
    printf("file: %s, format version %u, %s parameters, %zu bytes\n", model_path, info.version,
           model_io_format_name(info.number_format), info.file_size);
    if (!m.has_columns) {
        printf("columns: none (no %s.columns: a model saved by tnn_model_save, not tinynn fit)\n",
               model_path);
        rc = 0;
        goto done;
    }
    printf("inputs (%s):\n",
           mc->standardized ? "standardised: (x - mean) / scale" : "as they are");
    for (size_t i = 0; i < mc->n_features; i++)
        printf("  %zu %s (training mean %.6g, deviation %.6g)\n", i, mc->features[i],
               mc->mean[i], mc->scale[i]);
    printf("target: %s, loss %s\n", mc->target, tnn_loss_name(mc->loss));
    if (mc->target_standardized) {
        char scale[NUMBER_TEXT_SIZE], mean[NUMBER_TEXT_SIZE];
        number_text(mc->target_scale, scale);
        number_text(mc->target_mean, mean);
        printf("  standardised for training: the target is the output times %s plus %s\n",
               scale, mean);
    }
    for (size_t k = 0; k < mc->n_classes; k++)
        printf("  class %zu: %s\n", k, mc->classes[k]);
    rc = 0;
done:
    free(data);
    free(text);
    model_io_free(&m);
    return rc;
}

int cmd_summary(int argc, char **argv)
{
    const char *pos[1];
    int a = args_parse(&command, argc, argv, pos);
    if (a != 0)
        return a > 0 ? 0 : EXIT_USAGE;
    return common_finish(run_summary(pos[0]));
}
