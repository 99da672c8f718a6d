package example;

import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;

/** What a user writes after adding the Maven dependency: no setup, no system properties. */
public final class Consumer {
    public static void main(String[] args) {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("tessella.")) {
                throw new AssertionError("the consumer JVM must start without tessella.* properties, found " + key);
            }
        }
        NativeKernel kernel = NativeKernel.bundled();
        long index = kernel.evaluate(2.5, 1.5).index();
        // The value the bundled kernel's definition gives (native/include/tessella_kernel.h).
        long expected = 961292723558L;
        if (index != expected || JavaKernel.STANDARD.evaluate(2.5, 1.5).index() != expected) {
            throw new AssertionError("slow_computation(2.5, 1.5) = " + index + ", expected " + expected);
        }
        System.out.println("consumer: " + kernel + " -> slow_computation(2.5, 1.5) = " + index);
    }
}
