package dev.ingresslab.cluster;

import dev.ingresslab.route.Route;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user runs {@code up} on a cluster without the Gateway API, then installs its CRDs (fabric8's mock API server,
 * which serves a CRD's kind once the CRD is created): the controller notices within its re-check period, says so on
 * one line, and serves the HTTPRoutes without a restart.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(90)
class GatewayApiInstalledLaterTest {

    KubernetesClient client;

    @Test
    void routesAreServedOnceTheCrdsAppearWithoutARestart() throws Exception {
        NoticeRecorder listener = new NoticeRecorder();
        List<String> notices = listener.notices();
        List<Translation> tables = new CopyOnWriteArrayList<>();
        try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                RouteCompiler.standard(TranslatorSettings.defaults()), List.of(change -> tables.add(
                        change.translation())), null, listener)) {
            assertThat(notices).singleElement().asString().contains("the Gateway API is not installed")
                    .contains("watched as soon as they appear, without a restart");

            GatewayApiCrds.installCore(client);
            client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                    .withName("alpaca").endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec()
                    .build()).create();
            client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("alpaca-1").withLabels(Map.of("kubernetes.io/service-name",
                            "alpaca")).endMetadata().withAddressType("IPv4").addNewPort().withPort(8080).endPort()
                    .addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
            client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass.class)
                    .resource(new GatewayClassBuilder().withNewMetadata().withName("lab").endMetadata()
                            .withNewSpec().withControllerName("ingress-lab.dev/controller").endSpec().build())
                    .create();
            client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("default")
                    .resource(new GatewayBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                            .withGatewayClassName("lab").addNewListener().withName("http").withProtocol("HTTP")
                            .withPort(80).endListener().endSpec().build()).create();
            client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace("default")
                    .resource(new HTTPRouteBuilder().withNewMetadata().withName("alpaca").endMetadata()
                            .withNewSpec().addNewParentRef().withName("web").endParentRef()
                            .withHostnames("alpaca.example.com").addNewRule().addNewBackendRef().withName("alpaca")
                            .withPort(8080).endBackendRef().endRule().endSpec().build()).create();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!served(tables) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(served(tables)).as("the HTTPRoute is in the table, without a restart").isTrue();
            assertThat(notices).hasSize(2).last().asString()
                    .isEqualTo("Gateway API CRDs appeared: watching GatewayClasses, Gateways and HTTPRoutes");
        }
    }

    private static boolean served(List<Translation> tables) {
        return !tables.isEmpty() && tables.get(tables.size() - 1).table().allRoutes().stream()
                .anyMatch(route -> route.isHttpRoute() && route.host().equals("alpaca.example.com")
                        && route.backend().service().equals("alpaca"));
    }
}
