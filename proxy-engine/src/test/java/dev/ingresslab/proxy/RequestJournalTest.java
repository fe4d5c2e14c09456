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

            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        }
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
    }
}
