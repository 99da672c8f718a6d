package io.tessella.memory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Slices and slices of slices, checked against NumPy itself on the same arange arrays. */
class SlicingAgainstNumPyTest {

    private static final String PROGRAM = """
            import sys, numpy as np
            def sl(spec):
                return tuple(slice(*[None if x.strip() == '' else int(x) for x in p.split(':')]) for p in spec.split(','))
            for line in sys.stdin:
                line = line.strip()
                if not line:
                    continue
                shape, s1, s2 = line.split('|')
                shape = tuple(int(x) for x in shape.split(','))
                a = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
                v = a[sl(s1)][sl(s2)] if s2 else a[sl(s1)]
                print(','.join(map(str, v.shape)) + '|' + ' '.join(map(str, v.ravel().tolist())))
            """;

    @Test
    void slicesAndComposedSlicesMatchNumPy() throws IOException {
        NumPy.assumeAvailable();
        Random random = new Random(20261121);
        List<String> cases = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < 400; c++) {
            int ndim = 1 + random.nextInt(3);
            long[] shape = new long[ndim];
            for (int k = 0; k < ndim; k++) {
                shape[k] = 1 + random.nextInt(7);
            }
            try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT64, shape)) {
                NdArrayTest.fillWithFlatIndex(a);
                List<Slice> s1 = fullSlices(random, shape);
                NdArray v = a.slice(s1);
                String spec2 = "";
                if (random.nextBoolean()) {
                    List<Slice> s2 = fullSlices(random, v.shape());
                    v = v.slice(s2);
                    spec2 = spec(s2);
                }
                cases.add(Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","))
                        + "|" + spec(s1) + "|" + spec2);
                expected.add(render(v));
            }
        }
        String[] got = NumPy.run(PROGRAM, String.join("\n", cases) + "\n").split("\n");
        assertEquals(cases.size(), got.length);
        for (int c = 0; c < cases.size(); c++) {
            assertEquals(got[c], expected.get(c), "case " + cases.get(c));
        }
    }

    /** One slice per axis, so NumPy's text and ours name the same thing. */
    private static List<Slice> fullSlices(Random random, long[] shape) {
        List<Slice> s = SlicingPropertyTest.randomSlices(random, shape);
        while (s.size() < shape.length) {
            s.add(Slice.all());
        }
        return s;
    }

    private static String spec(List<Slice> s) {
        return s.stream().map(Slice::toString).collect(Collectors.joining(","));
    }

    private static String render(NdArray v) {
        StringBuilder values = new StringBuilder();
        SlicingPropertyTest.forEachIndex(v.shape(), idx -> {
            if (!values.isEmpty()) {
                values.append(' ');
            }
            values.append(v.getLong(idx));
        });
        return Arrays.stream(v.shape()).mapToObj(Long::toString).collect(Collectors.joining(",")) + "|" + values;
    }
}
