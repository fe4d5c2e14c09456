package dev.ingresslab.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The last requests, in a bounded ring, and a feed of every new one to subscribers (access log, CLI, GUI).
 * {@link #record} is called on IO threads and never blocks: the ring is a lock-free array, and subscribers are
 * served from their own thread through a bounded queue; when a subscriber falls too far behind, records are
 * dropped for it and counted, never waited for.
 */
public final class RequestJournal implements AutoCloseable {

    public static final int DEFAULT_CAPACITY = 10_000;
    private static final int FEED_CAPACITY = 65_536;

    private final AtomicReferenceArray<RequestRecord> ring;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final List<Consumer<RequestRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RequestRecord> feed = new ArrayBlockingQueue<>(FEED_CAPACITY);
    private final Thread dispatcher;
    private volatile boolean open = true;

    public RequestJournal(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("the journal needs room for at least one request");
        }
        ring = new AtomicReferenceArray<>(capacity);
        dispatcher = new Thread(this::dispatch, "ingress-lab-journal");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** The next running number, for the record about to be written. */
    long nextSequence() {
        return written.get();
    }

    /** Adds a record. Never blocks. */
    public void record(RequestRecord record) {
        long sequence = written.getAndIncrement();
        ring.set((int) (sequence % ring.length()), record);
        if (!subscribers.isEmpty() && !feed.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** The most recent records, oldest first, at most {@code limit}. */
    public List<RequestRecord> recent(int limit) {
        long end = written.get();
        long start = Math.max(0, Math.max(end - ring.length(), end - limit));
        List<RequestRecord> records = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            RequestRecord record = ring.get((int) (i % ring.length()));
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** How many requests were recorded in all. */
    public long count() {
        return written.get();
    }

    /** How many records subscribers missed because they fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Feeds every new record to the subscriber, on the journal's thread. Returns what stops the feed. */
    public AutoCloseable subscribe(Consumer<RequestRecord> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private void dispatch() {
        while (open || !feed.isEmpty()) {
            try {
                RequestRecord record = feed.poll(100, TimeUnit.MILLISECONDS);
                if (record != null) {
                    for (Consumer<RequestRecord> subscriber : subscribers) {
                        deliver(subscriber, record);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deliver(Consumer<RequestRecord> subscriber, RequestRecord record) {
        try {
            subscriber.accept(record);
        } catch (RuntimeException e) {
            // A broken subscriber must not stop the others; it reports its own failures.
        }
    }

    /** Delivers what is queued, then stops the feed. */
    @Override
    public void close() {
        open = false;
        try {
            dispatcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
