/*
 * The C baseline for the benchmarks: the loop a C programmer writes around slow_computation,
 * one call per element. Built into libtessella_cloop.so (with kernel.c as a separate translation
 * unit and no LTO, so the call is a real call, as it is into any library) for JMH to time beside
 * Tessella's downcalls, and into kernel_cloop_bench for a number from C alone; and with the
 * bench-only cheap kernel (cheap_kernel.c) into libtessella_cloop_cheap.so, the same loops over it.
 *
 * It clears the upper vector state on entry, as Tessella's own loops do (../src/zero_upper.h): the
 * baseline is the loop as it runs in a C program, not as it runs after whatever the JVM did last.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "tessella_kernel.h"
#include "zero_upper.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
 * Recipe 2's loop as a C programmer writes it, on 1 or more threads: row-major over rows x cols, skip
 * elements with a1 <= sentinel, call slow_computation(a2, a1, &idx), and append (row, col, idx) on
 * success to three arrays sized for the worst case. Returns the count, -1 when the arrays cannot be
 * mapped, or -2 for threads outside [1, 1024]; the caller unmaps each array with tessella_cloop_unmap(p, rows * cols).
 *
 * The arrays are fresh anonymous mappings, 2 MiB aligned and advised MADV_HUGEPAGE: what the index
 * builder gives its outputs (io.tessella.memory.Allocation.HUGE_PAGES), so both pay the same first
 * touch. With malloc, glibc would hand the benchmark's repeated calls the pages it freed last time
 * (its mmap threshold rises to 32 MB after the first free), a saving no one-shot job gets.
 *
 * With threads > 1, thread t takes the t-th contiguous block of the flat range and writes its
 * successes from the block's own start in the arrays (the worst case leaves room), then the blocks
 * are moved down in order, each behind the last (a memmove of everything after the first block's
 * successes: on 2 threads about half the output). That move is what any parallel build pays when
 * its successes are only known after the kernel ran; the index builder pays it as its scratch copies.
 */
struct recipe_block {
    const double *a1, *a2;
    int64_t from, to, cols;
    double sentinel;
    int64_t *x, *y, *id;
    int64_t count;
};

static void recipe_block_run(struct recipe_block *b) {
    tessella_zero_upper_now();
    int64_t k = b->from;
    int64_t r = b->cols > 0 ? b->from / b->cols : 0, c = b->cols > 0 ? b->from % b->cols : 0;
    for (int64_t i = b->from; i < b->to; i++) {
        if (!(b->a1[i] <= b->sentinel)) {
            int64_t idx;
            if (slow_computation(b->a2[i], b->a1[i], &idx) == TESSELLA_OK) {
                b->x[k] = r;
                b->y[k] = c;
                b->id[k] = idx;
                k++;
            }
        }
        if (++c == b->cols) {
            c = 0;
            r++;
        }
    }
    b->count = k - b->from;
}

static void *recipe_block_thread(void *arg) {
    recipe_block_run(arg);
    return NULL;
}

#define HUGE_PAGE ((size_t) 2 << 20)

static size_t mapped_bytes(int64_t n) {
    size_t bytes = (size_t) (n > 0 ? n : 1) * sizeof(int64_t);
    return (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

/* A fresh mapping of mapped_bytes(n), 2 MiB aligned, advised MADV_HUGEPAGE; NULL when mmap fails. */
static int64_t *map_output(int64_t n) {
    size_t length = mapped_bytes(n);
    char *raw = mmap(NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        return NULL;
    }
    char *start = (char *) (((uintptr_t) raw + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
    if (start > raw) {
        munmap(raw, (size_t) (start - raw));
    }
    size_t tail = (size_t) (raw + length + HUGE_PAGE - (start + length));
    if (tail > 0) {
        munmap(start + length, tail);
    }
    madvise(start, length, MADV_HUGEPAGE); /* advice: without THP the pages are 4 KiB, as Tessella's would be */
    return (int64_t *) start;
}

TESSELLA_API void tessella_cloop_unmap(void *p, int64_t n) {
    if (p != NULL) {
        munmap(p, mapped_bytes(n));
    }
}

TESSELLA_API int64_t tessella_cloop_recipe(const double *a1, const double *a2, int64_t rows, int64_t cols, double sentinel,
                                           int32_t threads, int64_t **xs, int64_t **ys, int64_t **idxs) {
    if (threads < 1 || threads > 1024) {
        return -2;
    }
    int64_t n = rows * cols;
    int64_t *x = map_output(n), *y = map_output(n), *id = map_output(n);
    if (x == NULL || y == NULL || id == NULL) {
        tessella_cloop_unmap(x, n);
        tessella_cloop_unmap(y, n);
        tessella_cloop_unmap(id, n);
        return -1;
    }
    struct recipe_block blocks[threads];
    pthread_t ids[threads];
    bool started[threads];
    for (int32_t t = 0; t < threads; t++) {
        blocks[t] = (struct recipe_block) {a1, a2, n * t / threads, n * (t + 1) / threads, cols, sentinel, x, y, id, 0};
        /* Thread 0's block runs in the caller; a thread that cannot start runs its block there too. */
        started[t] = t > 0 && pthread_create(&ids[t], NULL, recipe_block_thread, &blocks[t]) == 0;
    }
    for (int32_t t = 0; t < threads; t++) {
        if (!started[t]) {
            recipe_block_run(&blocks[t]);
        }
    }
    for (int32_t t = 1; t < threads; t++) {
        if (started[t]) {
            pthread_join(ids[t], NULL);
        }
    }
    /* In block order, each block's successes land right behind the previous ones: every destination
     * is below its source and past everything already placed, so one memmove per array suffices. */
    int64_t k = blocks[0].count;
    for (int32_t t = 1; t < threads; t++) {
        size_t bytes = (size_t) blocks[t].count * sizeof(int64_t);
        memmove(x + k, x + blocks[t].from, bytes);
        memmove(y + k, y + blocks[t].from, bytes);
        memmove(id + k, id + blocks[t].from, bytes);
        k += blocks[t].count;
    }
    *xs = x;
    *ys = y;
    *idxs = id;
    return k;
}
