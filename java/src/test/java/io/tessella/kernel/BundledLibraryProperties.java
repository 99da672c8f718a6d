package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A load attempt never throws: whatever loading or binding throws becomes its cause, message and all. */
class BundledLibraryProperties {

    @Property(tries = 200)
    void everyFailureBecomesTheCauseWithItsMessage(@ForAll("failures") Throwable failure, @ForAll boolean whileBinding, @ForAll boolean explicit) {
        Supplier<NativeLibraryLoader.Loaded> load = whileBinding ? () -> BundledLibraryTest.loaded("from somewhere") : () -> {
            throw sneaky(failure);
        };
        Function<NativeLibrary, Object> bind = lib -> {
            throw sneaky(failure);
        };
        BundledLibrary.Attempt a = BundledLibrary.attempt("tessella_loop", load, bind, explicit);
        assertNull(a.bound());
        assertNotNull(a.cause());
        assertTrue(a.cause().getMessage().contains(failure.getMessage()), a.cause().getMessage());
        assertTrue(a.cause() == failure || a.cause().getCause() == failure, "the original failure is kept");
    }

    @Provide
    Arbitrary<Throwable> failures() {
        Arbitrary<String> messages = Arbitraries.strings().alpha().numeric().withChars(' ', '/', '.', ':').ofMinLength(1).ofMaxLength(40);
        return Arbitraries.oneOf(
                messages.map(m -> new KernelLinkException(m, "lib", null, null)),
                messages.map(IllegalStateException::new),
                messages.map(m -> new UncheckedIOException(m, new IOException(m))),
                messages.map(UnsatisfiedLinkError::new),
                messages.map(m -> new ExceptionInInitializerError(m)),
                messages.map(NoClassDefFoundError::new));
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        throw (Error) t;
    }
}
