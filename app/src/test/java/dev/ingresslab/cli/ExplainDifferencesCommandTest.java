package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ingresslab.cli.ExplainCommandTest.explain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #14's examples as a user runs them with {@code explain}: the decision itself says what happened to a canary
 * and where controllers differ, on stdout and in {@code -o json}.
 */
class ExplainDifferencesCommandTest {

    @TempDir
    Path dir;

    private static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: other}
            spec: {ports: [{port: 80}]}
            ---
            """;

    private String file(String yaml) throws Exception {
        Path file = dir.resolve("ingresses.yaml");
        Files.writeString(file, SERVICES + yaml);
        return file.toString();
    }

    private static String ingress(String name, String annotations, String path, String type, String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s, annotations: {%s}}
                spec:
                  rules:
                    - host: app.example.com
                      http:
                        paths: [{path: %s, pathType: %s, backend: {service: {name: %s, port: {number: 80}}}}]
                ---
                """.formatted(name, annotations, path, type, service);
    }

    @Test
    void aCanaryWithAnotherPathTypeAnswersTheMainAndSaysWhyInTextAndJson() throws Exception {
        String manifests = file(ingress("main", "", "/api", "ImplementationSpecific", "web")
                + ingress("canary", "nginx.ingress.kubernetes.io/canary: 'true', nginx.ingress.kubernetes.io/"
                + "canary-by-header: X-Canary", "/api", "Prefix", "other"));

        ExplainCommandTest.Run text = explain("-f", manifests, "-H", "X-Canary: always",
                "http://app.example.com/api/x");
        ExplainCommandTest.Run json = explain("-f", manifests, "-H", "X-Canary: always", "-o", "json",
                "http://app.example.com/api/x");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("routed (200) -> web:80\n").doesNotContain("(canary)")
                .contains("unable to find real backend for alternative backend");
        JsonNode answer = json.json().get(0);
        assertThat(answer.get("backend").get("service").asString()).isEqualTo("web");
        assertThat(answer.get("canary").asBoolean()).isFalse();
        assertThat(answer.get("trace")).anySatisfy(t -> {
            assertThat(t.get("ingress").asString()).isEqualTo("default/canary");
            assertThat(t.get("verdict").asString()).isEqualTo("ignored");
            assertThat(t.get("reason").asString()).contains("unable to find real backend for alternative backend");
        });
    }

    @Test
    void aMergedCanarySaysWhichRuleTookTheRequest() throws Exception {
        String manifests = file(ingress("main", "", "/api", "Prefix", "web")
                + ingress("canary", "nginx.ingress.kubernetes.io/canary: 'true', nginx.ingress.kubernetes.io/"
                + "canary-by-header: X-Canary", "/api", "Prefix", "other"));

        ExplainCommandTest.Run text = explain("-f", manifests, "-H", "X-Canary: always",
                "http://app.example.com/api/x");
        ExplainCommandTest.Run json = explain("-f", manifests, "-H", "X-Canary: never", "-o", "json",
                "http://app.example.com/api/x");

        assertThat(text.out()).contains("-> other:80 (canary)")
                .contains("its canary default/canary takes the request (header X-Canary: always)");
        JsonNode answer = json.json().get(0);
        assertThat(answer.get("backend").get("service").asString()).isEqualTo("web");
        assertThat(answer.get("reason").asString())
                .contains("its canary default/canary does not take it (header X-Canary: never)");
    }

    @Test
    void anEncodedSlashIsANoteNamingWhatIngressNginxAndEnvoyDoInTextAndJson() throws Exception {
        String manifests = file(ingress("app", "", "/api/v4/projects", "Prefix", "web")
                + ingress("root", "", "/", "Prefix", "other"));

        ExplainCommandTest.Run text = explain("-f", manifests, "http://app.example.com/api%2Fv4/projects/x");
        ExplainCommandTest.Run json = explain("-f", manifests, "-o", "json",
                "http://app.example.com/api%2Fv4/projects/x");

        assertThat(text.out()).contains("-> other:80").contains("notes:")
                .contains("implementation-defined: %2F in the path stays encoded here")
                .contains("would be routed by default/app rule 0 path 0 (Prefix /api/v4/projects) -> web:80");
        assertThat(json.json().get(0).get("notes")).anySatisfy(n -> assertThat(n.asString())
                .contains("nginx decodes it before matching").contains("Envoy-based controllers keep it encoded"));
    }
}
