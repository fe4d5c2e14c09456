package dev.ingresslab.core;

import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's batched feed over the proxy's {@link RequestJournal}. */
class SessionJournalTest {

    private static RequestRecord record(long sequence) {
        return new RequestRecord(sequence, "id-" + sequence, Instant.now(), "127.0.0.1", "GET", "http",
                "alpaca.example.com", "/" + sequence, "routed", "default/host-ingress rule 0 path 0", "default/alpaca:8080",
                "10.0.0.7:8080", "direct", "/" + sequence, 200, 10, 100, 0, 50, "");
    }

    @Test
    void requestsComeInBatchesAtMostOncePerIntervalInOrder() throws Exception {
        try (RequestJournal requests = new RequestJournal(10_000)) {
            SessionJournal journal = new SessionJournal(requests);
            List<SessionJournal.Batch> batches = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            Subscription subscription = journal.subscribe(Duration.ofMillis(100), batch -> {
                batches.add(batch);
                threads.add(Thread.currentThread().getName());
            });
            long started = System.nanoTime();
            for (int i = 0; i < 3_000; i++) {
                requests.record(record(i));
            }
            awaitRecords(batches, 3_000);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(batches.size()).as("one batch per 100 ms at most").isLessThanOrEqualTo(
                    (int) (elapsedMillis / 100) + 1);
            assertThat(batches.stream().flatMap(batch -> batch.records().stream()).map(RequestRecord::sequence))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 3_000).boxed().toList());
            assertThat(batches).allSatisfy(batch -> assertThat(batch.dropped()).isZero());
            assertThat(threads).allMatch(name -> name.startsWith("ingress-lab-journal-batches"));
            assertThat(journal.recent(2)).extracting(RequestRecord::sequence).containsExactly(2_998L, 2_999L);
            assertThat(journal.count()).isEqualTo(3_000);
            subscription.close();
            requests.record(record(3_000));
            Thread.sleep(300);
            assertThat(batches.stream().mapToInt(batch -> batch.records().size()).sum()).as("closed: no more")
                    .isEqualTo(3_000);
        }
    }

    @Test
    void theProxyCapturesDetailsOnlyWhileASubscriberAsksForThem() throws Exception {
        try (RequestJournal requests = new RequestJournal(10_000)) {
            SessionJournal journal = new SessionJournal(requests);
            Subscription plain = journal.subscribe(Duration.ofMillis(10), batch -> { });
            Subscription each = journal.each(record -> { });
            assertThat(requests.capturesDetails()).as("the command line's subscribers do not ask").isFalse();

            Subscription first = journal.subscribeWithDetails(Duration.ofMillis(10), batch -> { });
            Subscription second = journal.subscribeWithDetails(Duration.ofMillis(10), batch -> { });
            assertThat(requests.capturesDetails()).isTrue();
            first.close();
            assertThat(requests.capturesDetails()).as("one still asks").isTrue();
            second.close();
            assertThat(requests.capturesDetails()).isFalse();
            second.close(); // closing twice changes nothing
            assertThat(requests.capturesDetails()).isFalse();

            List<SessionJournal.Batch> batches = new CopyOnWriteArrayList<>();
            Subscription third = journal.subscribeWithDetails(Duration.ofMillis(10), batches::add);
            for (int i = 0; i < 50; i++) {
                requests.record(record(i));
            }
            awaitRecords(batches, 50);
            assertThat(batches.stream().flatMap(batch -> batch.records().stream()).map(RequestRecord::sequence))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
            journal.close(); // the session closes: every subscription stops, and the capture with them
            assertThat(requests.capturesDetails()).isFalse();
            plain.close();
            each.close();
            third.close();
        }
    }

    @Test
    void aSlowSubscriberLosesRecordsCountedAndNeverSlowsTheRecorder() throws Exception {
        try (RequestJournal requests = new RequestJournal(10_000)) {
            SessionJournal journal = new SessionJournal(requests);
            CountDownLatch release = new CountDownLatch(1);
            List<SessionJournal.Batch> batches = new CopyOnWriteArrayList<>();
            List<Boolean> released = new CopyOnWriteArrayList<>();
            Subscription slow = journal.subscribe(Duration.ofMillis(10), batch -> {
                batches.add(batch);
                try {
                    released.add(release.await(10, TimeUnit.SECONDS)); // the first batch blocks its thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            requests.record(record(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (batches.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int more = SessionJournal.PENDING_CAPACITY + 5_000;
            for (int i = 1; i <= more; i++) {
                requests.record(record(i));
            }
            // no clock decides it: a recorder that waited for the subscriber would be here only after its 10 s wait
            assertThat(released).as("recording never waits for a subscriber: it is still held, by the test alone")
                    .isEmpty();
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slow.dropped() < 5_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            release.countDown();
            long total = 1 + more;
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (delivered(batches) + slow.dropped() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // at least what did not fit in the pending queue; more when the journal's own ring (10,000) was lapped
            // before its feed read it (a busy machine): those are counted too, so nothing is lost uncounted
            assertThat(slow.dropped()).isGreaterThanOrEqualTo(5_000);
            assertThat(delivered(batches) + slow.dropped()).as("every record delivered or counted").isEqualTo(total);
            assertThat(batches.stream().mapToLong(SessionJournal.Batch::dropped).sum()).as("said in the batches")
                    .isEqualTo(slow.dropped());
            assertThat(released).as("every wait ended by the release").doesNotContain(false);
            slow.close();
        }
    }

    private static long delivered(List<SessionJournal.Batch> batches) {
        return batches.stream().mapToLong(batch -> batch.records().size()).sum();
    }

    private static void awaitRecords(List<SessionJournal.Batch> batches, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (delivered(batches) < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(delivered(batches)).isEqualTo(count);
    }
}
