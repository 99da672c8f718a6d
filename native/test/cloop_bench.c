/*
 * Prints the cost of one slow_computation call from a plain C loop: the floor every Java path is
 * compared with. Usage: kernel_cloop_bench [n]  (default 2000000 elements, best of 5 runs).
 */
#define _POSIX_C_SOURCE 200809L
#include "tessella_kernel.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int64_t tessella_cloop_run(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status);

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
    int64_t n = argc > 1 ? atoll(argv[1]) : 2000000;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    int64_t *out = malloc(n * sizeof *out);
    int32_t *status = malloc(n * sizeof *status);
    if (!a || !b || !out || !status) {
        fprintf(stderr, "kernel_cloop_bench: cannot allocate %lld elements\n", (long long) n);
        return 1;
    }
    for (int64_t i = 0; i < n; i++) {
        a[i] = (double) (i % 1000) * 0.37 - 150.0;
        b[i] = (double) (i / 1000 % 1000) * 1.13 - 500.0;
    }
    double best = 1e300;
    int64_t ok = 0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now_ns();
        ok = tessella_cloop_run(a, b, n, out, status);
        double dt = now_ns() - t0;
        if (dt < best) best = dt;
    }
    printf("c loop: %.2f ns/element over %lld elements (%lld succeeded)\n", best / n, (long long) n, (long long) ok);
    free(a); free(b); free(out); free(status);
    return 0;
}
