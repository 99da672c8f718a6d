/*
 * The bundled kernel against native/test/kernel_golden.txt, the Java twin's results (KernelGoldenTest
 * writes and checks that file): the same definition gives the same bits on every architecture the jar
 * bundles, the cross-compiled ones under qemu-user included. Per element and through the batch entry point.
 * Usage: kernel_golden_test kernel_golden.txt
 */
#include "check.h"
#include "tessella_kernel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 8192 };

static double a[MAX_ROWS], b[MAX_ROWS];
static int32_t expected_status[MAX_ROWS], status[MAX_ROWS];
static int64_t expected_index[MAX_ROWS], out[MAX_ROWS];

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s kernel_golden.txt\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    char line[256], sa[64], sb[64];
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#') {
            continue;
        }
        long long idx;
        int st;
        if (n == MAX_ROWS || sscanf(line, "%63s %63s %d %lld", sa, sb, &st, &idx) != 4) {
            fprintf(stderr, "%s: cannot read line %d: %s", argv[1], n + 1, line);
            fclose(f);
            return 2;
        }
        /* strtod reads Java's hexadecimal doubles and its NaN, Infinity and -Infinity. */
        a[n] = strtod(sa, NULL);
        b[n] = strtod(sb, NULL);
        expected_status[n] = st;
        expected_index[n] = idx;
        n++;
    }
    fclose(f);
    CHECK(n > 4000, "the file holds %d rows", n);

    for (int i = 0; i < n; i++) {
        int64_t index = -1;
        int32_t s = slow_computation(a[i], b[i], &index);
        CHECK(s == expected_status[i] && (s != 0 || index == expected_index[i]),
              "slow_computation(%a, %a) = status %d, index %lld; the Java twin: status %d, index %lld",
              a[i], b[i], s, (long long) index, expected_status[i], (long long) expected_index[i]);
    }
    int64_t ok = slow_computation_batch(a, b, n, out, status);
    int64_t expected_ok = 0;
    for (int i = 0; i < n; i++) {
        expected_ok += expected_status[i] == 0;
        CHECK(status[i] == expected_status[i] && out[i] == expected_index[i],
              "batch element %d (%a, %a) = status %d, index %lld; the Java twin: status %d, index %lld",
              i, a[i], b[i], status[i], (long long) out[i], expected_status[i], (long long) expected_index[i]);
    }
    CHECK(ok == expected_ok, "batch reports %lld successes, the twin %lld", (long long) ok, (long long) expected_ok);
    return CHECK_SUMMARY("kernel_golden_test");
}
