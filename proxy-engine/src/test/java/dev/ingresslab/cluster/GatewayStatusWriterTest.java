package dev.ingresslab.cluster;

import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller writes the Gateway API status as a conformant implementation does, against fabric8's mock API server
 * with the Gateway API's CRDs declared (status subresource, generation): only objects of our GatewayClass, every
 * condition with its observedGeneration, other controllers' entries kept, ours taken back when a parent is no longer
 * ours, and no write when nothing changed.
 */
class GatewayStatusWriterTest {

    private static final String GROUP = "gateway.networking.k8s.io";
    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServer() throws Exception {
        List<CustomResourceDefinitionContext> crds = List.of(
                crd("gatewayclasses", "GatewayClass", "Cluster"), crd("gateways", "Gateway", "Namespaced"),
                crd("httproutes", "HTTPRoute", "Namespaced"));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(crds), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    private static CustomResourceDefinitionContext crd(String plural, String kind, String scope) {
        return new CustomResourceDefinitionContext.Builder().withName(plural + "." + GROUP).withGroup(GROUP)
                .withVersion("v1").withPlural(plural).withKind(kind).withScope(scope).withStatusSubresource(true)
                .build();
    }

    @AfterAll
    static void stopApiServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    /**
     * Every Gateway of our classes shares the proxy's ports, so each test's Gateway, which listens on HTTP without a
     * hostname, would conflict with an older test's: none outlives its test.
     */
    @AfterEach
    void deleteGateways() {
        client.resources(Gateway.class).inAnyNamespace().delete();
    }

    @Test
    void writesOurObjectsStatusOnceWithObservedGenerationAndLeavesOtherControllersAlone() throws Exception {
        String ns = "status-a";
        service(ns, "alpaca");
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("lab-a").endMetadata().withNewSpec().withControllerName("ingress-lab.dev/controller")
                .endSpec().build()).create();
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("theirs-a").endMetadata().withNewSpec().withControllerName("example.com/other")
                .endSpec().build()).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("lab-gateway", "lab-a")).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("their-gateway", "theirs-a")).create();
        HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(ns).resource(route("alpaca-route",
                "lab-gateway")).create();
        // another controller already reports on this route: its entry must stay as it is
        RouteParentStatus theirs = new RouteParentStatusBuilder().withControllerName("example.com/other")
                .withNewParentRef().withName("elsewhere").endParentRef().build();
        client.resources(HTTPRoute.class).inNamespace(ns).resource(new HTTPRouteBuilder(route)
                .withStatus(new HTTPRouteStatusBuilder().withParents(theirs).build()).build()).updateStatus();

        try (ClusterController controller = start()) {
            await(() -> ourParent(ns, "alpaca-route").isPresent());
            await(() -> condition(gatewayClass("lab-a").getStatus() == null ? List.of()
                    : gatewayClass("lab-a").getStatus().getConditions(), "Accepted").isPresent());

            assertThat(condition(gatewayClass("lab-a").getStatus().getConditions(), "Accepted")).get()
                    .satisfies(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getObservedGeneration()).isEqualTo(1L);
                    });
            assertThat(gatewayClass("theirs-a").getStatus()).as("another controller's class").satisfiesAnyOf(
                    status -> assertThat(status).isNull(),
                    status -> assertThat(status.getConditions()).isEmpty());

            await(() -> storedGateway(ns, "lab-gateway").getStatus() != null
                    && !storedGateway(ns, "lab-gateway").getStatus().getListeners().isEmpty());
            Gateway ours = storedGateway(ns, "lab-gateway");
            assertThat(ours.getStatus().getAddresses()).singleElement()
                    .satisfies(a -> assertThat(a.getValue()).isEqualTo("127.0.0.1"));
            assertThat(condition(ours.getStatus().getConditions(), "Programmed")).get()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(ours.getStatus().getListeners().get(0).getAttachedRoutes()).isEqualTo(1);
            assertThat(ours.getStatus().getListeners().get(0).getSupportedKinds()).singleElement()
                    .satisfies(kind -> assertThat(kind.getKind()).isEqualTo("HTTPRoute"));
            assertThat(storedGateway(ns, "their-gateway").getStatus()).as("a Gateway of another class")
                    .satisfiesAnyOf(status -> assertThat(status).isNull(),
                            status -> assertThat(status.getConditions()).isEmpty());

            HTTPRoute written = storedRoute(ns, "alpaca-route");
            assertThat(written.getStatus().getParents()).as("theirs first, kept as it was").first().isEqualTo(theirs);
            RouteParentStatus parent = ourParent(ns, "alpaca-route").orElseThrow();
            assertThat(parent.getParentRef().getName()).isEqualTo("lab-gateway");
            assertThat(parent.getParentRef().getKind()).isEqualTo("Gateway");
            assertThat(parent.getConditions()).extracting(Condition::getType).containsExactly("Accepted",
                    "ResolvedRefs");
            assertThat(parent.getConditions()).allSatisfy(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getObservedGeneration()).isEqualTo(1L);
                assertThat(c.getLastTransitionTime()).isNotEmpty();
            });

            // no status ping-pong: our writes come back through the informers and cause no other
            String routeVersion = written.getMetadata().getResourceVersion();
            String gatewayVersion = storedGateway(ns, "lab-gateway").getMetadata().getResourceVersion();
            Thread.sleep(1000);
            assertThat(storedRoute(ns, "alpaca-route").getMetadata().getResourceVersion()).isEqualTo(routeVersion);
            assertThat(storedGateway(ns, "lab-gateway").getMetadata().getResourceVersion()).isEqualTo(gatewayVersion);

            // a spec change: the conditions follow its generation, keeping their transition time
            String since = parent.getConditions().get(0).getLastTransitionTime();
            client.resources(HTTPRoute.class).inNamespace(ns).withName("alpaca-route").edit(r -> new HTTPRouteBuilder(r)
                    .editSpec().withHostnames("alpaca.example.com", "www.alpaca.example.com").endSpec().build());
            long generation = storedRoute(ns, "alpaca-route").getMetadata().getGeneration();
            assertThat(generation).isEqualTo(2L);
            await(() -> ourParent(ns, "alpaca-route").map(p -> p.getConditions().get(0).getObservedGeneration())
                    .orElse(0L) == generation);
            assertThat(ourParent(ns, "alpaca-route").orElseThrow().getConditions().get(0).getLastTransitionTime())
                    .as("the status did not change").isEqualTo(since);

            // the route moves to another controller's Gateway: our entry is taken back, theirs stays
            client.resources(HTTPRoute.class).inNamespace(ns).withName("alpaca-route").edit(r -> new HTTPRouteBuilder(r)
                    .editSpec().withParentRefs().addNewParentRef().withName("their-gateway").endParentRef()
                    .endSpec().build());
            await(() -> ourParent(ns, "alpaca-route").isEmpty());
            assertThat(storedRoute(ns, "alpaca-route").getStatus().getParents()).containsExactly(theirs);
        }
    }

    @Test
    void aRouteToAMissingServiceIsAcceptedWithResolvedRefsFalse() throws Exception {
        String ns = "status-b";
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("lab-b").endMetadata().withNewSpec().withControllerName("ingress-lab.dev/controller")
                .endSpec().build()).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("gw", "lab-b")).create();
        client.resources(HTTPRoute.class).inNamespace(ns).resource(route("missing-route", "gw")).create();
        try (ClusterController controller = start()) {
            await(() -> ourParent(ns, "missing-route").isPresent());
            RouteParentStatus parent = ourParent(ns, "missing-route").orElseThrow();
            assertThat(condition(parent.getConditions(), "Accepted")).get()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(condition(parent.getConditions(), "ResolvedRefs")).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("BackendNotFound");
                assertThat(c.getMessage()).contains("alpaca");
            });
        }
    }

    /**
     * A Gateway moves to another controller's class: our conditions, listeners and address go back to the CRDs'
     * "Waiting for controller", our entry leaves its Route's parents, and the other controller's entry stays.
     */
    @Test
    void aGatewayMovedToAnotherControllerKeepsNothingOfOurs() throws Exception {
        String ns = "status-c";
        service(ns, "alpaca");
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("lab-c").endMetadata().withNewSpec().withControllerName("ingress-lab.dev/controller")
                .endSpec().build()).create();
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("theirs-c").endMetadata().withNewSpec().withControllerName("example.com/other")
                .endSpec().build()).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("moving", "lab-c")).create();
        HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(ns).resource(route("r", "moving")).create();
        RouteParentStatus theirs = new RouteParentStatusBuilder().withControllerName("example.com/other")
                .withNewParentRef().withName("elsewhere").endParentRef().build();
        client.resources(HTTPRoute.class).inNamespace(ns).resource(new HTTPRouteBuilder(route)
                .withStatus(new HTTPRouteStatusBuilder().withParents(theirs).build()).build()).updateStatus();
        try (ClusterController controller = start()) {
            await(() -> ourParent(ns, "r").isPresent() && programmed(ns, "moving").equals("True"));

            client.resources(Gateway.class).inNamespace(ns).withName("moving").edit(g -> new GatewayBuilder(g)
                    .editSpec().withGatewayClassName("theirs-c").endSpec().build());
            await(() -> programmed(ns, "moving").equals("Unknown"));
            Gateway moved = storedGateway(ns, "moving");
            assertThat(moved.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus,
                    Condition::getReason, Condition::getMessage).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Accepted", "Unknown", "Pending", "Waiting for controller"),
                    org.assertj.core.groups.Tuple.tuple("Programmed", "Unknown", "Pending", "Waiting for controller"));
            assertThat(moved.getStatus().getListeners()).as("our listener statuses").isEmpty();
            assertThat(moved.getStatus().getAddresses()).as("our address").isEmpty();
            await(() -> ourParent(ns, "r").isEmpty());
            assertThat(storedRoute(ns, "r").getStatus().getParents()).containsExactly(theirs);

            // once released, it is the other controller's: what it writes is never touched again
            String version = storedGateway(ns, "moving").getMetadata().getResourceVersion();
            Thread.sleep(1000);
            assertThat(storedGateway(ns, "moving").getMetadata().getResourceVersion()).isEqualTo(version);
        }
    }

    /**
     * Status on exit: a conformant Gateway API controller leaves the status it wrote when it stops (as ingress-nginx
     * leaves the Ingress status unless told otherwise); {@code --clear-status-on-exit} is about the Ingresses only.
     */
    @Test
    void theStatusIsLeftAsItIsWhenTheControllerStopsEvenWhenClearingIngresses() throws Exception {
        String ns = "status-d";
        service(ns, "alpaca");
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("lab-d").endMetadata().withNewSpec().withControllerName("ingress-lab.dev/controller")
                .endSpec().build()).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("gw", "lab-d")).create();
        client.resources(HTTPRoute.class).inNamespace(ns).resource(route("r", "gw")).create();
        for (boolean clearIngresses : List.of(false, true)) {
            ClusterController controller = start();
            try {
                await(() -> ourParent(ns, "r").isPresent() && programmed(ns, "gw").equals("True"));
            } finally {
                controller.stop(clearIngresses);
            }
            Gateway gateway = storedGateway(ns, "gw");
            HTTPRoute route = storedRoute(ns, "r");
            Thread.sleep(500);
            assertThat(storedGateway(ns, "gw")).as("clear Ingresses: " + clearIngresses).isEqualTo(gateway);
            assertThat(programmed(ns, "gw")).isEqualTo("True");
            assertThat(gateway.getStatus().getListeners()).singleElement()
                    .satisfies(l -> assertThat(l.getAttachedRoutes()).isEqualTo(1));
            assertThat(storedRoute(ns, "r")).isEqualTo(route);
            assertThat(ourParent(ns, "r")).isPresent();
        }
    }

    /**
     * What translation decides about a conflicted listener and an unsupported filter reaches the objects' status:
     * the newer of two Gateways with the same catch-all HTTP listener is Conflicted (HostnameConflict) and not
     * Programmed; a Route with a RequestMirror filter is attached but Accepted False, UnsupportedValue.
     */
    @Test
    void aConflictedListenerAndAnUnsupportedFilterAreWrittenToTheStatus() throws Exception {
        String ns = "status-e";
        service(ns, "alpaca");
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata()
                .withName("lab-e").endMetadata().withNewSpec().withControllerName("ingress-lab.dev/controller")
                .endSpec().build()).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("first", "lab-e")).create();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway("second", "lab-e")).create();
        HTTPRoute mirrored = new HTTPRouteBuilder(route("mirrored", "first")).editSpec().editFirstRule()
                .addNewFilter().withType("RequestMirror").withNewRequestMirror().withNewBackendRef()
                .withName("alpaca").withPort(8080).endBackendRef().endRequestMirror().endFilter().endRule().endSpec()
                .build();
        client.resources(HTTPRoute.class).inNamespace(ns).resource(mirrored).create();
        try (ClusterController controller = start()) {
            await(() -> ourParent(ns, "mirrored").isPresent() && !programmed(ns, "second").isEmpty());
            Condition conflicted = condition(storedGateway(ns, "second").getStatus().getListeners().get(0)
                    .getConditions(), "Conflicted").orElseThrow();
            assertThat(conflicted.getStatus()).isEqualTo("True");
            assertThat(conflicted.getReason()).isEqualTo("HostnameConflict");
            assertThat(conflicted.getMessage()).contains("Gateway status-e/first");
            assertThat(programmed(ns, "second")).isEqualTo("False");
            assertThat(programmed(ns, "first")).isEqualTo("True");
            Condition accepted = condition(ourParent(ns, "mirrored").orElseThrow().getConditions(), "Accepted")
                    .orElseThrow();
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("UnsupportedValue");
            assertThat(accepted.getMessage()).contains("spec.rules[0].filters[0]", "RequestMirror",
                    "answered 500");
            assertThat(storedGateway(ns, "first").getStatus().getListeners().get(0).getAttachedRoutes())
                    .as("attached nonetheless: its requests are answered 500, not sent elsewhere").isEqualTo(1);
        }
    }

    private static String programmed(String ns, String name) {
        Gateway gateway = storedGateway(ns, name);
        return gateway.getStatus() == null ? "" : condition(gateway.getStatus().getConditions(), "Programmed")
                .map(Condition::getStatus).orElse("");
    }

    private static ClusterController start() {
        StatusWriter writer = new StatusWriter(client, "127.0.0.1", problem -> {
            throw new AssertionError("a status write was refused: " + problem);
        });
        List<Translation> seen = new CopyOnWriteArrayList<>();
        return ClusterController.start(client, WatchScope.allNamespaces(),
                RouteCompiler.standard(TranslatorSettings.defaults()),
                List.of(change -> seen.add(change.translation()), ClusterObserver.status(writer, () -> true)),
                writer, translation -> { });
    }

    private static Gateway gateway(String name, String className) {
        return new GatewayBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withGatewayClassName(className).addNewListener().withName("http").withProtocol("HTTP").withPort(80)
                .endListener().endSpec().build();
    }

    private static HTTPRoute route(String name, String gateway) {
        return new HTTPRouteBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewParentRef().withName(gateway).endParentRef().withHostnames("alpaca.example.com")
                .addNewRule().addNewBackendRef().withName("alpaca").withPort(8080).endBackendRef().endRule()
                .endSpec().build();
    }

    private static void service(String ns, String name) {
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace(ns).resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-1").withLabels(Map.of("kubernetes.io/service-name", name))
                .endMetadata().withAddressType("IPv4").addNewPort().withPort(8080).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().build()).create();
    }

    private static GatewayClass gatewayClass(String name) {
        return client.resources(GatewayClass.class).withName(name).get();
    }

    private static Gateway storedGateway(String ns, String name) {
        return client.resources(Gateway.class).inNamespace(ns).withName(name).get();
    }

    private static HTTPRoute storedRoute(String ns, String name) {
        return client.resources(HTTPRoute.class).inNamespace(ns).withName(name).get();
    }

    private static Optional<RouteParentStatus> ourParent(String ns, String name) {
        HTTPRoute route = storedRoute(ns, name);
        if (route.getStatus() == null) {
            return Optional.empty();
        }
        return route.getStatus().getParents().stream()
                .filter(p -> "ingress-lab.dev/controller".equals(p.getControllerName())).findFirst();
    }

    private static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
