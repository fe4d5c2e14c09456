package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #12 §2's root cause: Java's HTTP client (fabric8's) offers HTTP/2 over cleartext on its first request to an
 * {@code http://} server (the sandbox now serves HTTPS, where no client offers h2c; a request that carries the offer
 * anyway must still be answered). The sandbox's API server must ignore the offer and answer each kind of request the
 * controller makes, on an empty collection, in HTTP/1.1 and at once: a get of a missing object, a list, and a watch
 * (which must stay a watch, not turn into a list that ends).
 */
class H2cOfferTest {

    private static final String OFFER = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n";

    @TempDir
    static Path dir;
    private static Sandbox sandbox;
    private static String authorization;

    @BeforeAll
    static void startEmptySandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        // the kubeconfig's credentials, whatever the sandbox asks of its clients
        Matcher token = Pattern.compile("token:\\s*\"?([^\"}\\s,]+)").matcher(Files.readString(sandbox.kubeconfig()));
        authorization = token.find() ? "Authorization: Bearer " + token.group(1) + "\r\n" : "";
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aGetOfAMissingObjectAnswers404AtOnce() throws Exception {
        String answer = exchange("/apis/networking.k8s.io/v1/ingressclasses/ingress-lab", false);

        assertThat(answer).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void aListOfAnEmptyCollectionAnswersAnEmptyList() throws Exception {
        String answer = exchange("/apis/networking.k8s.io/v1/ingresses", false);

        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"kind\":\"IngressList\"").contains("\"items\":[]");
    }

    @Test
    void aWatchOfAnEmptyCollectionStaysAWatch() throws Exception {
        String answer = exchange("/apis/networking.k8s.io/v1/ingresses?allowWatchBookmarks=true&resourceVersion=1"
                + "&timeoutSeconds=600&watch=true", true);

        assertThat(answer).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Transfer-Encoding: chunked")
                .doesNotContain("IngressList");
    }

    /**
     * Sends one GET with the h2c offer; returns the answer, or for a watch (which stays open) its head, waiting at
     * most 10 s (a loaded machine; without the fix the GET never answers and the watch answers a list).
     */
    private static String exchange(String target, boolean open) throws Exception {
        URI server = URI.create(sandbox.apiServerUrl());
        try (Socket socket = RawHttp.trusting(sandbox.kubeconfig()).getSocketFactory().createSocket(server.getHost(),
                server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + server.getHost() + ":"
                    + server.getPort() + "\r\n" + OFFER + authorization + "Accept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + 10_000_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    received.write(buffer, 0, read);
                    String text = received.toString(StandardCharsets.UTF_8);
                    if (text.contains("\r\n\r\n") && (open || complete(text))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // a watch stays open: what came so far is the answer
            }
            assertThat(received.size()).as("an answer within 10 s to " + target).isPositive();
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String text) {
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        return length.find() && text.length() - bodyStart >= Integer.parseInt(length.group(1));
    }
}
