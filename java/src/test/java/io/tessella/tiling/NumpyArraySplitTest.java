package io.tessella.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Checks {@link Tiling#split} against the real {@code numpy.array_split}, when python3 with NumPy is here. */
class NumpyArraySplitTest {

    @Test
    void splitLengthsMatchNumpyArraySplit() throws IOException, InterruptedException {
        Random random = new Random(42);
        List<long[]> cases = new ArrayList<>(List.of(new long[] {900, 250}, new long[] {0, 3}, new long[] {7, 7},
                new long[] {3, 5}, new long[] {1000, 3}, new long[] {1, 1}));
        for (int i = 0; i < 200; i++) {
            cases.add(new long[] {random.nextInt(500), 1 + random.nextInt(40)});
        }
        StringBuilder script = new StringBuilder("import numpy as np\n");
        for (long[] c : cases) {
            script.append("print(' '.join(str(len(s)) for s in np.array_split(np.zeros(").append(c[0])
                    .append(", dtype=np.int8), ").append(c[1]).append(")))\n");
        }
        List<String> numpy = runPython(script.toString());
        assumeTrue(numpy != null, "python3 with NumPy not available");
        assertEquals(cases.size(), numpy.size());
        for (int i = 0; i < cases.size(); i++) {
            long[] c = cases.get(i);
            String ours = String.join(" ", Tiling.split(c[0], c[1]).stream().map(t -> Long.toString(t.size())).toList());
            assertEquals(numpy.get(i).strip(), ours, "array_split(" + Arrays.toString(c) + ")");
        }
    }

    /** The script's output lines, or null if python3 or NumPy is missing. */
    private static List<String> runPython(String script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("python3 did not finish within 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            if (text.contains("No module named 'numpy'")) {
                return null;
            }
            throw new IOException("python3 failed with exit " + p.exitValue() + ": " + text);
        }
        return text.lines().toList();
    }
}
