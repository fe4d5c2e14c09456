package dev.ingresslab.cluster;

import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * #12 §5: the controller records a finding that usually passes by itself ({@code NoReadyEndpoints} while pods start)
 * only once it has lasted {@link EventRecorder#SETTLE}, though nothing in the cluster changes in between.
 */
@EnableKubernetesMockClient(crud = true)
class SettlingEventsTest {

    /** Shorter than the product's {@link EventRecorder#SETTLE}, so the test waits 2 s for the rule, not 10. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    KubernetesClient client;

    @Test
    void aBackendWithoutReadyEndpointsIsRecordedOnlyOnceItLastsThoughNothingElseChanges() throws Exception {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("idle")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .createOr(NonDeletingOperation::update); // a POST retried after a slow answer is no conflict
        create(TestIngress.named("idle").rule("idle.example.com", p -> p.prefix("/", "idle")).build());
        try (RequestJournal journal = new RequestJournal(10)) {
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), RouteTable.empty(), new DirectConnector(), journal);
            EventRecorder events = new EventRecorder(client, "ingress-lab.dev/controller",
                    java.time.Clock.systemUTC(), problem -> { }, SETTLE);
            Instant start = Instant.now();
            try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                    new IngressTranslator(TranslatorSettings.defaults()), proxy, null, events, () -> true,
                    translation -> { })) {
                assertThat(controller).isNotNull();
                awaitEquals(() -> String.valueOf(noReadyEndpointsEvents().size()), "1");
                // not before it lasted (pods may still be starting): the Event's own time says when it was written,
                // which a look at some moment in between could not tell on a machine that stalls the test's thread
                assertThat(Instant.parse(noReadyEndpointsEvents().get(0).getFirstTimestamp()))
                        .as("written once the finding lasted %s from before the controller started", SETTLE)
                        .isAfterOrEqualTo(start.plus(SETTLE));
            } finally {
                proxy.close();
            }
        }
    }

    @Test
    void aSettlingTimeThatIsNotPositiveIsRefused() {
        for (Duration settle : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> new EventRecorder(client, "ingress-lab.dev/controller",
                    java.time.Clock.systemUTC(), problem -> { }, settle))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
        }
    }

    private void create(Ingress ingress) {
        ingress.getMetadata().setCreationTimestamp(null);
        client.network().v1().ingresses().inNamespace("default").resource(ingress)
                .createOr(NonDeletingOperation::update);
    }

    private static void awaitEquals(java.util.function.Supplier<String> actual, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }

    private List<Event> noReadyEndpointsEvents() {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> event.getInvolvedObject().getName().equals("idle"))
                .filter(event -> "NoReadyEndpoints".equals(event.getReason())).toList();
    }
}
