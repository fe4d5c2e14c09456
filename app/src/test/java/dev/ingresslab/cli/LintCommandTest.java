package dev.ingresslab.cli;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ingresslab.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingress-lab lint} end to end, through {@link Main} as the script runs it: exit codes (0 clean, 1 findings,
 * 2 unreadable input or bad options, 3 cluster unreachable), text and JSON, {@code --fix} on real files in a temp
 * folder, standard input, and {@code --context} against a (mock) API server, read only.
 */
@EnableKubernetesMockClient(crud = true)
class LintCommandTest {

    private static final Path CH8 = Path.of("../samples/ch8");

    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void theSeedsMistakesExitOneWithTheApiServersMessagesAndHints() {
        CliRun.Result result = run("lint", CH8.resolve("mistakes/simple-ingress-lowercase-kind.yaml").toString(),
                CH8.resolve("mistakes/simple-ingress-spec-service.yaml").toString());

        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains(CH8.resolve("mistakes/simple-ingress-lowercase-kind.yaml") + ":5:1: error:"
                + " no kind \"ingress\" is registered for version \"networking.k8s.io/v1\" in scheme"
                + " \"pkg/api/legacyscheme/scheme.go:30\"\n  hint: kinds are case-sensitive: use `kind: Ingress`")
                .contains(CH8.resolve("mistakes/simple-ingress-spec-service.yaml") + ":9:3: error: Ingress in"
                        + " version \"v1\" cannot be handled as a Ingress: strict decoding error: unknown field"
                        + " \"spec.service\"\n  hint: a catch-all backend is `spec.defaultBackend.service`")
                .endsWith("2 errors, 0 warnings\n");
    }

