package dev.ingresslab.core;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.Route;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Map;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of an Ingress's findings a route of it shows. */
class RouteViewsTest {

    private static final Backend WEB = Backend.ready("default", "web", "80", List.of());

    private static Route path(int rule, int path) {
        return new Route(new Origin("Ingress", "default", "web", Instant.EPOCH, rule, path), "a.example.com",
                PathMatch.prefix("/"), WEB, null, dev.ingresslab.route.HttpsRedirect.DEFAULT, null);
    }

    @Test
    void aRouteShowsFindingsAboutItsPathItsRuleAndTheWholeIngressOnly() {
        Route route = path(1, 2);
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[2].backend", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[2]", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].host", route)).as("its rule's host").isTrue();
        assertThat(RouteViews.concerns("metadata.annotations", route)).as("the whole Ingress").isTrue();
        assertThat(RouteViews.concerns("spec.tls[0]", route)).isTrue();
        assertThat(RouteViews.concerns("", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[20].backend", route)).as("another path").isFalse();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[0]", route)).isFalse();
        assertThat(RouteViews.concerns("spec.rules[10].host", route)).as("another rule").isFalse();
        assertThat(RouteViews.concerns("spec.defaultBackend", route)).isFalse();
    }

    @Test
    void aDefaultBackendShowsItsOwnFindingsAndTheWholeIngresssNotTheRules() {
        Route backend = Route.defaultBackend(Origin.defaultBackendOf("Ingress", "default", "web", Instant.EPOCH),
                WEB);
        assertThat(RouteViews.concerns("spec.defaultBackend.service", backend)).isTrue();
        assertThat(RouteViews.concerns("metadata.annotations", backend)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[0].http.paths[0].backend", backend)).isFalse();
    }

    @Test
    void anIngressAndTheHttpRouteOfTheSameNameDoNotShowEachOthersFindings() {
        // convert makes an HTTPRoute of an Ingress's name: a finding about one must stay on its own rows
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: default}
                spec:
                  ingressClassName: ingress-lab
                  rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix,
                    backend: {service: {name: web, port: {number: 80}}}}]}}]
                ---
                """ + ServeFixtures.LAB_GATEWAY + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web, namespace: default}
                spec:
                  parentRefs: [{name: lab}]
                  hostnames: [b.example.com]
                  rules: [{backendRefs: [{name: missing, port: 80}]}]
                """;
        ManifestReading reading = new ManifestLoader(new ByteArrayInputStream(new byte[0])).readText("web.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        Translation translation = RouteCompiler.standard(TranslatorSettings.defaults()).compile(reading.set().toInput());
        assertThat(translation.diagnosticsOf("HTTPRoute", "default", "web")).as("the HTTPRoute's own finding")
                .isNotEmpty();

        List<SessionSnapshot.RouteView> rows = RouteViews.of(translation, Map.of());
        assertThat(rows).filteredOn(row -> row.origin().kind().equals("Ingress")).singleElement()
                .satisfies(row -> assertThat(row.warnings()).as("nothing of the HTTPRoute's")
                        .noneSatisfy(w -> assertThat(w).contains("missing")));
        assertThat(rows).filteredOn(row -> row.origin().kind().equals("HTTPRoute")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.warnings()).anySatisfy(w -> assertThat(w).contains("missing")));
    }
}
