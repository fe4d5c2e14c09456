package dev.ingresslab.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether what listens on a port is an Ingress Lab, for a port that no lock of this data directory explains (a
 * demo of another data directory, a {@code serve} or an {@code up}): one HTTP/1.1 request for a host no Ingress
 * names ({@value #PROBE_HOST}, a reserved {@code .invalid} name), answered by our proxy with its 404 page, which
 * carries the {@code X-Ingress-Lab-Route} header and ends with "(Ingress Lab)". Bounded: {@link #TIMEOUT} to
 * connect and as long to read, at most {@link #MAX_BYTES} read; any failure means "not known to be one".
 */
final class IngressLabProbe {

    static final String PROBE_HOST = "ingress-lab-probe.invalid";
    static final Duration TIMEOUT = Duration.ofMillis(800);
    private static final int MAX_BYTES = 16 * 1024;

    private IngressLabProbe() {
    }

    /** True when the answer on {@code address:port} is our proxy's. */
    static boolean answers(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + PROBE_HOST + "\r\nUser-Agent:"
                    + " ingress-lab-port-probe\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[MAX_BYTES];
            int length = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (int n; length < buffer.length && System.nanoTime() < deadline
                    && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
                if (isOurs(new String(buffer, 0, length, StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The response so far is our proxy's: its header, or its error page's signature. */
    static boolean isOurs(String response) {
        String lower = response.toLowerCase(Locale.ROOT);
        int headEnd = lower.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? lower : lower.substring(0, headEnd);
        return lower.startsWith("http/1.") && (head.contains("\r\nx-ingress-lab-route:")
                || lower.contains("(ingress lab)") || lower.contains("<small>ingress lab</small>"));
    }
}
