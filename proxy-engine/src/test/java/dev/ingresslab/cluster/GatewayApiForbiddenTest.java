package dev.ingresslab.cluster;

import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user whom RBAC lets list GatewayClasses and Gateways but not HTTPRoutes (fabric8's mock API server with the
 * Gateway API's CRDs): Ingresses are served, the notice says why HTTPRoutes are not, and the Gateway API's informers
 * that were started and then stopped with the refusal are not taken for watches that dropped.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class GatewayApiForbiddenTest {

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void aRefusedKindServesIngressesSaysWhyAndReportsNoDisconnection() throws Exception {
        GatewayApiCrds.installCore(client);
        server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1/httproutes?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "httproutes.gateway.networking.k8s.io is forbidden: User \"dev\" cannot list resource"
                                + " \"httproutes\" at the cluster scope").build()).always();
        client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("web")
                .rule("web.example.com", p -> p.prefix("/", "web")).build()).create();
        LinkedBlockingQueue<ClusterSnapshot> snapshots = new LinkedBlockingQueue<>();
        List<Boolean> connection = new CopyOnWriteArrayList<>();

        try (ClusterWatcher watcher = new ClusterWatcher(client, WatchScope.allNamespaces(), Duration.ofMillis(20),
                snapshots::add, (connected, since) -> connection.add(connected))) {
            watcher.start();

            ClusterSnapshot snapshot = snapshots.poll(10, TimeUnit.SECONDS);
            assertThat(snapshot).isNotNull();
            assertThat(snapshot.ingresses()).extracting(i -> i.getMetadata().getName()).containsExactly("web");
            assertThat(watcher.gatewayApiNotice()).startsWith("cannot watch the Gateway API's objects:")
                    .contains("HTTPRoutes are not");

            // the connection check runs every 500 ms and reports a drop that lasts DISCONNECTED_AFTER
            Thread.sleep(ClusterWatcher.DISCONNECTED_AFTER.plusSeconds(2).toMillis());
            assertThat(connection).as("no watch was reported down").isEmpty();
        }
    }
}
