/*
 * A kernel whose statuses and indices do not fit the bundled kernel's habits, for the tests that check
 * Tessella reports them as they are: status -1 for a < 0, status 77 (unknown to Tessella) for a > 100,
 * and otherwise success with the index -(b + 1), negative for b >= 0.
 */
#include "tessella_kernel.h"

#include <stddef.h>

TESSELLA_API int32_t tessella_kernel_abi_version(void) { return TESSELLA_KERNEL_ABI_VERSION; }

TESSELLA_API int32_t slow_computation(double a, double b, int64_t *out) {
    if (out == NULL) {
        return TESSELLA_E_NULL;
    }
    if (a < 0) {
        return -1;
    }
    if (a > 100) {
        return 77;
    }
    *out = -(int64_t)b - 1;
    return 0;
}
