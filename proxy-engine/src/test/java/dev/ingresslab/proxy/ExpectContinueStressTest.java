package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads with {@code Expect: 100-continue} reach the backend whole, every byte, however the client behaves: a
 * client that waits for the proxy's 100 before its body, one that sends its body at once (curl does after a second
 * without a 100), one whose first body bytes come in the same packet as the head; on the first request of a fresh
 * proxy (fresh upstream connections, IO threads that have served nothing yet), sequentially on kept-alive
 * connections, and many at once. The backend answers with the length and CRC-32 it received, so a body lost, cut
 * or doubled fails the test. Real HTTP over loopback, through the front and without it.
 */
class ExpectContinueStressTest {

    private static final String HOST = "Host: web.example.com\r\n";
    private static final int[] SIZES = {1, 1000, 16 * 1024, 16 * 1024 + 1, 70_000, 2_000_000};

    private enum Client { WAITS_FOR_100, SENDS_AT_ONCE, BODY_WITH_HEAD }

    /** A keep-alive backend on raw sockets that reads each request's Content-Length body and answers its size and CRC. */
    private static final class CountingBackend implements AutoCloseable {
        private final ServerSocket socket;

        CountingBackend() throws IOException {
            socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread serving = new Thread(() -> serve(connection));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "counting-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void serve(Socket connection) {
            try (connection) {
                connection.setSoTimeout(20_000);
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = LeanPathTest.ScriptedBackend.readHead(in);
                    if (head == null) {
                        return;
                    }
                    long length = contentLength(head);
                    CRC32 crc = new CRC32();
                    byte[] block = new byte[64 * 1024];
                    long got = 0;
                    while (got < length) {
                        int n = in.read(block, 0, (int) Math.min(block.length, length - got));
                        if (n < 0) {
                            return;
                        }
                        crc.update(block, 0, n);
                        got += n;
                    }
                    String answer = "len=" + got + " crc=" + Long.toHexString(crc.getValue());
                    out.write(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer));
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        private static long contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Long.parseLong(line.substring("content-length:".length()).trim());
                }
            }
            throw new AssertionError("the proxy sent no Content-Length upstream:\n" + head);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyByteOfEveryUploadReachesTheBackend() throws Exception {
        try (CountingBackend backend = new CountingBackend()) {
            RouteTable table = new Cluster().serviceAt("default", "web", backend.port())
                    .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                    .table();
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                boolean front = round % 2 == 0;
                Client first = Client.values()[round % Client.values().length];
                try (ProxyFixture proxy = new ProxyFixture(table, ProxySettings.defaults(), front)) {
                    int port = proxy.server.httpPort();
                    // the first request of a fresh proxy: a 2 MB upload, as in the report
                    check(failures, "fresh proxy, front=" + front, port, 2_000_000, first, round);
                    // sequential uploads on one kept-alive client connection, every size and kind of client
                    try (Socket socket = open(port)) {
                        int i = 0;
                        for (int size : SIZES) {
                            for (Client client : Client.values()) {
                                String result = upload(socket, size, client, round * 100 + i++);
                                expect(failures, "sequential, front=" + front + ", " + client, size, round * 100 + i - 1,
                                        result);
                            }
                        }
                    }
                    // many at once, each on its own connection
                    ExecutorService pool = Executors.newFixedThreadPool(12);
                    try {
                        List<Future<String>> results = new ArrayList<>();
                        for (int i = 0; i < 24; i++) {
                            int size = SIZES[i % SIZES.length];
                            Client client = Client.values()[i % Client.values().length];
                            int seed = 1000 + i;
                            results.add(pool.submit(() -> {
                                try (Socket socket = open(port)) {
                                    String result = upload(socket, size, client, seed);
                                    return result.equals(expected(size, seed)) ? null
                                            : "concurrent, front=" + front + ", " + client + ", " + size
                                            + " bytes: the backend said " + result + ", not " + expected(size, seed);
                                }
                            }));
                        }
                        for (Future<String> result : results) {
                            String failure = result.get(60, TimeUnit.SECONDS);
                            if (failure != null) {
                                failures.add(failure);
                            }
                        }
                    } finally {
                        pool.shutdownNow();
                    }
                }
            }
            assertThat(failures).as("uploads that did not reach the backend whole").isEmpty();
        }
    }

    /** curl, as the report ran it: {@code -H 'Expect: 100-continue' --data-binary @big.bin}, each on a fresh proxy. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void curlsUploadsReachTheBackendWholeOnFreshProxies(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/curl")),
                "curl is not installed");
        java.nio.file.Path big = dir.resolve("big.bin");
        java.nio.file.Files.write(big, body(2_000_000, 7));
        try (CountingBackend backend = new CountingBackend()) {
            RouteTable table = new Cluster().serviceAt("default", "web", backend.port())
                    .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                    .table();
            List<String> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                try (ProxyFixture proxy = new ProxyFixture(table, ProxySettings.defaults(), round % 2 == 0)) {
                    for (int i = 0; i < 2; i++) {
                        Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "--max-time", "20",
                                "-H", "Host: web.example.com", "-H", "Expect: 100-continue",
                                "--data-binary", "@" + big, "http://127.0.0.1:" + proxy.server.httpPort() + "/expect")
                                .redirectErrorStream(true).start();
                        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        answers.add(out);
                    }
                }
            }
            assertThat(answers).as("every upload arrives whole").containsOnly(expected(2_000_000, 7));
        }
    }

    private static void check(List<String> failures, String what, int port, int size, Client client, int seed)
            throws IOException {
        try (Socket socket = open(port)) {
            expect(failures, what + ", " + client, size, seed, upload(socket, size, client, seed));
        }
    }

    private static void expect(List<String> failures, String what, int size, int seed, String result) {
        if (!result.equals(expected(size, seed))) {
            failures.add(what + ", " + size + " bytes: the backend said " + result + ", not " + expected(size, seed));
        }
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** The body of an upload: a pattern from the seed, so that bodies differ. */
    private static byte[] body(int size, int seed) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i * 31 + seed);
        }
        return body;
    }

    private static String expected(int size, int seed) {
        CRC32 crc = new CRC32();
        crc.update(body(size, seed));
        return "len=" + size + " crc=" + Long.toHexString(crc.getValue());
    }

    /** Sends one upload as {@code client} does and returns the final response's body (or what went wrong). */
    private static String upload(Socket socket, int size, Client client, int seed) throws IOException {
        byte[] body = body(size, seed);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        byte[] head = bytes("POST /expect HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nContent-Length: " + size
                + "\r\n\r\n");
        switch (client) {
            case WAITS_FOR_100 -> {
                out.write(head);
                out.flush();
                String interim = LeanPathTest.ScriptedBackend.readHead(in);
                if (interim == null || !interim.startsWith("HTTP/1.1 100 ")) {
                    return "no 100 Continue but " + interim;
                }
                out.write(body);
            }
            case SENDS_AT_ONCE -> {
                out.write(head);
                out.flush();
                out.write(body);
            }
            case BODY_WITH_HEAD -> {
                byte[] both = new byte[head.length + body.length];
                System.arraycopy(head, 0, both, 0, head.length);
                System.arraycopy(body, 0, both, head.length, body.length);
                out.write(both);
            }
        }
        out.flush();
        String response = LeanPathTest.ScriptedBackend.readHead(in);
        while (response != null && response.startsWith("HTTP/1.1 100 ")) {
            response = LeanPathTest.ScriptedBackend.readHead(in);
        }
        if (response == null) {
            return "the connection closed without a response";
        }
        if (!response.startsWith("HTTP/1.1 200 ")) {
            return "a response " + response.lines().findFirst().orElse("");
        }
        int length = 0;
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
