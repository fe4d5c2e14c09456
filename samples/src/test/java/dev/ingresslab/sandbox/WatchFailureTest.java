package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch whose store fails (here: the store is gone, its port closed) ends with a {@code Status}, as kube-apiserver
 * ends a watch that fails: the answer itself when nothing was sent yet (a chunked watch: 500), else an ERROR event
 * (a WebSocket, whose 101 has gone out), then a normal close. Before, the worker thread threw and the client got
 * Undertow's bare 500, or a WebSocket cut without a word.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchFailureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    private KubernetesClient deadStore;
    private HttpWatch watches;
    private Undertow server;
    private RawHttp front;

    @BeforeEach
    void start() throws Exception {
        int closedPort;
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = taken.getLocalPort();
        }
        deadStore = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0)
                .withWatchReconnectLimit(0).withConnectionTimeout(2000).build()).build();
        watches = new HttpWatch(deadStore, HttpWatch.Limits.DEFAULT);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::route).build();
        server.start();
        front = RawHttp.plain("http://127.0.0.1:"
                + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }

    /** The front's routing of a watch, without the rest of the sandbox. */
    private void route(HttpServerExchange exchange) throws Exception {
        ApiPath path = ApiPath.parse(exchange.getRequestPath()).orElseThrow();
        if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            watches.upgrade(exchange, path, false);
        } else {
            exchange.dispatch(() -> watches.stream(exchange, path, false));
        }
    }

    @AfterEach
    void stop() {
        watches.closeAll();
        server.stop();
        deadStore.close();
    }

    private static void assertStoreFailed(JsonNode status) {
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("reason").asString()).isEqualTo("InternalError");
        assertThat(status.path("code").asInt()).isEqualTo(500);
        assertThat(status.path("message").asString())
                .startsWith("the sandbox's object store failed while serving the watch: ")
                .contains("hint: watch again");
    }

    @Test
    void aChunkedWatchWhoseStoreFailsIsAnswered500WithAStatus() throws Exception {
        String text;
        try (Socket socket = front.connect()) {
            // fabric8 gives up on the dead store after a few seconds (longer on a loaded machine)
            socket.setSoTimeout(40_000);
            socket.getOutputStream().write(("GET " + CONFIGMAPS + "?watch=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        RawHttp.Answer answer = new RawHttp.Answer(text.startsWith("HTTP/1.1 ")
                ? Integer.parseInt(text.substring(9, 12)) : 0, text);
        assertThat(answer.status()).as(answer.text()).isEqualTo(500);
        assertThat(answer.text()).containsIgnoringCase("Content-Type: application/json");
        String body = answer.body();
        // chunked: the one chunk holds the Status
        String json = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        assertStoreFailed(JSON.readTree(json));
    }

    @Test
    void aWebSocketWatchWhoseStoreFailsGetsAnErrorEventThenANormalClose() throws Exception {
        try (RawWebSocket webSocket = RawWebSocket.open(front, CONFIGMAPS + "?watch=1", "Host: 127.0.0.1\n", 0)) {
            assertThat(webSocket.status()).as(webSocket.head).isEqualTo(101);
            webSocket.socket().setSoTimeout(40_000); // as above
            JsonNode event = JSON.readTree(webSocket.nextText());
            assertThat(event.path("type").asString()).isEqualTo("ERROR");
            assertStoreFailed(event.path("object"));
            RawWebSocket.Frame close = webSocket.next();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1000);
        }
    }
}
