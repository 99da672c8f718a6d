/*
 * Tessella's own C loops (see tessella_loop.h for why each exists): the loop over any kernel's
 * slow_computation, and the index builder's gather and scatter passes. Built apart from the kernels so
 * it calls them as any C caller would: through a real call.
 */
#include "tessella_loop.h"
#include "zero_upper.h"

#include <stddef.h>
#include <stdint.h>

typedef int32_t (*scalar_kernel)(double a, double b, int64_t *out);

TESSELLA_LOOP_API int32_t tessella_loop_abi_version(void) {
    return TESSELLA_LOOP_ABI_VERSION;
}

TESSELLA_LOOP_API void tessella_zero_upper(void) {
    tessella_zero_upper_now();
}

TESSELLA_LOOP_API int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n,
                                               int64_t *out, int32_t *status) {
    if (n <= 0) {
        return 0;
    }
    if (kernel == NULL || a == NULL || b == NULL || out == NULL || status == NULL) {
        return -1;
    }
    tessella_zero_upper_now();
    scalar_kernel fn;
    /* The documented conversion: an address from dlsym (or FFM) back to the function it names. */
    *(const void **) &fn = kernel;
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = fn(a[i], b[i], &idx);
        status[i] = s;
        out[i] = s == 0 ? idx : -1;
        ok += s == 0;
    }
    return ok;
}

TESSELLA_LOOP_API int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel,
                                                double *ka, double *kb, int32_t *offsets) {
    if (n <= 0) {
        return 0;
    }
    if (a1 == NULL || a2 == NULL || ka == NULL || kb == NULL || offsets == NULL || n > INT32_MAX) {
        return -1;
    }
    tessella_zero_upper_now();
    /* Every element is stored and the count moves only past a candidate: no branch to mispredict on
     * scattered sentinels. c <= i, so every store lands inside [0, n). */
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) {
        double v1 = a1[i];
        ka[c] = a2[i];
        kb[c] = v1;
        offsets[c] = (int32_t) i;
        c += !(v1 <= sentinel);
    }
    return c;
}

TESSELLA_LOOP_API int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c,
                                                 int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids) {
    if (c <= 0) {
        return 0;
    }
    if (offsets == NULL || status == NULL || out == NULL || cols == NULL || ids == NULL || (rows != NULL && width < 1)) {
        return -1;
    }
    tessella_zero_upper_now();
    int64_t k = 0, f = 0;
    if (rows == NULL) {
        for (int64_t i = 0; i < c; i++) {
            int32_t s = status[i];
            if (s == 0) {
                cols[k] = start + offsets[i];
                ids[k] = out[i];
                k++;
            } else {
                status[f++] = s; /* f <= i: a status already read */
            }
        }
    } else {
        /* Row and column follow the increasing offsets by small steps: no division per element. */
        int64_t row = start / width, col = start % width;
        int32_t prev = 0;
        for (int64_t i = 0; i < c; i++) {
            int32_t s = status[i];
            if (s == 0) {
                int32_t o = offsets[i];
                col += o - prev;
                prev = o;
                if (col >= width) {
                    row += col / width;
                    col %= width;
                }
                rows[k] = row;
                cols[k] = col;
                ids[k] = out[i];
                k++;
            } else {
                status[f++] = s;
            }
        }
    }
    return k;
}
