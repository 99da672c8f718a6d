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
 *
 * tessella_index_gather and tessella_index_scatter are the index builder's passes around the kernel
 * over one tile of C-contiguous inputs (io.tessella.jobs.IndexScanner): the recipe's sentinel test
 * and the writes of the successes' coordinates. In Java they cost about 3 ns per element, a twentieth
 * of the bundled kernel; here, well under one.
 *
 * tessella_zero_upper clears the upper halves of the vector registers (vzeroupper, where the CPU has
 * AVX). SSE code, as every kernel built for baseline x86-64 is, runs up to twice as slow after code
 * that left them dirty, which the JVM's AVX-512 code does and a critical FFM downcall does not undo
 * (see native/src/zero_upper.h). Every loop here clears them on entry; Java calls this before a run of
 * per-element critical downcalls into a kernel library.
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

#define TESSELLA_LOOP_ABI_VERSION 3

/* The version of this header the library implements. */
TESSELLA_LOOP_API int32_t tessella_loop_abi_version(void);

/* vzeroupper where the CPU has AVX; nothing elsewhere. */
TESSELLA_LOOP_API void tessella_zero_upper(void);

/* n calls of kernel, in order, with slow_computation_batch's outputs and return value. */
TESSELLA_LOOP_API int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n,
                                               int64_t *out, int32_t *status);

/*
 * The candidates of n elements: every i in [0, n), in order, with !(a1[i] <= sentinel) (so NaN is a
 * candidate), as ka[c] = a2[i], kb[c] = a1[i] (the kernel's argument order), offsets[c] = i.
 * Returns c, 0 when n <= 0, or -1 when n > 0 and a pointer is NULL or n > INT32_MAX (then nothing
 * is written). Each of ka, kb, offsets needs room for n values: slots past c are scratch.
 */
TESSELLA_LOOP_API int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel,
                                                double *ka, double *kb, int32_t *offsets);

/*
 * The successes among c computed candidates, in order: for each i with status[i] == 0, at k = 0, 1, ...
 *   flat = start + offsets[i];  rows[k] = flat / width;  cols[k] = flat % width;  ids[k] = out[i];
 * or, when rows is NULL (a 1-d array), cols[k] = flat and width is ignored. The other c - k statuses
 * are moved, in order, to the front of status (status[0 .. c - k)) for the caller to count by code.
 * offsets must increase. Returns k, 0 when c <= 0, or -1 when c > 0 and a needed pointer is NULL or
 * width < 1 with rows given (then nothing is written).
 * rows, cols and ids need room for the successes only.
 */
TESSELLA_LOOP_API int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c,
                                                 int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids);

#ifdef __cplusplus
}
#endif

#endif /* TESSELLA_LOOP_H */
