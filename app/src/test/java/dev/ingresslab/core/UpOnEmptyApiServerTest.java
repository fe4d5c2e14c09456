package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.cluster.OurIngressClass;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
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

/**
 * #12 §2 on the stand-in for a real API server (fabric8's mock in CRUD mode), empty: every get, list and watch
 * {@code up} makes (our IngressClass, the Lease, Ingresses, IngressClasses, Services, EndpointSlices, TLS Secrets)
 * works on an empty collection; {@code up} starts at once and serves what is created afterwards, without a false
 * "disconnected".
 */
@EnableKubernetesMockClient(crud = true)
class UpOnEmptyApiServerTest {

    KubernetesClient client;

    @Test
    void startsOnAnEmptyClusterAndServesWhatIsCreatedLater() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", exchange -> {
            byte[] body = "web here".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try {
            out.println(OurIngressClass.ensure(client, TranslatorSettings.defaults(), false, false));
            try (ClusterSession session = ClusterSession.start(client, WatchScope.allNamespaces(), "default",
                    ConnectorChoice.DIRECT, ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                            .withHttpPort(0), TranslatorSettings.defaults(), AccessLog.Format.TEXT, true, false, out)) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

                client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                        .withName("web").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                        .build()).create();
                client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                        .withNewMetadata().withName("web-1").withLabels(Map.of("kubernetes.io/service-name", "web"))
                        .endMetadata().withAddressType("IPv4").addNewPort().withPort(backend.getAddress().getPort())
                        .endPort().addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
                client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                        .withNewMetadata().withName("web").endMetadata().withNewSpec().addNewRule()
                        .withHost("web.example.com").withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                        .withNewBackend().withNewService().withName("web").withNewPort().withNumber(80).endPort()
                        .endService().endBackend().endPath().endHttp().endRule().endSpec().build()).create();

                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + session.proxy().httpPort() + "/")).header("Host", "web.example.com")
                        .timeout(Duration.ofSeconds(5)).build();
                String body = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!body.equals("web here") && System.nanoTime() < deadline) {
                    body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                    Thread.sleep(20);
                }
                assertThat(body).isEqualTo("web here");
                while (System.nanoTime() - start < Duration.ofSeconds(7).toNanos()) {
                    Thread.sleep(100); // past the time a lasting disconnection would be reported
                }
            }
        } finally {
            backend.stop(0);
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("IngressClass ingress-lab does not exist")
                .contains("serving 0 routes:").contains("from Ingress default/web").doesNotContain("disconnected");
    }
}
