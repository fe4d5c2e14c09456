package dev.ingresslab.gui;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Requests through the session's proxy for the views' tests, with a Host header a JDK client will not send. */
final class ProxyRequests {

    private ProxyRequests() {
    }

    /** One GET of {@code path} through the proxy on 127.0.0.1:{@code port} with this Host; its answer is read whole. */
    static void get(int port, String host, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }
}
