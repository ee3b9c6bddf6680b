// TrainXor: trains a 2-3-1 network on XOR on the board itself and prints
// what it learnt over Serial. No heap: the network, the Adam optimizer
// and tnn_fit's scratch live in one static buffer, sized by the library's
// queries (the RAM bill of the manual).
#include <tinynn.h>

static const tnn_layer_spec layers[] = {TNN_DENSE(3, TNN_ACT_TANH),
                                        TNN_DENSE(1, TNN_ACT_SIGMOID)};
static const tnn_real inputs[8] = {0, 0, 0, 1, 1, 0, 1, 1};
static const tnn_real targets[4] = {0, 1, 1, 0};
// Initial weights as Keras draws them after Python's random.seed(SEED).
static const uint32_t SEED = 1;

// 744 bytes of it are used with float on a 32-bit core (the sketch prints
// the count); TNN_REAL_IS_DOUBLE=1 needs more.
alignas(TNN_ALIGNMENT) static unsigned char arena[2048];
static size_t arena_used;

// The next `size` bytes of the arena, or NULL when it is full (the
// library's *_init functions refuse NULL with a status).
static void *take(size_t size)
{
    size_t at = (arena_used + TNN_ALIGNMENT - 1) / TNN_ALIGNMENT * TNN_ALIGNMENT;
    if (at + size > sizeof arena)
        return NULL;
    arena_used = at + size;
    return arena + at;
}

static bool check(tnn_status status, const char *what)
{
    if (status == TNN_OK)
        return true;
    Serial.print(what);
    Serial.print(": ");
    Serial.println(tnn_status_message(status));
    return false;
}

static bool train_and_print()
{
    tnn_model *model = NULL;
    tnn_optimizer *adam = NULL;
    size_t model_size = 0, adam_size = 0, fit_size = 0;
    tnn_fit_options options = TNN_FIT_OPTIONS_INIT;
    options.loss = TNN_LOSS_BCE;
    options.metric = TNN_METRIC_ACCURACY;
    options.epochs = 1000;

    if (!check(tnn_model_size(2, layers, 2, &model_size), "model size") ||
        !check(tnn_model_init(&model, take(model_size), model_size, 2, layers, 2), "model") ||
        !check(tnn_model_draw_keras(model, SEED), "initial weights") ||
        !check(tnn_optimizer_size(TNN_OPT_ADAM, tnn_model_n_params(model), &adam_size),
               "Adam size") ||
        !check(tnn_optimizer_init(&adam, take(adam_size), adam_size, TNN_OPT_ADAM,
                                  tnn_model_n_params(model)),
               "Adam") ||
        !check(tnn_optimizer_set(adam, TNN_PARAM_LEARNING_RATE, 0.05), "learning rate") ||
        !check(tnn_fit_workspace_size(model, &options, 4, &fit_size), "workspace size"))
        return false;
    void *work = take(fit_size);
    if (!check(tnn_fit(model, adam, &options, inputs, targets, 4, work, fit_size, NULL),
               "training"))
        return false;

    Serial.print("libtinynn ");
    Serial.print(tnn_version());
    Serial.print(": XOR trained, ");
    Serial.print((unsigned long)arena_used);
    Serial.println(" bytes of RAM");
    tnn_real out[4];
    if (!check(tnn_predict(model, inputs, 4, out, work, fit_size), "prediction"))
        return false;
    for (int i = 0; i < 4; i++) {
        Serial.print((int)inputs[2 * i]);
        Serial.print(" ");
        Serial.print((int)inputs[2 * i + 1]);
        Serial.print(" -> ");
        Serial.print(out[i] > 0.5f ? 1 : 0);
        Serial.print("  (");
        Serial.print((double)out[i], 3);
        Serial.println(")");
    }
    return true;
}

void setup()
{
    Serial.begin(115200);
    while (!Serial) {
        // boards with native USB: wait for the serial monitor
    }
    if (!train_and_print())
        Serial.println("TrainXor failed");
}

void loop()
{
}
