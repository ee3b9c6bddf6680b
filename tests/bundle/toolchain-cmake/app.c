/* Built against the bundle by each toolchain's stand-in (CMakeLists.txt):
 * the configuration macros are what the toolchain's settings say, and the
 * library links and trains a step. */
#include <stdio.h>
#include <tinynn.h>

#if TNN_REAL_IS_DOUBLE != EXPECT_DOUBLE || TNN_HAVE_TRAINING != EXPECT_TRAINING ||             \
    TNN_HAVE_SERIALIZE != EXPECT_SERIALIZE
#error "the toolchain's settings did not reach tinynn.h's macros"
#endif

int main(void)
{
    static const tnn_layer_spec layers[] = {TNN_DENSE(2, TNN_ACT_TANH),
                                            TNN_DENSE(1, TNN_ACT_SIGMOID)};
    static _Alignas(8) unsigned char model_mem[512];
    size_t size = 0;
    tnn_model *model = NULL;
    if (tnn_model_size(2, layers, 2, &size) != TNN_OK || size > sizeof model_mem ||
        tnn_model_init(&model, model_mem, size, 2, layers, 2) != TNN_OK ||
        tnn_model_draw_keras(model, 1) != TNN_OK) {
        puts("model: failed");
        return 1;
    }
    printf("libtinynn %s, tnn_real of %u bytes, model of %u bytes\n", tnn_version(),
           (unsigned)sizeof(tnn_real), (unsigned)size);
    return 0;
}
