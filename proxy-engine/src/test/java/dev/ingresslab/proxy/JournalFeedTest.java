package dev.ingresslab.proxy;

import dev.ingresslab.proxy.LeanPathTest.ScriptedBackend;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's consumers through the real proxy: real HTTP over loopback to a real backend, the access log and
 * other subscribers fed off the IO threads in batches, and the request details the GUI asks for.
 */
class JournalFeedTest {

    private static final Function<String, byte[]> OK = head -> bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain"
            + "\r\nContent-Length: 3\r\nX-Backend: ok\r\n\r\nok\n");

    private static RouteTable table(ScriptedBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    private static ProxyServer start(RouteTable table, RequestJournal journal) {
        return ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)
                .withIoThreads(2), null, table, new DirectConnector(), journal, true);
    }

    @Test
    void accessLogLinesAreCompleteAndInOrderPerConnectionAfterABurstAndOnClose() throws Exception {
        int connections = 4;
        int perConnection = 150;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ScriptedBackend backend = new ScriptedBackend(OK)) {
            RequestJournal journal = new RequestJournal(RequestJournal.DEFAULT_CAPACITY);
            ProxyServer proxy = start(table(backend), journal);
            RequestJournal.Subscription feed = journal.subscribeBatches(
                    new AccessLog(new PrintStream(log, false, StandardCharsets.UTF_8), AccessLog.Format.TEXT));
            ExecutorService clients = Executors.newFixedThreadPool(connections);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    int connection = c;
                    done.add(clients.submit(() -> {
                        try (Socket socket = new Socket("127.0.0.1", proxy.httpPort())) {
                            socket.setSoTimeout(10_000);
                            for (int i = 0; i < perConnection; i++) {
                                socket.getOutputStream().write(bytes("GET /c" + connection + "/" + i
                                        + " HTTP/1.1\r\nHost: web.example.com\r\n\r\n"));
                                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> client : done) {
                    client.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
                proxy.close(); // as ProxyRuntime stops: the proxy, then the log's feed, which writes what is left
                feed.close();
                journal.close();
            }
        }

        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(connections * perConnection);
        Pattern line = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 200 GET web\\.example\\.com/c(\\d)/(\\d+)  "
                + "default/web rule 0 path 0 .* @ 127\\.0\\.0\\.1:\\d+  \\d+\\.\\d ms");
        int[] next = new int[connections];
        for (String text : lines) {
            Matcher m = line.matcher(text);
            assertThat(m.matches()).as("a whole line: %s", text).isTrue();
            int connection = Integer.parseInt(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).as("connection %d's order", connection)
                    .isEqualTo(next[connection]++);
        }
    }

    @Test
    void aStalledSubscriberDoesNotSlowTheProxyAndWhatItMissesIsCounted() throws Exception {
        int requests = 400;
        CountDownLatch release = new CountDownLatch(1);
        List<RequestRecord> delivered = new CopyOnWriteArrayList<>();
        AtomicLong missed = new AtomicLong();
        AtomicLong firstBatch = new AtomicLong(-1);
        RequestJournal journal = new RequestJournal(64);
        try (ScriptedBackend backend = new ScriptedBackend(OK)) {
            ProxyServer proxy = start(table(backend), journal);
            RequestJournal.Subscription stalled = journal.subscribeBatches(new JournalSubscriber() {
                @Override
                public void accept(List<RequestRecord> batch) {
                    firstBatch.compareAndSet(-1, batch.size());
                    await(release);
                    delivered.addAll(batch);
                }

                @Override
                public void missed(long count) {
                    missed.addAndGet(count);
                }
            });
            try (Socket socket = new Socket("127.0.0.1", proxy.httpPort())) {
                socket.setSoTimeout(10_000);
                long start = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    socket.getOutputStream().write(bytes("GET /s/" + i + " HTTP/1.1\r\nHost: web.example.com\r\n\r\n"));
                    assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
                }
                // the subscriber is stuck in its first batch all along: a proxy that waited for it would hang here
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            } finally {
                JournalWaits.awaitListed(journal, requests);
                release.countDown();
                proxy.close();
                stalled.close();
                journal.close();
            }
        }

        assertThat(journal.count()).isEqualTo(requests);
        assertThat(missed.get()).isPositive();
        assertThat(delivered.size() - firstBatch.get()).as("bounded: after the batch it was stuck in, the ring's 64")
                .isLessThanOrEqualTo(64);
        assertThat(delivered.size() + missed.get()).isEqualTo(requests);
        assertThat(journal.dropped()).isEqualTo(missed.get());
        assertThat(delivered).extracting(RequestRecord::sequence).isSorted();
    }

    @Test
    void detailsAreCapturedOnlyWhileASubscriberAsksForThem() throws Exception {
        RequestJournal journal = new RequestJournal(100);
        try (ScriptedBackend backend = new ScriptedBackend(OK)) {
            ProxyServer proxy = start(table(backend), journal);
            try {
                exchange(proxy, "GET /before HTTP/1.1\r\nHost: web.example.com\r\n\r\n");
                JournalWaits.awaitListed(journal, 1); // recorded before the subscription: not fed to it
                Collector details = new Collector(true);
                RequestJournal.Subscription subscription = journal.subscribeBatches(details);
                assertThat(journal.capturesDetails()).isTrue();
                exchange(proxy, "GET /during HTTP/1.1\r\nHost: web.example.com\r\n\r\n");
                JournalWaits.awaitListed(journal, 2);
                subscription.close();
                assertThat(journal.capturesDetails()).isFalse();
                exchange(proxy, "GET /after HTTP/1.1\r\nHost: web.example.com\r\n\r\n");
                JournalWaits.awaitListed(journal, 3);

                assertThat(journal.recent(3)).extracting(r -> r.target() + " " + (r.details() != null))
                        .containsExactly("/before false", "/during true", "/after false");
                assertThat(details.records).extracting(RequestRecord::target).containsExactly("/during");
            } finally {
                proxy.close();
                journal.close();
            }
        }
    }

    @Test
    void detailsHoldTheHeadsBytesAsSentOnTheFront() throws Exception {
        String request = "GET /front?q=1 HTTP/1.1\r\nHost: web.example.com\r\nX-Custom:  spaced \t\r\n"
                + "Accept: a\r\nAccept: b\r\n\r\n";
        RecordWithHeads seen = throughTheProxy(request);

        RequestDetails details = seen.record.details();
        assertThat(new String(details.requestHead(), StandardCharsets.ISO_8859_1)).isEqualTo(request);
        assertThat(new String(details.responseHead(), StandardCharsets.ISO_8859_1)).isEqualTo(seen.responseHead);
        assertThat(details.requestHeadTruncated()).isFalse();
        assertThat(seen.record.outcome()).isEqualTo(Outcome.ROUTED.jsonName());
        assertThat(seen.record.upstreamTarget()).isEqualTo("/front?q=1");
        HeadText parsed = details.request();
        assertThat(parsed.startLine()).isEqualTo("GET /front?q=1 HTTP/1.1");
        assertThat(parsed.values("x-custom")).containsExactly("spaced");
        assertThat(parsed.values("Accept")).containsExactly("a", "b");
        assertThat(details.response().startLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(details.response().values("X-Backend")).containsExactly("ok");
    }

    @Test
    void detailsAreCapturedOnUndertowsPathsToo() throws Exception {
        // a body: Undertow's proxy handler
        RecordWithHeads post = throughTheProxy("POST /post HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 3"
                + "\r\n\r\nabc");
        assertThat(post.record.details().request().startLine()).isEqualTo("POST /post HTTP/1.1");
        assertThat(post.record.details().request().values("Content-Length")).containsExactly("3");
        assertThat(post.record.details().response().startLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(post.record.details().response().values("X-Backend")).containsExactly("ok");

        // HTTP/1.0: handed to Undertow, then the lean path through ExchangeClient
        RecordWithHeads old = throughTheProxy("GET /h10 HTTP/1.0\r\nHost: web.example.com\r\n\r\n");
        assertThat(old.record.details().request().startLine()).isEqualTo("GET /h10 HTTP/1.0");
        assertThat(old.record.details().response().values("X-Backend")).containsExactly("ok");
        assertThat(old.record.details().response().startLine()).isEqualTo(old.responseHead.lines().findFirst()
                .orElseThrow());

        // the proxy's own answer: a 404
        RecordWithHeads missing = throughTheProxy("GET /x HTTP/1.1\r\nHost: nowhere.example.com\r\n\r\n");
        assertThat(missing.record.details().response().startLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(missing.record.outcome()).isEqualTo(Outcome.NOT_FOUND.jsonName());
        assertThat(missing.record.details().response().values("X-Ingress-Lab-Route")).isNotEmpty();
    }

    @Test
    void aHeadLongerThanTheCapIsCutAndSaysSo() throws Exception {
        String request = "GET /big HTTP/1.1\r\nHost: web.example.com\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n";
        RecordWithHeads seen = throughTheProxy(request);

        RequestDetails details = seen.record.details();
        assertThat(details.requestHeadTruncated()).isTrue();
        assertThat(details.requestHead()).hasSize(RequestDetails.MAX_HEAD_BYTES);
        assertThat(details.request().truncated()).isTrue();
        assertThat(details.request().startLine()).isEqualTo("GET /big HTTP/1.1");
    }

    @Test
    void pipelinedRequestsOnOneConnectionEachKeepTheirOwnHeads() throws Exception {
        // the front reads both heads into one buffer; each record's request head is read from it when its own
        // response goes out, so the second must not show the first's bytes, nor the first the second's
        String first = "GET /one HTTP/1.1\r\nHost: web.example.com\r\nX-Seq: 1\r\n\r\n";
        String second = "GET /two?x=y HTTP/1.1\r\nHost: web.example.com\r\nX-Seq: 2\r\nX-Seq: 2b\r\nX-Pad: "
                + "p".repeat(3_000) + "\r\n\r\n";
        RequestJournal journal = new RequestJournal(100);
        Collector collector = new Collector(true);
        try (ScriptedBackend backend = new ScriptedBackend(head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "X-For: " + head.lines().findFirst().orElse("") + "\r\n\r\nok\n"))) {
            ProxyServer proxy = start(table(backend), journal);
            RequestJournal.Subscription subscription = journal.subscribeBatches(collector);
            List<String> responses = new ArrayList<>();
            try (Socket socket = new Socket("127.0.0.1", proxy.httpPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write((first + second).getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                for (int i = 0; i < 2; i++) {
                    String response = readResponse(socket.getInputStream());
                    responses.add(response.substring(0, response.indexOf("\r\n\r\n") + 4));
                }
                JournalWaits.awaitListed(journal, 2);
            } finally {
                proxy.close();
                subscription.close();
                journal.close();
            }
            assertThat(collector.records).hasSize(2);
            for (int i = 0; i < 2; i++) {
                RequestDetails details = collector.records.get(i).details();
                assertThat(new String(details.requestHead(), StandardCharsets.ISO_8859_1))
                        .isEqualTo(i == 0 ? first : second);
                assertThat(new String(details.responseHead(), StandardCharsets.ISO_8859_1))
                        .isEqualTo(responses.get(i));
            }
            assertThat(collector.records.get(1).details().request().values("X-Seq")).containsExactly("2", "2b");
            assertThat(collector.records.get(1).details().response().values("X-For"))
                    .containsExactly("GET /two?x=y HTTP/1.1");
        }
    }

    @Test
    void bytesBeyondAsciiInTheHeadsAreKeptAsTheyCame() throws Exception {
        // obs-text (RFC 9110 §5.5): field values may carry bytes 0x80-0xFF; the details keep the bytes and read each
        // as one ISO-8859-1 character, as the wire has no other charset for them. The front leaves such a head to
        // Undertow, whose fields are written back grouped by name: the line's bytes are kept, not the order
        String text = "GET /caf%C3%A9 HTTP/1.1\r\nHost: web.example.com\r\nX-Name: caf\u00e9 \u00ff\u0080\r\n\r\n";
        byte[] request = text.getBytes(StandardCharsets.ISO_8859_1);
        RecordWithHeads seen = throughTheProxy(new String(request, StandardCharsets.ISO_8859_1));

        RequestDetails details = seen.record.details();
        String head = new String(details.requestHead(), StandardCharsets.ISO_8859_1);
        assertThat(head).contains("\r\nX-Name: caf\u00e9 \u00ff\u0080\r\n").contains("\r\nHost: web.example.com\r\n")
                .endsWith("\r\n\r\n").hasSize(request.length);
        assertThat(details.request().values("X-Name")).containsExactly("caf\u00e9 \u00ff\u0080");
        assertThat(details.request().startLine()).isEqualTo("GET /caf%C3%A9 HTTP/1.1");
    }

    @Test
    void aRequestWhoseClientLeftBeforeItsAnswerKeepsItsHeadAndACutHeadMakesNoRecord() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        String request = "GET /left HTTP/1.1\r\nHost: web.example.com\r\nX-Trace: abc\r\n\r\n";
        RequestJournal journal = new RequestJournal(100);
        Collector collector = new Collector(true);
        try (ScriptedBackend backend = new ScriptedBackend(head -> {
            await(clientGone); // answers only once the client has closed its connection
            return OK.apply(head);
        })) {
            ProxyServer proxy = start(table(backend), journal);
            RequestJournal.Subscription subscription = journal.subscribeBatches(collector);
            try {
                try (Socket cut = new Socket("127.0.0.1", proxy.httpPort())) { // a head cut short by the close
                    cut.getOutputStream().write(bytes("GET /cut HTTP/1.1\r\nHost: web.exa"));
                    cut.getOutputStream().flush();
                }
                try (Socket socket = new Socket("127.0.0.1", proxy.httpPort())) {
                    socket.getOutputStream().write(bytes(request));
                    socket.getOutputStream().flush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (backend.requests.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(5); // the request reached the backend: it is in flight on the front
                    }
                    assertThat(backend.requests).hasSize(1);
                }
                clientGone.countDown();
                JournalWaits.awaitListed(journal, 1);
                Thread.sleep(200); // a record for the cut head would come by now
            } finally {
                proxy.close();
                subscription.close();
                journal.close();
            }
            assertThat(collector.records).extracting(RequestRecord::target).containsExactly("/left");
            RequestDetails details = collector.records.get(0).details();
            assertThat(new String(details.requestHead(), StandardCharsets.ISO_8859_1)).isEqualTo(request);
            assertThat(details.request().values("X-Trace")).containsExactly("abc");
            String response = new String(details.responseHead(), StandardCharsets.ISO_8859_1);
            assertThat(response).as("none, or the head the proxy wrote before it found the client gone")
                    .satisfiesAnyOf(head -> assertThat(head).isEmpty(),
                            head -> assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n"));
        }
    }

    @Test
    void detailsMadeFromHeadsElsewhereEqualTheSameHeadsInOneArray() {
        byte[] request = bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        byte[] response = bytes("HTTP/1.1 204 No Content\r\n\r\n");
        RequestDetails made = new RequestDetails(request, false, response, false, null);
        byte[] joined = RequestDetails.join(request, 0, request.length, response, 0, response.length);
        assertThat(new RequestDetails(joined, request.length, false, false, null)).isEqualTo(made)
                .hasSameHashCodeAs(made);
        assertThat(made.requestHead()).isEqualTo(request);
        assertThat(made.responseHead()).isEqualTo(response);
        made.requestHead()[0] = 'X'; // a copy: the details stay as they were
        assertThat(made.request().startLine()).isEqualTo("GET / HTTP/1.1");
        assertThat(new RequestDetails(request, false, new byte[0], false, null).response().startLine())
                .isEmpty();
    }

    /** Sends one request on a new connection with a details subscriber, and returns its record and response head. */
    private static RecordWithHeads throughTheProxy(String request) throws Exception {
        RequestJournal journal = new RequestJournal(100);
        Collector collector = new Collector(true);
        try (ScriptedBackend backend = new ScriptedBackend(OK)) {
            ProxyServer proxy = start(table(backend), journal);
            RequestJournal.Subscription subscription = journal.subscribeBatches(collector);
            String head;
            try {
                head = exchange(proxy, request);
                JournalWaits.awaitListed(journal, 1);
            } finally {
                proxy.close();
                subscription.close();
                journal.close();
            }
            assertThat(collector.records).hasSize(1);
            return new RecordWithHeads(collector.records.get(0), head);
        }
    }

    private record RecordWithHeads(RequestRecord record, String responseHead) {
    }

    private static final class Collector implements JournalSubscriber {
        final List<RequestRecord> records = new CopyOnWriteArrayList<>();
        private final boolean details;

        Collector(boolean details) {
            this.details = details;
        }

        @Override
        public void accept(List<RequestRecord> batch) {
            records.addAll(batch);
        }

        @Override
        public boolean wantsDetails() {
            return details;
        }
    }

    /** Sends a request on a new connection; returns the response head as received. */
    private static String exchange(ProxyServer proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = ScriptedBackend.readHead(socket.getInputStream());
            assertThat(head).as("a response").isNotNull();
            return head;
        }
    }

    /** One response: its head, then its Content-Length's body. */
    private static String readResponse(InputStream in) throws IOException {
        String head = ScriptedBackend.readHead(in);
        if (head == null) {
            return "(closed)";
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        return length.find() ? head + new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.ISO_8859_1) : head;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
