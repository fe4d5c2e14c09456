package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.OutputStream;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RequestJournalTest {

    static RequestRecord record(long n, int status) {
        return new RequestRecord(n, "id-" + n, Instant.parse("2026-11-26T10:00:00.123Z"), "127.0.0.1", "GET", "http",
                "alpaca.example.com", "/x/../a?q=1", "routed", "default/host-ingress rule 0 path 0 (Prefix /) ->"
                + " alpaca:8080", "default/alpaca:8080", "10.0.0.1:8080", "direct", "/a?q=1", status, 42, 1500, 200,
                900, "");
    }

    @Test
    void keepsTheLastRecordsInARing() {
        try (RequestJournal journal = new RequestJournal(3)) {
            for (int i = 0; i < 5; i++) {
                journal.record(record(i, 200));
            }

            assertThat(journal.count()).isEqualTo(5);
            assertThat(journal.recent(10)).extracting(RequestRecord::requestId).containsExactly("id-2", "id-3", "id-4");
            assertThat(journal.recent(2)).extracting(RequestRecord::requestId).containsExactly("id-3", "id-4");
        }
    }

    @Test
    void aSlowSubscriberNeverBlocksTheWriterAndMissedRecordsAreCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<RequestRecord> seen = new CopyOnWriteArrayList<>();
        try (RequestJournal journal = new RequestJournal(10)) {
            journal.subscribe(r -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(r);
            });
            for (int i = 0; i < 100_000; i++) {
                journal.record(record(i, 200)); // would hang here if the writer waited for the subscriber
            }
            release.countDown();
            journal.close(); // the subscriber counts what it missed when it reads on: closing lets it read to the end

            assertThat(journal.dropped()).isPositive();
            assertThat(journal.count()).isEqualTo(100_000);
        }
        assertThat(seen).isNotEmpty();
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() throws Exception {
        CountDownLatch delivered = new CountDownLatch(2);
        try (RequestJournal journal = new RequestJournal(10)) {
            journal.subscribe(r -> {
                throw new IllegalStateException("broken subscriber");
            });
            journal.subscribe(r -> delivered.countDown());
            journal.record(record(1, 200));
            journal.record(record(2, 200));

            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void recordsFromSeveralThreadsReachASubscriberInBatchesEachThreadsInOrder() throws Exception {
        int threads = 4;
        int each = 20_000;
        List<RequestRecord> seen = new CopyOnWriteArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        try (RequestJournal journal = new RequestJournal(RequestJournal.DEFAULT_CAPACITY)) {
            RequestJournal.Subscription subscription = journal.subscribeBatches(new JournalSubscriber() {
                @Override
                public void accept(List<RequestRecord> batch) {
                    assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(RequestJournal.MAX_BATCH);
                    batches.incrementAndGet();
                    seen.addAll(batch);
                }

                @Override
                public void missed(long count) {
                    seen.add(null); // makes the count below fail: this subscriber keeps up by waiting for the writers
                }
            });
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        journal.record(record(thread * 1_000_000L + i, 200));
                        while (journal.count() - seen.size() > RequestJournal.DEFAULT_CAPACITY / 2) {
                            Thread.onSpinWait(); // stay within the ring's capacity of the reader: no misses here
                            Thread.yield();
                        }
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread writer : writers) {
                writer.join(30_000);
            }
            subscription.close(); // delivers everything recorded before
        }

        assertThat(seen).hasSize(threads * each).doesNotContainNull();
        assertThat(batches.get()).isLessThan(threads * each);
        for (int t = 0; t < threads; t++) {
            long first = t * 1_000_000L;
            assertThat(seen.stream().map(RequestRecord::sequence).filter(n -> n >= first && n < first + each).toList())
                    .as("thread %d's records in the order it recorded them", t).isSorted().hasSize(each);
        }
    }

    @Test
    void closingASubscriptionDeliversEverythingRecordedBeforeAndCallsClosedLast() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (RequestJournal journal = new RequestJournal(1_000)) {
            RequestJournal.Subscription subscription = journal.subscribeBatches(new JournalSubscriber() {
                @Override
                public void accept(List<RequestRecord> batch) {
                    batch.forEach(r -> events.add(r.requestId()));
                }

                @Override
                public void closed() {
                    events.add("closed");
                }
            });
            for (int i = 0; i < 500; i++) {
                journal.record(record(i, 200));
            }
            subscription.close(); // at once: well within the subscriber's polling delay

            assertThat(events).hasSize(501).startsWith("id-0", "id-1").endsWith("id-499", "closed");
            journal.record(record(500, 200));
            Thread.sleep(3 * RequestJournal.POLL_MILLIS);
            assertThat(events).hasSize(501);
        }
    }

    @Test
    void detailsAreAskedForOnlyWhileADetailSubscriberIsSubscribed() {
        try (RequestJournal journal = new RequestJournal(10)) {
            AutoCloseable plain = journal.subscribe(r -> { });
            assertThat(journal.capturesDetails()).isFalse();
            RequestJournal.Subscription gui = journal.subscribeBatches(new JournalSubscriber() {
                @Override
                public void accept(List<RequestRecord> batch) {
                }

                @Override
                public boolean wantsDetails() {
                    return true;
                }
            });
            assertThat(journal.capturesDetails()).isTrue();
            gui.close();
            gui.close(); // twice: counted once
            assertThat(journal.capturesDetails()).isFalse();
        }
    }

    @Test
    void theAccessLogWritesABatchWithOneWriteAndSaysWhatItMissed() throws Exception {
        CountDownLatch firstWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stalling = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                firstWrite.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // a terminal nobody reads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(b, off, len);
            }
        };
        try (RequestJournal journal = new RequestJournal(16)) {
            RequestJournal.Subscription log = journal.subscribeBatches(
                    new AccessLog(new PrintStream(stalling, false, StandardCharsets.UTF_8), AccessLog.Format.TEXT));
            journal.record(record(0, 200));
            assertThat(firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 100; i++) {
                journal.record(record(i, 200)); // the log is stuck in its first write: 100 - 16 are overwritten
            }
            release.countDown();
            log.close();
        }

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1 + 1 + 16);
        assertThat(lines.get(1)).isEqualTo("! the access log fell behind: 84 requests not logged here (the proxy"
                + " served them; the log is written slower than they come)");
        assertThat(lines.subList(2, 18)).allMatch(line -> line.startsWith("10:00:00.123 200 GET "));
        assertThat(writes.get()).as("one write for the first record, one for the rest").isEqualTo(2);
    }

    @Test
    void theAccessLogWritesTextOrJsonLines() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new AccessLog(new PrintStream(text, true, StandardCharsets.UTF_8), AccessLog.Format.TEXT).accept(record(7, 200));
        new AccessLog(new PrintStream(json, true, StandardCharsets.UTF_8), AccessLog.Format.JSON).accept(record(7, 200));

        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("10:00:00.123 200 GET alpaca.example.com/x/../a?q=1"
                + "  default/host-ingress rule 0 path 0 (Prefix /) -> alpaca:8080 @ 10.0.0.1:8080 as /a?q=1  1.5 ms"
                + System.lineSeparator());
        JsonNode line = JsonMapper.builder().build().readTree(json.toString(StandardCharsets.UTF_8));
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("endpoint").asString()).isEqualTo("10.0.0.1:8080");
        assertThat(line.get("upstreamTarget").asString()).isEqualTo("/a?q=1");
        assertThat(json.toString(StandardCharsets.UTF_8).trim()).doesNotContain("\n");
        assertThat(line.has("details")).as("the heads are for the GUI, not the log").isFalse();
    }

    @Test
    void theTextLineRoundsMillisecondsAsBeforeAndWritesTheTimeOfDayInUtc() {
        RequestRecord late = new RequestRecord(1, "id", Instant.parse("2026-11-26T23:59:59.999Z"), "127.0.0.1", "GET",
                "http", "h", "/", "not_found", "no rule", "", "", "", "", 404, 0, 1_450, 0, 0, "");
        RequestRecord slow = new RequestRecord(2, "id", Instant.parse("2026-11-27T00:00:00.005Z"), "127.0.0.1", "GET",
                "http", "h", "/", "not_found", "no rule", "", "", "", "", 404, 0, 12_345_678, 0, 0, "boom");

        assertThat(AccessLog.text(late)).isEqualTo("23:59:59.999 404 GET h/  no rule  "
                + String.format(java.util.Locale.ROOT, "%.1f", 1_450 / 1000.0) + " ms");
        assertThat(AccessLog.text(slow)).isEqualTo("00:00:00.005 404 GET h/  no rule  12345.7 ms  ! boom");
    }
}
