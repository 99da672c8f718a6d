/*
 * A kernel of your own, as a worked example of the ABI in tessella_kernel.h: the index of the
 * 0.25-degree cell of a global lon/lat grid (1440 x 720 cells, row 0 at the north pole) that holds
 * the point (a = longitude, b = latitude). Points off the globe are skipped with TESSELLA_E_DOMAIN,
 * NaN and infinities with TESSELLA_E_NONFINITE.
 *
 * Build it on its own, from the repository root (the README's "write your own kernel" section):
 *   gcc -O2 -shared -fPIC -fvisibility=hidden -Inative/include native/examples/grid_cell_kernel.c -lm \
 *       -o libgrid_cell.so
 *   bin/tessella kernel --kernel ./libgrid_cell.so --eval 2.35 48.85
 * CMakeLists.txt builds it too, so the tests keep this example honest.
 */
#include "tessella_kernel.h"

#include <math.h>
#include <stddef.h>

#define COLUMNS 1440
#define ROWS 720
#define CELLS_PER_DEGREE 4.0

TESSELLA_API int32_t tessella_kernel_abi_version(void) { return TESSELLA_KERNEL_ABI_VERSION; }

TESSELLA_API int32_t slow_computation(double lon, double lat, int64_t *out) {
    if (!isfinite(lon) || !isfinite(lat)) {
        return TESSELLA_E_NONFINITE;
    }
    if (lon < -180.0 || lon >= 180.0 || lat < -90.0 || lat > 90.0) {
        return TESSELLA_E_DOMAIN;
    }
    if (out == NULL) {
        return TESSELLA_E_NULL;
    }
    int64_t col = (int64_t)floor((lon + 180.0) * CELLS_PER_DEGREE);
    int64_t row = (int64_t)floor((90.0 - lat) * CELLS_PER_DEGREE);
    if (row == ROWS) { /* the south pole belongs to the last row */
        row = ROWS - 1;
    }
    *out = row * COLUMNS + col;
    return TESSELLA_OK;
}

/* Optional: with it, Tessella makes one downcall per tile instead of one per element. */
TESSELLA_API int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status) {
    if (n <= 0) {
        return 0;
    }
    if (a == NULL || b == NULL || out == NULL || status == NULL) {
        return -1;
    }
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t idx = -1;
        int32_t s = slow_computation(a[i], b[i], &idx);
        status[i] = s;
        out[i] = s == TESSELLA_OK ? idx : -1;
        ok += s == TESSELLA_OK;
    }
    return ok;
}