    @Test
    void theChaptersFilesAreCleanAndExitZero() {
        CliRun.Result result = run("lint", CH8.resolve("services.yaml").toString(), CH8.resolve("path-ingress.yaml")
                .toString());

        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).isEqualTo("no problems found\n");
        assertThat(result.err()).contains("note: skipped Deployment");
    }

    @Test
    void anUnreadableInputExitsTwoAndBadOptionsToo() throws Exception {
        Path binary = Files.write(dir.resolve("x.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});

        CliRun.Result missing = run("lint", dir.resolve("missing.yaml").toString());
        CliRun.Result notText = run("lint", binary.toString());
        CliRun.Result badFormat = run("lint", "-o", "xml", CH8.resolve("path-ingress.yaml").toString());
        CliRun.Result fixStdin = run("lint", "--fix", "-");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).contains("missing.yaml: error: the path").contains("does not exist");
        assertThat(notText.code()).isEqualTo(2);
        assertThat(notText.out()).contains("the file is not UTF-8 text");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("xml");
        assertThat(fixStdin.code()).isEqualTo(2);
        assertThat(fixStdin.err()).contains("--fix rewrites files");
    }

    @Test
    void jsonGivesEveryFindingWithItsPlaceCodeAndHint() throws Exception {
        CliRun.Result result = run("lint", "-o", "json",
                CH8.resolve("mistakes/simple-ingress-spec-service.yaml").toString());

        assertThat(result.code()).isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(result.out());
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("context").isNull()).isTrue();
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("line").asInt()).isEqualTo(9);
        assertThat(finding.get("column").asInt()).isEqualTo(3);
        assertThat(finding.get("severity").asString()).isEqualTo("error");
        assertThat(finding.get("code").asString()).isEqualTo("UnknownField");
        assertThat(finding.get("message").asString()).endsWith("strict decoding error: unknown field \"spec.service\"");
        assertThat(finding.get("hint").asString()).contains("spec.defaultBackend.service");
    }

    @Test
    void yamlCarriesTheSameDocumentAsJson() {
        String file = CH8.resolve("mistakes/simple-ingress-spec-service.yaml").toString();
        CliRun.Result json = run("lint", "-o", "json", file);
        CliRun.Result yaml = run("lint", "-o", "yaml", file);

        assertThat(yaml.code()).isEqualTo(json.code()).isEqualTo(1);
        JsonNode document = YAMLMapper.builder().build().readTree(yaml.out());
        assertThat(document.get("findings").get(0).get("code").asString()).isEqualTo("UnknownField");
        assertThat(document).isEqualTo(JsonMapper.builder().build().readTree(json.out()));
    }

    @Test
    void standardInputIsLintedAsStdin() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:"
                    + " {name: x}\nspec:\n  rules:\n  - host: Alpaca.example.com\n    http: {paths: [{path: /,"
                    + " pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}\n")
                    .getBytes(StandardCharsets.UTF_8)));
            CliRun.Result result = run("lint", "-");

            assertThat(result.code()).isEqualTo(1);
            assertThat(result.out()).contains("<stdin>:6:5: error: The Ingress \"x\" is invalid: spec.rules[0].host:"
                    + " Invalid value: \"Alpaca.example.com\"").contains("hint: hosts are lower case, without a"
                    + " trailing dot: `alpaca.example.com`");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void fixRewritesTheFilesShowsTheDiffKeepsABackupAndThenLintsClean() throws Exception {
        Path kind = Files.copy(CH8.resolve("mistakes/simple-ingress-lowercase-kind.yaml"), dir.resolve("kind.yaml"));
        Path service = Files.copy(CH8.resolve("mistakes/simple-ingress-spec-service.yaml"),
                dir.resolve("service.yaml"));
        String originalKind = Files.readString(kind);
        String originalService = Files.readString(service);

        CliRun.Result fixed = run("lint", "--fix", dir.toString());

        assertThat(fixed.code()).as(fixed.out() + fixed.err()).isZero();
        assertThat(fixed.out()).contains("--- " + kind + "\n+++ " + kind + " (fixed)\n")
                .contains("-kind: ingress\n+kind: Ingress\n")
                .contains("-  service:\n").contains("+  defaultBackend:\n+    service:\n")
                .contains("fixed " + kind + " (2 changes; the original is " + kind + ".bak)")
                .endsWith("no problems found\n");
        assertThat(Files.readString(dir.resolve("kind.yaml.bak"))).isEqualTo(originalKind);
        assertThat(Files.readString(dir.resolve("service.yaml.bak"))).isEqualTo(originalService);
        assertThat(Files.readString(kind)).startsWith("# The chapter's first attempt").contains("kind: Ingress\n");
        assertThat(Files.readString(service)).startsWith("# The chapter's second attempt");

        CliRun.Result again = run("lint", "--fix", kind.toString(), service.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).as("nothing left to fix: no diff, no new backup").isEqualTo("no problems found\n");
        assertThat(dir.resolve("kind.yaml.bak.1")).doesNotExist();
    }

    @Test
    void contextChecksTheServicesOfThatClusterReadOnlyAndNamesIt() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}
                - {name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}
                contexts:
                - {name: mock, context: {cluster: mock, user: mock, namespace: default}}
                - {name: gone, context: {cluster: gone, user: mock}}
                users: [{name: mock, user: {token: t}}]
                current-context: mock
                """.formatted(client.getMasterUrl()));
        String ingress = CH8.resolve("simple-ingress.yaml").toString();

        CliRun.Result missing = run("lint", "--kubeconfig", kubeconfig.toString(), "--context", "mock", ingress);
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("alpaca")
                .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
        CliRun.Result present = run("lint", "--kubeconfig", kubeconfig.toString(), "--context", "mock", ingress);
        CliRun.Result unreachable = run("lint", "--kubeconfig", kubeconfig.toString(), "--context", "gone", ingress);
        CliRun.Result unknown = run("lint", "--kubeconfig", kubeconfig.toString(), "--context", "nope", ingress);

        assertThat(missing.code()).as(missing.out() + missing.err()).isEqualTo(1);
        assertThat(missing.out()).startsWith("checked against context mock (cluster), API server "
                + client.getMasterUrl() + ", all namespaces").contains("(read only)\n")
                .contains(ingress + ":").contains("the Service default/alpaca does not exist");
        assertThat(present.out()).doesNotContain("does not exist");
        assertThat(unreachable.code()).as(unreachable.err()).isEqualTo(3);
        assertThat(unreachable.err()).contains("the cluster of context gone cannot be read");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("context \"nope\" does not exist");
        assertThat(client.network().v1().ingresses().inAnyNamespace().list().getItems())
                .as("lint wrote nothing to the cluster").isEmpty();
    }
}
