package dev.ingresslab.cluster;

import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server stops and starts again (same port, same stored objects) while requests keep coming: the proxy
 * serves the last table throughout, the disconnection is reported, and after the restart changes flow again.
 */
class ApiServerRestartTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theProxyKeepsServingWhileTheApiServerIsAwayAndFollowsItAgainAfter() throws Exception {
        KubernetesCrudDispatcher storage = new KubernetesCrudDispatcher();
        KubernetesMockServer apiServer = start(storage, 0);
        int apiPort = apiServer.getPort();
        List<String> connection = new CopyOnWriteArrayList<>();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + apiPort)
                .withNamespace("default").withWatchReconnectInterval(200).withWatchReconnectLimit(-1)
                .withRequestRetryBackoffLimit(0).build();
        try (EchoBackend alpaca = EchoBackend.start("alpaca"); EchoBackend bandicoot = EchoBackend.start("bandicoot");
             RequestJournal journal = new RequestJournal(100);
             KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            service(client, "alpaca", alpaca.port());
            service(client, "bandicoot", bandicoot.port());
            client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("web")
                    .rule("web.example.com", p -> p.prefix("/", "alpaca")).build()).create();
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), RouteTable.empty(), new DirectConnector(), journal);
            ClusterListener listener = new ClusterListener() {
                @Override
                public void applied(Translation translation) {
                }

                @Override
                public void connection(boolean connected, Instant since) {
                    connection.add(connected ? "connected" : "disconnected");
                }
            };
            // the disconnection is reported after 1 s instead of the product's 5 s: a mock API server's watches do
            // not restart by themselves, so nothing but its stop is reported
            try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                    new IngressTranslator(TranslatorSettings.defaults()).compiler(),
                    ClusterObserver.standard(proxy, null, null, () -> false, listener), null, listener,
                    Duration.ofSeconds(1))) {
                assertThat(controller).isNotNull();
                awaitEquals(() -> backendFor(proxy), "alpaca");

                apiServer.destroy();
                awaitEquals(() -> String.join(",", connection), "disconnected");
                for (int i = 0; i < 20; i++) {
                    assertThat(backendFor(proxy)).as("served from the last table").isEqualTo("alpaca");
                }

                apiServer = start(storage, apiPort);
                awaitEquals(() -> String.join(",", connection), "disconnected,connected");
                Ingress web = client.network().v1().ingresses().inNamespace("default").withName("web").get();
                web.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                        .setName("bandicoot");
                client.network().v1().ingresses().inNamespace("default").resource(web).update();
                awaitEquals(() -> backendFor(proxy), "bandicoot");
            } finally {
                proxy.close();
            }
        } finally {
            apiServer.destroy();
        }
    }

    private static KubernetesMockServer start(KubernetesCrudDispatcher storage, int port) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                storage, false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        return server;
    }

    private static void service(KubernetesClient client, String name, int port) {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-1").withLabels(Map.of("kubernetes.io/service-name", name))
                .endMetadata().withAddressType("IPv4").addNewPort().withPort(port).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
    }

    private String backendFor(ProxyServer proxy) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + proxy.httpPort() + "/")).header("Host", "web.example.com").timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? (String) echo(response.body()).get("backend")
                    : "status " + response.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void awaitEquals(Supplier<String> actual, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
