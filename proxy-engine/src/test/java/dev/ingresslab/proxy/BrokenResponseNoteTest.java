package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response cut short after its head went to the client is not journaled as a clean answer: the record's note (the
 * access log's {@code !}, text and JSON) says who cut it and how far it got, as a 502's note does. Real HTTP over
 * loopback, with and without the front, to a raw-socket backend.
 */
class BrokenResponseNoteTest {

    private static final String HOST = "Host: web.example.com\r\n";

    private static RouteTable table(int port) {
        return new Cluster().serviceAt("default", "web", port)
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    /** A backend that answers one request with {@code head} and {@code sent} body bytes, then waits, then closes. */
    private static ServerSocket backend(String head, int sent, CountDownLatch closeWhen) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (Socket connection = server.accept()) {
                LeanPathTest.ScriptedBackend.readHead(new BufferedInputStream(connection.getInputStream()));
                OutputStream out = connection.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(new byte[sent]);
                out.flush();
                closeWhen.await(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the proxy closed it
            }
        });
        serving.setDaemon(true);
        serving.start();
        return server;
    }

    @ParameterizedTest(name = "front: {0}")
    @ValueSource(booleans = {true, false})
    void anEndpointThatClosesMidBodyIsNotedWithHowFarItGot(boolean front) throws Exception {
        CountDownLatch now = new CountDownLatch(0);
        try (ServerSocket backend = backend("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", 1000, now);
             ProxyFixture proxy = new ProxyFixture(table(backend.getLocalPort()), ProxySettings.defaults(), front);
             Socket client = new Socket("127.0.0.1", proxy.server.httpPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(bytes("GET /big HTTP/1.1\r\n" + HOST + "\r\n"));
            InputStream in = client.getInputStream();
            assertThat(in.readAllBytes().length).as("the client sees the response break").isLessThan(100_000);

            RequestRecord record = recorded(proxy);
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.error()).isEqualTo("the endpoint closed the connection after 1000 of 100000 bytes");
            assertThat(AccessLog.text(record)).contains("  ! the endpoint closed the connection after 1000 of 100000"
                    + " bytes");
            assertThat(JsonMapper.builder().build().writeValueAsString(record))
                    .contains("\"error\":\"the endpoint closed the connection after 1000 of 100000 bytes\"");
        }
    }

    @ParameterizedTest(name = "front: {0}")
    @ValueSource(booleans = {true, false})
    void aClientThatGoesAwayMidBodyIsNoted(boolean front) throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        // a body far over the socket buffers, so that the proxy is still writing when the client leaves
        try (ServerSocket backend = backend("HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\n", 8_000_000,
                clientGone);
             ProxyFixture proxy = new ProxyFixture(table(backend.getLocalPort()), ProxySettings.defaults(), front)) {
            try (Socket client = new Socket("127.0.0.1", proxy.server.httpPort())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(bytes("GET /big HTTP/1.1\r\n" + HOST + "\r\n"));
                client.getInputStream().readNBytes(1000);
                client.setSoLinger(true, 0); // gone for good: the proxy's next writes fail
            }
            RequestRecord record = recorded(proxy);
            clientGone.countDown();
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.error()).startsWith("the client went away after ").endsWith(" of 50000000 bytes");
        }
    }

    private static RequestRecord recorded(ProxyFixture proxy) throws InterruptedException {
        RequestRecord record = JournalWaits.awaitListed(proxy.journal, 1).get(0);
        assertThat(proxy.journal.count()).as("the request is journaled once").isOne();
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
