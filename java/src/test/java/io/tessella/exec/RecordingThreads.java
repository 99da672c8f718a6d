package io.tessella.exec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** A thread factory that remembers every thread it made, so tests can check that none outlives its job. */
final class RecordingThreads implements ThreadFactory {
    private final ThreadFactory delegate;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    RecordingThreads(ThreadKind kind) {
        this.delegate = switch (kind) {
            case VIRTUAL -> Thread.ofVirtual().name("recorded-virtual-", 0).factory();
            case PLATFORM -> Thread.ofPlatform().name("recorded-platform-", 0).factory();
        };
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = delegate.newThread(r);
        made.add(t);
        return t;
    }

    List<Thread> made() {
        return List.copyOf(made);
    }

    /** The threads still alive, expected empty once a job has returned or thrown. */
    List<Thread> alive() {
        return made.stream().filter(Thread::isAlive).toList();
    }
}
