// The public header must compile as C++ and link from C++ code.
#include <tinynn/tinynn.h>

int main()
{
    tnn_model *m = nullptr;
    const tnn_layer_spec spec[] = {{1, TNN_ACT_LINEAR, TNN_LAYER_DENSE}};
    if (tnn_model_new(&m, 1, spec, 1, nullptr) != TNN_OK)
        return 1;
    const bool ok = tnn_model_n_params(m) == 2;
    tnn_model_free(m);
    return ok ? 0 : 1;
}
