package dev.ingresslab.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One full collection, once per process, when the first session that serves requests has started.
 *
 * <p>Why: a start leaves megabytes of data that live as long as the process (the route table, the sandbox's store,
 * the trust stores, the manifests of the signed jars on the class path, caches) in the young generation. Under the
 * launcher's collector (Parallel, {@code -Xmn64m}), each young collection then copies them from one survivor space
 * to the other until they are old enough, and promotes what does not fit: at 30,000 requests a second the first
 * 15 seconds of load had young pauses of 25–60 ms and a p99 latency of 15–30 ms, against 4 ms pauses once that data
 * was old (docs/benchmarks.md, "Session 11: the proxy's young pauses"). A full collection moves every live object to
 * the old generation in one pause (about 60 ms, before the first request is usually sent), after which a young
 * collection copies only what requests keep: the journal's ring.
 *
 * <p>Once per process: a second session (Stop then Start in the window, or the tests' many sessions) starts from a
 * heap whose long-lived data is already old. {@code -XX:+DisableExplicitGC} turns it off, as for any
 * {@link System#gc()}.
 */
public final class StartedHeap {

    private static final StartedHeap PROCESS = new StartedHeap();

    private final AtomicBoolean settled = new AtomicBoolean();

    StartedHeap() {
    }

    /** Settles the process's heap the first time a serving session has started; later calls do nothing. */
    public static void settleOnce() {
        PROCESS.settle();
    }

    /**
     * Runs the full collection unless this instance already did.
     *
     * @return whether it ran now
     */
    boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        System.gc();
        return true;
    }
}
