package dev.ingresslab.core.requests;

import dev.ingresslab.core.Subscription;
import dev.ingresslab.proxy.RequestDetails;
import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay starts from the original request's head as the proxy received it: its fields in order, repeated names
 * kept, less Host, framing and hop-by-hop fields; and the replay's upstream receives them.
 */
class OriginalRequestTest {

    @TempDir
    Path dir;

    @Test
    void aReplayCopiesTheOriginalsFieldsInOrderAndTheBackendReceivesThem() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            List<RequestRecord> kept = new CopyOnWriteArrayList<>();
            try (Subscription feed = proxy.journal().subscribeWithDetails(Duration.ofMillis(5),
                    batch -> kept.addAll(batch.records()))) {
                proxy.get(RoutedProxy.HOST, "/a/trace", "X-Trace: 42\r\nX-Tag: one\r\nX-Tag: two\r\n");
                RequestRecord original = await(kept, "/a/trace");

                ReplayRequest prefilled = ReplayRequest.of(original);

                assertThat(prefilled.headers()).containsExactly(new HeaderField("User-Agent", "curl/8.5.0"),
                        new HeaderField("Accept", "*/*"), new HeaderField("X-Trace", "42"),
                        new HeaderField("X-Tag", "one"), new HeaderField("X-Tag", "two"));
                assertThat(ReplayRequest.parse(prefilled.method(), prefilled.url().toString(),
                        prefilled.headerLines(), prefilled.body())).as("the editor sends back what it shows")
                        .isEqualTo(prefilled);
                assertThat(OriginalRequest.missing(original))
                        .isEqualTo("The original had no body (the journal keeps request heads, not bodies).");

                Replay.Result result = replay(proxy).send(prefilled);

                assertThat(result.requestId()).startsWith("replay-");
                assertThat(result.record()).get().extracting(RequestRecord::route).isEqualTo(original.route());
                Map<String, List<String>> upstream = proxy.received.get(result.requestId());
                assertThat(upstream).as("the backend's fields for the replay").isNotNull();
                assertThat(upstream.get("X-Trace")).containsExactly("42");
                assertThat(upstream.get("X-Tag")).containsExactly("one", "two");
                assertThat(upstream.get("User-Agent")).containsExactly("curl/8.5.0");
                assertThat(upstream.get("Accept")).containsExactly("*/*");
            }
        }
    }

    @Test
    void hopByHopFieldsAndTheClientsRequestIdAreNotCopied() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            List<RequestRecord> kept = new CopyOnWriteArrayList<>();
            try (Subscription feed = proxy.journal().subscribeWithDetails(Duration.ofMillis(5),
                    batch -> kept.addAll(batch.records()))) {
                proxy.get(RoutedProxy.HOST, "/a/hop", "Keep-Alive: timeout=5\r\nConnection: X-Hop\r\n"
                        + "X-Hop: gone\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\nX-Request-Id: client-1\r\n"
                        + "X-Kept: yes\r\n");
                RequestRecord original = await(kept, "/a/hop");
                assertThat(original.details().request().values("X-Hop")).as("the head as received").hasSize(1);

                ReplayRequest prefilled = ReplayRequest.of(original);

                // such a head is Undertow's to parse: its fields come grouped by name, in its order
                assertThat(prefilled.headers()).containsExactlyInAnyOrder(
                        new HeaderField("User-Agent", "curl/8.5.0"), new HeaderField("Accept", "*/*"),
                        new HeaderField("X-Kept", "yes"));

                Replay.Result result = replay(proxy).send(prefilled);

                assertThat(result.requestId()).startsWith("replay-");
                Map<String, List<String>> upstream = proxy.received.get(result.requestId());
                assertThat(upstream).as("the backend's fields for the replay").isNotNull();
                assertThat(upstream.get("X-Kept")).containsExactly("yes");
                assertThat(upstream).doesNotContainKeys("X-Hop", "Keep-Alive", "TE", "Proxy-Connection");
            }
        }
    }

    @Test
    void aBodyIsNotKeptAndTheEditorIsToldItsSize() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            List<RequestRecord> kept = new CopyOnWriteArrayList<>();
            try (Subscription feed = proxy.journal().subscribeWithDetails(Duration.ofMillis(5),
                    batch -> kept.addAll(batch.records()))) {
                proxy.send("POST /a/form HTTP/1.1\r\nHost: alpaca.example.com\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 5\r\nConnection: close\r\n\r\nhello");
                RequestRecord original = await(kept, "/a/form");

                ReplayRequest prefilled = ReplayRequest.of(original);

                assertThat(prefilled.method()).isEqualTo("POST");
                assertThat(prefilled.headers()).containsExactly(new HeaderField("Content-Type", "text/plain"));
                assertThat(prefilled.body()).isEmpty();
                assertThat(OriginalRequest.missing(original)).isEqualTo("The original's body (5 bytes) is not here: "
                        + "the journal keeps request heads, not bodies; type a body to send one.");
            }
        }
    }

    @Test
    void framingUpgradeExpectAndTrailerAreLeftOutAndACutHeadLosesItsLastField() {
        RequestRecord chunked = record("""
                PUT /up HTTP/1.1\r
                Host: alpaca.example.com\r
                Transfer-Encoding: chunked\r
                Expect: 100-continue\r
                Trailer: X-Sum\r
                Upgrade: websocket\r
                Connection: Upgrade, keep-alive\r
                Authorization: Bearer t\r
                Cookie: a=1\r
                Cookie: b=2\r
                \r
                """, false);

        assertThat(OriginalRequest.fields(chunked)).containsExactly(new HeaderField("Authorization", "Bearer t"),
                new HeaderField("Cookie", "a=1"), new HeaderField("Cookie", "b=2"));
        assertThat(OriginalRequest.missing(chunked)).startsWith("The original's body (chunked) is not here");

        RequestRecord cut = record("GET / HTTP/1.1\r\nHost: a\r\nX-Whole: yes\r\nX-Cut: ha", true);
        assertThat(OriginalRequest.fields(cut)).containsExactly(new HeaderField("X-Whole", "yes"));
        assertThat(OriginalRequest.missing(cut)).endsWith("Its head was cut at 16 KiB: the fields after the cut are "
                + "missing.");

        RequestRecord notCaptured = record(null, false);
        assertThat(ReplayRequest.of(notCaptured).headers()).isEmpty();
        assertThat(OriginalRequest.missing(notCaptured)).startsWith("The original's headers were not captured (it "
                + "was served before the window was open)");
    }

    private static Replay replay(RoutedProxy proxy) {
        return new Replay(new ReplayClient(proxy.address(), Duration.ofSeconds(10)), proxy.journal(),
                Duration.ofSeconds(5));
    }

    /** A record as the journal makes it, with {@code head} as its request head (null: no details captured). */
    private static RequestRecord record(String head, boolean truncated) {
        RequestDetails details = head == null ? null : new RequestDetails(head.getBytes(StandardCharsets.ISO_8859_1),
                truncated, new byte[0], false, null);
        return new RequestRecord(1, "id-1", Instant.parse("2026-11-30T11:00:00Z"), "127.0.0.1", "GET", "http",
                "alpaca.example.com", "/", "routed", "default/path-ingress rule 0 path 1 (Prefix /) -> bandicoot:8080",
                "bandicoot:8080", "127.0.0.1:1", "http", "/", 200, 0, 1000, 0, 500, "", details);
    }

    private static RequestRecord await(List<RequestRecord> kept, String target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (RequestRecord record : kept) {
                if (record.target().equals(target)) {
                    return record;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no record of " + target + " within 10 s; the journal showed " + kept);
    }
}
