/*
 * The bundled Tessella kernels. One source, several libraries: CMake compiles it with different
 * TESSELLA_ROUNDS / TESSELLA_SEED_MUL for the standard and heavy kernels, and with the
 * TESSELLA_TEST_* switches for the broken libraries the loader tests need.
 *
 * Bit-exactness with io.tessella.kernel.JavaKernel depends on plain IEEE-754 arithmetic: the build
 * passes -ffp-contract=off so gcc never fuses x*x + y*y into an FMA, and never -ffast-math.
 */
#include "tessella_kernel.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#ifndef TESSELLA_ROUNDS
#define TESSELLA_ROUNDS 8
#endif
#ifndef TESSELLA_SEED_MUL
#define TESSELLA_SEED_MUL 0x9E3779B97F4A7C15ULL
#endif

static inline uint64_t bits_of(double v) {
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

/* The whole definition, shared by the per-element and batch entry points. */
static inline int32_t compute(double a, double b, int64_t *out) {
    if (!isfinite(a) || !isfinite(b)) {
        return TESSELLA_E_NONFINITE;
    }
    if (fabs(a) > TESSELLA_DOMAIN_MAX || fabs(b) > TESSELLA_DOMAIN_MAX) {
        return TESSELLA_E_DOMAIN;
    }
    double x = a;
    double y = b;
    uint64_t h = 0x243F6A8885A308D3ULL;
    for (int i = 0; i < TESSELLA_ROUNDS; i++) {
        double r = sqrt(x * x + y * y + 1.0);
        double nx = (x * 0.75 + y) / r + 0.5 * (double) i;
        double ny = (y * 0.75 - x) / r + 0.5;
        x = nx;
        y = ny;
        h = (h ^ bits_of(x)) * 0x100000001B3ULL;
        h ^= h >> 29;
        h = (h ^ bits_of(y)) * TESSELLA_SEED_MUL;
        h ^= h >> 32;
    }
    if ((h & 63u) == 0) {
        return TESSELLA_E_DIVERGED;
    }
    *out = (int64_t) (h >> 24);
    return TESSELLA_OK;
}

TESSELLA_API int32_t tessella_kernel_abi_version(void) {
#ifdef TESSELLA_TEST_ABI_VERSION
    return TESSELLA_TEST_ABI_VERSION;
#else
    return TESSELLA_KERNEL_ABI_VERSION;
#endif
}

#ifndef TESSELLA_TEST_OMIT_SCALAR
TESSELLA_API int32_t slow_computation(double a, double b, int64_t *out) {
    if (out == NULL) {
        return TESSELLA_E_NULL;
    }
    return compute(a, b, out);
}
#endif

#ifndef TESSELLA_TEST_OMIT_BATCH
TESSELLA_API int64_t slow_computation_batch(const double *a, const double *b, int64_t n,
                                            int64_t *out, int32_t *status) {
    if (n <= 0) {
        return 0;
    }
    if (a == NULL || b == NULL || out == NULL || status == NULL) {
        return -1;
    }
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = compute(a[i], b[i], &idx);
        status[i] = s;
        out[i] = s == TESSELLA_OK ? idx : -1;
        ok += s == TESSELLA_OK;
    }
    return ok;
}
#endif
