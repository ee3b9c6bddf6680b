/* The article's models, built and trained the way the examples do it, so
 * that every listing that continues an earlier one (train, then read the
 * weights, then draw the boundary) starts from the same trained model.
 *
 * Initial weights: Keras's own, bit for bit: tnn_model_draw_keras() with
 * the recipe's Python seed (the article's random.seed(s); each Dense kernel
 * takes one random.randint(1, 10**9) from it and is drawn by TensorFlow's
 * stateless Philox uniform in [-limit, limit], limit = sqrt(6 / (fan_in +
 * units)); biases zero; see tnn_model_draw_keras's documentation). The
 * seeds: model1-4 and linreg 0 (model4's Listing 18 says 2, but Figure 16
 * is seed 0's draw), model5 and model6 2, relu10 and relu400 15; see
 * examples/README.md, "Initial weights". Then full-batch Keras Adam
 * (lr 0.001) for the listing's epochs. */
#ifndef ARTICLE_MODELS_H
#define ARTICLE_MODELS_H

#include <stddef.h>

#include <tinynn/tinynn.h>

#include "article_data.h"

typedef enum article_model {
    MODEL1_X1_SIGMOID = 0,   /* Listings 5-8: Dense(1, sigmoid) on X1, 1500 epochs */
    MODEL2_X2_SIGMOID,       /* Listings 10-11: Dense(1, sigmoid) on X2, 1500 epochs */
    MODEL3_X3_SOFTMAX,       /* Listings 14-16: Dense(3, softmax) on X3, 2200 epochs */
    MODEL4_X4_SIGMOID,       /* Listings 18-19: Dense(1, sigmoid) on X4, seed 0, 4000 epochs */
    MODEL5_X4_RELU,          /* Listings 20-22: 2-3(relu)-1(sigmoid), seed 2, 2200 epochs */
    MODEL6_X4_LINEAR_HIDDEN, /* Listings 23-24: 2-3(linear)-1(sigmoid), seed 2, 1000 epochs */
    MODEL_X5_LINEAR,         /* Listings 26-27: Dense(1, linear) on X5, MSE, 500 epochs */
    MODEL_X5_RELU10,         /* Listings 28-30: 1-10(relu)-1, seed 15, MSE, 1500 epochs */
    MODEL_X5_RELU400,        /* Listing 30b: 1-400(relu)-1, seed 15, MSE, 1500 epochs */
    ARTICLE_N_MODELS
} article_model;

/* How a model is made and trained. */
typedef struct article_recipe {
    const char *name; /* e.g. "model5" */
    article_set data; /* training set */
    size_t hidden;    /* hidden units, 0 for none */
    tnn_activation hidden_act;
    size_t outputs;
    tnn_activation output_act;
    tnn_loss loss;
    tnn_metric metric;
    unsigned seed; /* Python's random.seed for tnn_model_draw_keras */
    size_t epochs;
} article_recipe;

const article_recipe *article_recipe_of(article_model which);

/* A trained model with its data and history (all malloc'ed). */
typedef struct article_run {
    const article_recipe *recipe;
    article_data data;
    tnn_model *model;
    tnn_real *x;  /* data.x as tnn_real */
    tnn_real *y;  /* targets as trained: one-hot for softmax */
    double *loss; /* recipe->epochs values */
    double *metric;
} article_run;

/* Builds, initialises and trains; exits with a message on any failure
 * (examples are programs, not libraries). */
void article_train(article_model which, article_run *run);

/* Called by article_train_watched with the run as it trains: epochs_done
 * is 0 for the initial weights, then 1 .. recipe->epochs after each
 * epoch's update (tnn_fit's epoch callback). It must only read the run. */
typedef void (*article_watch)(void *ctx, size_t epochs_done, const article_run *run);

/* article_train, calling watch before the first epoch and after every
 * epoch; the training itself is the same, bit for bit. */
void article_train_watched(article_model which, article_run *run, article_watch watch, void *ctx);

/* Builds and initialises only (history left NULL). */
void article_build(article_model which, article_run *run);

/* Listing 2: Rosenblatt's perceptron (one step unit, weights from zero) on
 * X1, eta 0.05, 150 epochs, online over the rows in order. Fills run like
 * article_train (recipe NULL, history NULL); errors_per_epoch (150 counts
 * of updated rows, or NULL) as tnn_perceptron_fit writes them. */
#define ARTICLE_PERCEPTRON_ETA 0.05
#define ARTICLE_PERCEPTRON_EPOCHS 150
void article_perceptron(article_run *run, size_t *errors_per_epoch);

void article_run_free(article_run *run);

/* Kernel and bias of a one-unit layer as the article's w vector:
 * out[0] = bias (w0), out[1..fan_in] = kernel. Returns fan_in + 1. */
size_t article_unit_weights(const tnn_model *model, size_t layer, double *out, size_t cap);

#endif /* ARTICLE_MODELS_H */
