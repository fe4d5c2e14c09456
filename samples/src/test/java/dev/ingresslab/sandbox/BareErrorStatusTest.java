package dev.ingresslab.sandbox;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler of the API server that throws, on the IO thread or on a worker, gets a 500 {@code Status} that kubectl
 * prints, not Undertow's bare 500; an answer that has its own body is left alone.
 */
class BareErrorStatusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Undertow server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private RawHttp serve() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new BareErrorStatus(this::route))
                .build();
        server.start();
        return RawHttp.plain("http://127.0.0.1:"
                + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }

    private void route(HttpServerExchange exchange) {
        switch (exchange.getRequestPath()) {
            case "/throws" -> throw new IllegalStateException("a fault");
            // as the front dispatches: a handler (a Runnable that throws is never answered by Undertow)
            case "/throws-on-a-worker" -> exchange.dispatch(worker -> {
                throw new IllegalStateException("a fault");
            });
            case "/answers" -> ApiStatus.badRequest("its own words", "").sendTo(exchange);
            default -> exchange.getResponseSender().send("ok");
        }
    }

    @Test
    void aHandlerThatThrowsIsAnswered500WithAStatus() throws Exception {
        RawHttp front = serve();
        for (String path : new String[]{"/throws", "/throws-on-a-worker"}) {
            RawHttp.Answer answer = front.exchange("GET " + path + " HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n", "");
            assertThat(answer.status()).as(path).isEqualTo(500);
            assertThat(answer.text()).containsIgnoringCase("Content-Type: application/json");
            JsonNode status = JSON.readTree(answer.body());
            assertThat(status.path("kind").asString()).isEqualTo("Status");
            assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
            assertThat(status.path("status").asString()).isEqualTo("Failure");
            assertThat(status.path("reason").asString()).isEqualTo("InternalError");
            assertThat(status.path("code").asInt()).isEqualTo(500);
            assertThat(status.path("message").asString())
                    .startsWith("the sandbox's API server failed on GET " + path + " (500)").contains("hint: ");
        }
        RawHttp.Answer own = front.exchange("GET /answers HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n", "");
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.body()).contains("its own words").doesNotContain("failed on");
        assertThat(front.exchange("GET /fine HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n", "").body())
                .isEqualTo("ok");
    }
}
