// The public header must compile as C++ and link from C++ code.
#include <tinynn/tinynn.h>

int main()
{
    tnn_model *m = nullptr;
    const tnn_layer_spec spec[] = {{1, TNN_ACT_LINEAR, TNN_LAYER_DENSE}};
    if (tnn_model_new(&m, 1, spec, 1, nullptr) != TNN_OK)
        return 1;
    bool ok = tnn_model_n_params(m) == 2;
    tnn_model_free(m);
    // The initialisers of the sized structs are C++ aggregate initialisers too.
#if TNN_HAVE_TRAINING
    tnn_fit_options fit = TNN_FIT_OPTIONS_INIT;
    fit.loss = TNN_LOSS_BCE;
    ok = ok && fit.struct_size == sizeof fit && fit.epochs == 1;
#endif
#if TNN_HAVE_LBFGS
    const tnn_lbfgs_options lbfgs = TNN_LBFGS_OPTIONS_INIT;
    tnn_logreg_options logreg = TNN_LOGREG_OPTIONS_INIT;
    logreg.lbfgs = &lbfgs;
    tnn_lbfgs_report report = TNN_LBFGS_REPORT_INIT;
    ok = ok && logreg.struct_size == sizeof logreg && report.struct_size == sizeof report;
#endif
#if TNN_HAVE_SERIALIZE
    tnn_model_file_info info = TNN_MODEL_FILE_INFO_INIT;
    ok = ok && info.struct_size == sizeof info;
#endif
    const tnn_grid_slice slice = TNN_GRID_SLICE_INIT;
    ok = ok && slice.input2 == 1 && tnn_version_number() == TNN_VERSION_NUMBER;
    return ok ? 0 : 1;
}
