package dev.ingresslab.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The last requests, in a bounded ring, and a feed of every new one to subscribers (access log, CLI, GUI).
 *
 * <p>{@link #record} is called on IO threads and never blocks or takes a lock: it claims the next sequence number
 * (one atomic add) and stores the record in the ring slot of that number. The ring is also the subscribers' queue:
 * each subscriber has a thread of its own that reads the ring from its own cursor, wakes at most every
 * {@link #POLL_MILLIS} ms when it has caught up, and takes what has been recorded since as one batch. The IO threads
 * signal nobody, and a subscriber that falls more than the ring's capacity behind skips what was overwritten, counts
 * it ({@link JournalSubscriber#missed}, {@link #dropped}), and goes on: it slows nobody else.
 *
 * <p>Each slot's sequence number is published after its record, and cleared before a record replaces it (a
 * seqlock), so a reader takes a record only when the slot held that number before and after reading it.
 */
public final class RequestJournal implements AutoCloseable {

    public static final int DEFAULT_CAPACITY = 10_000;
    /** The most records a subscriber gets in one {@link JournalSubscriber#accept} call. */
    public static final int MAX_BATCH = 4_096;
    /** How often a subscriber that has caught up looks for new records: the log's delay, at most. */
    static final long POLL_MILLIS = 10;

    private final AtomicReferenceArray<RequestRecord> ring;
    /** Per slot, 1 + the sequence number of the record it holds; 0 while empty or being replaced. */
    private final AtomicLongArray published;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger detailSubscribers = new AtomicInteger();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * @param capacity how many records {@link #recent} can return, and how far behind a subscriber may fall before
     *                 it misses records
     * @throws IllegalArgumentException when capacity is not positive
     */
    public RequestJournal(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("the journal needs room for at least one request");
        }
        ring = new AtomicReferenceArray<>(capacity);
        published = new AtomicLongArray(capacity);
    }

    /** Claims the sequence number of the next record, for a writer that puts it in the record itself. */
    long claim() {
        return written.getAndIncrement();
    }

    /** Stores the record numbered {@code sequence} (from {@link #claim}). Never blocks. */
    void publish(long sequence, RequestRecord record) {
        int slot = (int) (sequence % ring.length());
        published.set(slot, 0); // readers of the slot's previous record now see it is being replaced
        ring.set(slot, record);
        published.set(slot, sequence + 1);
    }

    /** Adds a record under the next sequence number (its own {@code sequence} is kept as it is). Never blocks. */
    public void record(RequestRecord record) {
        publish(claim(), record);
    }

    /**
     * Whether a subscriber asked for {@link RequestDetails}: a volatile read, for the IO threads to decide whether to
     * copy the heads of a request.
     */
    public boolean capturesDetails() {
        return detailSubscribers.get() > 0;
    }

    /** The most recent records, oldest first, at most {@code limit}. */
    public List<RequestRecord> recent(int limit) {
        long end = written.get();
        long start = Math.max(0, Math.max(end - ring.length(), end - limit));
        List<RequestRecord> records = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            RequestRecord record = read(i);
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** The record numbered {@code sequence}, or null when it is not stored yet or was overwritten. */
    private RequestRecord read(long sequence) {
        int slot = (int) (sequence % ring.length());
        if (published.get(slot) != sequence + 1) {
            return null;
        }
        RequestRecord record = ring.get(slot);
        return published.get(slot) == sequence + 1 ? record : null;
    }

    /**
     * How many requests were recorded in all. A record is counted when its number is claimed, and {@link #recent}
     * lists it a moment later, once it is stored: after the count rises, wait for the listing before reading it.
     */
    public long count() {
        return written.get();
    }

    /** How many records the ring keeps: the most {@link #recent} returns. */
    public int capacity() {
        return ring.length();
    }

    /** How many records subscribers missed because they fell behind, over all subscribers. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Feeds every new record to the subscriber, one at a time, on a thread of the subscriber's own. Returns what
     * stops the feed (after delivering what was recorded before it is closed). A {@link RuntimeException} from the
     * subscriber skips that record only.
     */
    public AutoCloseable subscribe(Consumer<RequestRecord> subscriber) {
        return subscribeBatches(batch -> {
            for (RequestRecord record : batch) {
                try {
                    subscriber.accept(record);
                } catch (RuntimeException e) {
                    // a broken subscriber reports its own failures; the next record is still delivered
                }
            }
        });
    }

    /**
     * Feeds the records recorded from now on to the subscriber in batches, on a thread of the subscriber's own
     * ({@link JournalSubscriber}). While it is subscribed and {@linkplain JournalSubscriber#wantsDetails wants
     * details}, records carry {@link RequestDetails}.
     */
    public Subscription subscribeBatches(JournalSubscriber subscriber) {
        Subscription subscription = new Subscription(subscriber, written.get());
        subscriptions.add(subscription);
        if (subscriber.wantsDetails()) {
            detailSubscribers.incrementAndGet();
        }
        subscription.thread.start();
        return subscription;
    }

    /** Delivers what was recorded to every subscriber, then stops their feeds. */
    @Override
    public void close() {
        for (Subscription subscription : subscriptions) {
            subscription.close();
        }
    }

    /**
     * One subscriber's feed: its cursor in the ring and its thread. {@link #close} delivers every record recorded
     * before it, then calls {@link JournalSubscriber#closed} and stops the thread (waiting up to five seconds).
     */
    public final class Subscription implements AutoCloseable {

        private final JournalSubscriber subscriber;
        private final Thread thread;
        private final AtomicLong missed = new AtomicLong();
        /** The first sequence number not delivered yet: read and written by the subscription's thread only. */
        private long next;
        /** Deliver up to this sequence number, then stop; Long.MAX_VALUE while open. */
        private volatile long stopAt = Long.MAX_VALUE;

        private Subscription(JournalSubscriber subscriber, long from) {
            this.subscriber = subscriber;
            this.next = from;
            this.thread = new Thread(this::run, "ingress-lab-journal-subscriber");
            this.thread.setDaemon(true);
        }

        /** How many records this subscriber missed because it fell behind. */
        public long missed() {
            return missed.get();
        }

        private void run() {
            List<RequestRecord> batch = new ArrayList<>();
            while (true) {
                long end = Math.min(written.get(), stopAt);
                if (next >= end) {
                    if (stopAt != Long.MAX_VALUE) {
                        break;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                    continue;
                }
                long skipped = collect(end, batch);
                if (skipped > 0) {
                    missed.addAndGet(skipped);
                    dropped.addAndGet(skipped);
                    guarded(() -> subscriber.missed(skipped));
                }
                if (!batch.isEmpty()) {
                    List<RequestRecord> delivered = List.copyOf(batch);
                    batch.clear();
                    guarded(() -> subscriber.accept(delivered));
                } else if (skipped == 0) {
                    Thread.onSpinWait(); // a writer claimed the next number and is storing its record
                    Thread.yield();
                }
            }
            guarded(subscriber::closed);
        }

        /**
         * Moves the cursor towards {@code end}, adding the records found to {@code batch}; returns how many were
         * overwritten before they could be read. Stops early at a number claimed but not stored yet.
         */
        private long collect(long end, List<RequestRecord> batch) {
            long skipped = 0;
            if (end - next > ring.length()) {
                skipped = end - ring.length() - next;
                next = end - ring.length();
            }
            while (next < end && batch.size() < MAX_BATCH) {
                int slot = (int) (next % ring.length());
                long stamp = published.get(slot);
                if (stamp == next + 1) {
                    RequestRecord record = ring.get(slot);
                    if (published.get(slot) == next + 1) {
                        batch.add(record);
                        next++;
                        continue;
                    }
                    stamp = published.get(slot);
                }
                if (stamp > next + 1) {
                    skipped++; // overwritten by a later lap of the ring
                    next++;
                    continue;
                }
                break; // claimed, not stored yet (or being replaced): look again next time
            }
            return skipped;
        }

        private void guarded(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                // a broken subscriber reports its own failures; it must not stop its feed
            }
        }

        /** Delivers what was recorded before this call, then stops the feed. Idempotent. */
        @Override
        public void close() {
            if (!subscriptions.remove(this)) {
                return;
            }
            if (subscriber.wantsDetails()) {
                detailSubscribers.decrementAndGet();
            }
            stopAt = written.get();
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
