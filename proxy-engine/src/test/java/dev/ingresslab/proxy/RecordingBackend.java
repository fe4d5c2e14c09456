package dev.ingresslab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend on a raw socket that records every request it receives whole (its head, then its body as framed by its
 * Content-Length or its chunks, decoded) and answers each with scripted bytes. A request that never arrives whole
 * (the proxy closed the connection mid-body) is recorded as {@code INCOMPLETE: } and what came of it, so a test sees
 * exactly what reached the backend.
 */
final class RecordingBackend implements AutoCloseable {

    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)$");
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding: *chunked$");

    final List<String> requests = new CopyOnWriteArrayList<>();
    /** The request being read now, as far as it came (head, then the body decoded so far); null between requests. */
    private volatile Receiving receiving;
    private final ServerSocket socket;
    private final Function<String, byte[]> answer;

    /** {@code answer}: the bytes to send for a request (its head), or null to close without answering. */
    RecordingBackend(Function<String, byte[]> answer) throws IOException {
        this.answer = answer;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "recording-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers every request with {@code response}. */
    static RecordingBackend answering(String response) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        return new RecordingBackend(head -> bytes);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * Waits (at most 10 s) until {@code count} requests are recorded and returns them. A request the proxy cut is
     * recorded only when the backend sees its connection end, which can be after the client has the proxy's answer:
     * wait for it rather than read {@link #requests} at once. Fails the test when they do not come.
     */
    List<String> awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requests.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        org.assertj.core.api.Assertions.assertThat(requests).as("requests recorded by the backend within 10 s")
                .hasSizeGreaterThanOrEqualTo(count);
        return requests;
    }

    /**
     * Waits (at most 10 s) until the request being read has come as far as {@code text} (its head and the body
     * decoded so far end with it): the proxy has forwarded that much. Fails the test when it does not.
     */
    void awaitReceiving(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!receivedSoFar().endsWith(text) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        org.assertj.core.api.Assertions.assertThat(receivedSoFar()).as("what the backend received so far")
                .endsWith(text);
    }

    private String receivedSoFar() {
        Receiving now = receiving;
        return now == null ? "" : now.head + now.body.toString(StandardCharsets.ISO_8859_1);
    }

    /** A request's head and its body so far ({@link ByteArrayOutputStream} is synchronized: readable meanwhile). */
    private record Receiving(String head, ByteArrayOutputStream body) {
    }

    private void accept() {
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
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (true) {
                String head = LeanPathTest.ScriptedBackend.readHead(in);
                if (head == null) {
                    return;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                receiving = new Receiving(head, body);
                if (!readBody(head, in, body)) {
                    requests.add("INCOMPLETE: " + head + body.toString(StandardCharsets.ISO_8859_1));
                    return;
                }
                requests.add(head + body.toString(StandardCharsets.ISO_8859_1));
                receiving = null;
                byte[] bytes = answer.apply(head);
                if (bytes == null) {
                    return;
                }
                out.write(bytes);
                out.flush();
                if (head.toLowerCase(Locale.ROOT).contains("\r\nupgrade:")) {
                    // no second request on a connection that asked to switch protocols; closed gracefully (RFC 9112
                    // §9.6): a close with unread bytes would reset the connection, and the reset can overtake the
                    // answer already written
                    connection.shutdownOutput();
                    connection.setSoTimeout(1_000);
                    in.transferTo(OutputStream.nullOutputStream());
                    return;
                }
            }
        } catch (IOException e) {
            // the proxy closed the connection
        }
    }

    /** Reads the body the head announces; false when the stream ends (or breaks) before all of it. */
    private static boolean readBody(String head, InputStream in, ByteArrayOutputStream body) throws IOException {
        if (CHUNKED.matcher(head).find()) {
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    return false;
                }
                int size;
                try {
                    size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                } catch (NumberFormatException e) {
                    body.writeBytes(("[bad chunk size " + sizeLine + "]").getBytes(StandardCharsets.ISO_8859_1));
                    return false;
                }
                if (size == 0) {
                    for (String trailer = line(in); trailer != null; trailer = line(in)) {
                        if (trailer.isEmpty()) {
                            return true;
                        }
                    }
                    return false;
                }
                byte[] data = in.readNBytes(size);
                body.writeBytes(data);
                if (data.length < size || !"".equals(line(in))) {
                    return false;
                }
            }
        }
        Matcher length = LENGTH.matcher(head);
        if (length.find()) {
            int size = Integer.parseInt(length.group(1));
            byte[] data = in.readNBytes(size);
            body.writeBytes(data);
            return data.length == size;
        }
        return true;
    }

    /** A CRLF-ended line without its CRLF; null when the stream ends first. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
