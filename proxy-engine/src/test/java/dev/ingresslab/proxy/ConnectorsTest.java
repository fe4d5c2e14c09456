package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connectors, as far as the mock API server allows: it cannot forward into a pod, so these tests check the
 * choice, the forwards' lifecycle on this side and the error paths; the real fabric8 port-forward code path runs.
 */
@EnableKubernetesMockClient(crud = true)
class ConnectorsTest {

    KubernetesClient client;

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static RouteTable tableWithEndpointAt(int port) {
        return new Cluster().serviceAt("default", "web", port)
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate().table();
    }

    @Test
    void autoConnectsDirectlyWhenPodAddressesAnswer() {
        List<String> told = new ArrayList<>();
        try (EchoBackend pod = EchoBackend.start("pod")) {
            AutoConnector auto = new AutoConnector(new DirectConnector(), new PortForwardConnector(client),
                    Duration.ofMillis(500), told::add);
            assertThat(auto.name()).as("direct until decided").isEqualTo("direct");

            auto.decide(tableWithEndpointAt(pod.port()));

            assertThat(auto.name()).isEqualTo("direct");
            assertThat(told).singleElement().asString().contains("connecting directly");
        }
    }

    @Test
    void autoChoosesPortForwardWhenPodAddressesDoNotAnswerAndDecidesOnce() throws Exception {
        List<String> told = new ArrayList<>();
        AutoConnector auto = new AutoConnector(new DirectConnector(), new PortForwardConnector(client),
                Duration.ofMillis(500), told::add);

        auto.decide(RouteTable.empty());
        assertThat(told).as("nothing to probe yet").isEmpty();
        auto.decide(tableWithEndpointAt(deadPort()));
        auto.decide(tableWithEndpointAt(deadPort()));

        assertThat(auto.name()).isEqualTo("port-forward");
        assertThat(told).singleElement().asString().contains("by port-forward through the API server");
    }

    @Test
    void aForwardIsOpenedOnALoopbackPortReusedAndClosedWhenTheEndpointGoesAway() throws Exception {
        PortForwardConnector forwards = new PortForwardConnector(client);
        Endpoint endpoint = new Endpoint("10.244.0.7", 8080, "default/alpaca-7d9f");

        URI first = forwards.uriFor(endpoint);
        URI again = forwards.uriFor(endpoint);

        assertThat(first.getHost()).isEqualTo("127.0.0.1");
        assertThat(first).isEqualTo(again);
        assertThat(forwards.open()).isEqualTo(1);
        try (Socket socket = new Socket("127.0.0.1", first.getPort())) {
            assertThat(socket.isConnected()).as("the forward listens locally").isTrue();
        }
        forwards.release(endpoint);
        assertThat(forwards.open()).isZero();
        // The forward's listening socket is closed while another thread blocks in accept() on it: the JDK may
        // complete that close just after release() returns, so the refusal is awaited (bounded), not assumed.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (listens(first.getPort()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", first.getPort()).close())
                .as("released: nothing listens any more").isInstanceOf(java.net.ConnectException.class);
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return socket.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void anEndpointWithoutPodCannotBeForwardedAndTheProxySaysSo() throws Exception {
        PortForwardConnector forwards = new PortForwardConnector(client);

        assertThatThrownBy(() -> forwards.uriFor(new Endpoint("10.0.0.1", 80)))
                .hasMessageContaining("names no Pod");
        try (RequestJournal journal = new RequestJournal(10)) {
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), tableWithEndpointAt(deadPort()), forwards, journal);
            try {
                var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .build().send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + proxy.httpPort() + "/")).header("Host", "web.example.com").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(response.body()).contains("cannot be reached by port-forward");
            } finally {
                proxy.close();
            }
        }
    }
}
