/* tinynn: the article's visual analysis of small dense networks on anyone's
 * CSV data. Dispatches to one subcommand per job (commands.h). */
#include <stdio.h>
#include <string.h>

#include <tinynn/tinynn.h>

#include "commands.h"
#include "diag.h"

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    {"fit", cmd_fit, "train a network on a CSV file; writes the model and history.csv"},
    {"predict", cmd_predict, "classes or values of a model for the rows of a CSV file"},
    {"evaluate", cmd_evaluate,
     "a model's loss, accuracy, confusion matrix or errors on a CSV file"},
    {"grid", cmd_grid, "a model's classes over a 2-D grid of two inputs (decision regions)"},
    {"activations", cmd_activations, "the outputs of one layer for the rows of a CSV file"},
    {"geometry", cmd_geometry, "the hyperplanes of every unit and the softmax class boundaries"},
    {"contributions", cmd_contributions, "how each hidden unit adds up to a linear output"},
    {"export-c", cmd_export_c, "the model as C source for firmware"},
    {"summary", cmd_summary, "layers, parameters, columns and classes of a model"},
    {"plot", cmd_plot, "render the CSV files of a folder to PNG with gnuplot"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: tinynn COMMAND [ARGS] [--help]\n\n"
                 "Small dense neural networks on CSV data, looked at as in \"A Visual\n"
                 "Understanding of Neural Networks\". Commands:\n\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(out, "  %-14s %s\n", subcommands[i].name, subcommands[i].summary);
    fprintf(out, "\n'tinynn COMMAND --help' describes a command; 'tinynn --version' prints the "
                 "library version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("tinynn %s (tnn_real is %s)\n", tnn_version(),
               TNN_REAL_IS_DOUBLE ? "double" : "float");
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            diag_set_command(subcommands[i].name);
            return subcommands[i].run(argc - 1, argv + 1);
        }
    }
    diag("unknown command '%s'", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
