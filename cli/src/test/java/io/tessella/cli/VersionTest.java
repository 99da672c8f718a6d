package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code tessella --version}: the project's version and the commit it was built from; and the launchers' JVM flags. */
class VersionTest {

    @Test
    void versionNamesTheProjectVersionTheCommitAndTheJava() throws Exception {
        KernelCommandTest.Run r = KernelCommandTest.run("--version");
        assertEquals(0, r.exit(), r.err());
        String expected = "tessella " + System.getProperty("tessella.test.version") + " (commit " + headCommit() + ", Java " + Runtime.version() + ")";
        assertEquals(expected + System.lineSeparator(), r.out());
    }

    /** The first 12 hex digits of HEAD, as git reports them here, or "unknown" outside a git checkout. */
    private static String headCommit() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of("..").toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        return git.exitValue() == 0 ? out.substring(0, 12) : "unknown";
    }

    @Test
    void theArchivesLauncherStartsTheJvmAsBinTessellaDoes() throws IOException {
        assertEquals(jvmFlags(Path.of("..", "bin", "tessella")), jvmFlags(Path.of("src", "dist", "bin", "tessella")));
    }

    /** The options of a launcher's {@code exec "$java" ... -jar} line (continuation lines joined). */
    private static List<String> jvmFlags(Path launcher) throws IOException {
        String script = Files.readString(launcher).replace("\\\n", " ");
        Matcher m = Pattern.compile("(?m)^exec \"\\$[a-z_]+(?:/runtime/bin/java)?\"\\s+(.*?)\\s+-jar\\s").matcher(script);
        assertTrue(m.find(), launcher + " has an exec ... -jar line");
        return Stream.of(m.group(1).trim().split("\\s+")).toList();
    }
}
