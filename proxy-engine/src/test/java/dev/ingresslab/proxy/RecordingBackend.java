package dev.ingresslab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
                if (!readBody(head, in, body)) {
                    requests.add("INCOMPLETE: " + head + body.toString(StandardCharsets.ISO_8859_1));
                    return;
                }
                requests.add(head + body.toString(StandardCharsets.ISO_8859_1));
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
