package io.tessella.memory;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property (or container) where python3 with NumPy 2.x is absent, as
 * {@link NumPy#assumeAvailable()} skips a JUnit test: {@code @AddLifecycleHook(NumPyRequired.class)}.
 */
public final class NumPyRequired implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return NumPy.isAvailable() ? SkipResult.doNotSkip() : SkipResult.skip("python3 with NumPy 2.x is not available");
    }
}
