/*
 * C unit tests of tessella_loop.h (run by ctest). tessella_loop_scalar over the bundled kernel must
 * give exactly what the kernel's own slow_computation_batch gives; the index gather and scatter must
 * give what the recipe's serial loop, written out plainly below, gives. Edge cases of every contract.
 * tessella_zero_upper must leave the upper halves of the vector registers zero.
 */
#include "check.h"
#include "tessella_kernel.h"
#include "tessella_loop.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define N 4096
#define M 1000

/* A small deterministic generator: the test must be reproducible. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* gather and scatter against the recipe's loop over a tile starting at flat position start. */
static void check_tile(const double *a1, const double *a2, int64_t n, double sentinel, int64_t start, int64_t width, int with_rows) {
    static double ka[M], kb[M];
    static int32_t offsets[M], status[M];
    static int64_t out[M], rows[M], cols[M], ids[M];
    static int64_t want_rows[M], want_cols[M], want_ids[M];
    static int32_t want_failed[M];
    int64_t want_c = 0, want_k = 0, want_f = 0;
    /* The reference: statuses made up from the element so successes and failures interleave. */
    for (int64_t i = 0; i < n; i++) {
        if (!(a1[i] <= sentinel)) {
            int32_t s = (int32_t) ((i * 7) % 5 == 0 ? 1 + i % 3 : 0);
            int64_t id = i * 1000 + 17;
            if (s == 0) {
                int64_t flat = start + i;
                want_rows[want_k] = with_rows ? flat / width : 0;
                want_cols[want_k] = with_rows ? flat % width : flat;
                want_ids[want_k] = id;
                want_k++;
            } else {
                want_failed[want_f++] = s;
            }
            want_c++;
        }
    }
    int64_t c = tessella_index_gather(a1, a2, n, sentinel, ka, kb, offsets);
    CHECK(c == want_c, "gathered %lld candidates, the loop has %lld", (long long) c, (long long) want_c);
    for (int64_t j = 0; j < c; j++) {
        int32_t i = offsets[j];
        CHECK(i >= 0 && i < n && !(a1[i] <= sentinel), "offset %d at %lld", i, (long long) j);
        CHECK(j == 0 || offsets[j - 1] < i, "offsets not increasing at %lld", (long long) j);
        CHECK(memcmp(&ka[j], &a2[i], sizeof(double)) == 0 && memcmp(&kb[j], &a1[i], sizeof(double)) == 0,
              "candidate %lld is not (a2, a1)[%d]", (long long) j, i);
        status[j] = (int32_t) ((i * 7) % 5 == 0 ? 1 + i % 3 : 0);
        out[j] = (int64_t) i * 1000 + 17;
    }
    int64_t k = tessella_index_scatter(offsets, status, out, c, start, width, with_rows ? rows : NULL, cols, ids);
    int64_t failed = c - k;
    CHECK(k == want_k && failed == want_f, "emitted %lld failed %lld, the loop has %lld and %lld",
          (long long) k, (long long) failed, (long long) want_k, (long long) want_f);
    for (int64_t j = 0; j < k && j < want_k; j++) {
        CHECK((!with_rows || rows[j] == want_rows[j]) && cols[j] == want_cols[j] && ids[j] == want_ids[j],
              "success %lld at (%lld, %lld) id %lld, want (%lld, %lld) id %lld", (long long) j,
              (long long) (with_rows ? rows[j] : 0), (long long) cols[j], (long long) ids[j],
              (long long) want_rows[j], (long long) want_cols[j], (long long) want_ids[j]);
    }
    CHECK(failed < 0 || memcmp(status, want_failed, (size_t) failed * sizeof(int32_t)) == 0, "failure codes out of order");
}

static void check_index_passes(void) {
    static double a1[M], a2[M];
    const double sentinel = -1.0e10;
    for (int round = 0; round < 200; round++) {
        /* Sentinels from none to all, with NaN, infinities and -0.0 mixed in. */
        uint64_t density = round % 9;
        for (int i = 0; i < M; i++) {
            uint64_t r = next_random();
            double v = (double) (int64_t) (r >> 11) / 9007199254740992.0 * 400.0 - 200.0;
            switch ((r >> 3) % 16) {
            case 0: v = NAN; break;
            case 1: v = INFINITY; break;
            case 2: v = -INFINITY; break;
            case 3: v = -0.0; break;
            default: break;
            }
            a1[i] = (r % 8) < density ? sentinel - (double) (r % 3) : v;
            a2[i] = v * 0.5 + i;
        }
        int64_t n = 1 + (int64_t) (next_random() % M);
        int64_t width = 1 + (int64_t) (next_random() % 70);
        int64_t start = (int64_t) (next_random() % 100000);
        check_tile(a1, a2, n, sentinel, start, width, 1);
        check_tile(a1, a2, n, sentinel, start, width, 0);
    }

    /* Edge cases, as the header promises. */
    static double ka[4], kb[4];
    static int32_t offsets[4] = {0, 1, 2, 3}, st[4] = {0, 5, 0, 0};
    static int64_t out[4] = {10, 11, 12, 13}, rows[4], cols[4], ids[4];
    CHECK(tessella_index_gather(NULL, NULL, 0, 0.0, NULL, NULL, NULL) == 0, "gather n = 0");
    CHECK(tessella_index_gather(a1, a2, -3, 0.0, ka, kb, offsets) == 0, "gather n < 0");
    CHECK(tessella_index_gather(a1, NULL, 4, 0.0, ka, kb, offsets) == -1, "gather NULL a2");
    CHECK(tessella_index_gather(a1, a2, (int64_t) INT32_MAX + 1, 0.0, ka, kb, offsets) == -1, "gather n > INT32_MAX");
    CHECK(tessella_index_scatter(NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL) == 0, "scatter c = 0");
    CHECK(tessella_index_scatter(offsets, st, out, 4, 0, 0, rows, cols, ids) == -1, "scatter width 0 with rows");
    CHECK(tessella_index_scatter(offsets, st, out, 4, 0, 2, rows, cols, NULL) == -1, "scatter NULL ids");
    CHECK(st[1] == 5, "written on a refused call");
    CHECK(tessella_index_scatter(offsets, st, out, 4, 5, 2, rows, cols, ids) == 3 && st[0] == 5, "scatter with one failure");
    CHECK(rows[2] == 4 && cols[2] == 0 && ids[2] == 13, "last success at (%lld, %lld)", (long long) rows[2], (long long) cols[2]);
}

