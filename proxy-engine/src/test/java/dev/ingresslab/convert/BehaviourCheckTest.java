package dev.ingresslab.convert;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison of two routers, on real compiled tables. */
class BehaviourCheckTest {

    private static RouteTable table(String yaml) throws Exception {
        var input = new ManifestLoader().loadText("t.yaml", yaml).toInput();
        return new IngressTranslator(TranslatorSettings.defaults()).translate(input).table();
    }

    private static String paths(String type) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: p}
                spec:
                  rules:
                  - host: b.example.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: bandicoot, port: {number: 8080}}}}
                      - {path: /a, pathType: %s, backend: {service: {name: alpaca, port: {number: 8080}}}}
                """.formatted(type);
    }

    @Test
    void aTableComparedWithItselfIsEquivalent() throws Exception {
        RouteTable table = table(paths("Prefix"));
        var verification = BehaviourCheck.check(ProbeRequests.of(table), new TableRouter(table),
                new TableRouter(table));
        assertThat(verification.equivalent()).isTrue();
        assertThat(verification.requests()).isGreaterThanOrEqualTo(15);
        assertThat(verification.summary()).endsWith("all decided alike");
    }

    @Test
    void anExactPathWhereThereWasAPrefixShowsTheRequestsThatChange() throws Exception {
        RouteTable prefix = table(paths("Prefix"));
        var verification = BehaviourCheck.check(ProbeRequests.of(prefix), new TableRouter(prefix),
                new TableRouter(table(paths("Exact"))));
        assertThat(verification.differences()).extracting(d -> d.request().target())
                .contains("/a/", "/a/b", "/a/b?q=1").doesNotContain("/a", "/ax", "/");
        BehaviourCheck.Difference first = verification.differences().get(0);
        assertThat(first.ingress().backends()).containsOnlyKeys("default/alpaca:8080");
        assertThat(first.gateway().backends()).containsOnlyKeys("default/bandicoot:8080");
        assertThat(first.display()).contains("Ingress: 200 default/alpaca:8080", "Gateway: 200 default/bandicoot:8080");
        assertThat(verification.summary()).contains("decided differently");
    }

    @Test
    void aWeightedCanaryIsComparedAsItsSplitNotAsOneRoll() throws Exception {
        RouteTable table = table("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: main}
                spec:
                  rules:
                  - host: shop.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: canary
                  annotations:
                    nginx.ingress.kubernetes.io/canary: "true"
                    nginx.ingress.kubernetes.io/canary-weight: "20"
                spec:
                  rules:
                  - host: shop.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}]}
                """);
        Behaviour behaviour = new TableRouter(table).decide(SimpleRequest.get("http://shop.example.com/x"));
        assertThat(behaviour.backends()).isEqualTo(Map.of("default/a:80", 4, "default/b:80", 1));
        assertThat(behaviour.summary()).contains("default/a:80 x4", "default/b:80 x1");
    }

    @Test
    void behavioursDifferOnlyInWhatClientsAndBackendsSee() {
        Behaviour one = new Behaviour(Outcome.ROUTED, 200, Map.of("default/a:80", 80, "default/b:80", 20), "/x",
                null, "one reason");
        Behaviour same = new Behaviour(Outcome.ROUTED, 200, Map.of("default/a:80", 4, "default/b:80", 1), "/x",
                null, "another reason");
        Behaviour otherTarget = new Behaviour(Outcome.ROUTED, 200, Map.of("default/a:80", 4, "default/b:80", 1),
                "/y", null, "");
        assertThat(one.sameAs(same)).isTrue();
        assertThat(one.sameAs(otherTarget)).isFalse();
        assertThat(new Behaviour(Outcome.NOT_FOUND, 404, Map.of(), null, null, "").summary()).isEqualTo("404");
    }
}
