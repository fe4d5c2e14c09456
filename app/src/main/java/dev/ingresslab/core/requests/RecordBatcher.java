package dev.ingresslab.core.requests;

import dev.ingresslab.core.SessionJournal;
import dev.ingresslab.proxy.RequestRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands journal records to a UI thread in batches: at most one batch per {@code interval} (50 ms: 20 a second),
 * at most one batch in flight, at most {@code capacity} records in a batch (the newest; the view keeps no more rows
 * than that anyway). With a {@link Pace} that coalesces (the Requests view's {@link #VIEW_PACE}), batches slow down
 * while more records wait than a table shows at once, and speed up again as soon as fewer do.
 *
 * <p>{@link #accept} is what the journal's feed calls (one record, or a {@link SessionJournal.Batch}), and it never blocks: it appends to a lock-free queue and,
 * when more than {@code capacity} records wait, drops the oldest and counts them. A UI thread that falls behind
 * therefore costs nothing upstream: its next batch simply holds the newest records and says how many it skipped.
 * A tick finds the previous batch still being applied (the UI is busy) and waits for the next tick instead of
 * queueing another.
 */
public final class RecordBatcher implements Consumer<RequestRecord>, AutoCloseable {

    /** The default: 20 batches a second at most. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);
    /** The default bound: the Requests view's table keeps the last 10,000 rows. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /**
     * The Requests view's pace: every 50 ms while a batch fits on screen; every 250 ms (4 a second) while more than
     * 64 records wait, more rows than a table of 26 px rows shows on a 1,600 px tall screen.
     */
    public static final Pace VIEW_PACE = new Pace(DEFAULT_INTERVAL, 64, Duration.ofMillis(250));

    /**
     * How often batches go.
     *
     * <p>Why coalesce: a batch of more rows than the table shows replaces every visible row, so the eye follows none
     * of them whatever the rate; and each batch costs the UI thread a relayout and the renderer a redraw of the whole
     * table, whatever its size (docs/benchmarks.md: the Requests view under load). Four screens a second keep the
     * table visibly live with a fifth of twenty's batches; a trickle of requests still shows within
     * {@code interval}.
     *
     * @param interval     the least time between two batches, and the ticks' period
     * @param screenful    while more records than this wait, batches go at most every {@code busyInterval}
     * @param busyInterval the least time between two batches while more than a screenful waits; at least
     *                     {@code interval}
     */
    public record Pace(Duration interval, int screenful, Duration busyInterval) {
        public Pace {
            if (interval.isNegative() || interval.isZero() || screenful <= 0 || busyInterval.compareTo(interval) < 0) {
                throw new IllegalArgumentException("a pace needs a positive interval and screenful, and a busy"
                        + " interval no shorter than the interval: " + interval + ", " + screenful + ", "
                        + busyInterval);
            }
        }

        /** One batch per {@code interval} at most, however many records wait. */
        public static Pace steady(Duration interval) {
            return new Pace(interval, Integer.MAX_VALUE, interval);
        }
    }

    /**
     * Records for the UI, oldest first.
     *
     * @param records the records since the previous batch (at most the batcher's capacity), oldest first
     * @param skipped records that arrived since the previous batch but were dropped because more than the capacity
     *                waited (the UI kept none of them anyway)
     */
    public record Batch(List<RequestRecord> records, long skipped) {
        public Batch {
            records = List.copyOf(records);
        }
    }

    private final int capacity;
    private final Executor uiThread;
    private final Consumer<Batch> sink;
    private final ConcurrentLinkedQueue<RequestRecord> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final ScheduledExecutorService ticker;
    private final int screenful;
    private final long busyNanos;
    /** When the last batch went to the UI thread ({@link System#nanoTime}); the ticker's thread only. */
    private long lastSent;
    private boolean sentAny;

    /**
     * Starts ticking at a steady pace ({@link Pace#steady}).
     *
     * @param interval the least time between two batches
     * @param capacity the most records a batch holds (and the most kept waiting)
     * @param uiThread runs the sink, e.g. {@code Platform::runLater}
     * @param sink     applies a batch on the UI thread
     */
    public RecordBatcher(Duration interval, int capacity, Executor uiThread, Consumer<Batch> sink) {
        this(Pace.steady(interval), capacity, uiThread, sink);
    }

    /**
     * Starts ticking at {@code pace}.
     *
     * @param capacity the most records a batch holds (and the most kept waiting)
     * @param uiThread runs the sink, e.g. {@code Platform::runLater}
     * @param sink     applies a batch on the UI thread
     */
    public RecordBatcher(Pace pace, int capacity, Executor uiThread, Consumer<Batch> sink) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a batcher needs a positive capacity, not " + capacity);
        }
        Duration interval = pace.interval();
        this.screenful = pace.screenful();
        this.busyNanos = pace.busyInterval().toNanos();
        this.capacity = capacity;
        this.uiThread = uiThread;
        this.sink = sink;
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingress-lab-requests-batcher");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        ticker.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Takes a record from the journal's feed. Never blocks; drops the oldest waiting record past the capacity. */
    @Override
    public void accept(RequestRecord record) {
        waiting.offer(record);
        if (waitingCount.incrementAndGet() > capacity && waiting.poll() != null) {
            waitingCount.decrementAndGet();
            skipped.incrementAndGet();
        }
    }

    /**
     * Takes a batch of the session's journal (on its delivery thread): its records as {@link #accept} does, and
     * the records the session dropped for this subscriber counted as skipped. Never blocks.
     */
    public void accept(SessionJournal.Batch batch) {
        batch.records().forEach(this);
        if (batch.dropped() > 0) {
            skipped.addAndGet(batch.dropped());
        }
    }

    /** How many batches the sink has finished applying. */
    public long batchesDelivered() {
        return delivered.get();
    }

    private void tick() {
        int waitingNow = waitingCount.get();
        if (waitingNow == 0) {
            return;
        }
        long now = System.nanoTime();
        if (waitingNow > screenful && sentAny && now - lastSent < busyNanos) {
            return; // more than a screenful: coalesced into a later batch
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        lastSent = now;
        sentAny = true;
        List<RequestRecord> records = new ArrayList<>(Math.min(waitingCount.get(), capacity));
        for (RequestRecord record = waiting.poll(); record != null; record = waiting.poll()) {
            waitingCount.decrementAndGet();
            records.add(record);
            if (records.size() == capacity) {
                break;
            }
        }
        Batch batch = new Batch(records, skipped.getAndSet(0));
        try {
            uiThread.execute(() -> {
                try {
                    sink.accept(batch);
                } finally {
                    delivered.incrementAndGet();
                    inFlight.set(false);
                }
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            inFlight.set(false); // the UI toolkit is gone; the batch is of no use to anyone
        }
    }

    /** Stops ticking; records still waiting are not delivered. */
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
