package dev.ingresslab.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@link SessionEvent} feed of a {@link LabSession}. Each subscriber has its own bounded queue and its own
 * daemon delivery thread ({@code ingress-lab-events-N}): {@link #publish} never waits, a slow subscriber delays only
 * itself, and one that throws is skipped for that event and keeps receiving the next ones. Events reach each
 * subscriber in the order they were published.
 */
public final class SessionEvents {

    /** How many past events {@link #subscribeWithHistory} replays at most (the last ones). */
    static final int HISTORY = 1_000;

    /** Events one subscriber may lag behind before newer ones are dropped for it (and counted). */
    static final int QUEUE_CAPACITY = 10_000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<Feed> feeds = new CopyOnWriteArrayList<>();
    /** The last {@link #HISTORY} events, for {@link #subscribeWithHistory}; guarded by this. */
    private final java.util.ArrayDeque<SessionEvent> history = new java.util.ArrayDeque<>();
    private volatile boolean closed;

    SessionEvents() {
    }

    /**
     * Subscribes: {@code subscriber} receives every event published from now on, on its own thread.
     *
     * @return the handle that stops the deliveries
     */
    public Subscription subscribe(Consumer<? super SessionEvent> subscriber) {
        return subscribe(subscriber, false);
    }

    /**
     * Subscribes and first replays the last events published (at most {@value #HISTORY}: the start's lines and the
     * routes applied so far, in a young session), then every new one. For a view opened after the session started.
     */
    public Subscription subscribeWithHistory(Consumer<? super SessionEvent> subscriber) {
        return subscribe(subscriber, true);
    }

    private synchronized Subscription subscribe(Consumer<? super SessionEvent> subscriber, boolean replay) {
        Feed feed = new Feed(subscriber);
        if (replay) {
            history.forEach(feed::offer);
        }
        if (!closed) {
            feeds.add(feed);
        }
        feed.thread.start();
        if (closed) {
            feed.close();
        }
        return feed;
    }

    /** Publishes to every subscriber; never blocks. */
    synchronized void publish(SessionEvent event) {
        if (closed) {
            return;
        }
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(event);
        for (Feed feed : feeds) {
            feed.offer(event);
        }
    }

    /** Delivers what is queued (each subscriber waits up to {@code timeout}), then stops the deliveries. */
    void close(Duration timeout) {
        synchronized (this) {
            closed = true;
        }
        for (Feed feed : feeds) {
            try {
                feed.awaitDelivered(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            feed.close();
        }
        feeds.clear();
    }

    /** One subscriber: its queue and its thread. */
    private final class Feed implements Subscription, Runnable {

        private final Consumer<? super SessionEvent> subscriber;
        private final LinkedBlockingQueue<SessionEvent> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        private final AtomicLong published = new AtomicLong();
        private final DeliveryCount delivered = new DeliveryCount();
        private final AtomicLong dropped = new AtomicLong();
        private final Thread thread;
        private volatile boolean open = true;

        Feed(Consumer<? super SessionEvent> subscriber) {
            this.subscriber = subscriber;
            this.thread = new Thread(this, "ingress-lab-events-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
        }

        void offer(SessionEvent event) {
            if (queue.offer(event)) {
                published.incrementAndGet();
            } else {
                dropped.incrementAndGet();
            }
        }

        @Override
        public void run() {
            while (open) {
                SessionEvent event;
                try {
                    event = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (event == null) {
                    continue;
                }
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    // A broken subscriber must not stop its own next events, nor anyone else's.
                } finally {
                    delivered.add(1);
                }
            }
        }

        @Override
        public boolean awaitDelivered(Duration timeout) throws InterruptedException {
            if (Thread.currentThread() == thread) {
                throw new IllegalStateException("awaitDelivered on the delivery thread would wait for itself");
            }
            return delivered.await(published.get(), timeout, () -> open);
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            open = false;
            feeds.remove(this);
            delivered.wake();
        }
    }
}
