package dev.ingresslab.core;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #12 §5: what {@code up} prints stays true and quiet. The route table is printed when the routes change, not when
 * only endpoints do (then one short line); each route line names its Ingress, and a claimed host and path says
 * which Ingress wins; a warning is printed when it appears and a "resolved" line when it goes.
 */
class RouteChangesTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final RouteChanges changes = new RouteChanges(new PrintStream(output, true, StandardCharsets.UTF_8));

    @Test
    void reprintsTheRoutesOnlyWhenTheyChangeAndEndpointCountsInOneLine() throws Exception {
        changes.report(translate(SERVICE + slice("10.0.0.1") + WEB));
        assertThat(printed()).containsExactly("serving 1 route:", "  " + String.format("%-50s", "web.example.com"
                + " Prefix /") + " default/web:80  [1 endpoint]  from Ingress default/web");

        changes.report(translate(SERVICE + slice("10.0.0.1") + WEB));
        assertThat(printed()).as("nothing changed: nothing printed").isEmpty();

        changes.report(translate(SERVICE + slice("10.0.0.1", "10.0.0.2") + WEB));
        assertThat(printed()).as("only endpoints changed").containsExactly("endpoints: default/web:80 2 endpoints");

        changes.report(translate(SERVICE + slice() + WEB));
        assertThat(printed()).containsExactly("endpoints: default/web:80 no ready endpoints");

        changes.report(translate(SERVICE + slice("10.0.0.1") + WEB.replace("path: /", "path: /shop")));
        assertThat(printed()).first().isEqualTo("serving 1 route:");
    }

    @Test
    void countsNotReadyEndpointsBesideTheReadyOnes() throws Exception {
        String oneOfThree = slice("10.0.0.1").replace("endpoints:\n", "endpoints:\n"
                + "  - {addresses: [\"10.0.0.2\"], conditions: {ready: false}}\n"
                + "  - {addresses: [\"10.0.0.3\"], conditions: {ready: false}}\n");
        changes.report(translate(SERVICE + oneOfThree + WEB));
        assertThat(printed()).contains("  " + String.format("%-50s", "web.example.com Prefix /")
                + " default/web:80  [1 endpoint (2 not ready)]  from Ingress default/web");

        changes.report(translate(SERVICE + slice().replace("endpoints: []", "endpoints:\n"
                + "  - {addresses: [\"10.0.0.2\"], conditions: {ready: false}}") + WEB));
        assertThat(printed()).containsExactly("endpoints: default/web:80 no ready endpoints (1 not ready)");
    }

    @Test
    void namesWhoWinsAClaimedPathAndSaysWhenAConflictIsResolved() throws Exception {
        String rival = WEB.replace("name: web\n", "name: rival\n  creationTimestamp: \"2026-01-02T00:00:00Z\"\n");
        String web = WEB.replace("name: web\n", "name: web\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n");

        changes.report(translate(SERVICE + slice("10.0.0.1") + web + rival));
        assertThat(printed()).anySatisfy(line -> assertThat(line).startsWith("warning Ingress default/rival")
                        .contains("is also claimed by default/web"))
                .anySatisfy(line -> assertThat(line).endsWith("from Ingress default/web"))
                .anySatisfy(line -> assertThat(line)
                        .endsWith("from Ingress default/rival, loses to Ingress default/web"))
                .anySatisfy(line -> assertThat(line).startsWith("      wins over Ingress default/rival rule 0 path 0:")
                        .contains("default/web is older"));

        changes.report(translate(SERVICE + slice("10.0.0.1") + web));
        assertThat(printed()).anySatisfy(line -> assertThat(line).startsWith("resolved: warning Ingress default/rival"))
                .noneSatisfy(line -> assertThat(line).contains("wins over"));
    }

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {ports: [{port: 80}]}
            ---
            """;

    private static final String WEB = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              rules:
                - host: web.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            ---
            """;

    private static String slice(String... addresses) {
        StringBuilder endpoints = new StringBuilder();
        for (String address : addresses) {
            endpoints.append("  - {addresses: [\"").append(address).append("\"], conditions: {ready: true}}\n");
        }
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
                addressType: IPv4
                ports: [{port: 8080}]
                endpoints:%s
                ---
                """.formatted(addresses.length == 0 ? " []\n" : "\n" + endpoints);
    }

    private static Translation translate(String manifests) throws Exception {
        return new IngressTranslator(TranslatorSettings.defaults()).translate(new ManifestLoader(
                new ByteArrayInputStream(new byte[0])).loadText("test.yaml", manifests).toInput());
    }

    /** The lines printed since the last call. */
    private java.util.List<String> printed() {
        java.util.List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        output.reset();
        return lines;
    }
}
