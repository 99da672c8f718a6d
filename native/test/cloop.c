/*
 * The C baseline for the benchmarks: the loop a C programmer writes around slow_computation,
 * one call per element. Built into libtessella_cloop.so (with kernel.c as a separate translation
 * unit and no LTO, so the call is a real call, as it is into any library) for JMH to time beside
 * Tessella's downcalls, and into kernel_cloop_bench for a number from C alone.
 *
 * It clears the upper vector state on entry, as Tessella's own loops do (../src/zero_upper.h): the
 * baseline is the loop as it runs in a C program, not as it runs after whatever the JVM did last.
 */
#include "tessella_kernel.h"
#include "zero_upper.h"

#include <stdint.h>
#include <stdlib.h>

TESSELLA_API int64_t tessella_cloop_run(const double *a, const double *b, int64_t n,
                                        int64_t *out, int32_t *status) {
    tessella_zero_upper_now();
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = slow_computation(a[i], b[i], &idx);
        status[i] = s;
        out[i] = idx;
        ok += s == TESSELLA_OK;
    }
    return ok;
}

/*
 * Leaves the upper halves of ymm0-15 set, as the JVM's AVX-512 code can, for KernelCallBenchmark to
 * measure what tessella_zero_upper saves. Plain asm in a baseline function: the compiler does not know
 * AVX ran, so it adds no vzeroupper of its own. Does nothing without AVX.
 */
TESSELLA_API void tessella_bench_dirty_upper(void) {
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("avx")) {
        __asm__ volatile("vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
                         "vcmpps $0, %%ymm0, %%ymm0, %%ymm0\n\t"
                         "vmovaps %%ymm0, %%ymm1\n\tvmovaps %%ymm0, %%ymm2\n\tvmovaps %%ymm0, %%ymm3\n\t"
                         "vmovaps %%ymm0, %%ymm4\n\tvmovaps %%ymm0, %%ymm5\n\tvmovaps %%ymm0, %%ymm6\n\t"
                         "vmovaps %%ymm0, %%ymm7\n\tvmovaps %%ymm0, %%ymm8\n\tvmovaps %%ymm0, %%ymm9\n\t"
                         "vmovaps %%ymm0, %%ymm10\n\tvmovaps %%ymm0, %%ymm11\n\tvmovaps %%ymm0, %%ymm12\n\t"
                         "vmovaps %%ymm0, %%ymm13\n\tvmovaps %%ymm0, %%ymm14\n\tvmovaps %%ymm0, %%ymm15"
                         ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                           "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    }
#endif
}

/*
 * Recipe 2's serial loop as a C programmer writes it: row-major over rows x cols, skip elements with
 * a1 <= sentinel, call slow_computation(a2, a1, &idx), and append (row, col, idx) on success to three
 * arrays malloc'd for the worst case (fresh memory each run, as Tessella's outputs are). Returns the
 * count, or -1 when the arrays cannot be allocated; the caller frees them with tessella_cloop_free.
 * The index builder's other C baseline: tessella_cloop_run times the kernel calls alone.
 */
TESSELLA_API int64_t tessella_cloop_recipe(const double *a1, const double *a2, int64_t rows, int64_t cols, double sentinel,
                                           int64_t **xs, int64_t **ys, int64_t **idxs) {
    int64_t n = rows * cols;
    size_t bytes = (size_t) (n > 0 ? n : 1) * sizeof(int64_t);
    int64_t *x = malloc(bytes), *y = malloc(bytes), *id = malloc(bytes);
    if (x == NULL || y == NULL || id == NULL) {
        free(x);
        free(y);
        free(id);
        return -1;
    }
    tessella_zero_upper_now();
    int64_t k = 0;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) {
            int64_t i = r * cols + c;
            if (!(a1[i] <= sentinel)) {
                int64_t idx;
                if (slow_computation(a2[i], a1[i], &idx) == TESSELLA_OK) {
                    x[k] = r;
                    y[k] = c;
                    id[k] = idx;
                    k++;
                }
            }
        }
    }
    *xs = x;
    *ys = y;
    *idxs = id;
    return k;
}

TESSELLA_API void tessella_cloop_free(void *p) {
    free(p);
}
