package dev.ingresslab.core.requests;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a {@link ReplayRequest} through the proxy as a client would: raw HTTP/1.1 on a new connection to the
 * proxy's own loopback port, with the URL's authority as {@code Host} (so the route is chosen exactly as for the
 * real client, which the JDK's HTTP client cannot do: it refuses to set Host), {@code Connection: close}, and
 * the body with its Content-Length (RFC 9112 §6.2). An {@code https://} URL goes to the proxy's HTTPS listener
 * over TLS, with the URL's host as SNI (RFC 6066 §3: the proxy picks the certificate, and the rule's TLS host, by
 * it) and the certificate checked for that host (RFC 9110 §4.3.4) against {@link ReplayTrust}.
 *
 * <p>Bounded: connecting takes at most {@code timeout}, and so does each wait for bytes of the answer; the whole
 * exchange at most twice that. Interim 1xx answers (RFC 9110 §15.2) are read past. The body is read as the answer
 * frames it (RFC 9112 §6.3: none for HEAD, 1xx, 204 and 304; chunked; Content-Length; else until the proxy
 * closes), and its first {@link #MAX_BODY_KEPT} bytes are kept.
 */
public final class ReplayClient {

    /** How much of a response body is kept to show. */
    public static final int MAX_BODY_KEPT = 256 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    /**
     * The proxy's HTTPS listener and what a replay over TLS trusts.
     *
     * @param address the listener, on loopback (127.0.0.1 or ::1)
     * @param tls     a TLS context made for this client ({@link ReplayTrust#context})
     */
    public record Https(InetSocketAddress address, SSLContext tls) {
    }

    private final InetSocketAddress proxy;
    private final Https https;
    private final Duration timeout;

    /**
     * A client for {@code http://} URLs only.
     *
     * @param proxy   the proxy's HTTP listener, on loopback (127.0.0.1 or ::1)
     * @param timeout the bound on connecting and on each wait for the answer's bytes
     */
    public ReplayClient(InetSocketAddress proxy, Duration timeout) {
        this(proxy, null, timeout);
    }

    /**
     * @param https the proxy's HTTPS listener, or null when it has none ({@code --https-port off})
     */
    public ReplayClient(InetSocketAddress proxy, Https https, Duration timeout) {
        this.proxy = proxy;
        this.https = https;
        this.timeout = timeout;
    }

    /**
     * Sends the request with an {@code X-Request-Id} (the request's own when it has one, else {@code requestId}),
     * and reads the answer.
     *
     * @throws IOException when the proxy cannot be reached or does not answer in time; the message says which
     */
    public ReplayResponse send(ReplayRequest request, String requestId) throws IOException {
        if (request.secure() && https == null) {
            throw new IOException("this session's proxy has no HTTPS listener (started with --https-port off), so"
                    + " an https:// URL cannot be replayed; change it to http:// (a host with TLS then answers with"
                    + " its redirect to https), or start the session with an HTTPS port");
        }
        InetSocketAddress target = request.secure() ? https.address() : proxy;
        long start = System.nanoTime();
        long deadline = start + 2 * timeout.toNanos();
        try (Socket plain = new Socket()) {
            try {
                plain.connect(target, (int) timeout.toMillis());
            } catch (IOException e) {
                throw new IOException("the proxy at " + describe(target) + " does not accept connections ("
                        + e.getMessage() + "); is the session still running?", e);
            }
            plain.setSoTimeout((int) timeout.toMillis());
            Socket socket = request.secure() ? handshake(plain, request.url().getHost()) : plain;
            OutputStream out = socket.getOutputStream();
            out.write(head(request, requestId));
            out.write(request.body().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                return read(in, request.method(), deadline, start);
            } catch (SocketTimeoutException e) {
                throw new IOException("the proxy did not answer within " + timeout.toMillis() + " ms", e);
            }
        }
    }

    /**
     * TLS over the connected socket: SNI = {@code host} (none for an IP literal, RFC 6066 §3), the certificate
     * checked for {@code host}.
     */
    private SSLSocket handshake(Socket plain, String host) throws IOException {
        SSLSocket tls = (SSLSocket) https.tls().getSocketFactory().createSocket(plain, host, plain.getPort(), false);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            throw new IOException("the TLS handshake with the proxy's HTTPS listener at " + describe(https.address())
                    + " for " + host + " failed: " + e.getMessage() + ". The replay trusts Ingress Lab's local CA and"
                    + " this computer's CAs; a certificate of your own from another CA cannot be checked here:"
                    + " replay it as http:// instead", e);
        }
        return tls;
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.contains(":") || host.matches("[0-9.]+");
    }

    static byte[] head(ReplayRequest request, String requestId) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(request.hostHeader()).append("\r\n");
        for (HeaderField field : request.headers()) {
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        if (request.header("X-Request-Id") == null) {
            head.append("X-Request-Id: ").append(requestId).append("\r\n");
        }
        if (body.length > 0 || expectsBody(request.method())) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static ReplayResponse read(InputStream in, String method, long deadline, long start)
            throws IOException {
        while (true) {
            List<String> lines = headLines(in);
            String statusLine = lines.get(0);
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = parts.length >= 2 && parts[0].startsWith("HTTP/1.") ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 999) {
                throw new IOException("the proxy answered with something other than HTTP/1.1: " + statusLine);
            }
            List<HeaderField> headers = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new HeaderField(line.substring(0, colon), line.substring(colon + 1).strip()));
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer; the final one follows
            }
            Body body = readBody(in, method, status, headers, deadline);
            return new ReplayResponse(status, parts.length > 2 ? parts[2] : "", headers,
                    body.bytes.toString(StandardCharsets.UTF_8), body.truncated, (System.nanoTime() - start) / 1000);
        }
    }

    /** The head's lines without their CRLF, up to the empty line. */
    private static List<String> headLines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        int read = 0;
        while (true) {
            String line = line(in);
            if (line == null) {
                throw new IOException(lines.isEmpty() ? "the proxy closed the connection without answering"
                        : "the proxy closed the connection in the middle of its answer's head");
            }
            read += line.length() + 2;
            if (read > MAX_HEAD) {
                throw new IOException("the answer's head is longer than " + MAX_HEAD / 1024 + " KiB");
            }
            if (line.isEmpty()) {
                if (lines.isEmpty()) {
                    continue;
                }
                return lines;
            }
            lines.add(line);
        }
    }

    private record Body(ByteArrayOutputStream bytes, boolean truncated) {
    }

    private static Body readBody(InputStream in, String method, int status, List<HeaderField> headers,
                                 long deadline) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new Body(kept, false);
        }
        String encoding = value(headers, "transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in, kept, deadline);
        }
        String length = value(headers, "content-length");
        long remaining = Long.MAX_VALUE;
        if (length != null) {
            try {
                remaining = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new IOException("the answer's Content-Length is not a number: " + length);
            }
        }
        return copy(in, kept, remaining, deadline);
    }

    private static Body chunked(InputStream in, ByteArrayOutputStream kept, long deadline) throws IOException {
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                return new Body(kept, true);
            }
            long size;
            try {
                size = Long.parseLong(sizeLine.split(";", 2)[0].strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the answer's chunked body has a bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                return new Body(kept, false); // trailers are not needed: the connection closes
            }
            Body chunk = copy(in, kept, size, deadline);
            if (chunk.truncated) {
                return chunk;
            }
            line(in);
        }
    }

    /** Copies up to {@code length} bytes (or to the end) into {@code kept}, keeping at most MAX_BODY_KEPT. */
    private static Body copy(InputStream in, ByteArrayOutputStream kept, long length, long deadline)
            throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            if (kept.size() >= MAX_BODY_KEPT || System.nanoTime() > deadline) {
                return new Body(kept, true);
            }
            int want = (int) Math.min(Math.min(buffer.length, left), MAX_BODY_KEPT - kept.size());
            int n = in.read(buffer, 0, want);
            if (n < 0) {
                return new Body(kept, length != Long.MAX_VALUE);
            }
            kept.write(buffer, 0, n);
            left -= n;
        }
        return new Body(kept, false);
    }

    private static String value(List<HeaderField> headers, String name) {
        for (HeaderField field : headers) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }

    /** A CRLF- (or LF-) ended line without its ending, as Latin-1; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > MAX_HEAD) {
                throw new IOException("a line of the answer is longer than " + MAX_HEAD / 1024 + " KiB");
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
