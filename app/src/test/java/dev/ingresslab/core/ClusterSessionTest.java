package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code up}'s session against the mock API server: the chapter's host-ingress routes, and the log shows it. */
@EnableKubernetesMockClient(crud = true)
class ClusterSessionTest {

    KubernetesClient client;

    @Test
    void servesTheClustersIngressesAndPrintsRoutesAndRequests() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", exchange -> {
            byte[] body = "alpaca here".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("alpaca")
                    .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
            client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("alpaca-1").withLabels(Map.of("kubernetes.io/service-name", "alpaca"))
                    .endMetadata().withAddressType("IPv4").addNewPort().withPort(backend.getAddress().getPort())
                    .endPort().addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
            Ingress hostIngress = Serialization.unmarshal(java.nio.file.Files.readString(
                    java.nio.file.Path.of("../samples/ch8/host-ingress.yaml")), Ingress.class);
            client.network().v1().ingresses().inNamespace("default").resource(hostIngress).create();

            try (ClusterSession session = ClusterSession.start(client, WatchScope.allNamespaces(), "default", ConnectorChoice.AUTO,
                    ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0),
                    TranslatorSettings.defaults(), AccessLog.Format.TEXT, true, true,
                    new PrintStream(output, true, StandardCharsets.UTF_8))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.proxy().httpPort()
                        + "/")).header("Host", "alpaca.example.com").timeout(Duration.ofSeconds(5)).build();
                String body = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!body.equals("alpaca here") && System.nanoTime() < deadline) {
                    body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                    Thread.sleep(20);
                }
                assertThat(body).isEqualTo("alpaca here");
                // Events are written after the routes go live (and debounced): wait for them while still serving
                while (client.v1().events().inNamespace("default").list().getItems().stream()
                        .noneMatch(event -> "ServiceNotFound".equals(event.getReason()))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            String log = output.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("serving 2 routes:")
                    .contains("alpaca.example.com Prefix /")
                    .contains("default/alpaca:8080  [1 endpoint]  from Ingress default/host-ingress")
                    .contains("(default)").contains("default/be-default:8080  [the Service default/be-default does"
                            + " not exist");
            assertThat(log).contains(" 200 GET alpaca.example.com/  default/host-ingress rule 0 path 0 (Prefix /)");
            assertThat(client.network().v1().ingresses().inNamespace("default").withName("host-ingress").get()
                    .getStatus().getLoadBalancer().getIngress()).as("cleared on exit").isEmpty();
            assertThat(log).contains("this Ingress Lab controls the cluster")
                    .contains("pod addresses are reachable from here (127.0.0.1:" + backend.getAddress().getPort()
                            + "): connecting directly");
            assertThat(client.leases().inNamespace("default").withName("ingress-lab").get())
                    .as("the Lease is released on exit").isNull();
            assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(event -> assertThat(event.getReason()).isEqualTo("ServiceNotFound"));
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void aSecondInstanceServesButSaysWhoControlsTheCluster() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        ProxySettings settings = ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0);
        try (ClusterSession gui = ClusterSession.start(client, WatchScope.allNamespaces(), "default",
                ConnectorChoice.DIRECT, settings, TranslatorSettings.defaults(), null, true, false,
                new PrintStream(first, true, StandardCharsets.UTF_8));
             ClusterSession terminal = ClusterSession.start(client, WatchScope.allNamespaces(), "default",
                     ConnectorChoice.DIRECT, settings, TranslatorSettings.defaults(), null, true, false,
                     new PrintStream(second, true, StandardCharsets.UTF_8))) {
            assertThat(gui.proxy().httpPort()).isNotEqualTo(terminal.proxy().httpPort());
            assertThat(first.toString(StandardCharsets.UTF_8)).contains("this Ingress Lab controls the cluster");
            assertThat(second.toString(StandardCharsets.UTF_8)).contains("another Ingress Lab (")
                    .contains(") controls this cluster: this one serves requests but writes no status or Events");
        }
    }
}
