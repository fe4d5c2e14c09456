package dev.ingresslab.cluster;

import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller never writes on another controller's Ingresses (review of issue #14 §2): an Ingress of class
 * {@code nginx} (controller {@code k8s.io/ingress-nginx}) gets no Event and keeps its status, even one naming our
 * address, through syncs and the clearing on shutdown; the verdict stays in the translation's diagnostics. Against
 * fabric8's mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class OtherControllersIngressesTest {

    KubernetesClient client;

    @Test
    void anIngressOfAnotherControllersClassGetsNoEventAndKeepsItsStatus() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Translation> translations = new CopyOnWriteArrayList<>();
        client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("nginx")
                .endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build()).create();
        // ours, with a missing Service: a Warning Event, so the test sees that Events are written at all
        create(TestIngress.named("mine").rule("mine.example.com", p -> p.prefix("/", "missing")).build());
        // ingress-nginx's, with a status it published: 127.0.0.1, as a controller with --publish-status-address may
        Ingress theirs = create(TestIngress.named("theirs").className("nginx")
                .rule("theirs.example.com", p -> p.prefix("/", "missing")).build());
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder(theirs).withNewStatus()
                .withNewLoadBalancer().addNewIngress().withIp("127.0.0.1").endIngress().endLoadBalancer().endStatus()
                .build()).updateStatus();
        // another class that does not exist, with ingress-nginx's status: not ours either
        Ingress unknown = create(TestIngress.named("unknown-class").className("traefik")
                .rule("t.example.com", p -> p.prefix("/", "missing")).build());
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder(unknown).withNewStatus()
                .withNewLoadBalancer().addNewIngress().withHostname("localhost").endIngress().endLoadBalancer()
                .endStatus().build()).updateStatus();
        String theirsBefore = statusOf("theirs");
        String unknownBefore = statusOf("unknown-class");

        try (RequestJournal journal = new RequestJournal(10)) {
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), RouteTable.empty(), new DirectConnector(), journal);
            StatusWriter status = new StatusWriter(client, "127.0.0.1", problems::add);
            EventRecorder events = new EventRecorder(client, "ingress-lab.dev/controller", Clock.systemUTC(),
                    problems::add);
            ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                    new IngressTranslator(TranslatorSettings.defaults()), proxy, status, events, () -> true,
                    translations::add);
            try {
                awaitEquals(() -> statusOf("mine"), "[127.0.0.1]");
                awaitEquals(() -> String.valueOf(eventsOn("mine").stream().anyMatch(e -> e.getReason()
                        .equals("ServiceNotFound"))), "true");
                Thread.sleep(300); // a later sync would have written by now too

                // the verdict is visible where it belongs: in the translation, with the reason
                assertThat(translations).last().satisfies(t -> {
                    assertThat(t.diagnosticsOf("default", "theirs")).extracting(d -> d.reason())
                            .contains("IngressClassNotOurs");
                    assertThat(t.table().ignored()).filteredOn(i -> i.name().equals("theirs")).singleElement()
                            .satisfies(i -> assertThat(i.notOurs()).isTrue());
                });
            } finally {
                controller.stop(true); // clears our address from what we served, and only from that
                proxy.close();
            }
        }
        assertThat(eventsOn("theirs")).as("Events on another controller's Ingress").isEmpty();
        assertThat(eventsOn("unknown-class")).as("Events on an Ingress of a class that is not ours").isEmpty();
        assertThat(statusOf("theirs")).isEqualTo(theirsBefore).isEqualTo("[127.0.0.1]");
        assertThat(statusOf("unknown-class")).isEqualTo(unknownBefore).isEqualTo("[localhost]");
        assertThat(statusOf("mine")).as("ours is cleared on shutdown").isEqualTo("[]");
        assertThat(problems).isEmpty();
    }

    private Ingress create(Ingress ingress) {
        ingress.getMetadata().setCreationTimestamp(null);
        return client.network().v1().ingresses().inNamespace("default").resource(ingress).create();
    }

    private List<Event> eventsOn(String ingress) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> ingress.equals(e.getInvolvedObject().getName())).toList();
    }

    private String statusOf(String ingress) {
        Ingress current = client.network().v1().ingresses().inNamespace("default").withName(ingress).get();
        if (current.getStatus() == null || current.getStatus().getLoadBalancer() == null
                || current.getStatus().getLoadBalancer().getIngress() == null) {
            return "[]";
        }
        return current.getStatus().getLoadBalancer().getIngress().stream()
                .map(i -> i.getIp() != null ? i.getIp() : i.getHostname()).toList().toString();
    }

    private static void awaitEquals(java.util.function.Supplier<String> actual, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
