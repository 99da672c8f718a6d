/*
 * The native outer product. The plain path is an ordinary loop that gcc vectorises (function
 * multi-versioning picks AVX-512/AVX2 at load time); the streaming path uses non-temporal stores,
 * which the Java Vector API cannot express, after aligning each row to the vector width (streaming
 * stores need aligned addresses).
 */
#include "tessella_outer.h"

#include <stddef.h>

#if defined(__x86_64__) || defined(__i386__)
#define TESSELLA_X86 1
#include <immintrin.h>
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

TESSELLA_OUTER_API int32_t tessella_outer_abi_version(void) {
    return TESSELLA_OUTER_ABI_VERSION;
}

static int bad_args(const void *y, const void *x, int64_t m, int64_t n, const void *r, int64_t row_stride) {
    if (m < 0 || n < 0 || row_stride < n) return 1;
    if (m > 0 && n > 0 && (y == NULL || x == NULL || r == NULL)) return 1;
    return 0;
}

CLONES static void row_plain(double yi, const double *restrict x, int64_t n, double *restrict r) {
    for (int64_t j = 0; j < n; j++) r[j] = yi * x[j];
}

#ifdef TESSELLA_X86
__attribute__((target("avx512f"))) static void row_stream_avx512(double yi, const double *x, int64_t n, double *r) {
    int64_t j = 0;
    for (; j < n && ((uintptr_t) (r + j) & 63) != 0; j++) r[j] = yi * x[j];
    __m512d vy = _mm512_set1_pd(yi);
    for (; j + 8 <= n; j += 8) _mm512_stream_pd(r + j, _mm512_mul_pd(vy, _mm512_loadu_pd(x + j)));
    for (; j < n; j++) r[j] = yi * x[j];
}

__attribute__((target("avx"))) static void row_stream_avx(double yi, const double *x, int64_t n, double *r) {
    int64_t j = 0;
    for (; j < n && ((uintptr_t) (r + j) & 31) != 0; j++) r[j] = yi * x[j];
    __m256d vy = _mm256_set1_pd(yi);
    for (; j + 4 <= n; j += 4) _mm256_stream_pd(r + j, _mm256_mul_pd(vy, _mm256_loadu_pd(x + j)));
    for (; j < n; j++) r[j] = yi * x[j];
}

static void row_stream_sse2(double yi, const double *x, int64_t n, double *r) {
    int64_t j = 0;
    for (; j < n && ((uintptr_t) (r + j) & 15) != 0; j++) r[j] = yi * x[j];
    __m128d vy = _mm_set1_pd(yi);
    for (; j + 2 <= n; j += 2) _mm_stream_pd(r + j, _mm_mul_pd(vy, _mm_loadu_pd(x + j)));
    for (; j < n; j++) r[j] = yi * x[j];
}

typedef void (*row_fn)(double, const double *, int64_t, double *);

static row_fn streaming_row(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return row_stream_avx512;
    if (__builtin_cpu_supports("avx")) return row_stream_avx;
    return row_stream_sse2;
}

static void store_fence(void) {
    _mm_sfence(); /* streaming stores are weakly ordered: publish them before returning */
}

TESSELLA_OUTER_API const char *tessella_outer_isa(void) {
    row_fn f = streaming_row();
    return f == row_stream_avx512 ? "avx512f" : f == row_stream_avx ? "avx" : "sse2";
}
#else
/* No streaming stores written for this architecture: the plain loop serves both modes. */
typedef void (*row_fn)(double, const double *, int64_t, double *);

static void row_plain_any(double yi, const double *x, int64_t n, double *r) {
    for (int64_t j = 0; j < n; j++) r[j] = yi * x[j];
}

static row_fn streaming_row(void) {
    return row_plain_any;
}

static void store_fence(void) {
}

TESSELLA_OUTER_API const char *tessella_outer_isa(void) {
    return "plain";
}
#endif

TESSELLA_OUTER_API int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n,
                                              double *r, int64_t row_stride, int32_t store) {
    if (bad_args(y, x, m, n, r, row_stride)) return TESSELLA_OUTER_E_ARG;
    if (store == TESSELLA_STORE_STREAMING) {
        row_fn row = streaming_row();
        for (int64_t i = 0; i < m; i++) row(y[i], x, n, r + i * row_stride);
        store_fence();
    } else {
        for (int64_t i = 0; i < m; i++) row_plain(y[i], x, n, r + i * row_stride);
    }
    return 0;
}

TESSELLA_OUTER_API int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n,
                                              double *r, int64_t row_stride, int32_t store) {
    if (bad_args(y, x, m, n, r, row_stride)) return TESSELLA_OUTER_E_ARG;
    if (store == TESSELLA_STORE_STREAMING) {
        row_fn row = streaming_row();
        for (int64_t i = 0; i < m; i++) row((double) y[i], x, n, r + i * row_stride);
        store_fence();
    } else {
        for (int64_t i = 0; i < m; i++) row_plain((double) y[i], x, n, r + i * row_stride);
    }
    return 0;
}

CLONES static void fill_plain(double *restrict r, int64_t count, double value) {
    for (int64_t j = 0; j < count; j++) r[j] = value;
}

TESSELLA_OUTER_API int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store) {
    if (count < 0 || (count > 0 && r == NULL)) return TESSELLA_OUTER_E_ARG;
    if (store == TESSELLA_STORE_STREAMING) {
        /* The streaming row kernels times a chunk of ones: value * 1.0 is value for every double
           (a signalling NaN comes out quiet), and the loads of `ones` stay in L1. */
        row_fn row = streaming_row();
        int64_t j = 0;
        double ones[512];
        for (int k = 0; k < 512; k++) ones[k] = 1.0;
        for (; j < count; j += 512) {
            int64_t len = count - j < 512 ? count - j : 512;
            row(value, ones, len, r + j);
        }
        store_fence();
    } else {
        fill_plain(r, count, value);
    }
    return 0;
}
