package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Without the tessella-spark module on the classpath (as in this module's tests), {@code tessella spark}
 * says in one line what it needs, with exit status 2, and no Spark class is ever loaded by the CLI.
 */
class SparkUnavailableTest {

    @Test
    void sparkWithoutTheModuleSaysWhatItNeeds() {
        KernelCommandTest.Run r = KernelCommandTest.run("spark", "index", "--master", "local[2]", "--a1", "a1.npy");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("spark: needs the tessella-spark module and Apache Spark's jars"), r.err());
    }

    @Test
    void theOtherCommandsNeedNoSparkClass() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
        assertEquals(0, KernelCommandTest.run("kernel").exit());
        assertTrue(KernelCommandTest.run("--help").out().contains("spark"));
    }
}
