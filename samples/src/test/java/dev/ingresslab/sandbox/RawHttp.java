package dev.ingresslab.sandbox;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests written byte for byte to a loopback port, as a browser, a script or an attacker would send them: over
 * TLS to the sandbox's API server (trusting the certificate its kubeconfig names), or in the clear to a plain port.
 */
final class RawHttp {

    /** What came back: the status code (0 when the connection ended before a status line) and everything read. */
    record Answer(int status, String text) {
        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    private final int port;
    private final SSLContext tls;

    private RawHttp(int port, SSLContext tls) {
        this.port = port;
        this.tls = tls;
    }

    /** The sandbox's API server, over TLS, as its kubeconfig describes it. */
    static RawHttp apiServer(Path kubeconfig) throws Exception {
        String text = Files.readString(kubeconfig);
        Matcher server = Pattern.compile("server: \"https://127\\.0\\.0\\.1:(\\d+)\"").matcher(text);
        if (!server.find()) {
            throw new AssertionError("the kubeconfig names no https server:\n" + text);
        }
        return new RawHttp(Integer.parseInt(server.group(1)), trusting(kubeconfig));
    }

    /** A TLS context that trusts the certificate authority a sandbox kubeconfig names, and nothing else. */
    static SSLContext trusting(Path kubeconfig) throws Exception {
        String text = Files.readString(kubeconfig);
        Matcher authority = Pattern.compile("certificate-authority-data: \"([^\"]+)\"").matcher(text);
        if (!authority.find()) {
            throw new AssertionError("the kubeconfig names no certificate authority:\n" + text);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(authority.group(1)))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A plain-HTTP server at {@code url}. */
    static RawHttp plain(String url) {
        return new RawHttp(URI.create(url).getPort(), null);
    }

    int port() {
        return port;
    }

    /** The bearer token a kubeconfig carries. */
    static String token(Path kubeconfig) throws IOException {
        Matcher token = Pattern.compile("token: \"([^\"]+)\"").matcher(Files.readString(kubeconfig));
        if (!token.find()) {
            throw new AssertionError("the kubeconfig carries no token:\n" + Files.readString(kubeconfig));
        }
        return token.group(1);
    }

    /** A connection to the server, with a 10 s read timeout. */
    Socket connect() throws IOException {
        return connect(0);
    }

    /** A connection whose receive buffer is {@code receiveBuffer} bytes (0: the system's), for a client that lags. */
    Socket connect(int receiveBuffer) throws IOException {
        Socket socket = tls == null ? new Socket() : tls.getSocketFactory().createSocket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        if (socket instanceof SSLSocket secure) {
            secure.startHandshake();
        }
        return socket;
    }

    /** Sends {@code head} (CRLF line ends added), then {@code body}, and reads until the server closes. */
    Answer exchange(String head, byte[] body) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read everything: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    Answer exchange(String head, String body) throws IOException {
        return exchange(head, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException | javax.net.ssl.SSLException e) {
            // a reset after the answer: keep what was read
        }
        String text = all.toString(StandardCharsets.UTF_8);
        Matcher status = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(text);
        return new Answer(status.find() ? Integer.parseInt(status.group(1)) : 0, text);
    }
}
