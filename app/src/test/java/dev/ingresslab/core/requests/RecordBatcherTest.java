package dev.ingresslab.core.requests;

import dev.ingresslab.core.SessionJournal;
import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches reach the UI at most 20 times a second (fewer during a flood), bounded, and a stuck UI never holds up the
 * journal's feed.
 */
class RecordBatcherTest {

    @TempDir
    Path dir;

    private static RequestRecord record(long n) {
        return new RequestRecord(n, "id-" + n, Instant.EPOCH, "127.0.0.1", "GET", "http", "a.example.com", "/" + n,
                "routed", "rule", "default/a:80", "127.0.0.1:1", "direct", "/" + n, 200, 1, 1, 0, 1, "");
    }

    /** A UI that keeps each batch it is given, then stays busy applying it until {@code stuck} is counted down. */
    private static Consumer<RecordBatcher.Batch> stuckUi(BlockingQueue<RecordBatcher.Batch> batches,
                                                          CountDownLatch stuck) {
        return batch -> {
            batches.add(batch);
            try {
                stuck.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aStuckUiNeverHoldsUpTheFeedAndGetsTheNewestRecordsWhenItWakes() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        CountDownLatch stuck = new CountDownLatch(1);
        BlockingQueue<RecordBatcher.Batch> batches = new LinkedBlockingQueue<>();
        try (RecordBatcher batcher = new RecordBatcher(Duration.ofMillis(20), 1_000, ui, stuckUi(batches, stuck))) {
            batcher.accept(record(0));
            RecordBatcher.Batch first = batches.poll(10, TimeUnit.SECONDS); // the UI is now stuck applying it
            assertThat(first.records()).extracting(RequestRecord::sequence).containsExactly(0L);

            long start = System.nanoTime();
            for (int i = 1; i <= 200_000; i++) {
                batcher.accept(record(i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            Thread.sleep(100); // ticks that find the UI busy send nothing more
            assertThat(batches).isEmpty();

            stuck.countDown();
            RecordBatcher.Batch next = batches.poll(10, TimeUnit.SECONDS);
            assertThat(next.records()).hasSize(1_000);
            assertThat(next.records().get(0).sequence()).isEqualTo(199_001);
            assertThat(next.records().get(999).sequence()).isEqualTo(200_000);
            assertThat(next.skipped()).isEqualTo(199_000);
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void theJournalsBatchesAreCutToTheNewestAtTheCapacityAndWhatTheSessionDroppedIsCounted() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        CountDownLatch stuck = new CountDownLatch(1);
        BlockingQueue<RecordBatcher.Batch> batches = new LinkedBlockingQueue<>();
        try (RecordBatcher batcher = new RecordBatcher(Duration.ofMillis(20), 1_000, ui, stuckUi(batches, stuck))) {
            batcher.accept(new SessionJournal.Batch(List.of(record(0)), 0));
            assertThat(batches.poll(10, TimeUnit.SECONDS).records()).extracting(RequestRecord::sequence)
                    .containsExactly(0L); // the UI is now stuck applying it

            long next = 1;
            for (int batch = 0; batch < 700; batch++) { // the session's feed: batches of 300, 3 dropped before each
                List<RequestRecord> records = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    records.add(record(next++));
                }
                batcher.accept(new SessionJournal.Batch(records, 3));
            }
            Thread.sleep(100);
            assertThat(batches).isEmpty();

            stuck.countDown();
            RecordBatcher.Batch newest = batches.poll(10, TimeUnit.SECONDS);
            assertThat(newest.records()).as("the newest 1,000, oldest first, though no list held exactly them")
                    .extracting(RequestRecord::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(209_001, 210_000).boxed()
                            .toList());
            assertThat(newest.skipped()).as("records past the capacity, and those the session dropped")
                    .isEqualTo(210_000 - 1_000 + 700 * 3);
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void atMostOneBatchPerIntervalUnderASteadyFeed() throws Exception {
        List<Long> deliveredAt = new CopyOnWriteArrayList<>();
        List<Long> sequences = new CopyOnWriteArrayList<>();
        AtomicLong skipped = new AtomicLong();
        try (RecordBatcher batcher = new RecordBatcher(RecordBatcher.DEFAULT_INTERVAL, 10_000, Runnable::run,
                batch -> {
                    deliveredAt.add(System.nanoTime());
                    skipped.addAndGet(batch.skipped());
                    sequences.addAll(batch.records().stream().map(RequestRecord::sequence).toList());
                })) {
            long begin = System.nanoTime();
            long end = begin + Duration.ofSeconds(1).toNanos();
            long n = 0;
            while (System.nanoTime() < end) {
                batcher.accept(record(n++));
                if (n % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            long fed = n;
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sequences.size() + skipped.get() < fed && System.nanoTime() < settle) {
                Thread.sleep(10); // the last records go with the next tick
            }
            long windows = (System.nanoTime() - begin) / RecordBatcher.DEFAULT_INTERVAL.toNanos();
            assertThat((long) deliveredAt.size()).isPositive().isLessThanOrEqualTo(windows + 1);
            for (int i = 1; i < deliveredAt.size(); i++) {
                assertThat(deliveredAt.get(i) - deliveredAt.get(i - 1)).isGreaterThanOrEqualTo(45_000_000L);
            }
            assertThat(sequences.size() + skipped.get()).as("every record delivered or counted as skipped")
                    .isEqualTo(n);
            for (int i = 1; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("in order, once").isGreaterThan(sequences.get(i - 1));
            }
            assertThat(sequences.get(sequences.size() - 1)).as("the newest is delivered").isEqualTo(n - 1);
        }
    }

    @Test
    void aFloodIsCoalescedToTheBusyPaceAndATrickleAfterItGoesAtOnce() throws Exception {
        List<Long> deliveredAt = new CopyOnWriteArrayList<>();
        List<Long> sequences = new CopyOnWriteArrayList<>();
        AtomicLong skipped = new AtomicLong();
        // the busy pace is 100 ticks: the checks below take half of it as the line between the two paces, so a
        // tick or a delivery that a loaded machine delays by some hundreds of ms does not change the verdict
        Duration busy = Duration.ofSeconds(2);
        RecordBatcher.Pace pace = new RecordBatcher.Pace(Duration.ofMillis(20), 10, busy);
        try (RecordBatcher batcher = new RecordBatcher(pace, 10_000, Runnable::run, batch -> {
            long at = System.nanoTime();
            skipped.addAndGet(batch.skipped());
            sequences.addAll(batch.records().stream().map(RequestRecord::sequence).toList());
            deliveredAt.add(at); // last: the test thread waits on it, then reads the sequences
        })) {
            long end = System.nanoTime() + Duration.ofMillis(1_200).toNanos();
            long n = 0;
            while (System.nanoTime() < end) { // about 50 records a tick: five screenfuls
                for (int i = 0; i < 25; i++) {
                    batcher.accept(record(n++));
                }
                Thread.sleep(10);
            }
            long fed = n;
            long settle = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sequences.size() + skipped.get() < fed && System.nanoTime() < settle) {
                Thread.sleep(10);
            }
            assertThat(sequences.size() + skipped.get()).as("every record delivered or counted").isEqualTo(fed);
            assertThat(sequences.get(sequences.size() - 1)).as("the newest is delivered").isEqualTo(fed - 1);
            assertThat(deliveredAt.size()).as("batches of the flood, at most one per 2 s (at the fast pace: 60)")
                    .isBetween(2, 3);
            for (int i = 1; i < deliveredAt.size(); i++) {
                assertThat(deliveredAt.get(i) - deliveredAt.get(i - 1)).isGreaterThanOrEqualTo(busy.toNanos() / 2);
            }

            int before = deliveredAt.size();
            long sent = System.nanoTime();
            batcher.accept(record(fed)); // one record, right after the flood's last batch
            while (deliveredAt.size() == before && System.nanoTime() - sent < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(1);
            }
            assertThat(sequences.get(sequences.size() - 1)).isEqualTo(fed);
            assertThat(deliveredAt.get(before) - sent).as("a trickle goes at the fast pace, not 2 s after the flood")
                    .isLessThan(busy.toNanos() / 2);
        }
    }

    @Test
    void aPaceThatCannotWorkIsRefusedWithWhatItNeeds() {
        assertThatThrownBy(() -> new RecordBatcher.Pace(Duration.ofMillis(50), 64, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy interval no shorter");
        assertThatThrownBy(() -> new RecordBatcher.Pace(Duration.ZERO, 64, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive interval");
        assertThatThrownBy(() -> new RecordBatcher.Pace(Duration.ofMillis(50), 0, Duration.ofMillis(250)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("screenful");
    }

    @Test
    void realRequestsThroughTheProxyArriveBatchedWithTheirRules() throws Exception {
        BlockingQueue<RequestRecord> seen = new LinkedBlockingQueue<>();
        try (RoutedProxy proxy = new RoutedProxy(dir);
             RecordBatcher batcher = new RecordBatcher(RecordBatcher.DEFAULT_INTERVAL, 10_000, Runnable::run,
                     batch -> seen.addAll(batch.records()));
             AutoCloseable feed = proxy.journal().subscribe(RecordBatcher.DEFAULT_INTERVAL, batcher::accept)) {
            proxy.get(RoutedProxy.HOST, "/a/1");
            proxy.get(RoutedProxy.HOST, "/b/2");
            proxy.get("nope.example.com", "/");

            List<RequestRecord> records = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                records.add(seen.poll(10, TimeUnit.SECONDS));
            }
            assertThat(records).extracting(RequestRecord::target).containsExactly("/a/1", "/b/2", "/");
            assertThat(records.get(0).route()).contains("(Prefix /a) -> alpaca:8080");
            assertThat(records.get(1).route()).contains("(Prefix /) -> bandicoot:8080");
            assertThat(records.get(2).outcome()).isEqualTo("not_found");
        }
    }
}
