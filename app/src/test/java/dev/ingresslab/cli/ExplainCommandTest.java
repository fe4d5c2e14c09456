package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ingress-lab explain} as a user runs it, on the chapter's sample files. */
class ExplainCommandTest {

    private static final Path CH8 = Path.of("..", "samples", "ch8");

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }
    }

    static Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("explain"));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anExternalNameSaysItsOneEndpointInTheSingularAndWhenItsNameIsResolved(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path manifests = dir.resolve("external.yaml");
        java.nio.file.Files.writeString(manifests, """
                apiVersion: v1
                kind: Service
                metadata: {name: nowhere, namespace: default}
                spec: {type: ExternalName, externalName: nope.invalid, ports: [{name: http, port: 80}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: lost, namespace: default}
                spec:
                  rules:
                  - host: lost.example.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: nowhere, port: {number: 80}}}}
                """);

        Run run = explain("-f", manifests.toString(), "http://lost.example.com/x");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(1 ready endpoint)").doesNotContain("1 ready endpoints")
                .contains("the name resolved when the proxy connects");
        assertThat(run.err()).as("a name that does not resolve is a 502 when served, though explain routes it")
                .contains("note: the ExternalName nope.invalid does not resolve here now: a running proxy would answer"
                        + " this request 502; check spec.externalName of the Service default/nowhere (try `getent"
                        + " hosts nope.invalid`)");
    }

    static String sample(String name) {
        return CH8.resolve(name).toString();
    }

    @Test
    void yamlCarriesTheSameDataAsJson() {
        String[] args = {"-f", sample("services.yaml"), "-f", sample("path-ingress.yaml"),
                "http://bandicoot.example.com/a/", "http://nowhere.example.com/"};
        Run json = explain(concat(args, "-o", "json"));
        Run yaml = explain(concat(args, "-o", "yaml"));

        assertThat(yaml.exitCode()).isZero();
        JsonNode answers = YAMLMapper.builder().build().readTree(yaml.out());
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).get("ingress").asString()).isEqualTo("default/path-ingress");
        assertThat(answers).isEqualTo(json.json());
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void explainsThePathIngressOfTheChapterAsJson() {
        Run run = explain("-f", sample("services.yaml"), "-f", sample("path-ingress.yaml"), "-o", "json",
                "http://bandicoot.example.com/", "http://bandicoot.example.com/a/", "http://bandicoot.example.com/a");

        assertThat(run.exitCode()).isZero();
        JsonNode answers = run.json();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(0).get("backend").get("service").asString()).isEqualTo("bandicoot");
        for (int i = 1; i < 3; i++) {
            JsonNode answer = answers.get(i);
            assertThat(answer.get("outcome").asString()).isEqualTo("routed");
            assertThat(answer.get("status").asInt()).isEqualTo(200);
            assertThat(answer.get("ingress").asString()).isEqualTo("default/path-ingress");
            assertThat(answer.get("rule").asInt()).isZero();
            assertThat(answer.get("path").asInt()).isEqualTo(1);
            assertThat(answer.get("pathType").asString()).isEqualTo("Prefix");
            assertThat(answer.get("backend").get("service").asString()).isEqualTo("alpaca");
            assertThat(answer.get("backend").get("port").asString()).isEqualTo("8080");
            assertThat(answer.get("trace")).anySatisfy(t -> {
                assertThat(t.get("verdict").asString()).isEqualTo("lost");
                assertThat(t.get("path").asInt()).isZero();
                assertThat(t.get("reason").asString()).contains("the longest match wins");
            });
        }
        assertThat(answers.get(2).get("upstreamPath").asString()).isEqualTo("/a");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "simple-ingress.yaml, http://bandicoot.example.com/, routed (200) -> alpaca:8080",
            "host-ingress.yaml, http://alpaca.example.com/, routed (200) -> alpaca:8080",
            "host-ingress.yaml, http://bandicoot.example.com/, routed (200) -> be-default:8080",
            "path-ingress.yaml, http://alpaca.example.com/, not_found (404)"})
    void explainsEachStepAsText(String file, String url, String answer) {
        Run run = explain("-f", sample("services.yaml"), "-f", sample(file), url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("GET " + url + "\n  " + answer);
        assertThat(run.err()).contains("note: skipped Deployment alpaca, bandicoot, be-default");
    }

    @Test
    void theSeedsMistakesGiveTheRealMessageTheLineAndTheFixWithExitCode2() {
        Run kind = explain("-f", sample("mistakes/simple-ingress-lowercase-kind.yaml"), "http://a/");
        Run field = explain("-f", sample("mistakes/simple-ingress-spec-service.yaml"), "http://a/");

        assertThat(kind.exitCode()).isEqualTo(2);
        assertThat(kind.out()).isEmpty();
        assertThat(kind.err()).contains("simple-ingress-lowercase-kind.yaml:5: no kind \"ingress\" is registered for"
                + " version \"networking.k8s.io/v1\"").contains("hint: kinds are case-sensitive: use `kind: Ingress`");
        assertThat(field.exitCode()).isEqualTo(2);
        assertThat(field.err()).contains("simple-ingress-spec-service.yaml:9: Ingress in version \"v1\" cannot be"
                + " handled as a Ingress: strict decoding error: unknown field"
                + " \"spec.service\"").contains("hint: a catch-all backend is `spec.defaultBackend.service`");
        assertThat(kind.err() + field.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a relative URL              | /just/a/path                  | not an absolute URL
            an ftp URL                  | ftp://files.example.com/      | only http and https URLs
            a URL without host          | http:///path                  | needs a host
            """)
    void badUrlsAreExitCode2(String what, String url, String message) {
        Run run = explain("-f", sample("host-ingress.yaml"), url);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }

    @Test
    void badOptionsAreExitCode2WithUsage() {
        // without -f, explain reads the running Ingress Lab: LiveCommandsTest, on a data directory of its own
        assertThat(explain("-f", sample("host-ingress.yaml"), "-o", "wide", "http://a/").exitCode()).isEqualTo(2);
        Run header = explain("-f", sample("host-ingress.yaml"), "-H", "no colon here", "http://a/");
        assertThat(header.exitCode()).isEqualTo(2);
        assertThat(header.err()).contains("-H takes 'Name: value'");
        Run method = explain("-f", sample("host-ingress.yaml"), "-X", "GET /x", "http://a/");
        assertThat(method.exitCode()).isEqualTo(2);
        Run missing = explain("-f", sample("no-such-file.yaml"), "http://a/");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-file.yaml\" does not exist");
    }

    @Test
    void methodAndHeadersApplyToEveryUrl() {
        Run run = explain("-f", sample("host-ingress.yaml"), "-X", "post", "-H", "Host: alpaca.example.com:8080",
                "-o", "json", "http://127.0.0.1/", "http://localhost/x");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).hasSize(2).allSatisfy(answer -> {
            assertThat(answer.get("method").asString()).isEqualTo("POST");
            assertThat(answer.get("backend").get("service").asString()).isEqualTo("alpaca");
        });
    }

    @Test
    void findingsNameTheFileOfTheirIngress() {
        Run run = explain("-f", sample("multiple-ingress.yaml"), "http://shop.example.com/api");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains(CH8.resolve("multiple-ingress.yaml") + ":22: warning Ingress default/shop-api"
                + " spec.rules[0].http.paths[0]: host shop.example.com path /api is also claimed by"
                + " default/shop-api-copy rule 0 path 0");
    }

    @Test
    void helpListsTheOptions() {
        Run run = explain("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--filename").contains("--output").contains("--request").contains("--header");
    }
}
