/*
 * tessella_loop.h — Tessella's own C loop over a kernel library's per-element entry point.
 *
 * Not part of the kernel ABI (tessella_kernel.h): a kernel library need not export
 * slow_computation_batch, and calling its slow_computation once per element through FFM costs the
 * downcall stub and, more, the overlap a CPU finds between consecutive calls in a plain C loop
 * (measured in bench/: KernelCallBenchmark). So Tessella ships this loop (libtessella_loop.so, in
 * the jar) and hands it the address of the library's slow_computation: one downcall per tile, then
 * the very loop a C programmer writes, through a function pointer.
 *
 * tessella_loop_scalar follows slow_computation_batch's contract exactly:
 *   status[i] = kernel(a[i], b[i], &out[i]); out[i] = -1 where status[i] != 0.
 *   Returns how many elements succeeded, 0 when n <= 0, or -1 when n > 0 and any pointer is NULL
 *   (then nothing is written).
 * kernel is the address of a function with slow_computation's signature,
 *   int32_t (double a, double b, int64_t *out),
 * passed as a plain address (POSIX guarantees function and data pointers convert) so the FFM
 * binding carries no function-pointer type.
 */
#ifndef TESSELLA_LOOP_H
#define TESSELLA_LOOP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TESSELLA_LOOP_API __attribute__((visibility("default")))
#else
#define TESSELLA_LOOP_API
#endif

#define TESSELLA_LOOP_ABI_VERSION 1

/* The version of this header the library implements. */
TESSELLA_LOOP_API int32_t tessella_loop_abi_version(void);

/* n calls of kernel, in order, with slow_computation_batch's outputs and return value. */
TESSELLA_LOOP_API int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n,
                                               int64_t *out, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif /* TESSELLA_LOOP_H */
