package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Not-ready endpoints are counted but never routed to (ingress-nginx routes to ready endpoints only), so the
 * Routes view can say "1/3 ready" instead of "1/1".
 */
class NotReadyEndpointsTest {

    private static Cluster web(EndpointSlice... slices) {
        Cluster cluster = new Cluster()
                .add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build());
        for (EndpointSlice slice : slices) {
            cluster.add(slice);
        }
        return cluster.add(TestIngress.named("ing").rule("a.example.com", p -> p.prefix("/", "web")));
    }

    /** A slice of Service web on port 9000: each address ready or not as given. */
    private static EndpointSlice slice(String name, Map<String, Boolean> readyByAddress) {
        EndpointSliceBuilder builder = new EndpointSliceBuilder().withNewMetadata().withName(name)
                .withNamespace("default").withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata()
                .withAddressType("IPv4").addNewPort().withPort(9000).endPort();
        readyByAddress.forEach((address, ready) -> builder.addNewEndpoint().withAddresses(address)
                .withNewConditions().withReady(ready).endConditions().endEndpoint());
        return builder.build();
    }

    @Test
    void oneReadyOfThreeRoutesToTheReadyOneAndCountsTheOthers() {
        Cluster cluster = web(slice("web-1", Map.of("10.1.0.1", false, "10.1.0.2", true, "10.1.0.3", false)));

        Backend backend = cluster.on("http://a.example.com/").backend();

        assertThat(backend.state()).isEqualTo(BackendState.READY);
        assertThat(backend.endpoints()).extracting(e -> e.display()).containsExactly("10.1.0.2:9000");
        assertThat(backend.notReady()).isEqualTo(2);
        assertThat(backend.endpointsTotal()).isEqualTo(3);
    }

    @Test
    void noneReadyIsA503ThatSaysHowManyAreListedAndWhatToCheck() {
        Cluster cluster = web(slice("web-1", Map.of("10.1.0.1", false, "10.1.0.3", false)));

        Decision decision = cluster.on("http://a.example.com/");

        assertThat(decision.outcome()).isEqualTo(Outcome.NO_ENDPOINTS);
        assertThat(decision.backend().notReady()).isEqualTo(2);
        assertThat(decision.backend().endpointsTotal()).isEqualTo(2);
        assertThat(decision.reason()).contains("has no ready endpoints for port 80 (2 listed, none ready)")
                .contains("kubectl -n default get pods").contains("rollout status deployment/");
    }

    @Test
    void anAddressReadyInOneSliceAndNotInAnotherCountsOnceAsReady() {
        Cluster cluster = web(slice("web-1", Map.of("10.1.0.1", true)), slice("web-2", Map.of("10.1.0.1", false,
                "10.1.0.4", false)));

        Backend backend = cluster.on("http://a.example.com/").backend();

        assertThat(backend.endpoints()).extracting(e -> e.display()).containsExactly("10.1.0.1:9000");
        assertThat(backend.notReady()).isEqualTo(1);
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> new Backend("default", "web", "80", java.util.List.of(), BackendState.READY, "", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or more");
    }
}
