package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox stops at once while watches are open, chunked or over a WebSocket, or were just closed by their
 * clients (a session's informers stopped before the sandbox, a kubectl -w killed): their writers, waiting for the next event or heartbeat, are
 * woken, so the server's stop is not held for its whole shutdown timeout. {@code demo} stops by this path on Ctrl-C,
 * and every test that starts a sandbox ends by it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxStopTest {

    /** Far longer than the test: the writers are surely waiting when the sandbox stops. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void stopsWithoutWaitingForTheNextHeartbeatOfAnOpenWatchOrOfOneItsClientClosed() throws Exception {
        Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT,
                HttpWatch.Limits.DEFAULT.withHeartbeat(HEARTBEAT));
        boolean closed = false;
        try {
            RawHttp api = RawHttp.apiServer(sandbox.kubeconfig());
            String token = RawHttp.token(sandbox.kubeconfig());
            String auth = "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\n";
            try (Socket open = watch(api, token); Socket goneAway = watch(api, token);
                 RawWebSocket webSocket = RawWebSocket.open(api, CONFIGMAPS + "?watch=1", auth, 0);
                 RawWebSocket webSocketGoneAway = RawWebSocket.open(api, CONFIGMAPS + "?watch=1", auth, 0)) {
                assertThat(webSocket.status()).isEqualTo(101);
                assertThat(webSocketGoneAway.status()).isEqualTo(101);
                goneAway.close();
                webSocketGoneAway.close();

                long start = System.nanoTime();
                sandbox.close();
                closed = true;
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                // a writer left waiting held the stop for all of its shutdown timeout (2.2 s, then 0.2 s at load 15)
                assertThat(took).as("stopped before its shutdown timeout, not held by the watches' writers")
                        .isLessThan(KubectlFront.SHUTDOWN_TIMEOUT);
                assertThat(endOfStream(open)).as("the open watch's stream ends").isTrue();
                assertThat(closeCode(webSocket)).as("the WebSocket watch is closed: going away (RFC 6455 §7.4.1)")
                        .isEqualTo(1001);
            }
        } finally {
            if (!closed) {
                sandbox.close();
            }
        }
    }

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    /**
     * Reads a WebSocket's frames to its close frame, which must be followed by the end of the stream within the
     * socket's 10 s; the close frame's code.
     */
    private static int closeCode(RawWebSocket webSocket) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = webSocket.next();
            if (frame.opcode() == 8) {
                assertThat(endOfStream(webSocket.socket())).as("the connection ends after the close").isTrue();
                return frame.closeCode();
            }
        }
    }

    /** Opens a watch of ConfigMaps and reads its answer's head: the watch's writer is then waiting for events. */
    private static Socket watch(RawHttp api, String token) throws IOException {
        Socket socket = api.connect();
        socket.getOutputStream().write(("GET /api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the watch's answer, so far: %s", head).isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    /** Reads what is left: true when the stream ends (or the connection is reset) within the socket's 10 s. */
    private static boolean endOfStream(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // the initial events, if any
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
