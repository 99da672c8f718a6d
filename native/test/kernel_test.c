/*
 * C unit tests of the bundled kernel's contract (run by ctest). The bit-for-bit reference is the
 * Java twin, checked from the Java suite; here: status codes, their order, the batch contract,
 * determinism, and that the index depends on both arguments.
 */
#include "check.h"
#include "tessella_kernel.h"

#include <math.h>
#include <string.h>

static void test_abi_version(void) {
    CHECK(tessella_kernel_abi_version() == TESSELLA_KERNEL_ABI_VERSION, "got %d", tessella_kernel_abi_version());
}

static void test_nonfinite_inputs(void) {
    double bad[] = {NAN, -NAN, INFINITY, -INFINITY};
    for (int i = 0; i < 4; i++) {
        int64_t out = 12345;
        CHECK(slow_computation(bad[i], 1.0, &out) == TESSELLA_E_NONFINITE, "a=%g", bad[i]);
        CHECK(slow_computation(1.0, bad[i], &out) == TESSELLA_E_NONFINITE, "b=%g", bad[i]);
        CHECK(out == 12345, "out written on failure: %lld", (long long) out);
    }
    /* Non-finite is checked before the domain. */
    int64_t out;
    CHECK(slow_computation(NAN, 1e300, &out) == TESSELLA_E_NONFINITE, "order");
}

static void test_domain(void) {
    int64_t out;
    CHECK(slow_computation(1e9, -1e9, &out) != TESSELLA_E_DOMAIN, "the bound itself is inside");
    CHECK(slow_computation(nextafter(1e9, 2e9), 0.0, &out) == TESSELLA_E_DOMAIN, "just above");
    CHECK(slow_computation(0.0, -1.0e10, &out) == TESSELLA_E_DOMAIN, "the recipe's sentinel");
    CHECK(slow_computation(-1.0e10, 0.0, &out) == TESSELLA_E_DOMAIN, "the recipe's sentinel");
}

static void test_null_out(void) {
    CHECK(slow_computation(1.0, 2.0, NULL) == TESSELLA_E_NULL, "null out");
}

static void test_valid_inputs_give_bounded_indices_and_some_diverge(void) {
    int diverged = 0, ok = 0;
    for (int i = 0; i < 100000; i++) {
        double a = (i % 317) * 0.731 - 100.0, b = (i / 317) * 1.37 - 200.0;
        int64_t out = -7;
        int32_t s = slow_computation(a, b, &out);
        if (s == TESSELLA_OK) {
            ok++;
            if (out < 0 || out >= ((int64_t) 1 << 40)) {
                CHECK(0, "index out of [0, 2^40): %lld", (long long) out);
            }
        } else {
            CHECK(s == TESSELLA_E_DIVERGED, "unexpected status %d", s);
            diverged++;
        }
    }
    /* About 1 in 64 diverge: 1562 expected; a broken hash lands far outside this band. */
    CHECK(diverged > 1000 && diverged < 2200, "diverged %d of 100000", diverged);
    CHECK(ok + diverged == 100000, "count");
}

static void test_index_depends_on_both_arguments_and_zeros_are_valid(void) {
    int64_t base, other;
    CHECK(slow_computation(1.5, 2.5, &base) == 0, "base");
    CHECK(slow_computation(1.5, 2.5, &other) == 0 && other == base, "deterministic");
    CHECK(slow_computation(2.5, 1.5, &other) == 0 && other != base, "swapping arguments changes the index");
    CHECK(slow_computation(nextafter(1.5, 2.0), 2.5, &other) != 0 || other != base, "a matters");
    CHECK(slow_computation(1.5, nextafter(2.5, 3.0), &other) != 0 || other != base, "b matters");
    int64_t pz = 0, nz = 0;
    int32_t sp = slow_computation(0.0, 3.0, &pz), sn = slow_computation(-0.0, 3.0, &nz);
    CHECK((sp == TESSELLA_OK || sp == TESSELLA_E_DIVERGED) && (sn == TESSELLA_OK || sn == TESSELLA_E_DIVERGED),
          "signed zeros are in the domain: %d %d", sp, sn);
}

static void test_batch_matches_per_element(void) {
    enum { N = 4099 };
    static double a[N], b[N];
    static int64_t out[N];
    static int32_t status[N];
    for (int i = 0; i < N; i++) {
        a[i] = i % 5 == 0 ? NAN : (i - 2000) * 3.7;
        b[i] = i % 7 == 0 ? 2e9 : (i * 1.1) - 100.0;
    }
    int64_t ok = slow_computation_batch(a, b, N, out, status);
    int64_t expect_ok = 0;
    for (int i = 0; i < N; i++) {
        int64_t idx = -1;
        int32_t s = slow_computation(a[i], b[i], &idx);
        CHECK(status[i] == s, "status[%d] %d != %d", i, status[i], s);
        CHECK(out[i] == (s == 0 ? idx : -1), "out[%d]", i);
        expect_ok += s == 0;
    }
    CHECK(ok == expect_ok, "returned %lld, expected %lld", (long long) ok, (long long) expect_ok);
    CHECK(slow_computation_batch(a, b, 0, out, status) == 0, "n = 0");
    CHECK(slow_computation_batch(a, b, -5, out, status) == 0, "n < 0");
    CHECK(slow_computation_batch(NULL, b, 3, out, status) == -1, "null a");
    CHECK(slow_computation_batch(a, b, 3, out, NULL) == -1, "null status");
}

int main(void) {
    test_abi_version();
    test_nonfinite_inputs();
    test_domain();
    test_null_out();
    test_valid_inputs_give_bounded_indices_and_some_diverge();
    test_index_depends_on_both_arguments_and_zeros_are_valid();
    test_batch_matches_per_element();
    return CHECK_SUMMARY("kernel_test");
}
