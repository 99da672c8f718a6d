/*
 * zero_upper.h — clears the upper halves of the vector registers before SSE code runs (private to
 * Tessella's own C sources; the public entry point is tessella_zero_upper in tessella_loop.h).
 *
 * Why: a kernel built for the baseline x86-64 ISA is SSE code, and an SSE instruction writes only the
 * low 128 bits of its register. When the upper bits are not zero, the CPU must merge the old register
 * into every result, so each instruction also waits for the register's previous value: independent
 * calls chain together. Measured here (Zen 4) on the bundled kernel in plain C: 63 ns per element
 * with clean registers, 122 ns with dirty ones. HotSpot's AVX-512 code (UseAVX=3, the default on
 * such CPUs) can leave them dirty; a standard FFM downcall cleans them on its way out of Java, a
 * critical one does not. vzeroupper does, in one cycle.
 */
#ifndef TESSELLA_ZERO_UPPER_H
#define TESSELLA_ZERO_UPPER_H

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>

__attribute__((target("avx"))) static inline void tessella_zero_upper_avx(void) {
    _mm256_zeroupper();
}

/* vzeroupper where the CPU (and OS) have AVX; on older CPUs there is no upper state to clear. */
static inline void tessella_zero_upper_now(void) {
    if (__builtin_cpu_supports("avx")) {
        tessella_zero_upper_avx();
    }
}
#else
static inline void tessella_zero_upper_now(void) {
}
#endif

#endif /* TESSELLA_ZERO_UPPER_H */
