package dev.ingresslab.cluster;

import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/** The controller against fabric8's mock API server in CRUD mode, with real backends behind the real proxy. */
@EnableKubernetesMockClient(crud = true)
class ClusterControllerTest {

    KubernetesClient client;

    /** HTTP/1.1: over HTTP/2 the JDK client routes by the URI's authority, and the test's Host header is ignored. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void routesWhatTheClusterHoldsFollowsEveryChangeAndWritesStatus() throws Exception {
        // create, status written; update; a broken Ingress beside; handed to another class, status removed; delete
        List<String> problems = new CopyOnWriteArrayList<>();
        List<dev.ingresslab.translate.Translation> translations = new CopyOnWriteArrayList<>();
        try (EchoBackend alpaca = EchoBackend.start("alpaca"); EchoBackend bandicoot = EchoBackend.start("bandicoot");
             RequestJournal journal = new RequestJournal(100)) {
            service("alpaca", alpaca.port());
            service("bandicoot", bandicoot.port());
            create(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "alpaca")).build());
            client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                    .withName("nginx").endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec()
                    .build()).create();
            create(TestIngress.named("theirs").className("nginx")
                    .rule("theirs.example.com", p -> p.prefix("/", "alpaca")).build());

            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), RouteTable.empty(), new DirectConnector(), journal);
            StatusWriter status = new StatusWriter(client, "127.0.0.1", problems::add);
            try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                    new IngressTranslator(TranslatorSettings.defaults()), proxy, status, null, () -> true, translations::add)) {
                assertThat(controller).isNotNull();
                awaitEquals(() -> backendFor(proxy, "web.example.com"), "alpaca");
                awaitEquals(() -> addressesOf("web"), "[127.0.0.1]");
                assertThat(statusOf(proxy, "theirs.example.com")).isEqualTo(404);
                assertThat(addressesOf("theirs")).isEqualTo("[]");

                Ingress changed = client.network().v1().ingresses().inNamespace("default").withName("web").get();
                changed.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                        .setName("bandicoot");
                client.network().v1().ingresses().inNamespace("default").resource(changed).update();
                awaitEquals(() -> backendFor(proxy, "web.example.com"), "bandicoot");

                create(TestIngress.named("broken-regex").nginx("use-regex", "true")
                        .rule("regex.example.com", p -> p.implementationSpecific("/bad(", "alpaca")
                                .implementationSpecific("/(?:(?:a{1,1000}){1,1000}){1,1000}", "alpaca")
                                .implementationSpecific("/good", "alpaca")).build());
                awaitEquals(() -> backendFor(proxy, "regex.example.com", "/good"), "alpaca");
                assertThat(translations).last().satisfies(t -> assertThat(t.diagnosticsOf("default", "broken-regex"))
                        .extracting(d -> d.reason()).containsExactly("InvalidRegex", "RegexTooComplex"));
                assertThat(backendFor(proxy, "web.example.com")).as("the others are undisturbed")
                        .isEqualTo("bandicoot");

                Ingress handedOver = client.network().v1().ingresses().inNamespace("default").withName("web").get();
                handedOver.getSpec().setIngressClassName("nginx");
                client.network().v1().ingresses().inNamespace("default").resource(handedOver).update();
                awaitEquals(() -> addressesOf("web"), "[]");
                assertThat(statusOf(proxy, "web.example.com")).as("no longer ours").isEqualTo(404);

                client.network().v1().ingresses().inNamespace("default").withName("broken-regex").delete();
                awaitEquals(() -> backendFor(proxy, "regex.example.com", "/good"), "status 404");
                assertThat(translations).last().satisfies(t -> assertThat(t.table().ignored())
                        .extracting(i -> i.objectName()).containsExactly("default/theirs", "default/web"));
            } finally {
                proxy.close();
            }
        }
        assertThat(problems).isEmpty();
    }

    private void service(String name, int port) {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .create();
        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-1").withLabels(Map.of("kubernetes.io/service-name", name))
                .endMetadata().withAddressType("IPv4").addNewPort().withName("http").withPort(port).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
    }

    private void create(Ingress ingress) {
        ingress.getMetadata().setCreationTimestamp(null);
        client.network().v1().ingresses().inNamespace("default").resource(ingress).create();
    }

    private String addressesOf(String ingress) {
        Ingress current = client.network().v1().ingresses().inNamespace("default").withName(ingress).get();
        if (current.getStatus() == null || current.getStatus().getLoadBalancer() == null
                || current.getStatus().getLoadBalancer().getIngress() == null) {
            return "[]";
        }
        return current.getStatus().getLoadBalancer().getIngress().stream().map(IngressLoadBalancerIngress::getIp)
                .toList().toString();
    }

    private int statusOf(ProxyServer proxy, String host) {
        try {
            return http.send(request(proxy, host), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String backendFor(ProxyServer proxy, String host) {
        return backendFor(proxy, host, "/");
    }

    private String backendFor(ProxyServer proxy, String host, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + proxy.httpPort() + path)).header("Host", host).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? (String) echo(response.body()).get("backend")
                    : "status " + response.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static HttpRequest request(ProxyServer proxy, String host) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpPort() + "/"))
                .header("Host", host).timeout(Duration.ofSeconds(5)).build();
    }

    private static void awaitEquals(Supplier<String> actual, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
