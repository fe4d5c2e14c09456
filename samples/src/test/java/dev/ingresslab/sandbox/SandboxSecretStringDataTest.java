package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Secret's {@code stringData} through the real kubectl: the sandbox stores it in {@code data} (base64) and never
 * keeps {@code stringData}, on apply (create, then the patch a second apply computes), replace, merge patch and
 * server dry run, as the API server does; a Secret without a type is {@code Opaque}.
 */
class SandboxSecretStringDataTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(sandbox.kubeconfig());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Path manifest(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    private static JsonNode secret(String name) throws Exception {
        return JSON.readTree(kubectl.ok("get", "secret", name, "-o", "json"));
    }

    private static String decoded(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asString()),
                StandardCharsets.UTF_8);
    }

    @Test
    void applyStoresStringDataAsDataAndASecondApplyChangesIt() throws Exception {
        Path file = manifest("tls", """
                apiVersion: v1
                kind: Secret
                metadata: {name: string-tls}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: "-----BEGIN CERTIFICATE-----\\nfirst\\n-----END CERTIFICATE-----\\n"
                  tls.key: "-----BEGIN PRIVATE KEY-----\\nkey\\n-----END PRIVATE KEY-----\\n"
                """);
        kubectl.ok("apply", "-f", file.toString());

        JsonNode stored = secret("string-tls");
        assertThat(stored.has("stringData")).as("stringData is write-only").isFalse();
        assertThat(decoded(stored, "tls.crt")).isEqualTo("-----BEGIN CERTIFICATE-----\nfirst\n-----END CERTIFICATE-----\n");
        assertThat(decoded(stored, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(kubectl.ok("get", "secret", "string-tls", "-o", "yaml")).contains("data:").contains("tls.crt: ")
                .as("only kubectl's last-applied annotation names it, as on a cluster")
                .doesNotContainPattern("(?m)^stringData:");
        assertThat(kubectl.ok("get", "secret", "string-tls")).contains("kubernetes.io/tls").containsPattern("\\s2\\s");

        Files.writeString(file, Files.readString(file).replace("first", "second"));
        kubectl.ok("apply", "-f", file.toString());
        JsonNode patched = secret("string-tls");
        assertThat(decoded(patched, "tls.crt")).as("the patch kubectl computed carries stringData")
                .contains("second");
        assertThat(patched.has("stringData")).isFalse();
    }

    @Test
    void stringDataWinsOverDataOnReplacePatchAndDryRun() throws Exception {
        String both = Base64.getEncoder().encodeToString("from data".getBytes(StandardCharsets.UTF_8));
        Path file = manifest("both", """
                apiVersion: v1
                kind: Secret
                metadata: {name: both}
                data: {a: %s, b: %s}
                stringData: {a: from stringData}
                """.formatted(both, both));
        kubectl.ok("create", "-f", file.toString());
        JsonNode created = secret("both");
        assertThat(decoded(created, "a")).as("a key in both takes stringData's value").isEqualTo("from stringData");
        assertThat(decoded(created, "b")).isEqualTo("from data");
        assertThat(created.path("type").asString()).as("the API server's default type").isEqualTo("Opaque");

        Files.writeString(file, Files.readString(file).replace("from stringData", "replaced"));
        kubectl.ok("replace", "-f", file.toString());
        assertThat(decoded(secret("both"), "a")).isEqualTo("replaced");

        kubectl.ok("patch", "secret", "both", "--type", "merge", "-p", "{\"stringData\":{\"c\":\"patched\"}}");
        JsonNode patched = secret("both");
        assertThat(decoded(patched, "c")).isEqualTo("patched");
        assertThat(decoded(patched, "b")).isEqualTo("from data");
        assertThat(patched.has("stringData")).isFalse();

        String dryRun = kubectl.ok("patch", "secret", "both", "--type", "merge", "--dry-run=server", "-o", "json",
                "-p", "{\"stringData\":{\"d\":\"not stored\"}}");
        JsonNode answered = JSON.readTree(dryRun);
        assertThat(decoded(answered, "d")).as("a dry run answers what would be stored").isEqualTo("not stored");
        assertThat(answered.has("stringData")).isFalse();
        assertThat(secret("both").path("data").has("d")).as("and stores nothing").isFalse();
    }
}
