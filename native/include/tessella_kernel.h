/*
 * tessella_kernel.h — the ABI every Tessella kernel library implements.
 *
 * A kernel library is any shared object exporting these symbols with these C signatures. Tessella
 * binds them through FFM (io.tessella.kernel.ffi, generated from this header by native/jextract.sh)
 * and can swap one library for another at run time.
 *
 * Required symbols: tessella_kernel_abi_version, slow_computation.
 * Optional symbol:  slow_computation_batch (without it, Tessella runs batches in its own C loop over
 *                   slow_computation: native/include/tessella_loop.h).
 *
 * ---------------------------------------------------------------------------------------------
 * The bundled kernel (libtessella_kernel.so), exactly:
 *
 *   status codes   0 TESSELLA_OK            the index was written to *out
 *                  1 TESSELLA_E_NONFINITE   a or b is NaN or +-Inf
 *                  2 TESSELLA_E_DOMAIN      |a| > 1e9 or |b| > 1e9 (TESSELLA_DOMAIN_MAX)
 *                  3 TESSELLA_E_DIVERGED    in the domain, but the orbit did not settle: the
 *                                           kernel's "internal error" (about 1 input in 64)
 *                  4 TESSELLA_E_NULL        out is NULL
 *   Checks run in that order; on any non-zero status *out is left untouched.
 *
 *   On valid input, with IEEE-754 binary64 arithmetic, round-to-nearest, no contraction into FMA:
 *     x = a; y = b; h = 0x243F6A8885A308D3 (uint64)
 *     for i in 0 .. ROUNDS-1:
 *       r  = sqrt(x*x + y*y + 1.0)              evaluated left to right
 *       nx = (x*0.75 + y) / r + 0.5*i
 *       ny = (y*0.75 - x) / r + 0.5
 *       x = nx; y = ny
 *       h = (h XOR bits(x)) * 0x100000001B3;  h = h XOR (h >> 29)      (uint64, wrapping)
 *       h = (h XOR bits(y)) * SEED_MUL;       h = h XOR (h >> 32)
 *     if (h & 63) == 0:  return TESSELLA_E_DIVERGED
 *     *out = (int64)(h >> 24)                   an index in [0, 2^40)
 *   where bits(v) is the IEEE-754 bit pattern of v (so -0.0 and +0.0 differ), ROUNDS = 8 and
 *   SEED_MUL = 0x9E3779B97F4A7C15. Pure, thread-safe, deterministic, CPU-bound: a dependent chain
 *   of sqrt and division, on the order of 100 ns per call on a current x86-64 core.
 *
 * The heavy kernel (libtessella_kernel_heavy.so) is the same definition with ROUNDS = 512 and
 * SEED_MUL = 0xD6E8FEB86659FD93: same ABI, different indices, about 100 times the cost per call.
 * ---------------------------------------------------------------------------------------------
 */
#ifndef TESSELLA_KERNEL_H
#define TESSELLA_KERNEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TESSELLA_API __attribute__((visibility("default")))
#else
#define TESSELLA_API
#endif

#define TESSELLA_KERNEL_ABI_VERSION 1

#define TESSELLA_OK 0
#define TESSELLA_E_NONFINITE 1
#define TESSELLA_E_DOMAIN 2
#define TESSELLA_E_DIVERGED 3
#define TESSELLA_E_NULL 4

#define TESSELLA_DOMAIN_MAX 1.0e9

/* The ABI version this library implements; callers refuse a library whose version they do not know. */
TESSELLA_API int32_t tessella_kernel_abi_version(void);

/*
 * One element: returns 0 and writes the index to *out, or returns a non-zero status code and leaves
 * *out untouched. Callers following the recipe call it as slow_computation(a2[x,y], a1[x,y], &idx).
 */
TESSELLA_API int32_t slow_computation(double a, double b, int64_t *out);

/*
 * n elements in one call: status[i] = slow_computation(a[i], b[i], &out[i]); out[i] = -1 where
 * status[i] != 0. Returns how many elements succeeded, 0 when n <= 0, or -1 when n > 0 and any
 * pointer is NULL (then nothing is written).
 */
TESSELLA_API int64_t slow_computation_batch(const double *a, const double *b, int64_t n,
                                            int64_t *out, int32_t *status);

/*
 * The type of each entry point, for a host that binds a kernel library by address (dlsym, Java's
 * FFM). Tessella's Java bindings take every call's signature from these: for a function declared
 * above, jextract gives the signature only together with a lookup of the symbol itself, and a
 * library swapped in by path must bind whatever the default library exports.
 */
typedef int32_t (*tessella_kernel_abi_version_fn)(void);
typedef int32_t (*tessella_slow_computation_fn)(double a, double b, int64_t *out);
typedef int64_t (*tessella_slow_computation_batch_fn)(const double *a, const double *b, int64_t n,
                                                      int64_t *out, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif /* TESSELLA_KERNEL_H */