#if defined(__GNUC__) && defined(__x86_64__)
/*
 * Sets every bit of ymm8, calls fn, and returns bits 128..191 of ymm8: what fn left in the upper half.
 * CMake builds this file with -mno-vzeroupper, so the compiler adds no vzeroupper of its own around
 * the call; nothing is live in ymm8 across it (it is call-clobbered).
 */
__attribute__((target("avx"), noinline)) static uint64_t upper_after(void (*fn)(void)) {
    __asm__ volatile("vxorps %%ymm8, %%ymm8, %%ymm8\n\tvcmpps $0, %%ymm8, %%ymm8, %%ymm8" ::: "xmm8");
    fn();
    uint64_t hi;
    __asm__ volatile("vextractf128 $1, %%ymm8, %%xmm8\n\tvmovq %%xmm8, %0" : "=r"(hi)::"xmm8");
    return hi;
}

static void leave_registers_alone(void) {
}

static void check_zero_upper(void) {
    if (!__builtin_cpu_supports("avx")) {
        tessella_zero_upper(); /* must be harmless where there is no AVX state */
        printf("loop_test: no AVX here, upper-state check skipped\n");
        return;
    }
    /* The control: without tessella_zero_upper the upper half stays set, so the check can fail. */
    CHECK(upper_after(leave_registers_alone) == UINT64_MAX, "the upper half did not stay set without vzeroupper");
    CHECK(upper_after(tessella_zero_upper) == 0, "tessella_zero_upper left the upper half set");
}
#else
static void check_zero_upper(void) {
    tessella_zero_upper(); /* no upper vector state on this architecture: it must do nothing, safely */
}
#endif

int main(void) {
    static double a[N], b[N];
    static int64_t out[N], expected_out[N];
    static int32_t status[N], expected_status[N];
    const void *kernel;
    int32_t (*fn)(double, double, int64_t *) = slow_computation;
    memcpy(&kernel, &fn, sizeof kernel);

    CHECK(tessella_loop_abi_version() == TESSELLA_LOOP_ABI_VERSION, "got %d", tessella_loop_abi_version());

    /* Every status the kernel has: in-domain values, non-finite, out of domain, and -0.0. */
    for (int i = 0; i < N; i++) {
        a[i] = (i % 97) * 3.25 - 150.0;
        b[i] = (i % 89) * -1.5 + 40.0;
    }
    a[7] = NAN;
    b[8] = INFINITY;
    a[9] = -INFINITY;
    a[10] = 2e9;
    b[11] = -1e10;
    a[12] = -0.0;
    int64_t want = slow_computation_batch(a, b, N, expected_out, expected_status);
    int64_t got = tessella_loop_scalar(kernel, a, b, N, out, status);
    CHECK(got == want, "succeeded %lld, batch says %lld", (long long) got, (long long) want);
    CHECK(memcmp(status, expected_status, sizeof status) == 0, "statuses differ from slow_computation_batch");
    CHECK(memcmp(out, expected_out, sizeof out) == 0, "indices differ from slow_computation_batch");
    CHECK(status[7] == TESSELLA_E_NONFINITE && out[7] == -1, "status %d out %lld", status[7], (long long) out[7]);
    CHECK(status[10] == TESSELLA_E_DOMAIN && out[10] == -1, "status %d out %lld", status[10], (long long) out[10]);

    /* Edge cases: nothing to do is 0 even with NULLs; a NULL with work to do is -1 and writes nothing. */
    CHECK(tessella_loop_scalar(NULL, NULL, NULL, 0, NULL, NULL) == 0, "n = 0");
    CHECK(tessella_loop_scalar(kernel, a, b, -5, out, status) == 0, "n < 0");
    status[0] = 77;
    out[0] = 77;
    CHECK(tessella_loop_scalar(NULL, a, b, 1, out, status) == -1, "NULL kernel");
    CHECK(tessella_loop_scalar(kernel, a, NULL, 1, out, status) == -1, "NULL b");
    CHECK(tessella_loop_scalar(kernel, a, b, 1, out, NULL) == -1, "NULL status");
    CHECK(status[0] == 77 && out[0] == 77, "written on a refused call");

    check_index_passes();
    check_zero_upper();
    return CHECK_SUMMARY("loop_test");
}
