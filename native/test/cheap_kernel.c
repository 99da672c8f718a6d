/*
 * A bench-only kernel library with the bundled kernel's ABI (tessella_kernel.h) that costs a few ns
 * per call instead of about 70: the bundled kernel's dependent chain of square roots and divisions
 * hides what the index builder itself costs per element, this one does not. Built into
 * libtessella_kernel_cheap.so (bench jar only, never the library jar) for IndexBuilderBenchmark and
 * the index peers, and, with cloop.c, into libtessella_cloop_cheap.so for the C baselines.
 *
 * Definition, exactly (uint64 arithmetic wraps; bits(v) is the IEEE-754 bit pattern of v):
 *   status checks as the bundled kernel's, in the same order: TESSELLA_E_NULL when out is NULL (the
 *   scalar entry point), TESSELLA_E_NONFINITE, then TESSELLA_E_DOMAIN for |a| or |b| > 1e9;
 *   h = bits(a) XOR (bits(b) * 0x9E3779B97F4A7C15)
 *   h = (h XOR (h >> 30)) * 0xBF58476D1CE4E5B9
 *   h = h XOR (h >> 31)
 *   if (h & 63) == 0: TESSELLA_E_DIVERGED (about 1 input in 64, as the bundled kernel)
 *   else *out = (int64)(h >> 24), an index in [0, 2^40).
 * bench/peers/test_peers.py checks the library against this definition written in Python.
 */
#include "tessella_kernel.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static inline uint64_t bits_of(double v) {
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

static inline int32_t compute(double a, double b, int64_t *out) {
    if (!isfinite(a) || !isfinite(b)) {
        return TESSELLA_E_NONFINITE;
    }
    if (fabs(a) > TESSELLA_DOMAIN_MAX || fabs(b) > TESSELLA_DOMAIN_MAX) {
        return TESSELLA_E_DOMAIN;
    }
    uint64_t h = bits_of(a) ^ (bits_of(b) * 0x9E3779B97F4A7C15ULL);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    if ((h & 63u) == 0) {
        return TESSELLA_E_DIVERGED;
    }
    *out = (int64_t) (h >> 24);
    return TESSELLA_OK;
}

TESSELLA_API int32_t tessella_kernel_abi_version(void) {
    return TESSELLA_KERNEL_ABI_VERSION;
}

TESSELLA_API int32_t slow_computation(double a, double b, int64_t *out) {
    if (out == NULL) {
        return TESSELLA_E_NULL;
    }
    return compute(a, b, out);
}

TESSELLA_API int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status) {
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
