/*
 * The C baseline for the benchmarks: the loop a C programmer writes around slow_computation,
 * one call per element. Built into libtessella_cloop.so (with kernel.c as a separate translation
 * unit and no LTO, so the call is a real call, as it is into any library) for JMH to time beside
 * Tessella's downcalls, and into kernel_cloop_bench for a number from C alone.
 */
#include "tessella_kernel.h"

#include <stdint.h>

TESSELLA_API int64_t tessella_cloop_run(const double *a, const double *b, int64_t n,
                                        int64_t *out, int32_t *status) {
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = slow_computation(a[i], b[i], &idx);
        status[i] = s;
        out[i] = idx;
        ok += s == TESSELLA_OK;
    }
    return ok;
}
