/* Listing 5: one sigmoid neuron on two inputs, and its summary. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing05",
                  "Listing 5: builds Dense(1, sigmoid) on 2 inputs (Keras's\n"
                  "Sequential([Dense(1, activation='sigmoid', input_shape=(2,))])) and\n"
                  "writes model.summary() into summary.txt.");
    article_run run;
    article_build(MODEL1_X1_SIGMOID, &run);
    char text[2048];
    example_check(tnn_model_summary(run.model, text, sizeof text, NULL), "summary");
    FILE *f = fopen(example_path(&ex, "summary.txt"), "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "listing05: cannot write summary.txt\n");
        return 1;
    }
    fputs(text, stdout);
    article_run_free(&run);
    return 0;
}
