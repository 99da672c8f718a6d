package io.tessella.testing;

import io.tessella.os.ResourceLedger;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class that ends holding what Tessella took during it: native memory, mappings,
 * open files, libraries opened by path, worker threads ({@link ResourceLedger}). The failure names
 * each leaked resource and the code that took it. Registered for every test class by JUnit's extension
 * auto-detection ({@code META-INF/services}), and for jqwik containers by {@link LeakCheckHook}.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
    /** Long enough for a worker thread that finished its last tile to unregister. */
    private static final long SETTLE_NANOS = 2_000_000_000L;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("start", ResourceLedger.nextId());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        Long start = context.getStore(NS).get("start", Long.class);
        check(context.getDisplayName(), start == null ? 0 : start);
    }

    /** Throws if anything taken since registration number {@code start} is still held, after a short settling wait. */
    public static void check(String where, long start) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        List<ResourceLedger.Held> leaked = since(start);
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            leaked = since(start);
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(where + " ended holding " + leaked.size() + " Tessella resource(s), "
                    + leaked.stream().mapToLong(ResourceLedger.Held::bytes).sum() + " native bytes:\n" + ResourceLedger.describe(leaked));
        }
    }

    private static List<ResourceLedger.Held> since(long start) {
        return ResourceLedger.held().stream().filter(h -> h.id() >= start).toList();
    }
}
