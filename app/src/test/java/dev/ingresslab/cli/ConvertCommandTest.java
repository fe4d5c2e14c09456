package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingress-lab convert} end to end through {@link Main}: the YAML on standard output, the lists on standard
 * error, the output file written whole and never replaced without {@code --force}, and exit code 2 for bad input.
 */
class ConvertCommandTest {

    private static final Path CH8 = Path.of("../samples/ch8");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private String file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void thePathIngressPrintsAGatewayAndItsRouteAsYaml() {
        Result result = run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f",
                CH8.resolve("path-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n")
                .contains("kind: HTTPRoute", "name: path-ingress", "- bandicoot.example.com", "value: /a/");
        assertThat(result.err()).contains("everything converted").containsPattern(
                "verification: \\d+ requests, all decided alike").doesNotContain("apiVersion", "differs:");
    }

    @Test
    void behaviourThatDiffersExitsOneAndPrintsEachRequestWithBothDecisions() throws Exception {
        Result result = run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f",
                CH8.resolve("rewrite-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains("kind: HTTPRoute", "replacePrefixMatch: /app-path/");
        assertThat(result.err()).contains("differs: GET http://rewrite.example.com/SUB-PATH/b",
                "    Ingress: 200 default/alpaca:8080 /app-path/b", "    Gateway: 404")
                .containsPattern("verification: \\d+ requests, 1 decided differently");
    }

    @Test
    void whatCannotBeConvertedIsListedOnStandardError() throws Exception {
        Result result = run("convert", "--no-verify", "-f", CH8.resolve("services.yaml").toString(), "-f",
                file("canary.yaml", """
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata:
                          name: cookie-canary
                          annotations:
                            nginx.ingress.kubernetes.io/canary: "true"
                            nginx.ingress.kubernetes.io/canary-by-cookie: beta
                        spec:
                          rules:
                          - host: alpaca.example.com
                            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: bandicoot, port: {number: 8080}}}}]}
                        """), "-f", CH8.resolve("host-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("not converted, or converted with a difference (1):",
                "  - Ingress default/cookie-canary metadata.annotations[nginx.ingress.kubernetes.io/canary-by-cookie]:"
                        + " not converted: an HTTPRoute cannot match a cookie");
    }

    @Test
    void jsonIsOneListAndOtherFormatsAreRefused() throws Exception {
        Result result = run("convert", "-o", "json", "--no-verify", "-f", CH8.resolve("services.yaml").toString(),
                "-f", CH8.resolve("host-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode list = JsonMapper.builder().build().readTree(result.out());
        assertThat(list.get("kind").asString()).isEqualTo("List");
        assertThat(list.get("items").size()).isEqualTo(3);
        assertThat(list.get("items").get(1).get("spec").get("hostnames").get(0).asString())
                .isEqualTo("alpaca.example.com");

        Result text = run("convert", "-o", "text", "-f", CH8.resolve("host-ingress.yaml").toString());
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.err()).contains("convert prints yaml, json; -o text is not one of them");
    }

    @Test
    void theOutputFileIsWrittenAndNeverReplacedWithoutForce() throws Exception {
        Path target = dir.resolve("gateway.yaml");
        Result first = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("wrote 2 objects to " + target);
        assertThat(Files.readString(target)).contains("name: path-ingress");

        Files.writeString(target, "mine\n");
        Result refused = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(target + " exists and was left as it is: give --force");
        assertThat(Files.readString(target)).isEqualTo("mine\n");

        Result forced = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(target)).contains("name: path-ingress");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("gateway.yaml");
        }
    }

    @Test
    void malformedYamlExitsTwoSayingWhere() throws Exception {
        Result result = run("convert", "-f", file("broken.yaml", "apiVersion: networking.k8s.io/v1\nkind: [\n"));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("broken.yaml", "the manifests cannot be read", "ingress-lab lint PATH…");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void filesWithoutAnIngressExitTwo() {
        Result result = run("convert", "-f", CH8.resolve("services.yaml").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("no Ingress in " + CH8.resolve("services.yaml"),
                "kind Ingress");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void forceWithoutAnOutputFileIsAUsageError() {
        Result result = run("convert", "--force", "-f", CH8.resolve("path-ingress.yaml").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--force applies to --output-file");
    }
}
