package dev.ingresslab.cluster;

import dev.ingresslab.translate.Diagnostic;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

    KubernetesClient client;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    private static Diagnostic missingService(String ingress) {
        return new Diagnostic(Diagnostic.Severity.WARNING, "default", ingress, "spec.rules[0].http.paths[0].backend",
                "ServiceNotFound", "the Service default/alpaca does not exist; requests for it get 503");
    }

    @Test
    void recordsAFindingOnceWhileItLastsAndAgainWhenItReturns() {
        Ingress web = client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("web")
                .rule("a.example.com", p -> p.prefix("/", "alpaca")).build()).create();
        List<String> problems = new ArrayList<>();
        EventRecorder recorder = new EventRecorder(client, "ingress-lab.dev/controller", clock, problems::add);

        recorder.record(List.of(missingService("web")), List.of(web));
        recorder.record(List.of(missingService("web")), List.of(web));
        assertThat(eventsOn("web")).hasSize(1).first().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("ServiceNotFound");
            assertThat(event.getMessage()).isEqualTo("spec.rules[0].http.paths[0].backend: the Service"
                    + " default/alpaca does not exist; requests for it get 503");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(web.getMetadata().getUid());
            assertThat(event.getSource().getComponent()).isEqualTo("ingress-lab");
        });

        recorder.record(List.of(), List.of(web));
        recorder.record(List.of(missingService("web")), List.of(web));
        assertThat(eventsOn("web")).extracting(event -> event.getType() + " " + event.getReason())
                .as("the first Warning withdrawn, its resolution, the new Warning")
                .containsExactlyInAnyOrder("Normal ServiceNotFoundResolved", "Warning ServiceNotFound");
        assertThat(problems).isEmpty();
    }

    @Test
    void aNoReadyEndpointsThatPassesWhilePodsStartIsNeverRecordedOneThatLastsIs() {
        Ingress web = client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("settling")
                .rule("a.example.com", p -> p.prefix("/", "alpaca")).build()).create();
        MovableClock time = new MovableClock();
        EventRecorder recorder = new EventRecorder(client, "ingress-lab.dev/controller", time, problem -> { });

        assertThat(recorder.record(List.of(noReadyEndpoints("settling")), List.of(web)))
                .as("look again when it is due").hasValue(EventRecorder.SETTLE);
        time.advance(3);
        assertThat(recorder.record(List.of(), List.of(web))).isEmpty(); // the pods are ready: it passed
        assertThat(eventsOn("settling")).as("nothing recorded of a transient finding").isEmpty();

        time.advance(1);
        recorder.record(List.of(noReadyEndpoints("settling")), List.of(web)); // the Deployment scaled to 0: lasting
        time.advance(9);
        assertThat(recorder.record(List.of(noReadyEndpoints("settling")), List.of(web))).hasValue(
                java.time.Duration.ofSeconds(1));
        assertThat(eventsOn("settling")).isEmpty();
        time.advance(1);
        assertThat(recorder.record(List.of(noReadyEndpoints("settling")), List.of(web))).isEmpty();
        assertThat(eventsOn("settling")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("NoReadyEndpoints");
        });
    }

    @Test
    void aRouteConflictWarningIsWithdrawnWhenTheConflictIsGone() {
        Ingress web = client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("conflicted")
                .rule("a.example.com", p -> p.prefix("/", "alpaca")).build()).create();
        Diagnostic conflict = new Diagnostic(Diagnostic.Severity.WARNING, "default", "conflicted",
                "spec.rules[0].http.paths[0]", "RouteConflict", "host a.example.com path / is also claimed by"
                + " default/old rule 0 path 0, so this path gets no traffic");
        EventRecorder recorder = new EventRecorder(client, "ingress-lab.dev/controller", clock, problem -> { });

        recorder.record(List.of(conflict), List.of(web));
        assertThat(eventsOn("conflicted")).extracting(Event::getType).containsExactly("Warning");

        recorder.record(List.of(), List.of(web)); // default/old was deleted

        assertThat(eventsOn("conflicted")).as("the Warning is gone; a Normal Event says the conflict is resolved")
                .singleElement().satisfies(event -> {
                    assertThat(event.getType()).isEqualTo("Normal");
                    assertThat(event.getReason()).isEqualTo("RouteConflictResolved");
                    assertThat(event.getMessage()).startsWith("spec.rules[0].http.paths[0]: resolved: host"
                            + " a.example.com path / is also claimed by default/old");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("conflicted");
                });
    }

    /**
     * An HTTPRoute made by convert keeps its Ingress's name: its findings are not the Ingress's, make no Event on it,
     * and do not keep the Ingress's own Warning of the same words alive once the Ingress's finding is gone.
     */
    @Test
    void anHttpRoutesFindingMakesNoEventOnTheIngressOfItsName() {
        Ingress web = client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("shared")
                .rule("a.example.com", p -> p.prefix("/", "alpaca")).build()).create();
        Diagnostic ingressFinding = missingService("shared");
        Diagnostic routeFinding = new Diagnostic(ingressFinding.severity(), "default", "shared", ingressFinding.field(),
                ingressFinding.reason(), ingressFinding.message(), "HTTPRoute");
        EventRecorder recorder = new EventRecorder(client, "ingress-lab.dev/controller", clock, problem -> { });

        recorder.record(List.of(routeFinding), List.of(web));
        assertThat(eventsOn("shared")).as("the HTTPRoute's finding is not the Ingress's").isEmpty();

        recorder.record(List.of(ingressFinding, routeFinding), List.of(web));
        assertThat(eventsOn("shared")).extracting(event -> event.getType() + " " + event.getReason())
                .containsExactly("Warning ServiceNotFound");

        recorder.record(List.of(routeFinding), List.of(web)); // the Ingress's Service now exists; the HTTPRoute's not
        assertThat(eventsOn("shared")).extracting(event -> event.getType() + " " + event.getReason())
                .as("the Ingress's Warning withdrawn although the HTTPRoute's finding has the same words")
                .containsExactly("Normal ServiceNotFoundResolved");
    }

    private static Diagnostic noReadyEndpoints(String ingress) {
        return new Diagnostic(Diagnostic.Severity.WARNING, "default", ingress, "spec.rules[0].http.paths[0].backend",
                "NoReadyEndpoints", "the Service default/alpaca has no ready endpoints; requests for it get 503");
    }

    /** A clock the test moves forward, a second at a time. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void writesAtMostSixtyEventsAMinute() {
        List<Ingress> ingresses = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            ingresses.add(client.network().v1().ingresses().inNamespace("default").resource(TestIngress
                    .named("web-" + i).rule("a.example.com", p -> p.prefix("/", "alpaca")).build()).create());
            diagnostics.add(missingService("web-" + i));
        }
        EventRecorder recorder = new EventRecorder(client, "ingress-lab.dev/controller", clock, problem -> { });

        recorder.record(diagnostics, ingresses);

        assertThat(events()).filteredOn(event -> event.getInvolvedObject().getName().startsWith("web-"))
                .hasSize(EventRecorder.MAX_PER_MINUTE);
        assertThat(recorder.dropped()).isEqualTo(10);
    }

    private List<Event> eventsOn(String ingress) {
        return events().stream().filter(event -> event.getInvolvedObject().getName().equals(ingress)).toList();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace("default").list().getItems();
    }
}
