/*
 * Tessella's C loop over any kernel's slow_computation (see tessella_loop.h for why it exists).
 * Built apart from the kernels so it calls them as any C caller would: through a real call.
 */
#include "tessella_loop.h"

#include <stddef.h>

typedef int32_t (*scalar_kernel)(double a, double b, int64_t *out);

TESSELLA_LOOP_API int32_t tessella_loop_abi_version(void) {
    return TESSELLA_LOOP_ABI_VERSION;
}

TESSELLA_LOOP_API int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n,
                                               int64_t *out, int32_t *status) {
    if (n <= 0) {
        return 0;
    }
    if (kernel == NULL || a == NULL || b == NULL || out == NULL || status == NULL) {
        return -1;
    }
    scalar_kernel fn;
    /* The documented conversion: an address from dlsym (or FFM) back to the function it names. */
    *(const void **) &fn = kernel;
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = fn(a[i], b[i], &idx);
        status[i] = s;
        out[i] = s == 0 ? idx : -1;
        ok += s == 0;
    }
    return ok;
}
