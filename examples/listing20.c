/* Listing 20: a hidden layer of three ReLU units before the sigmoid output
 * (model5), and its summary. */
#include "article_models.h"
#include "example.h"

int main(int argc, char **argv)
{
    example ex;
    example_start(&ex, argc, argv, "listing20",
                  "Listing 20: builds model5 = 2 inputs -> Dense(3, relu) -> Dense(1, sigmoid)\n"
                  "(Keras's initial weights for Python seed 2) and writes model.summary()\n"
                  "into summary.txt.");
    article_run run;
    article_build(MODEL5_X4_RELU, &run);
    char text[2048];
    example_check(tnn_model_summary(run.model, text, sizeof text, NULL), "summary");
    FILE *f = fopen(example_path(&ex, "summary.txt"), "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "listing20: cannot write summary.txt\n");
        return 1;
    }
    printf("model5: 2 -> Dense(3, relu) -> Dense(1, sigmoid), %zu parameters\n",
           tnn_model_n_params(run.model));
    fputs(text, stdout);
    article_run_free(&run);
    return 0;
}
