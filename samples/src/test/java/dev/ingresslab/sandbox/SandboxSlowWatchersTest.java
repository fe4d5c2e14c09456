package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Watches whose clients never read, as raw sockets, chunked and over WebSockets alike: the API server drops each
 * once its buffer is full, as kube-apiserver drops a watcher that falls behind, and goes on answering kubectl and
 * stops promptly; and no more watches are open at once than the server can serve, on either transport.
 */
class SandboxSlowWatchersTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final int WATCHERS = 10;
    private static final int OBJECTS = 100;
    private static final int OBJECT_BYTES = 100 * 1024;
    /** Instead of the product's 5 s: a watcher gone or dropped is found as surely, sooner. */
    private static final Duration HEARTBEAT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Socket openWatch(RawHttp api, String token, int receiveBuffer) throws IOException {
        Socket socket = api.connect(receiveBuffer);
        sockets.add(socket);
        socket.getOutputStream().write(("GET /api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** A WebSocket watch (RFC 6455 handshake written by hand) whose answer's head has been read. */
    private Socket openWebSocketWatch(RawHttp api, String token, int receiveBuffer) throws IOException {
        RawWebSocket webSocket = RawWebSocket.open(api, "/api/v1/namespaces/default/configmaps?watch=1",
                "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\n", receiveBuffer);
        sockets.add(webSocket.socket());
        assertThat(webSocket.head).startsWith("HTTP/1.1 101");
        return webSocket.socket();
    }

    /** Reads the answer's head: the watch is open once it has come. */
    private static String head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void watchersThatNeverReadAreDroppedAndTheApiServerGoesOnAnsweringAndStopsPromptly() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT,
                HttpWatch.Limits.DEFAULT.withHeartbeat(HEARTBEAT));
        RawHttp api = RawHttp.apiServer(sandbox.kubeconfig());
        String token = RawHttp.token(sandbox.kubeconfig());
        long rssBefore = residentBytes();
        List<Socket> watchers = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            if (i % 2 == 0) {
                Socket watcher = openWatch(api, token, 4096);
                assertThat(head(watcher)).startsWith("HTTP/1.1 200");
                watchers.add(watcher);
            } else {
                watchers.add(openWebSocketWatch(api, token, 4096));
            }
        }

        // Each watcher is sent 10 MiB of events it never reads (the buffer of each holds 4 MiB).
        String data = "x".repeat(OBJECT_BYTES);
        for (int i = 0; i < OBJECTS; i++) {
            sandbox.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("filler-" + i).endMetadata().addToData("data", data).build()).create();
        }
        long rssAfter = residentBytes();

        // Half of them (three chunked, two WebSockets) now read: each was dropped (its stream ends) with far less than
        // it was sent.
        long sent = (long) OBJECTS * OBJECT_BYTES;
        for (Socket watcher : watchers.subList(0, WATCHERS / 2)) {
            assertThat(drain(watcher)).as("bytes a dropped watcher still gets").isLessThan(sent / 2);
        }
        // The other half close without having read, as in the issue.
        for (Socket watcher : watchers.subList(WATCHERS / 2, WATCHERS)) {
            watcher.close();
        }

        if (Files.isExecutable(KUBECTL)) {
            ProcessBuilder builder = new ProcessBuilder(KUBECTL.toString(), "--request-timeout=20s", "get",
                    "configmaps", "filler-" + (OBJECTS - 1), "-o", "name").redirectErrorStream(true);
            builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
            Process kubectl = builder.start();
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output.trim()).as("kubectl is still answered").isEqualTo("configmap/filler-" + (OBJECTS - 1));
        }
        RawHttp.Answer listed = api.exchange("GET /api/v1/namespaces/default/configmaps?limit=500 HTTP/1.1\n"
                + "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\nConnection: close\n", "");
        assertThat(listed.status()).isEqualTo(200);
        System.gc();
        long heapKept = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("%d watches that never read, %d objects of %d KiB written: the process's RSS went from"
                        + " %d MiB to %d MiB (heap in use after a GC: %d MiB, the objects themselves included);"
                        + " every watch was dropped and answers are still served%n", WATCHERS, OBJECTS,
                OBJECT_BYTES / 1024, rssBefore >> 20, rssAfter >> 20, heapKept >> 20);

        long start = System.nanoTime();
        sandbox.close();
        sandbox = null;
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the API server stops promptly")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void noMoreWatchesAreOpenAtOnceThanTheServerServesAndAClosedOneFreesItsPlace() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT, new HttpWatch.Limits(4,
                HttpWatch.Limits.DEFAULT.events(), HttpWatch.Limits.DEFAULT.bytes(), HEARTBEAT));
        RawHttp api = RawHttp.apiServer(sandbox.kubeconfig());
        String token = RawHttp.token(sandbox.kubeconfig());
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i % 2 == 0) {
                Socket watcher = openWatch(api, token, 0);
                assertThat(head(watcher)).startsWith("HTTP/1.1 200");
                open.add(watcher);
            } else {
                open.add(openWebSocketWatch(api, token, 0));
            }
        }
        Socket fifth = openWatch(api, token, 0);
        String refused = head(fifth);
        assertThat(refused).startsWith("HTTP/1.1 429");
        RawWebSocket fifthWebSocket = RawWebSocket.open(api, "/api/v1/namespaces/default/configmaps?watch=1",
                "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\n", 0);
        sockets.add(fifthWebSocket.socket());
        assertThat(fifthWebSocket.status()).as("a WebSocket watch counts the same").isEqualTo(429);
        assertThat(fifthWebSocket.refusal()).contains("\"reason\":\"TooManyRequests\"");
        open.get(0).close();
        // The server finds a watcher gone at its next heartbeats; its place is then free.
        long closed = System.nanoTime();
        long deadline = closed + TimeUnit.SECONDS.toNanos(30);
        String again;
        do {
            Thread.sleep(HEARTBEAT.toMillis());
            again = head(openWatch(api, token, 0));
        } while (!again.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline);
        assertThat(again).startsWith("HTTP/1.1 200");
        System.out.printf("a closed watch's place was free again %d ms after it closed (heartbeat %d ms)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed), HEARTBEAT.toMillis());

        // The same for a WebSocket watch whose client goes without a close message: its place is free again.
        open.get(1).close();
        long webSocketClosed = System.nanoTime();
        int status;
        do {
            Thread.sleep(HEARTBEAT.toMillis());
            RawWebSocket next = RawWebSocket.open(api, "/api/v1/namespaces/default/configmaps?watch=1",
                    "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\n", 0);
            sockets.add(next.socket());
            status = next.status();
        } while (status != 101 && System.nanoTime() < webSocketClosed + TimeUnit.SECONDS.toNanos(30));
        assertThat(status).as("a WebSocket watch in the place of the one gone").isEqualTo(101);
        System.out.printf("a closed WebSocket watch's place was free again %d ms after it closed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - webSocketClosed));

        long start = System.nanoTime();
        sandbox.close();
        sandbox = null;
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stops with its watches open")
                .isLessThan(Duration.ofSeconds(10));
    }

    /** Reads until the stream ends (or is reset); fails if it is still open after 30 s (a hundred heartbeats). */
    private static long drain(Socket socket) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                total += n;
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the watch was not dropped: still open after " + total + " bytes");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the watch was not dropped: still open after " + total + " bytes", e);
        } catch (IOException e) {
            // reset or TLS closed without close_notify: the server dropped it
        }
        return total;
    }

    private static long residentBytes() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc");
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
