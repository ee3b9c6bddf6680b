/* Build step of the export test: writes the C source and header of the
 * model in export_model.h. usage: export_gen OUT.c OUT.h */
#include <stdio.h>
#include <stdlib.h>

#include "export_model.h"

static int write_part(tnn_model *m, tnn_c_export_part part, const char *path)
{
    size_t needed = 0;
    if (tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "exported_model", part, NULL, 0, &needed) !=
        TNN_E_BUFFER_TOO_SMALL)
        return 1;
    char *text = malloc(needed);
    FILE *f = fopen(path, "w");
    int bad = text == NULL || f == NULL ||
              tnn_model_export_c(m, TNN_FORMAT_FLOAT32, "exported_model", part, text, needed,
                                 NULL) != TNN_OK ||
              fputs(text, f) < 0;
    if (f != NULL && fclose(f) != 0)
        bad = 1;
    free(text);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: export_gen OUT.c OUT.h\n");
        return 2;
    }
    tnn_model *m = export_model_new();
    int bad = m == NULL || write_part(m, TNN_EXPORT_SOURCE, argv[1]) ||
              write_part(m, TNN_EXPORT_HEADER, argv[2]);
    tnn_model_free(m);
    if (bad)
        fprintf(stderr, "export_gen: could not write %s / %s\n", argv[1], argv[2]);
    return bad;
}
