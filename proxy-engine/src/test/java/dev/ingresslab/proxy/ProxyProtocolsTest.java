package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/2, WebSocket and large streamed bodies through the proxy. The test JVM has a 256 MiB heap. */
class ProxyProtocolsTest {

    private static final long ONE_GIB = 1L << 30;

    private static Cluster anyHost(Cluster cluster) {
        return cluster.add(TestIngress.named("web").prefix("/", "web"));
    }

    @Test
    void http2WithH2cUpgradeIsRoutedLikeHttp1() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(anyHost(new Cluster().serviceAt("default", "web", web.port())))) {
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> first = http2.send(HttpRequest.newBuilder(proxy.uri("/one")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http2.send(HttpRequest.newBuilder(proxy.uri("/two")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(echo(second.body())).containsEntry("backend", "web").containsEntry("target", "/two");
            assertThat(second.headers().firstValue("X-Ingress-Lab-Route")).isPresent();
        }
    }

    @Test
    void aWebSocketIsUpgradedAndEchoedThroughTheProxy() throws Exception {
        Undertow echo = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.websocket((exchange, channel) -> {
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel socket, BufferedTextMessage message) {
                            WebSockets.sendText("echo: " + message.getData(), socket, null);
                        }
                    });
                    channel.resumeReceives();
                })).build();
        echo.start();
        int port = ((InetSocketAddress) echo.getListenerInfo().get(0).getAddress()).getPort();
        try (ProxyFixture proxy = new ProxyFixture(anyHost(new Cluster().serviceAt("default", "web", port)))) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.server.httpPort() + "/chat"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);

            assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
            socket.abort();
        } finally {
            echo.stop();
        }
    }

    @Test
    void aGibibyteStreamsDownAndUpWithABoundedHeap() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(anyHost(new Cluster().serviceAt("default", "web", web.port())))) {
            HttpResponse<InputStream> download = proxy.client.send(HttpRequest.newBuilder(proxy.uri("/bytes?n=" + ONE_GIB))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long received;
            try (InputStream body = download.body()) {
                received = body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            HttpResponse<String> upload = proxy.client.send(HttpRequest.newBuilder(proxy.uri("/count"))
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(ONE_GIB))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(received).isEqualTo(ONE_GIB);
            assertThat(upload.statusCode()).isEqualTo(200);
            assertThat(((Number) echo(upload.body()).get("bodyBytes")).longValue()).isEqualTo(ONE_GIB);
            assertThat(Runtime.getRuntime().maxMemory()).as("the test heap is small").isLessThan(ONE_GIB / 2);
        }
    }

    /** {@code size} zero bytes, generated as read. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            java.util.Arrays.fill(buffer, offset, offset + count, (byte) 0);
            remaining -= count;
            return count;
        }
    }
}
