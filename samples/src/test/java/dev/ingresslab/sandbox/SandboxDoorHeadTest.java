package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The door answers a refused request from its head alone: a client without the token, with a foreign Host or
 * Origin, or with a web page's content type gets its 401, 403 or 415 at once, without the server reading the body
 * it announced, and the connection then ends, as kube-apiserver's (Go net/http's) does for a big unread body.
 */
class SandboxDoorHeadTest {

    /** 1 GiB announced: were it read, the test would time out long before. */
    private static final long ANNOUNCED = 1L << 30;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static RawHttp api;
    private static String token;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), BODY_TIMEOUT, HttpWatch.Limits.DEFAULT);
        api = RawHttp.apiServer(sandbox.kubeconfig());
        token = RawHttp.token(sandbox.kubeconfig());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** What a refused upload got: the answer, how long it took, and how many body bytes the client could send. */
    record Refusal(RawHttp.Answer answer, Duration took, long sent) {
    }

    /** Sends {@code head} announcing {@link #ANNOUNCED} bytes, then writes body bytes from another thread while reading. */
    private static Refusal upload(String head) throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket socket = api.connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((head.replace("\n", "\r\n") + "Content-Length: " + ANNOUNCED + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (sent.get() < ANNOUNCED) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // the server closed: what we want
                }
            }, "uploader");
            writer.setDaemon(true);
            writer.start();
            RawHttp.Answer answer = readUntilClosed(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            socket.close();
            writer.join(10_000);
            return new Refusal(answer, took, sent.get());
        }
    }

    private static RawHttp.Answer readUntilClosed(InputStream in) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer: keep what was read
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new RawHttp.Answer(status, text);
    }

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    /** The refusal came at once, closed the connection, and let through no more than the sockets' buffers hold. */
    private static void assertRefusedFromTheHead(Refusal refusal, int status, String message) {
        assertThat(refusal.answer().status()).as(refusal.answer().text()).isEqualTo(status);
        assertThat(refusal.answer().text()).contains("Connection: close");
        assertThat(refusal.answer().body()).contains(message);
        // answered from the head, not once the body timed out (20 s here): half of that is room for a busy machine
        assertThat(refusal.took()).as("answered from the head").isLessThan(BODY_TIMEOUT.dividedBy(2));
        assertThat(refusal.sent()).as("the body was not read: only what the sockets buffer got through")
                .isLessThan(64L << 20);
    }

    @Test
    void aBodyWithoutTheTokenIsNotRead() throws Exception {
        assertRefusedFromTheHead(upload("POST " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\n"
                + "Content-Type: application/json\n"), 401, "\"reason\":\"Unauthorized\"");
        assertRefusedFromTheHead(upload("PUT " + CONFIGMAPS + "/x HTTP/1.1\nHost: 127.0.0.1\n"
                + "Authorization: Bearer wrong\nContent-Type: application/json\n"), 401, "Unauthorized");
    }

    @Test
    void aForeignHostOrOriginIsRefusedBeforeTheBody() throws Exception {
        assertRefusedFromTheHead(upload("POST " + CONFIGMAPS + " HTTP/1.1\nHost: rebound.example\n"
                + "Authorization: Bearer " + token + "\nContent-Type: application/json\n"), 403,
                "Host \\\"rebound.example\\\" is refused");
        assertRefusedFromTheHead(upload("POST " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\n"
                + "Origin: https://evil.example\nAuthorization: Bearer " + token
                + "\nContent-Type: application/json\n"), 403, "https://evil.example");
        assertRefusedFromTheHead(upload("POST " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\n"
                + "Sec-Fetch-Site: cross-site\nAuthorization: Bearer " + token
                + "\nContent-Type: application/json\n"), 403, "Sec-Fetch-Site: cross-site");
    }

    @Test
    void aWebPagesContentTypeIsRefusedBeforeTheBody() throws Exception {
        assertRefusedFromTheHead(upload("POST " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\n"
                + "Authorization: Bearer " + token + "\nContent-Type: text/plain\n"), 415,
                "the body of the request was in an unknown format");
        assertRefusedFromTheHead(upload("PATCH " + CONFIGMAPS + "/x HTTP/1.1\nHost: 127.0.0.1\n"
                + "Authorization: Bearer " + token + "\nContent-Type: application/x-www-form-urlencoded\n"), 415,
                "application/merge-patch+json");
    }

    @Test
    void aChunkedBodyWithoutTheTokenIsNotReadEither() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket socket = api.connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            Thread writer = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 16 * 1024; i++) { // 1 GiB of chunks, if it were read
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // closed by the server
                }
            }, "chunked uploader");
            writer.setDaemon(true);
            writer.start();
            RawHttp.Answer answer = readUntilClosed(socket.getInputStream());
            assertRefusedFromTheHead(new Refusal(answer, Duration.ofNanos(System.nanoTime() - start), sent.get()),
                    401, "Unauthorized");
            writer.join(10_000);
        }
        RawHttp.Answer after = api.exchange("GET " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer "
                + token + "\nConnection: close\n", new byte[0]);
        assertThat(after.status()).as("the API server carries on").isEqualTo(200);
    }

    @Test
    void anAuthorizedRequestAnsweredWithoutItsBodyIsNotReadEither() throws Exception {
        String auth = "Host: 127.0.0.1\nAuthorization: Bearer " + token + "\nContent-Type: application/json\n";
        assertRefusedFromTheHead(upload("POST /nonsense HTTP/1.1\n" + auth), 404,
                "the server could not find the requested resource");
        assertRefusedFromTheHead(upload("POST /api/v1/namespaces/default/pods/x/exec HTTP/1.1\n" + auth), 400,
                "the sandbox's pods are simulated");
        assertRefusedFromTheHead(upload("PUT /apis/networking.k8s.io/v1/namespaces/default/ingresses/x/nonsense"
                + " HTTP/1.1\n" + auth), 404, "the sandbox does not serve ingresses/nonsense");
    }
}
