/* The public header must compile as strict C99 (callers need not use C11). */
#include <tinynn/tinynn.h>

int main(void)
{
#if TNN_HAVE_TRAINING
    tnn_fit_options o = TNN_FIT_OPTIONS_INIT;
    return o.epochs == 1 && tnn_status_message(TNN_OK) != 0 ? 0 : 1;
#else /* an inference-only build (-Dtraining=false) */
    return tnn_status_message(TNN_OK) != 0 ? 0 : 1;
#endif
}
