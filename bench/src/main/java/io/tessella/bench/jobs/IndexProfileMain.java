package io.tessella.bench.jobs;

import io.tessella.bench.BenchLibraries;
import io.tessella.bench.RecipeData;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import io.tessella.kernel.internal.NativeLoops;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where the index builder's time goes beyond the kernel's: the builder's run taken apart into the
 * passes it makes, each timed alone on the same inputs, tiles and kernel, so that the differences
 * between consecutive lines are the costs of one thing each. A main rather than JMH because it is a
 * diagnosis over any shape (the 4096 x 4096 among them) and its lines are read as differences
 * within one run; {@code IndexBuilderBenchmark} carries the figures that are compared with C.
 *
 * <p>The lines, each the best of {@code --reps} runs after {@code --warmup} seconds of runs (3 by default), in ns per
 * element of the whole array:
 * <ol>
 *   <li>{@code builder}: {@code IndexBuilder.run} as users call it (fresh outputs, ordered publication), and
 *       the best of its tile phase alone ({@code IndexResult.elapsed()}: without the set-up before it and
 *       the release of the outputs after).
 *   <li>{@code C recipe}: the recipe's loop in C on the same threads, fresh outputs (IndexBuilderBenchmark's cRecipe).
 *   <li>{@code passes, touched outputs}: gather, kernel and scatter per tile through one tile-sized scratch
 *       per thread, as the builder chains them (the same C loops and downcalls), into outputs touched
 *       before; with threads, each thread takes a contiguous share of the tiles and writes from its
 *       share's own start (no ordering, no copies, no scheduling); then the time of each pass, summed
 *       over the threads.
 *   <li>{@code passes, fresh outputs}: the same into fresh outputs mapped as the builder maps them.
 *   <li>{@code first touch}: writing the successes' 24 bytes into fresh outputs and nothing else.
 *   <li>{@code copy}: moving the last {@code (threads-1)/threads} of the results, as the builder's ordered
 *       output copies every tile that finished before its turn.
 * </ol>
 * With {@code --seconds S} it runs only the builder (or, with {@code --loop crecipe}, only the C recipe), over
 * and over for S seconds, printing each run: the process to attach {@code perf record} or JFR to.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.tessella.bench.jobs.IndexProfileMain \
 *      --kernel cheap --shape 4096x4096 --threads 2 --mode batch --reps 10 [--tile ELEMENTS]
 * }</pre>
 */
public final class IndexProfileMain {
    private record Options(String kernel, long rows, long cols, int threads, IndexMode mode, int reps, int seconds, int warmupSeconds,
            boolean loopCRecipe, long tile) {
    }

