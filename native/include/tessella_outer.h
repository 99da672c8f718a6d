/*
 * tessella_outer.h — the ABI of Tessella's native outer-product library, the C ceiling the Java
 * paths (io.tessella.vector) are measured against, and a library users may swap for their own.
 *
 * All functions work on a block of rows, so callers run them in parallel over row tiles:
 *   r[i * row_stride + j] = (double) y[i] * x[j]     for 0 <= i < m, 0 <= j < n
 * One IEEE-754 multiply per element, so every implementation gives bit-identical results
 * (and the same as NumPy's x[None, :] * y[:, None]).
 *
 * store: TESSELLA_STORE_PLAIN writes through the caches (best when the output is read again soon,
 * or fits in cache); TESSELLA_STORE_STREAMING uses non-temporal stores where the CPU has them
 * (AVX-512F, else AVX, else SSE2: picked at run time), which skip the read-for-ownership of each
 * output line: the store-bandwidth limit for outputs larger than the caches.
 *
 * Return values: 0 on success; TESSELLA_OUTER_E_ARG (1) if m or n is negative, row_stride < n, or a
 * pointer is NULL while m * n > 0 (nothing is written).
 */
#ifndef TESSELLA_OUTER_H
#define TESSELLA_OUTER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TESSELLA_OUTER_API __attribute__((visibility("default")))
#else
#define TESSELLA_OUTER_API
#endif

#define TESSELLA_OUTER_ABI_VERSION 1

#define TESSELLA_STORE_PLAIN 0
#define TESSELLA_STORE_STREAMING 1

#define TESSELLA_OUTER_E_ARG 1

/* The ABI version this library implements. */
TESSELLA_OUTER_API int32_t tessella_outer_abi_version(void);

/* r = y (float64) outer x, over m rows of n columns; row_stride in elements. */
TESSELLA_OUTER_API int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n,
                                              double *r, int64_t row_stride, int32_t store);

/* r = y (int64, converted exactly as C and Java do: round to nearest) outer x. */
TESSELLA_OUTER_API int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n,
                                              double *r, int64_t row_stride, int32_t store);

/* r[0 .. count) = value: the plain or streaming store-bandwidth baseline on the same buffer. */
TESSELLA_OUTER_API int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store);

/* Which instruction set the streaming path uses on this CPU: "avx512f", "avx", "sse2". */
TESSELLA_OUTER_API const char *tessella_outer_isa(void);

/*
 * The type of each entry point, for a host that binds an outer-product library by address (dlsym,
 * Java's FFM); Tessella's Java bindings take every call's signature from these (see the same block
 * in tessella_kernel.h for why).
 */
typedef int32_t (*tessella_outer_abi_version_fn)(void);
typedef int32_t (*tessella_outer_f64_fn)(const double *y, const double *x, int64_t m, int64_t n,
                                         double *r, int64_t row_stride, int32_t store);
typedef int32_t (*tessella_outer_i64_fn)(const int64_t *y, const double *x, int64_t m, int64_t n,
                                         double *r, int64_t row_stride, int32_t store);
typedef int32_t (*tessella_fill_f64_fn)(double *r, int64_t count, double value, int32_t store);
typedef const char *(*tessella_outer_isa_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* TESSELLA_OUTER_H */
