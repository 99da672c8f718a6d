package io.tessella.spark;

/** Closing several resources at once. */
final class Closing {
    private Closing() {
    }

    /**
     * Closes each of {@code resources}, all of them whatever fails: the first failure is thrown (a
     * checked one wrapped) with the later ones suppressed into it.
     */
    static void all(Iterable<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                RuntimeException f = e instanceof RuntimeException re ? re : new IllegalStateException("closing " + r + " failed", e);
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
