/*
 * C unit tests of the outer-product library: plain and streaming stores give exactly y[i] * x[j]
 * for every size that hits a vector tail, every output alignment, row strides wider than a row,
 * int64 inputs, and refuse bad arguments without writing.
 */
#include "check.h"
#include "tessella_outer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same_bits(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static void test_sizes_alignments_and_strides(void) {
    static const int64_t sizes[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 207, 1000, 4098};
    double *x = malloc(4200 * sizeof *x), *y = malloc(5 * sizeof *y);
    double *buf = aligned_alloc(64, (5 * 4200 + 64) * sizeof *buf);
    for (int i = 0; i < 4200; i++) x[i] = (i % 11 == 0) ? -0.0 : (i % 13 == 0 ? 1e-310 : i * 0.37 - 400);
    y[0] = 3.5; y[1] = -0.0; y[2] = INFINITY; y[3] = NAN; y[4] = 1e300;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        int64_t n = sizes[s];
        for (int offset = 0; offset < 8; offset += 3) {
            for (int32_t store = 0; store <= 1; store++) {
                int64_t stride = n + 5;
                double *r = buf + offset;
                for (int64_t k = 0; k < 5 * stride; k++) r[k] = 12345.0;
                CHECK(tessella_outer_f64(y, x, 5, n, r, stride, store) == 0, "n=%lld", (long long) n);
                int bad = 0;
                for (int64_t i = 0; i < 5; i++) {
                    for (int64_t j = 0; j < n; j++) bad += !same_bits(r[i * stride + j], y[i] * x[j]);
                    for (int64_t j = n; j < stride && i < 4; j++) bad += r[i * stride + j] != 12345.0; /* padding untouched */
                }
                CHECK(bad == 0, "n=%lld offset=%d store=%d: %d wrong", (long long) n, offset, store, bad);
            }
        }
    }
    free(x); free(y); free(buf);
}

static void test_int64_rows_convert_like_c(void) {
    int64_t y[4] = {0, 99999, -7, (int64_t) 1 << 60};
    double x[37], r[4 * 37];
    for (int j = 0; j < 37; j++) x[j] = j * 0.1;
    for (int32_t store = 0; store <= 1; store++) {
        CHECK(tessella_outer_i64(y, x, 4, 37, r, 37, store) == 0, "ok");
        int bad = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 37; j++) bad += !same_bits(r[i * 37 + j], (double) y[i] * x[j]);
        CHECK(bad == 0, "store=%d: %d wrong", store, bad);
    }
}

static void test_fill(void) {
    double *r = aligned_alloc(64, 2000 * sizeof *r);
    for (int32_t store = 0; store <= 1; store++) {
        CHECK(tessella_fill_f64(r + 1, 1999, -2.5, store) == 0, "fill");
        int bad = 0;
        for (int i = 1; i < 2000; i++) bad += r[i] != -2.5;
        CHECK(bad == 0, "store=%d", store);
    }
    free(r);
}

static void test_bad_arguments(void) {
    double x[4] = {1, 2, 3, 4}, y[2] = {1, 2}, r[8] = {0};
    CHECK(tessella_outer_f64(y, x, -1, 4, r, 4, 0) == TESSELLA_OUTER_E_ARG, "m < 0");
    CHECK(tessella_outer_f64(y, x, 2, 4, r, 3, 0) == TESSELLA_OUTER_E_ARG, "stride < n");
    CHECK(tessella_outer_f64(NULL, x, 2, 4, r, 4, 0) == TESSELLA_OUTER_E_ARG, "null y");
    CHECK(tessella_outer_f64(NULL, NULL, 0, 4, NULL, 4, 0) == 0, "nothing to do is fine");
    CHECK(tessella_fill_f64(NULL, 3, 1.0, 0) == TESSELLA_OUTER_E_ARG, "null fill");
    int untouched = 1;
    for (int i = 0; i < 8; i++) untouched &= r[i] == 0;
    CHECK(untouched, "nothing written on bad arguments");
    CHECK(tessella_outer_abi_version() == TESSELLA_OUTER_ABI_VERSION, "abi");
    printf("outer_test: streaming stores use %s\n", tessella_outer_isa());
}

int main(void) {
    test_sizes_alignments_and_strides();
    test_int64_rows_convert_like_c();
    test_fill();
    test_bad_arguments();
    return CHECK_SUMMARY("outer_test");
}
