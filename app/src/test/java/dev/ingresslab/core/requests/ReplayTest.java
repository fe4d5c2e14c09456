package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replay through the real proxy: the edited request is routed as a client's, and its record is found by its id. */
class ReplayTest {

    @TempDir
    Path dir;

    @Test
    void aReplayWithAnEditedPathHitsAnotherRuleAndItsRecordIsFound() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            assertThat(proxy.get(RoutedProxy.HOST, "/a/x")).contains(" 200 ");
            RequestRecord original = proxy.awaitRecords(1).get(0);
            assertThat(original.route()).contains("(Prefix /a) -> alpaca:8080");
            ReplayRequest prefilled = ReplayRequest.of(original);
            assertThat(prefilled.url().toString()).isEqualTo("http://alpaca.example.com/a/x");

            ReplayRequest edited = ReplayRequest.parse("GET", "http://alpaca.example.com/b/y?q=1", "X-Note: edited",
                    "");
            Replay.Result result = replay(proxy).send(edited);

            assertThat(result.response().status()).isEqualTo(200);
            assertThat(result.response().body()).isEqualTo("bandicoot saw GET /b/y?q=1 ");
            assertThat(result.record()).get().satisfies(record -> {
                assertThat(record.requestId()).isEqualTo(result.requestId()).startsWith("replay-");
                assertThat(record.route()).contains("default/path-ingress rule 0 path 1 (Prefix /) -> bandicoot:8080");
                assertThat(record.host()).isEqualTo(RoutedProxy.HOST);
            });
            assertThat(result.ruleChange(original)).get().asString()
                    .startsWith("another rule decided this time: default/path-ingress rule 0 path 1");
            assertThat(proxy.seen).anyMatch(line -> line.contains("x-request-id=" + result.requestId())
                    && line.contains("x-note=edited"));

            Replay.Result same = replay(proxy).send(prefilled);
            assertThat(same.record()).get().extracting(RequestRecord::route).isEqualTo(original.route());
            assertThat(same.ruleChange(original)).isEmpty();
        }
    }

    @Test
    void aBodyAndTheUsersOwnRequestIdAreSent() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            ReplayRequest post = ReplayRequest.parse("POST", "http://alpaca.example.com/a/form",
                    "X-Request-Id: mine-1\nContent-Type: text/plain\n\n", "héllo");

            Replay.Result result = replay(proxy).send(post);

            assertThat(result.response().body()).isEqualTo("alpaca saw POST /a/form héllo");
            assertThat(result.response().header("content-type")).isEqualTo("text/plain");
            assertThat(result.requestId()).isEqualTo("mine-1");
            assertThat(result.record()).get().extracting(RequestRecord::method).isEqualTo("POST");
        }
    }

    @Test
    void theProxysOwnAnswerIsReadAndRecorded() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            Replay.Result result = replay(proxy).send(ReplayRequest.parse("GET", "http://nope.example.com:8080/",
                    "", ""));

            assertThat(result.response().status()).isEqualTo(404);
            assertThat(result.response().body()).isNotEmpty();
            assertThat(result.record()).get().satisfies(record -> {
                assertThat(record.host()).isEqualTo("nope.example.com:8080");
                assertThat(record.outcome()).isEqualTo("not_found");
            });
        }
    }

    private static Replay replay(RoutedProxy proxy) {
        return new Replay(new ReplayClient(proxy.address(), Duration.ofSeconds(10)), proxy.journal(),
                Duration.ofSeconds(5));
    }

    @Test
    void editsThatCannotBeSentSayWhatToWriteInstead() throws Exception {
        assertThatThrownBy(() -> ReplayRequest.parse("GE T", "http://a/", "", ""))
                .isInstanceOf(InvalidReplayException.class).hasMessageStartingWith("the method \"GE T\" is not a method");
        assertThatThrownBy(() -> ReplayRequest.parse("", "http://a/", "", "")).hasMessageContaining("is not a method");
        assertThat(ReplayRequest.parse("GET", "https://alpaca.example.com/", "", "").secure()).isTrue();
        assertThatThrownBy(() -> new ReplayClient(new InetSocketAddress("127.0.0.1", 1), Duration.ofSeconds(1))
                .send(ReplayRequest.parse("GET", "https://alpaca.example.com/", "", ""), "r0"))
                .isInstanceOf(IOException.class).hasMessageContaining("has no HTTPS listener")
                .hasMessageContaining("change it to http://");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "/a/x", "", ""))
                .hasMessageContaining("needs the form http://host/path");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "ftp://alpaca.example.com/", "", ""))
                .hasMessageContaining("needs the form http://host/path");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://alpaca.example.com/a b", "", ""))
                .hasMessageContaining("cannot be read").hasMessageContaining("a space is %20");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://a/", "no colon here", ""))
                .hasMessageStartingWith("header line 1 (\"no colon here\") needs the form Name: value");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://a/", "\nBad Name: x", ""))
                .hasMessageStartingWith("header line 2");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://a/", "Host: other", ""))
                .hasMessageContaining("put the host in the URL instead");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://a/", "Content-Length: 5", ""))
                .hasMessageContaining("is written by replay itself").hasMessageEndingWith("remove the line");
        assertThatThrownBy(() -> ReplayRequest.parse("GET", "http://a/", "X-Emoji: \u263a", ""))
                .hasMessageContaining("a character HTTP/1.1 cannot carry");
    }

    @Test
    void aProxyThatIsGoneOrSilentIsSaidWithinTheBound() throws Exception {
        ReplayRequest request = ReplayRequest.parse("GET", "http://alpaca.example.com/", "", "");
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        ReplayClient gone = new ReplayClient(new InetSocketAddress("127.0.0.1", freePort), Duration.ofSeconds(2));
        assertThatThrownBy(() -> gone.send(request, "r1")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the proxy at 127.0.0.1:" + freePort + " does not accept connections")
                .hasMessageEndingWith("is the session still running?");

        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.start();
            ReplayClient client = new ReplayClient(new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
                    Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.send(request, "r2")).isInstanceOf(IOException.class)
                    .hasMessage("the proxy did not answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
