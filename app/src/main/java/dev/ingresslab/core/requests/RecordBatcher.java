package dev.ingresslab.core.requests;

import dev.ingresslab.core.SessionJournal;
import dev.ingresslab.proxy.RequestRecord;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands journal records to a UI thread in batches: at most one batch per {@code interval} (50 ms: 20 a second),
 * at most one batch in flight, at most {@code capacity} records in a batch (the newest; the view keeps no more rows
 * than that anyway). With a {@link Pace} that coalesces (the Requests view's {@link #VIEW_PACE}), batches slow down
 * while more records wait than a table shows at once, and speed up again as soon as fewer do.
 *
 * <p>{@link #accept} is what the journal's feed calls (one record, or a {@link SessionJournal.Batch}), and it never
 * waits for the UI: it appends the feed's list as it is (a lock held only while a tick takes what waits) and, when
 * more than {@code capacity} records wait, drops the oldest and counts them. A UI thread that falls behind
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
    /** Guards {@link #waiting}, {@link #waitingCount}, {@link #skipped} and the pace's state. */
    private final Object lock = new Object();
    /**
     * The records waiting, oldest first, in the lists the feed handed over (a journal batch is kept as it came: no
     * copy and no queue node per record; at 30,000 requests a second a quarter of a second's records wait).
     */
    private final ArrayDeque<List<RequestRecord>> waiting = new ArrayDeque<>();
    private int waitingCount;
    private long skipped;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final ScheduledExecutorService ticker;
    private final int screenful;
    private final long busyNanos;
    /** When the last batch went to the UI thread ({@link System#nanoTime}). */
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

    /** Takes a record from the journal's feed. Never waits for the UI; drops the oldest waiting past the capacity. */
    @Override
    public void accept(RequestRecord record) {
        offer(List.of(record), 0);
    }

    /**
     * Takes a batch of the session's journal (on its delivery thread): its records as {@link #accept} does (the
     * batch's list is kept, not copied), and the records the session dropped for this subscriber counted as
     * skipped. Never waits for the UI.
     */
    public void accept(SessionJournal.Batch batch) {
        offer(batch.records(), batch.dropped());
    }

    /**
     * Queues {@code records} (immutable, oldest first), then drops whole lists from the oldest end while the rest
     * still holds the capacity: at most {@code capacity} records wait, plus part of one list (the tick cuts it).
     */
    private void offer(List<RequestRecord> records, long dropped) {
        synchronized (lock) {
            skipped += dropped;
            if (records.isEmpty()) {
                return;
            }
            waiting.addLast(records);
            waitingCount += records.size();
            while (waitingCount - waiting.peekFirst().size() >= capacity) {
                int gone = waiting.pollFirst().size();
                waitingCount -= gone;
                skipped += gone;
            }
        }
    }

    /** How many batches the sink has finished applying. */
    public long batchesDelivered() {
        return delivered.get();
    }

    private void tick() {
        RequestRecord[] records;
        long skippedNow;
        synchronized (lock) {
            if (waitingCount == 0) {
                return;
            }
            long now = System.nanoTime();
            if (waitingCount > screenful && sentAny && now - lastSent < busyNanos) {
                return; // more than a screenful: coalesced into a later batch
            }
            if (!inFlight.compareAndSet(false, true)) {
                return;
            }
            lastSent = now;
            sentAny = true;
            int cut = Math.max(0, waitingCount - capacity); // the oldest, past the capacity
            records = new RequestRecord[waitingCount - cut];
            int at = 0;
            int passed = 0;
            for (List<RequestRecord> list : waiting) {
                for (RequestRecord record : list) {
                    if (passed++ >= cut) {
                        records[at++] = record;
                    }
                }
            }
            skippedNow = skipped + cut;
            skipped = 0;
            waiting.clear();
            waitingCount = 0;
        }
        Batch batch = new Batch(Arrays.asList(records), skippedNow);
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
