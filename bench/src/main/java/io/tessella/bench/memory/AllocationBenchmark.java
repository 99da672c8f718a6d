package io.tessella.bench.memory;

import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * What it costs to get a large output buffer ready and written once, per allocation mode, as GB/s of
 * the buffer size (the {@code GBps} secondary result; the primary score is operations per second).
 *
 * <ul>
 *   <li>{@code allocateAndFill}: allocate, write every byte once ({@code MemorySegment.fill}, a memset),
 *       free: the whole life of an output that is fully overwritten.</li>
 *   <li>{@code allocateAndTouchPages}: allocate, write one byte per 4 KiB page, free: the page-fault
 *       cost alone (plus, for {@code ARENA_ALLOCATE} and {@code ZEROED}, the JDK's zero-fill pass).</li>
 *   <li>{@code fillPreTouched}: the baseline, the same fill into a buffer whose pages are already
 *       mapped: the machine's store bandwidth, measured in the same run.</li>
 * </ul>
 * {@code ARENA_ALLOCATE} is plain {@code Arena.ofShared().allocate}; the others are
 * {@link NdArray#allocate(Allocation, DType, long...)} with that {@link Allocation}.
 *
 * <p>Run (the shaded jar is built by {@code mvn -B -q -DskipTests package}):
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar 'io.tessella.bench.memory.AllocationBenchmark' -f 1 -wi 1 -i 5
 * }</pre>
 * Small sizes for a smoke test: {@code -p bytes=16777216}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:MaxDirectMemorySize=64g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 5, time = 5)
public class AllocationBenchmark {

    private static final long PAGE = 4096;

    /** Buffer size in bytes: 1 GiB and 8 GiB (the recipe-1 output is 8 GB). */
    @Param({"1073741824", "8589934592"})
    public long bytes;

    /** Which allocation the op uses; only the allocating benchmarks take this state. */
    @State(Scope.Benchmark)
    public static class How {
        /** ARENA_ALLOCATE or an {@link Allocation} name. */
        @Param({"ARENA_ALLOCATE", "ZEROED", "UNINITIALIZED", "HUGE_PAGES"})
        public String mode;
    }

    /** Bytes prepared per second, reported by JMH as a rate: GB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rate {
        /** Gigabytes (10^9 bytes) handled; JMH divides by the iteration time. */
        public double GBps;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            GBps = 0;
        }
    }

    /** A buffer mapped and touched once before measuring: the store-bandwidth baseline. */
    @State(Scope.Benchmark)
    public static class PreTouched {
        Arena arena;
        MemorySegment segment;

        /** Maps and touches the buffer. */
        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            long size = Long.parseLong(params.getParam("bytes"));
            arena = Arena.ofShared();
            segment = NdArray.allocate(arena, Allocation.HUGE_PAGES, DType.INT64, size / 8).segment();
            segment.fill((byte) 1);
        }

        /** Unmaps the buffer. */
        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /**
     * Allocate, write every byte once, free.
     *
     * @param how  allocation mode
     * @param rate GB/s counter
     * @return a value derived from a written byte, so the writes stay live
     */
    @Benchmark
    public long allocateAndFill(How how, Rate rate) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = allocate(arena, how.mode);
            seg.fill((byte) 0x5A);
            rate.GBps += bytes / 1e9;
            return check(seg, bytes - 1, (byte) 0x5A);
        }
    }

    /**
     * Allocate, write one byte per 4 KiB page, free: page-fault cost.
     *
     * @param how  allocation mode
     * @param rate GB/s counter
     * @return a value derived from a written byte
     */
    @Benchmark
    public long allocateAndTouchPages(How how, Rate rate) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = allocate(arena, how.mode);
            for (long off = 0; off < bytes; off += PAGE) {
                seg.set(ValueLayout.JAVA_BYTE, off, (byte) 7);
            }
            rate.GBps += bytes / 1e9;
            return check(seg, (bytes - 1) / PAGE * PAGE, (byte) 7);
        }
    }

    /**
     * Baseline: fill an already mapped buffer, the store bandwidth of this machine in this run.
     *
     * @param buffer the pre-touched buffer
     * @param rate   GB/s counter
     * @return a value derived from a written byte
     */
    @Benchmark
    public long fillPreTouched(PreTouched buffer, Rate rate) {
        buffer.segment.fill((byte) 0x33);
        rate.GBps += bytes / 1e9;
        return check(buffer.segment, bytes - 1, (byte) 0x33);
    }

    private MemorySegment allocate(Arena arena, String mode) {
        if (mode.equals("ARENA_ALLOCATE")) {
            return arena.allocate(bytes, PAGE);
        }
        return NdArray.allocate(arena, Allocation.valueOf(mode), DType.INT64, bytes / 8).segment();
    }

    /** Reads back a written byte so the JIT cannot drop the writes, and fails loudly if it is wrong. */
    private static long check(MemorySegment seg, long offset, byte expected) {
        byte got = seg.get(ValueLayout.JAVA_BYTE, offset);
        if (got != expected) {
            throw new IllegalStateException("byte " + offset + " = " + got + ", expected " + expected);
        }
        return got + seg.address();
    }
}
