package io.tessella.jobs;

import io.tessella.kernel.Evaluation;
import io.tessella.kernel.Kernel;
import io.tessella.memory.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The reference: the recipe's loop, written the plainest way, with boxed lists and no tiles. */
final class SerialIndexLoop {
    final List<long[]> coords = new ArrayList<>();
    final List<Long> idxs = new ArrayList<>();
    final SortedMap<Integer, Long> failed = new TreeMap<>();
    long visited, skipped;

    static SerialIndexLoop run(Kernel kernel, double sentinel, NdArray a1, NdArray a2) {
        SerialIndexLoop r = new SerialIndexLoop();
        long[] shape = a1.shape();
        long[] idx = new long[shape.length];
        for (long f = 0; f < a1.size(); f++) {
            long rem = f;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = rem % shape[k];
                rem /= shape[k];
            }
            r.visited++;
            double v1 = a1.getAsDouble(idx);
            if (v1 <= sentinel) {
                r.skipped++;
                continue;
            }
            Evaluation e = kernel.evaluate(a2.getAsDouble(idx), v1);
            long res = e.succeeded() ? e.index() : -(long) e.status();
            if (res >= 0) {
                r.coords.add(idx.clone());
                r.idxs.add(res);
            } else {
                r.failed.merge((int) -res, 1L, Long::sum);
            }
        }
        return r;
    }
}
