/*
 * The C tests' one assertion: CHECK(cond, printf-style message) counts a pass, or counts a failure
 * and prints where and why. Each test's main ends with CHECK_SUMMARY("name"), its exit status.
 */
#ifndef TESSELLA_TEST_CHECK_H
#define TESSELLA_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                             \
    do {                                                                            \
        if (cond) {                                                                 \
            passed++;                                                               \
        } else {                                                                    \
            failed++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                           \
            fputc('\n', stderr);                                                    \
        }                                                                           \
    } while (0)

#define CHECK_SUMMARY(name) (printf("%s: %d passed, %d failed\n", (name), passed, failed), failed == 0 ? 0 : 1)

#endif /* TESSELLA_TEST_CHECK_H */
