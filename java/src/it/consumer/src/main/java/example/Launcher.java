package example;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Consumer} in four JVMs, with the flags the README gives: on the class path
 * ({@code --enable-native-access=ALL-UNNAMED}) and on the module path
 * ({@code --enable-native-access=io.tessella}), each with and without
 * {@code --add-modules jdk.incubator.vector}. Each must pass its checks, print no warning about
 * native access, log the scalar fallback once exactly where the vector module is absent, and give the
 * same digest of results as the others.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path tessella = Path.of(io.tessella.memory.NdArray.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        check(tessella.toString().endsWith(".jar"), "Tessella comes from its installed jar: " + tessella);
        String path = classes + File.pathSeparator + tessella;
        Map<String, String> digests = new LinkedHashMap<>();
        for (String where : List.of("classpath", "module")) {
            for (String vector : List.of("vector", "scalar")) {
                List<String> cmd = new ArrayList<>(List.of(java));
                if (vector.equals("vector")) {
                    cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
                }
                if (where.equals("classpath")) {
                    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", path, "example.Consumer"));
                } else {
                    cmd.addAll(List.of("--enable-native-access=io.tessella", "-p", path, "-m", "example.consumer/example.Consumer"));
                }
                cmd.addAll(List.of(where, vector));
                digests.put(where + "/" + vector, run(cmd, vector.equals("scalar")));
            }
        }
        check(digests.values().stream().distinct().count() == 1, "every run computes the same results: " + digests);
        System.out.println("consumer: 4 runs (class path and module path, with and without jdk.incubator.vector), same results "
                + digests.values().iterator().next());
    }

    /** Runs one JVM and returns its digest line. */
    private static String run(List<String> cmd, boolean scalar) throws Exception {
        Path out = Files.createTempFile("consumer", ".out"), err = Files.createTempFile("consumer", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            check(p.waitFor(5, TimeUnit.MINUTES), "finishes: " + cmd);
            String stdout = Files.readString(out, StandardCharsets.UTF_8), stderr = Files.readString(err, StandardCharsets.UTF_8);
            System.out.println("$ " + String.join(" ", cmd) + "\n" + stdout + stderr);
            check(p.exitValue() == 0, "exit status " + p.exitValue() + " of " + cmd);
            check(!stderr.contains("restricted method") && !stderr.contains("--enable-native-access"),
                    "the README's --enable-native-access covers every native call: " + stderr);
            long fallbacks = stderr.lines().filter(l -> l.contains("Tessella falls back to scalar loops")).count();
            check(fallbacks == (scalar ? 1 : 0), "the scalar fallback is logged once exactly without the vector module: " + stderr);
            return stdout.lines().filter(l -> l.startsWith("digest=")).findFirst().orElseThrow(() -> new AssertionError("no digest: " + stdout));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
