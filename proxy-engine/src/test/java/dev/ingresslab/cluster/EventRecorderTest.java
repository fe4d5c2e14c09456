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
        assertThat(events()).hasSize(1).first().satisfies(event -> {
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
        assertThat(events()).hasSize(2);
        assertThat(problems).isEmpty();
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

        assertThat(events()).hasSize(EventRecorder.MAX_PER_MINUTE);
        assertThat(recorder.dropped()).isEqualTo(10);
    }

    private List<Event> events() {
        return client.v1().events().inNamespace("default").list().getItems();
    }
}
