package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients that hold the proxy's resources: a slow sender of the request head is cut off. */
class ProxyClientLimitsTest {

    @Test
    void aClientThatNeverFinishesItsRequestHeadIsDisconnected() throws Exception {
        var table = new Cluster().service("default", "web", 1)
                .add(TestIngress.named("web").prefix("/", "web")).translate().table();
        try (ProxyFixture proxy = new ProxyFixture(table, ProxySettings.defaults()
                .withRequestHeadTimeout(Duration.ofMillis(300)));
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a.example.com\r\nX-Slow: "
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
                while (first != -1 && in.read() != -1) {
                    // drain whatever the proxy sends before it closes
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the proxy kept a slow client's connection open for 10 s", e);
            } catch (java.net.SocketException e) {
                first = -1; // reset: disconnected all the same
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