    private IndexProfileMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        long n = o.rows() * o.cols();
        try (Arena arena = Arena.ofShared();
                NativeKernel kernel = o.kernel().equals("cheap") ? BenchLibraries.openKernel("tessella_kernel_cheap", Linkage.CRITICAL)
                        : NativeKernel.bundled().withLinkage(Linkage.CRITICAL)) {
            NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, o.rows(), o.cols());
            NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, o.rows(), o.cols());
            RecipeData.fill(a1, a2);
            IndexBuilder builder = IndexBuilder.create().kernel(kernel).mode(o.mode()).parallelism(o.threads()).tileElements(o.tile());
            System.out.printf(Locale.ROOT, "%s kernel, %dx%d (%d elements), %d thread(s), %s mode%n", o.kernel(), o.rows(), o.cols(), n,
                    o.threads(), o.mode());
            Passes passes = new Passes(o, arena, kernel, a1, a2, builder);
            if (o.seconds() > 0) {
                long end = System.nanoTime() + o.seconds() * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    long emitted = o.loopCRecipe() ? passes.cRecipe() : passes.builderRun();
                    System.out.printf(Locale.ROOT, "%s: %.2f ns/element (%d emitted)%n", o.loopCRecipe() ? "C recipe" : "builder",
                            (System.nanoTime() - t0) / (double) n, emitted);
                }
                return;
            }
            passes.report();
        }
    }

    /** The builder's passes over one pair of inputs, chained per tile as the builder chains them. */
    private static final class Passes {
        private final Options o;
        private final NativeKernel kernel;
        private final NdArray a1, a2;
        private final IndexBuilder builder;
        private final long n, tile;
        private final int tiles;
        private final MemorySegment rows, cols, ids;
        private final MethodHandle cRecipe, cUnmap;
        private final Arena arena;
        /** Nanoseconds spent in gather, kernel and scatter by all threads in the last {@link #passes} run, and in the best one. */
        private final long[] passNanos = new long[3], bestPassNanos = new long[3];

        Passes(Options o, Arena arena, NativeKernel kernel, NdArray a1, NdArray a2, IndexBuilder builder) {
            this.o = o;
            this.arena = arena;
            this.kernel = kernel;
            this.a1 = a1;
            this.a2 = a2;
            this.builder = builder;
            this.n = o.rows() * o.cols();
            // --tile, else the builder's automatic tile size (IndexBuilder.tileElements).
            this.tile = o.tile() > 0 ? o.tile() : Math.clamp(Math.ceilDiv(Math.max(n, 1), 64), 256, 65536);
            this.tiles = (int) Math.ceilDiv(n, tile);
            rows = arena.allocate(ValueLayout.JAVA_LONG, n);
            cols = arena.allocate(ValueLayout.JAVA_LONG, n);
            ids = arena.allocate(ValueLayout.JAVA_LONG, n);
            SymbolLookup cloop = BenchLibraries.lookup(o.kernel().equals("cheap") ? "tessella_cloop_cheap" : "tessella_cloop", arena);
            Linker linker = Linker.nativeLinker();
            cRecipe = linker.downcallHandle(cloop.find("tessella_cloop_recipe").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_DOUBLE,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            cUnmap = linker.downcallHandle(cloop.find("tessella_cloop_unmap").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }

        void report() {
            System.out.printf(Locale.ROOT, "tiles: %d of %d elements (scratch %d KiB per worker)%n", tiles, tile, tile * 32 / 1024);
            long emitted;
            try (IndexResult r = builder.run(a1, a2)) {
                emitted = r.counts().emitted();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            line("builder", this::builderRun, emitted);
            // IndexResult.elapsed() times the tiles alone: the rest of a run is set-up before and release after.
            System.out.printf(Locale.ROOT, "  its tile phase alone (IndexResult.elapsed, best) %.2f ns/element%n", bestTilePhase / (double) n);
            line("C recipe", this::cRecipe, emitted);
            line("passes, touched outputs", () -> passes(rows, cols, ids), emitted);
            breakdown();
            line("passes, fresh outputs", this::passesFresh, emitted);
            breakdown();
            line("first touch of fresh outputs alone", () -> firstTouch(emitted), emitted);
            line("copy of " + (o.threads() - 1) + "/" + o.threads() + " of the results", () -> copy(emitted), emitted);
        }

        /** The best {@code IndexResult.elapsed()} seen, in ns. */
        private long bestTilePhase = Long.MAX_VALUE;

        long builderRun() {
            try (IndexResult r = builder.run(a1, a2)) {
                bestTilePhase = Math.min(bestTilePhase, r.elapsed().toNanos());
                return r.counts().emitted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void line(String what, LongSupplier run, long expected) {
            // Warm-up, long enough for C2 to compile the per-tile code (a 2^20-element run has only 64 tiles), and the check.
            long until = System.nanoTime() + o.warmupSeconds() * 1_000_000_000L;
            do {
                long got = run.getAsLong();
                if (got != expected) {
                    throw new IllegalStateException(what + " produced " + got + " entries, the builder " + expected);
                }
            } while (System.nanoTime() < until);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < o.reps(); rep++) {
                long t0 = System.nanoTime();
                run.getAsLong();
                double ns = (System.nanoTime() - t0) / (double) n;
                if (ns < best) {
                    best = ns;
                    System.arraycopy(passNanos, 0, bestPassNanos, 0, 3);
                }
            }
            System.out.printf(Locale.ROOT, "%-40s %7.2f ns/element%n", what, best);
        }

        /** The passes' shares of the best run just printed. */
        private void breakdown() {
            System.out.printf(Locale.ROOT, "  in its best run, CPU ns/element summed over the threads: gather %.2f, kernel %.2f, scatter %.2f%n",
                    bestPassNanos[0] / (double) n, bestPassNanos[1] / (double) n, bestPassNanos[2] / (double) n);
        }

        long cRecipe() {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment ptrs = call.allocate(ValueLayout.ADDRESS, 3);
                long k = (long) cRecipe.invokeExact(a1.contiguousSegment(), a2.contiguousSegment(), o.rows(), o.cols(), RecipeData.SENTINEL,
                        o.threads(), ptrs, ptrs.asSlice(8), ptrs.asSlice(16));
                for (int i = 0; i < 3; i++) {
                    cUnmap.invokeExact(ptrs.getAtIndex(ValueLayout.ADDRESS, i), n);
                }
                return k;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /**
         * Gather, kernel and scatter per tile through one tile-sized scratch per thread, as the builder runs them;
         * with threads, each thread takes a contiguous share of the tiles and writes from its share's own start
         * (no ordering, no copies, no scheduling). Records each pass's time in {@link #passNanos}.
         */
        private long passes(MemorySegment r, MemorySegment c, MemorySegment id) {
            int threads = o.threads();
            long[] emitted = new long[threads];
            long[][] nanos = new long[threads][3];
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int first = (int) ((long) tiles * w / threads), last = (int) ((long) tiles * (w + 1) / threads);
                int me = w;
                Runnable share = () -> {
                    try (Arena scratch = Arena.ofConfined()) {
                        MemorySegment ka = scratch.allocate(ValueLayout.JAVA_DOUBLE, tile), kb = scratch.allocate(ValueLayout.JAVA_DOUBLE, tile);
                        MemorySegment out = scratch.allocate(ValueLayout.JAVA_LONG, tile), status = scratch.allocate(ValueLayout.JAVA_INT, tile);
                        MemorySegment offsets = scratch.allocate(ValueLayout.JAVA_INT, tile);
                        MemorySegment s1 = a1.contiguousSegment(), s2 = a2.contiguousSegment();
                        long at = first * tile;
                        for (int t = first; t < last; t++) {
                            long s = t * tile;
                            int len = (int) (Math.min(n, s + tile) - s);
                            long t0 = System.nanoTime();
                            int cands = NativeLoops.gather(s1.asSlice(s * 8, len * 8L), s2.asSlice(s * 8, len * 8L), len, RecipeData.SENTINEL, ka, kb,
                                    offsets);
                            long t1 = System.nanoTime();
                            kernel.slowComputationBatch(ka, kb, cands, out, status);
                            long t2 = System.nanoTime();
                            long room = cands * 8L;
                            at += NativeLoops.scatter(offsets, status, out, cands, s, o.cols(), r.asSlice(at * 8, room), c.asSlice(at * 8, room),
                                    id.asSlice(at * 8, room)).emitted();
                            long t3 = System.nanoTime();
                            nanos[me][0] += t1 - t0;
                            nanos[me][1] += t2 - t1;
                            nanos[me][2] += t3 - t2;
                        }
                        emitted[me] = at - first * tile;
                    }
                };
                if (w == threads - 1) {
                    share.run();
                } else {
                    workers.add(Thread.ofPlatform().start(share));
                }
            }
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            long total = 0;
            java.util.Arrays.fill(passNanos, 0);
            for (int w = 0; w < threads; w++) {
                total += emitted[w];
                for (int k = 0; k < 3; k++) {
                    passNanos[k] += nanos[w][k];
                }
            }
            return total;
        }

        private long passesFresh() {
            try (NdArray r = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n); NdArray c = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n);
                    NdArray id = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n)) {
                return passes(r.contiguousSegment(), c.contiguousSegment(), id.contiguousSegment());
            }
        }

        /** The successes' 24 bytes written into three fresh outputs, one thread: the first touch alone. */
        private long firstTouch(long emitted) {
            try (NdArray r = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n); NdArray c = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n);
                    NdArray id = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, n)) {
                for (NdArray a : List.of(r, c, id)) {
                    a.contiguousSegment().asSlice(0, emitted * 8).fill((byte) 1);
                }
                return emitted;
            }
        }

        /** What the builder's ordered output copies on this many threads, one thread, within touched memory. */
        private long copy(long emitted) {
            long moved = emitted * (o.threads() - 1) / o.threads(), from = emitted - moved;
            for (MemorySegment a : List.of(rows, cols, ids)) {
                MemorySegment.copy(a, from * 8, a, 0, moved * 8);
            }
            return emitted;
        }
    }

    private static Options parse(String[] args) {
        String kernel = "cheap";
        long rows = 4096, cols = 4096;
        int threads = 1, reps = 5, seconds = 0, warmup = 3;
        boolean loopCRecipe = false;
        long tile = 0;
        IndexMode mode = IndexMode.BATCH;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kernel" -> kernel = value;
                case "--shape" -> {
                    String[] rc = value.split("x");
                    rows = Long.parseLong(rc[0]);
                    cols = Long.parseLong(rc[1]);
                }
                case "--threads" -> threads = Integer.parseInt(value);
                case "--mode" -> mode = IndexMode.valueOf(value.toUpperCase(Locale.ROOT));
                case "--reps" -> reps = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--tile" -> tile = Long.parseLong(value);
                case "--loop" -> loopCRecipe = switch (value) {
                    case "builder" -> false;
                    case "crecipe" -> true;
                    default -> throw new IllegalArgumentException("--loop " + value + " is neither builder nor crecipe");
                };
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "' (--kernel cheap|bundled --shape RxC --threads N --mode batch|element --reps N --warmup S --tile ELEMENTS --seconds S --loop builder|crecipe)");
            }
            i++;
        }
        if (!kernel.equals("cheap") && !kernel.equals("bundled")) {
            throw new IllegalArgumentException("--kernel " + kernel + " is neither cheap nor bundled");
        }
        if (threads < 1 || reps < 1 || rows < 1 || cols < 1 || warmup < 0 || tile < 0) {
            throw new IllegalArgumentException("--threads " + threads + ", --reps " + reps + ", --shape " + rows + "x" + cols + ", --warmup " + warmup
                    + ", --tile " + tile + ": each must be positive (--warmup may be 0, --tile 0 is automatic)");
        }
        return new Options(kernel, rows, cols, threads, mode, reps, seconds, warmup, loopCRecipe, tile);
    }
}
