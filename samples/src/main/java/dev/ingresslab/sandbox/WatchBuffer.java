package dev.ingresslab.sandbox;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events one watch has yet to send, bounded in count and in bytes: when a client stops reading, its events pile
 * up here, and past either bound the watcher has fallen behind and is dropped, as kube-apiserver's watch cache drops a
 * watcher whose channel stays full ({@code cacheWatcher} in {@code staging/src/k8s.io/apiserver/pkg/storage/cacher}).
 * One thread offers (the store's watch), one polls (the writer).
 */
final class WatchBuffer {

    private final BlockingQueue<byte[]> events;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean overflowed;
    private volatile boolean ended;
    /** Put in the queue by {@link #end}: wakes a writer waiting in {@link #poll}. */
    private static final byte[] END = new byte[0];

    /**
     * @param maxEvents the most events it holds
     * @param maxBytes  the most bytes of events it holds (one event may be as large as an object, 3 MiB)
     */
    WatchBuffer(int maxEvents, long maxBytes) {
        this.events = new LinkedBlockingQueue<>(maxEvents);
        this.maxBytes = maxBytes;
    }

    /** Adds an event; false when it does not fit, and from then on: the watcher has fallen behind for good. */
    boolean offer(byte[] event) {
        if (overflowed) {
            return false;
        }
        if (bytes.addAndGet(event.length) > maxBytes || !events.offer(event)) {
            overflowed = true;
            events.clear();
            return false;
        }
        return true;
    }

    /**
     * The next event, waiting up to {@code millis}; null when none came, the buffer overflowed or the watch was
     * {@link #end ended}.
     */
    byte[] poll(long millis) throws InterruptedException {
        byte[] event = overflowed || ended ? null : events.poll(millis, TimeUnit.MILLISECONDS);
        if (event == END) {
            return null;
        }
        if (event != null) {
            bytes.addAndGet(-event.length);
        }
        return event;
    }

    /**
     * Ends the watch (the server stops): a writer waiting in {@link #poll} returns at once rather than at its next
     * heartbeat, so the server's worker threads end without waiting for it.
     */
    void end() {
        ended = true;
        events.offer(END); // when full, the writer's poll does not wait anyway
    }

    boolean ended() {
        return ended;
    }

    boolean overflowed() {
        return overflowed;
    }
}
