package dev.ingresslab.core;

import dev.ingresslab.concurrent.DaemonThreads;
import dev.ingresslab.proxy.JournalSubscriber;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.proxy.RequestRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The requests a {@link LabSession}'s proxy handled: the last ones ({@link #recent}), and a feed of new ones in
 * batches ({@link #subscribe}). Wraps the proxy's {@link RequestJournal}: the IO threads only append a record
 * there; batching and delivery happen on other threads, so a subscriber never slows the proxy down.
 *
 * <p>Records carry their {@link dev.ingresslab.proxy.RequestDetails} (the request and response heads)
 * only while a subscriber asked for them with {@link #subscribeWithDetails}: copying the heads costs the IO threads,
 * so the command line (which prints one line per request) never asks, and the GUI's Requests view does.
 */
public final class SessionJournal {

    /** The records one batch subscriber may have pending before newer ones are dropped for it (and counted). */
    public static final int PENDING_CAPACITY = 20_000;

    private final RequestJournal journal;
    private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

    SessionJournal(RequestJournal journal) {
        this.journal = journal;
    }

    /**
     * A batch of new requests.
     *
     * @param records the requests, oldest first; never empty
     * @param dropped how many requests this subscriber missed since the previous batch because it fell behind
     *                (more than {@link #PENDING_CAPACITY} pending); they are still in {@link #recent} for a while
     */
    public record Batch(List<RequestRecord> records, long dropped) {
        public Batch {
            records = List.copyOf(records);
        }
    }

    /**
     * Subscribes to new requests in batches: at most one batch every {@code interval} (none when nothing came),
     * delivered on the subscriber's own daemon thread ({@code ingress-lab-journal-batches}). A GUI table at 20
     * updates a second passes 50 ms.
     *
     * @param interval at least 1 ms
     * @return the handle that stops the batches
     */
    public Subscription subscribe(Duration interval, Consumer<? super Batch> subscriber) {
        return subscribe(interval, false, subscriber);
    }

    /**
     * As {@link #subscribe}, and while this subscription is open the proxy captures each request's
     * {@link dev.ingresslab.proxy.RequestDetails} ({@link RequestRecord#details()}: the request head received, the
     * response head sent; parse the heads with {@link dev.ingresslab.proxy.HeadText}, off the UI
     * thread). Requests served while no such subscription was open have no details ({@code null}).
     *
     * @param interval at least 1 ms
     * @return the handle that stops the batches, and the capture when it was the last to ask for it
     */
    public Subscription subscribeWithDetails(Duration interval, Consumer<? super Batch> subscriber) {
        return subscribe(interval, true, subscriber);
    }

    private Subscription subscribe(Duration interval, boolean details, Consumer<? super Batch> subscriber) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("the batch interval must be at least 1 ms, not " + interval);
        }
        BatchFeed feed = new BatchFeed(subscriber, details);
        feed.start(interval);
        return feed;
    }

    /**
     * Every new request, one at a time, on the journal's own thread (shared by all such subscribers: keep it short,
     * as the access log does). For the command line's access log; a view should {@link #subscribe} in batches.
     */
    public Subscription each(Consumer<RequestRecord> subscriber) {
        AutoCloseable handle = journal.subscribe(subscriber);
        subscriptions.add(handle);
        return new Subscription() {
            @Override
            public boolean awaitDelivered(Duration timeout) {
                return true;
            }

            @Override
            public long dropped() {
                return journal.dropped();
            }

            @Override
            public void close() {
                closeQuietly(handle);
                subscriptions.remove(handle);
            }
        };
    }

    /** The most recent requests, oldest first, at most {@code limit} (the journal keeps the last 10,000). */
    public List<RequestRecord> recent(int limit) {
        return journal.recent(limit);
    }

    /**
     * How many requests were recorded since the session started. A request is counted a moment before
     * {@link #recent} lists it (see {@link RequestJournal#count}).
     */
    public long count() {
        return journal.count();
    }

    /** Stops every subscription (the session closes). */
    void close() {
        subscriptions.forEach(SessionJournal::closeQuietly);
        subscriptions.clear();
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            // unsubscribing cannot fail in a way worth reporting
        }
    }

    /**
     * One batch subscriber: the journal's batched feed ({@link RequestJournal#subscribeBatches}) fills a bounded
     * queue on its own thread, a timer drains it at the subscriber's interval.
     */
    private final class BatchFeed implements Subscription, JournalSubscriber {

        private final Consumer<? super Batch> subscriber;
        private final boolean details;
        private final ArrayBlockingQueue<RequestRecord> pending = new ArrayBlockingQueue<>(PENDING_CAPACITY);
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong offered = new AtomicLong();
        private final DeliveryCount delivered = new DeliveryCount();
        private final ScheduledExecutorService timer = DaemonThreads.scheduler("ingress-lab-journal-batches");
        private AutoCloseable upstream;
        private long droppedReported;

        BatchFeed(Consumer<? super Batch> subscriber, boolean details) {
            this.subscriber = subscriber;
            this.details = details;
        }

        void start(Duration interval) {
            upstream = journal.subscribeBatches(this);
            subscriptions.add(this);
            timer.scheduleWithFixedDelay(this::drain, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** On the journal's subscriber thread: never waits; what does not fit is counted as dropped. */
        @Override
        public void accept(List<RequestRecord> batch) {
            int taken = 0;
            for (RequestRecord record : batch) {
                if (!pending.offer(record)) {
                    break;
                }
                taken++;
            }
            offered.addAndGet(taken);
            dropped.addAndGet(batch.size() - taken);
        }

        /** Records the journal overwrote before this feed read them: dropped for this subscriber too. */
        @Override
        public void missed(long count) {
            dropped.addAndGet(count);
        }

        @Override
        public boolean wantsDetails() {
            return details;
        }

        private void drain() {
            List<RequestRecord> records = new ArrayList<>(Math.min(pending.size(), PENDING_CAPACITY));
            pending.drainTo(records);
            long droppedNow = dropped.get();
            if (records.isEmpty() && droppedNow == droppedReported) {
                return;
            }
            try {
                if (!records.isEmpty()) {
                    subscriber.accept(new Batch(records, droppedNow - droppedReported));
                    droppedReported = droppedNow;
                }
            } catch (RuntimeException e) {
                // a broken subscriber gets the next batch as usual
            } finally {
                delivered.add(records.size());
            }
        }

        @Override
        public boolean awaitDelivered(Duration timeout) throws InterruptedException {
            return delivered.await(offered.get(), timeout, () -> !timer.isShutdown());
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            closeQuietly(upstream);
            timer.shutdown();
            subscriptions.remove(this);
            delivered.wake();
        }
    }
}
