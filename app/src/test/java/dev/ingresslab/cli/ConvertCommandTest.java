package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ingresslab.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingress-lab convert} end to end through {@link Main}: the YAML on standard output, the lists on standard
 * error, the output file written whole and never replaced without {@code --force}, and exit code 2 for bad input.
 */
class ConvertCommandTest {

    private static final Path CH8 = Path.of("../samples/ch8");

    @TempDir
    Path dir;

    private String file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void thePathIngressPrintsAGatewayAndItsRouteAsYaml() {
        CliRun.Result result = run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f",
                CH8.resolve("path-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n")
                .contains("kind: HTTPRoute", "name: path-ingress", "- bandicoot.example.com", "value: /a/");
        assertThat(result.err()).contains("everything converted").containsPattern(
                "verification: \\d+ requests, all decided alike").doesNotContain("apiVersion", "differs:");
    }

    @Test
    void behaviourThatDiffersExitsOneAndPrintsEachRequestWithBothDecisions() throws Exception {
        CliRun.Result result = run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f",
                CH8.resolve("rewrite-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains("kind: HTTPRoute", "replacePrefixMatch: /app-path/");
        assertThat(result.err()).contains("differs: GET http://rewrite.example.com/SUB-PATH/b",
                "    Ingress: 200 default/alpaca:8080 /app-path/b", "    Gateway: 404")
                .containsPattern("verification: \\d+ requests, 1 decided differently");
    }

    @Test
    void whatCannotBeConvertedIsListedOnStandardError() throws Exception {
        CliRun.Result result = run("convert", "--no-verify", "-f", CH8.resolve("services.yaml").toString(), "-f",
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

    /** What a user moving off ingress-nginx has: Ingresses of class nginx, with or without its IngressClass. */
    private static final String NGINX_INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              annotations:
                nginx.ingress.kubernetes.io/ssl-redirect: "false"
            spec:
              ingressClassName: nginx
              rules:
              - host: shop.example.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}]}
            """;

    @Test
    void ingressNginxsClassIsConvertedWithOrWithoutItsIngressClass() throws Exception {
        String ingress = file("shop.yaml", NGINX_INGRESS);
        String legacy = file("legacy.yaml", NGINX_INGRESS.replace("name: shop\n", "name: legacy\n")
                .replace("  ingressClassName: nginx\n", "").replace("annotations:\n",
                        "annotations:\n    kubernetes.io/ingress.class: nginx\n")
                .replace("shop.example.com", "legacy.example.com"));
        String ingressClass = file("class.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata: {name: nginx}
                spec: {controller: k8s.io/ingress-nginx}
                """);
        for (CliRun.Result result : new CliRun.Result[] {
                run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f", ingress, "-f", legacy),
                run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f", ingress, "-f", legacy, "-f",
                        ingressClass)}) {
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out()).contains("kind: HTTPRoute", "name: shop", "- shop.example.com", "name: legacy",
                    "- legacy.example.com");
            assertThat(result.err()).contains("everything converted").containsPattern(
                    "verification: \\d+ requests, all decided alike");
        }
    }

    @Test
    void nothingConvertedExitsTwoSayingWhichClassesAreConverted() throws Exception {
        String traefik = file("traefik.yaml", NGINX_INGRESS.replace("ingressClassName: nginx",
                "ingressClassName: traefik"));
        Path output = dir.resolve("gateway.yaml");
        CliRun.Result result = run("convert", "-f", CH8.resolve("services.yaml").toString(), "-f", traefik,
                "--output-file", output.toString());
        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(output).doesNotExist();
        assertThat(result.err()).contains("Ingress default/shop: not converted",
                "nothing was converted: convert reads the Ingresses Ingress Lab serves and ingress-nginx's (class"
                        + " nginx, or an IngressClass of controller k8s.io/ingress-nginx given with -f)");
    }

    @Test
    void jsonIsOneListAndOtherFormatsAreRefused() throws Exception {
        CliRun.Result result = run("convert", "-o", "json", "--no-verify", "-f", CH8.resolve("services.yaml").toString(),
                "-f", CH8.resolve("host-ingress.yaml").toString());
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode list = JsonMapper.builder().build().readTree(result.out());
        assertThat(list.get("kind").asString()).isEqualTo("List");
        assertThat(list.get("items").size()).isEqualTo(3);
        assertThat(list.get("items").get(1).get("spec").get("hostnames").get(0).asString())
                .isEqualTo("alpaca.example.com");

        CliRun.Result text = run("convert", "-o", "text", "-f", CH8.resolve("host-ingress.yaml").toString());
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.err()).contains("convert prints yaml, json; -o text is not one of them");
    }

    @Test
    void theOutputFileIsWrittenAndNeverReplacedWithoutForce() throws Exception {
        Path target = dir.resolve("gateway.yaml");
        CliRun.Result first = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("wrote 2 objects to " + target);
        assertThat(Files.readString(target)).contains("name: path-ingress");

        Files.writeString(target, "mine\n");
        CliRun.Result refused = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(target + " exists and was left as it is: give --force");
        assertThat(Files.readString(target)).isEqualTo("mine\n");

        CliRun.Result forced = run("convert", "--no-verify", "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--output-file", target.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(target)).contains("name: path-ingress");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("gateway.yaml");
        }
    }

    @Test
    void malformedYamlExitsTwoSayingWhere() throws Exception {
        CliRun.Result result = run("convert", "-f", file("broken.yaml", "apiVersion: networking.k8s.io/v1\nkind: [\n"));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("broken.yaml", "the manifests cannot be read", "ingress-lab lint PATH…");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void filesWithoutAnIngressExitTwo() {
        CliRun.Result result = run("convert", "-f", CH8.resolve("services.yaml").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("no Ingress in " + CH8.resolve("services.yaml"),
                "kind Ingress");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void forceWithoutAnOutputFileIsAUsageError() {
        CliRun.Result result = run("convert", "--force", "-f", CH8.resolve("path-ingress.yaml").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--force applies to --output-file");
    }
}
