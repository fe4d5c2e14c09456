package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with a body and upgrades on the proxy's own upstream connections: the body streamed with back-pressure
 * (a 50 MB upload never sits in memory), framed as the client framed it, {@code Expect: 100-continue} answered by
 * the proxy as nginx does, an early response forwarded, a body never sent twice, a response head's memory bounded,
 * an upgrade's 101 spliced with what follows it and a refused upgrade forwarded as a response. Real HTTP over
 * loopback to raw-socket backends.
 */
class UpstreamBodyTest {

    private static final String HOST = "Host: web.example.com\r\n";

    /** A backend on a raw socket: each connection is served by {@code serve} on its own thread. */
    private static final class RawBackend implements AutoCloseable {
        private final ServerSocket socket;

        RawBackend(Consumer<Socket> serve) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread serving = new Thread(() -> {
                            try (connection) {
                                connection.setSoTimeout(20_000);
                                serve.accept(connection);
                            } catch (IOException e) {
                                // the proxy closed it
                            }
                        });
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "raw-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static RouteTable table(int... ports) {
        return new Cluster().serviceAt("default", "web", ports)
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    @Test
    void expectContinueIsAnsweredByTheProxyAndTheBackendsOwn100IsSkipped() throws Exception {
        try (RecordingBackend backend = RecordingBackend.answering("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /up HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
            InputStream in = new BufferedInputStream(socket.getInputStream());

            assertThat(LeanPathTest.ScriptedBackend.readHead(in)).as("the client waits for this before its body")
                    .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(bytes("hello"));
            String response = LeanPathTest.ScriptedBackend.readHead(in);
            // no second interim status line (not the digits "100", which a header's value may hold)
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("HTTP/1.1 100");
            assertThat(new String(in.readNBytes(2), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
            assertThat(backend.requests).singleElement().asString().startsWith("POST /up HTTP/1.1\r\n")
                    .contains("Content-Length: 5\r\n").endsWith("\r\n\r\nhello")
                    .as("as nginx, the proxy answers the expectation and does not pass it on")
                    .doesNotContainIgnoringCase("expect");
        }
    }

    @Test
    void aLargeUploadStreamsWithBackPressureAndBoundedMemory() throws Exception {
        long size = 50L * 1000 * 1000;
        CountDownLatch[] mayRead = {new CountDownLatch(1)};
        AtomicLong received = new AtomicLong();
        List<String> heads = new CopyOnWriteArrayList<>();
        try (RawBackend backend = new RawBackend(connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                heads.add(head);
                mayRead[0].await(20, TimeUnit.SECONDS); // not reading: the proxy must stop reading the client
                boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
                long got = chunked ? readChunked(in) : skip(in, size);
                received.set(got);
                connection.getOutputStream().write(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + Long.toString(got)
                        .length() + "\r\n\r\n" + got));
            } catch (IOException | InterruptedException e) {
                // ends the test's wait
            }
        });
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true)) {
            for (boolean chunked : new boolean[] {false, true}) {
                heads.clear();
                mayRead[0] = new CountDownLatch(1);
                System.gc();
                long heapBefore = usedHeap();
                try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
                    socket.setSoTimeout(30_000);
                    AtomicLong sent = new AtomicLong();
                    Thread uploader = new Thread(() -> upload(socket, size, chunked, sent));
                    uploader.setDaemon(true);
                    uploader.start();
                    Thread.sleep(1_500); // the client writes as fast as it may while the backend reads nothing

                    long inFlight = sent.get();
                    assertThat(inFlight).as("bytes taken from the client while the backend read none (socket"
                            + " buffers and one pooled buffer)").isLessThan(16L * 1024 * 1024);
                    long heapDuring = usedHeap();
                    System.out.printf("upload of %d bytes (%s): %d taken from the client while the backend read"
                            + " none, heap growth %d KiB%n", size, chunked ? "chunked" : "Content-Length", inFlight,
                            (heapDuring - heapBefore) / 1024);
                    mayRead[0].countDown();
                    uploader.join(30_000);
                    assertThat(sent.get()).isEqualTo(size);
                    assertThat(response(socket)).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\n" + size);
                    assertThat(received.get()).isEqualTo(size);
                    assertThat(heads).singleElement().asString().contains(chunked ? "Transfer-Encoding: chunked\r\n"
                            : "Content-Length: " + size + "\r\n");
                    assertThat(heapDuring - heapBefore).as("heap growth while the upload was held back")
                            .isLessThan(24L * 1024 * 1024);
                }
            }
        }
    }

    @Test
    void anEarlyResponseIsForwardedBeforeTheWholeBodyWasSent() throws Exception {
        try (RawBackend backend = new RawBackend(connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                LeanPathTest.ScriptedBackend.readHead(in);
                OutputStream out = connection.getOutputStream();
                out.write(bytes("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\n"
                        + "too big\n"));
                out.flush();
                Thread.sleep(1_000); // then closes, most of the body unread
            } catch (IOException | InterruptedException e) {
                // closed
            }
        });
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            long size = 20L * 1000 * 1000;
            AtomicLong sent = new AtomicLong();
            Thread uploader = new Thread(() -> upload(socket, size, false, sent));
            uploader.setDaemon(true);
            uploader.start();

            InputStream in = socket.getInputStream();
            String head = LeanPathTest.ScriptedBackend.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 413 ");
            // the backend never reads the body: waiting to send all of it before reading the answer would hang here
            assertThat(new String(in.readNBytes(8), StandardCharsets.ISO_8859_1)).isEqualTo("too big\n");
        }
    }

    @Test
    void aBodyIsNeverSentTwiceOnceAnyOfItWasSent() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Consumer<Socket> readsThenCloses = connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                got.add(head + new String(in.readNBytes(5), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // closed
            }
        };
        try (RawBackend a = new RawBackend(readsThenCloses); RawBackend b = new RawBackend(readsThenCloses);
             ProxyFixture proxy = new ProxyFixture(table(a.port(), b.port()), ProxySettings.defaults(), true)) {
            String answer = proxy.raw("POST /once HTTP/1.1\r\n" + HOST + "Connection: close\r\nContent-Length: 5"
                    + "\r\n\r\nhello");

            assertThat(answer).startsWith("HTTP/1.1 502 ").contains("closed the connection before answering");
            assertThat(got).as("a POST is not idempotent: one endpoint got it, once").singleElement().asString()
                    .endsWith("hello");
        }
    }

    @Test
    void eightHugeResponseHeadsAtOnceCostAtMostTheirBoundEach() throws Exception {
        AtomicLong written = new AtomicLong();
        byte[] piece = bytes("X-Big-" + "a".repeat(64 * 1024 - 10) + "\r\n");
        try (RawBackend backend = new RawBackend(connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                if (head.startsWith("POST")) {
                    in.readNBytes(5);
                }
                OutputStream out = connection.getOutputStream();
                out.write(bytes("HTTP/1.1 200 OK\r\n"));
                for (int i = 0; i < 1024; i++) { // a 64 MiB head, written until the proxy stops reading
                    out.write(piece);
                    written.addAndGet(piece.length);
                }
            } catch (IOException e) {
                // the proxy closed it
            }
        });
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true)) {
            for (String request : List.of(
                    "POST /big HTTP/1.1\r\n" + HOST + "Connection: close\r\nContent-Length: 5\r\n\r\nhello",
                    "GET /big HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n")) {
                written.set(0);
                System.gc();
                long heapBefore = usedHeap();
                ExecutorService clients = Executors.newFixedThreadPool(8);
                try {
                    List<Future<String>> answers = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        answers.add(clients.submit(() -> exchange(proxy, request)));
                    }
                    long heapPeak = 0;
                    for (Future<String> answer : answers) {
                        heapPeak = Math.max(heapPeak, usedHeap());
                        assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 502 ")
                                .contains("its head is larger than 32768 bytes");
                    }
                    System.out.printf("eight 64 MiB response heads: heap growth %d KiB%n", (heapPeak - heapBefore) / 1024);
                    assertThat(heapPeak - heapBefore).as("heap growth for eight 64 MiB heads")
                            .isLessThan(64L * 1024 * 1024);
                } finally {
                    clients.shutdownNow();
                }
                Thread.sleep(300);
                System.out.printf("eight 64 MiB response heads (%s): the backend wrote %d bytes in all%n",
                        request.substring(0, request.indexOf(' ')), written.get());
                assertThat(written.get()).as("what the backends could write: each head was cut after 32 KiB and"
                        + " what the socket buffers held").isLessThan(8L * 8 * 1024 * 1024);
            }
        }
    }

    @Test
    void anUpgradeSplicesWhatFollowsThe101AndARefusedUpgradeIsAResponse() throws Exception {
        try (RawBackend backend = new RawBackend(connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                OutputStream out = connection.getOutputStream();
                if (head.startsWith("GET /refuse")) {
                    out.write(bytes("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 4\r\n\r\nnope"));
                    return;
                }
                // the 101, and at once the protocol's first bytes, in one write
                out.write(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n"
                        + "X-Echo: yes\r\n\r\nhello:"));
                out.flush();
                byte[] buffer = new byte[1024];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            }
        });
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(bytes("GET /echo HTTP/1.1\r\n" + HOST
                        + "Connection: Upgrade\r\nUpgrade: echo\r\n\r\n"));
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("Upgrade: echo\r\n")
                        .containsIgnoringCase("Connection: upgrade\r\n").contains("X-Echo: yes\r\n");
                assertThat(new String(in.readNBytes(6), StandardCharsets.ISO_8859_1)).isEqualTo("hello:");
                socket.getOutputStream().write(bytes("ping"));
                assertThat(new String(in.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("ping");
                socket.shutdownOutput();
                assertThat(in.read()).as("the backend's end reaches the client").isEqualTo(-1);
            }
            String refused = exchange(proxy, "GET /refuse HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: echo"
                    + "\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 426 ").endsWith("\r\n\r\nnope");
        }
    }

    @Test
    void aConnectionWhoseUpgradeWasDeclinedIsNotReused() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> afterDecline = new java.util.concurrent.CompletableFuture<>();
        try (RawBackend backend = new RawBackend(connection -> {
            try {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                LeanPathTest.ScriptedBackend.readHead(in);
                // declined, and the connection left open without a word, as a server may do
                connection.getOutputStream().write(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno"));
                afterDecline.complete(in.read());
            } catch (IOException e) {
                afterDecline.complete(-2);
            }
        });
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true)) {
            String declined = exchange(proxy, "GET /ws HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: echo"
                    + "\r\n\r\n");
            assertThat(declined).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nno");
            assertThat(afterDecline.get(10, TimeUnit.SECONDS)).as("the proxy closes the declined connection")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aHeadNearTheLimitWithTheEdgesFieldsGoesOutWhole() throws Exception {
        try (RecordingBackend backend = RecordingBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults(), true)) {
            String big = "X-Big: " + "b".repeat(32 * 1024 - 200) + "\r\n"; // the head just under the 32 KiB accepted
            for (String request : List.of("GET /get HTTP/1.1\r\n" + HOST + big + "\r\n",
                    "POST /post HTTP/1.1\r\n" + HOST + big + "Content-Length: 2\r\n\r\nhi")) {
                assertThat(exchange(proxy, request)).as(request.substring(0, 9)).startsWith("HTTP/1.1 200 ")
                        .endsWith("\r\n\r\nok");
            }
            assertThat(backend.requests).hasSize(2);
            assertThat(backend.requests.get(0)).contains(big).contains("X-Forwarded-For: 127.0.0.1\r\n");
            assertThat(backend.requests.get(1)).contains(big).endsWith("\r\n\r\nhi");
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyGets408AndTheBackendNoWholeRequest() throws Exception {
        try (RecordingBackend backend = RecordingBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             ProxyFixture proxy = new ProxyFixture(table(backend.port()), ProxySettings.defaults()
                     .withUpstreamTimeout(java.time.Duration.ofMillis(500)), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("POST /slow HTTP/1.1\r\n" + HOST + "Content-Length: 10\r\n\r\nabc"));
            long start = System.nanoTime();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("the client's stall, not the backend's: no 504").startsWith("HTTP/1.1 408 ")
                    .contains("no more of the request's body came within the upstream timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
            assertThat(backend.awaitRequests(1)).singleElement().asString().startsWith("INCOMPLETE: POST /slow ")
                    .endsWith("abc");
        }
    }

    /** Sends {@code request} on a new connection; the one response it gets, head and Content-Length body. */
    private static String exchange(ProxyFixture proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(request));
            return response(socket);
        }
    }

    /** The next response on {@code socket}: its head and as many body bytes as its Content-Length says. */
    private static String response(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = LeanPathTest.ScriptedBackend.readHead(in);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)$")
                .matcher(head);
        int size = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(size), StandardCharsets.ISO_8859_1);
    }

    /** Sends a POST head and {@code size} body bytes, framed by length or in chunks, counting what was taken. */
    private static void upload(Socket socket, long size, boolean chunked, AtomicLong sent) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /upload HTTP/1.1\r\n" + HOST + (chunked ? "Transfer-Encoding: chunked"
                    : "Content-Length: " + size) + "\r\n\r\n"));
            byte[] block = new byte[64 * 1024];
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(block.length, left);
                if (chunked) {
                    out.write(bytes(Integer.toHexString(n) + "\r\n"));
                }
                out.write(block, 0, n);
                if (chunked) {
                    out.write(bytes("\r\n"));
                }
                left -= n;
                sent.addAndGet(n);
            }
            if (chunked) {
                out.write(bytes("0\r\n\r\n"));
            }
            out.flush();
        } catch (IOException e) {
            // the proxy closed the connection (an early response): the count says how far it got
        }
    }

    /** Reads a chunked body to its end; its decoded length. */
    private static long readChunked(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            String line = line(in);
            int chunk = Integer.parseInt(line.trim(), 16);
            if (chunk == 0) {
                line(in);
                return total;
            }
            total += skip(in, chunk);
            line(in);
        }
    }

    /** Reads and drops up to {@code count} bytes; how many there were before the stream ended. */
    private static long skip(InputStream in, long count) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        while (done < count) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - done));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
