/*
 * C unit tests of tessella_loop_scalar (run by ctest): over the bundled kernel it must give exactly
 * what the kernel's own slow_computation_batch gives, and keep the batch contract's edge cases.
 */
#include "check.h"
#include "tessella_kernel.h"
#include "tessella_loop.h"

#include <math.h>
#include <string.h>

#define N 4096

int main(void) {
    static double a[N], b[N];
    static int64_t out[N], expected_out[N];
    static int32_t status[N], expected_status[N];
    const void *kernel;
    int32_t (*fn)(double, double, int64_t *) = slow_computation;
    memcpy(&kernel, &fn, sizeof kernel);

    CHECK(tessella_loop_abi_version() == TESSELLA_LOOP_ABI_VERSION, "got %d", tessella_loop_abi_version());

    /* Every status the kernel has: in-domain values, non-finite, out of domain, and -0.0. */
    for (int i = 0; i < N; i++) {
        a[i] = (i % 97) * 3.25 - 150.0;
        b[i] = (i % 89) * -1.5 + 40.0;
    }
    a[7] = NAN;
    b[8] = INFINITY;
    a[9] = -INFINITY;
    a[10] = 2e9;
    b[11] = -1e10;
    a[12] = -0.0;
    int64_t want = slow_computation_batch(a, b, N, expected_out, expected_status);
    int64_t got = tessella_loop_scalar(kernel, a, b, N, out, status);
    CHECK(got == want, "succeeded %lld, batch says %lld", (long long) got, (long long) want);
    CHECK(memcmp(status, expected_status, sizeof status) == 0, "statuses differ from slow_computation_batch");
    CHECK(memcmp(out, expected_out, sizeof out) == 0, "indices differ from slow_computation_batch");
    CHECK(status[7] == TESSELLA_E_NONFINITE && out[7] == -1, "status %d out %lld", status[7], (long long) out[7]);
    CHECK(status[10] == TESSELLA_E_DOMAIN && out[10] == -1, "status %d out %lld", status[10], (long long) out[10]);

    /* Edge cases: nothing to do is 0 even with NULLs; a NULL with work to do is -1 and writes nothing. */
    CHECK(tessella_loop_scalar(NULL, NULL, NULL, 0, NULL, NULL) == 0, "n = 0");
    CHECK(tessella_loop_scalar(kernel, a, b, -5, out, status) == 0, "n < 0");
    status[0] = 77;
    out[0] = 77;
    CHECK(tessella_loop_scalar(NULL, a, b, 1, out, status) == -1, "NULL kernel");
    CHECK(tessella_loop_scalar(kernel, a, NULL, 1, out, status) == -1, "NULL b");
    CHECK(tessella_loop_scalar(kernel, a, b, 1, out, NULL) == -1, "NULL status");
    CHECK(status[0] == 77 && out[0] == 77, "written on a refused call");

    return CHECK_SUMMARY("loop_test");
}
