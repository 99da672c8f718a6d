/*
 * C tests of the benchmarks' C baselines (run by ctest), linked once against libtessella_cloop (the
 * bundled kernel's definition) and once against libtessella_cloop_cheap (the cheap kernel): the
 * recipe's loop on any number of threads builds exactly what a plain serial loop over
 * slow_computation builds, in row-major order; and the kernel's contract (status codes, batch equal
 * to per-element calls, about 1 in 64 diverged). The reference loop here is written independently.
 */
#include "check.h"
#include "tessella_kernel.h"

#include <math.h>
#include <stdlib.h>

int64_t tessella_cloop_recipe(const double *a1, const double *a2, int64_t rows, int64_t cols, double sentinel, int32_t threads,
                              int64_t **xs, int64_t **ys, int64_t **idxs);
void tessella_cloop_unmap(void *p, int64_t n);

static const double SENTINEL = -1.0e10;

/* Deterministic inputs: one in 7 a sentinel, a few out of the kernel's domain, the rest in [-1000, 1000). */
static void fill(double *a1, double *a2, int64_t n, uint64_t seed) {
    uint64_t s = seed;
    for (int64_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double) (s >> 11) * 0x1p-53;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double v = (double) (s >> 11) * 0x1p-53;
        a1[i] = (s >> 60) == 3 ? SENTINEL : u * 2000.0 - 1000.0;
        a2[i] = (s >> 58) == 17 ? 5.0e9 : v * 2000.0 - 1000.0;
    }
}

static void test_recipe_equals_serial_loop(int64_t rows, int64_t cols, int32_t threads) {
    int64_t n = rows * cols;
    double *a1 = malloc((size_t) (n + 1) * sizeof *a1), *a2 = malloc((size_t) (n + 1) * sizeof *a2);
    int64_t *ex = malloc((size_t) (n + 1) * sizeof *ex), *ey = malloc((size_t) (n + 1) * sizeof *ey), *eid = malloc((size_t) (n + 1) * sizeof *eid);
    fill(a1, a2, n, (uint64_t) (rows * 1000003 + cols));
    int64_t expected = 0;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) {
            int64_t i = r * cols + c, idx;
            if (a1[i] > SENTINEL && slow_computation(a2[i], a1[i], &idx) == TESSELLA_OK) {
                ex[expected] = r;
                ey[expected] = c;
                eid[expected] = idx;
                expected++;
            }
        }
    }
    int64_t *x = NULL, *y = NULL, *id = NULL;
    int64_t k = tessella_cloop_recipe(a1, a2, rows, cols, SENTINEL, threads, &x, &y, &id);
    CHECK(k == expected, "%lld x %lld on %d threads: %lld entries, the serial loop %lld", (long long) rows, (long long) cols, threads,
          (long long) k, (long long) expected);
    int64_t mismatches = 0;
    for (int64_t i = 0; k == expected && i < k; i++) {
        mismatches += x[i] != ex[i] || y[i] != ey[i] || id[i] != eid[i];
    }
    CHECK(mismatches == 0, "%lld x %lld on %d threads: %lld entries differ", (long long) rows, (long long) cols, threads, (long long) mismatches);
    tessella_cloop_unmap(x, n);
    tessella_cloop_unmap(y, n);
    tessella_cloop_unmap(id, n);
    free(a1);
    free(a2);
    free(ex);
    free(ey);
    free(eid);
}

static void test_recipe_refuses_bad_thread_counts(void) {
    double a = 1.0;
    int64_t *x = NULL, *y = NULL, *id = NULL;
    CHECK(tessella_cloop_recipe(&a, &a, 1, 1, SENTINEL, 0, &x, &y, &id) == -2, "0 threads");
    CHECK(tessella_cloop_recipe(&a, &a, 1, 1, SENTINEL, 1025, &x, &y, &id) == -2, "1025 threads");
    CHECK(x == NULL && y == NULL && id == NULL, "nothing mapped on refusal");
}

static void test_kernel_contract(void) {
    int64_t out = 77;
    CHECK(tessella_kernel_abi_version() == TESSELLA_KERNEL_ABI_VERSION, "abi %d", tessella_kernel_abi_version());
    CHECK(slow_computation(1.0, 2.0, NULL) == TESSELLA_E_NULL, "null out");
    CHECK(slow_computation(NAN, 1e300, &out) == TESSELLA_E_NONFINITE, "non-finite before domain");
    CHECK(slow_computation(1.0, INFINITY, &out) == TESSELLA_E_NONFINITE, "b infinite");
    CHECK(slow_computation(nextafter(1e9, 2e9), 0.0, &out) == TESSELLA_E_DOMAIN, "just above the domain");
    CHECK(slow_computation(0.0, SENTINEL, &out) == TESSELLA_E_DOMAIN, "the recipe's sentinel");
    CHECK(out == 77, "out written on failure: %lld", (long long) out);

    enum { N = 64000 };
    static double a[N], b[N];
    static int64_t batch_out[N];
    static int32_t batch_status[N];
    for (int i = 0; i < N; i++) {
        a[i] = (i % 311) * 0.913 - 120.0;
        b[i] = (i / 311) * 1.71 - 150.0;
    }
    int64_t ok = slow_computation_batch(a, b, N, batch_out, batch_status);
    int64_t diverged = 0, same = 0, ok_scalar = 0;
    for (int i = 0; i < N; i++) {
        int64_t idx = -1;
        int32_t s = slow_computation(a[i], b[i], &idx);
        same += s == batch_status[i] && idx == batch_out[i];
        diverged += s == TESSELLA_E_DIVERGED;
        ok_scalar += s == TESSELLA_OK;
        if (s == TESSELLA_OK && (idx < 0 || idx >= (int64_t) 1 << 40)) {
            CHECK(0, "index out of [0, 2^40): %lld", (long long) idx);
        }
    }
    CHECK(same == N, "batch and per-element calls differ on %lld of %d", (long long) (N - same), N);
    CHECK(ok == ok_scalar, "batch returned %lld successes, per-element calls %lld", (long long) ok, (long long) ok_scalar);
    /* 1 in 64 expected: 1000; a broken hash lands far outside this band. */
    CHECK(diverged > 700 && diverged < 1300, "diverged %lld of %d", (long long) diverged, N);
    CHECK(slow_computation_batch(a, b, 0, batch_out, batch_status) == 0, "n = 0");
    CHECK(slow_computation_batch(NULL, b, 1, batch_out, batch_status) == -1, "null a");
}

int main(void) {
    test_kernel_contract();
    test_recipe_refuses_bad_thread_counts();
    int64_t shapes[][2] = {{0, 5}, {1, 1}, {1, 7}, {7, 1}, {3, 5}, {17, 13}, {64, 64}, {333, 129}};
    int32_t threads[] = {1, 2, 3, 7};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            test_recipe_equals_serial_loop(shapes[s][0], shapes[s][1], threads[t]);
        }
    }
    return CHECK_SUMMARY("cloop_test");
}
