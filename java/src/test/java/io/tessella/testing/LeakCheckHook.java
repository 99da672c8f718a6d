package io.tessella.testing;

import io.tessella.os.ResourceLedger;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/** {@link LeakCheck} for jqwik's property classes, registered globally through {@code META-INF/services}. */
public final class LeakCheckHook implements AroundContainerHook {
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e instanceof Class<?>).orElse(false);
    }

    @Override
    public void beforeContainer(ContainerLifecycleContext context) {
        context.optionalContainerClass().ifPresent(c -> START.set(ResourceLedger.nextId()));
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        if (context.optionalContainerClass().isPresent()) {
            try {
                LeakCheck.check(context.label(), START.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while checking " + context.label() + " for leaks", e);
            }
        }
    }

    /** Property classes run one at a time; the start of the one running now. */
    private static final java.util.concurrent.atomic.AtomicLong START = new java.util.concurrent.atomic.AtomicLong();
}
