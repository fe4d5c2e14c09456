package dev.ingresslab.lint;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --fix}: the fixed text lints clean, keeps the comments and the order, and the file is replaced atomically
 * after a backup that is never overwritten.
 */
class LintFixerTest {

    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());
    private final LintFixer fixer = new LintFixer();

    @Test
    void theChaptersTwoMistakesBecomeTheWorkingManifestWithTheirComments() throws Exception {
        for (String mistake : List.of("simple-ingress-lowercase-kind.yaml", "simple-ingress-spec-service.yaml")) {
            String original = Files.readString(Path.of("../samples/ch8/mistakes", mistake));
            LintFixer.FixResult result = fixer.fix(mistake, original);

            assertThat(result.changed()).isTrue();
            assertThat(linter.lintText(mistake, result.text()).findings()).as(result.text()).isEmpty();
            assertThat(result.text()).contains("# The chapter's")
                    .contains("kind: Ingress\n")
                    .contains("""
                            spec:
                              defaultBackend:
                                service:
                                  name: alpaca
                                  port:
                                    number: 8080
                            """);
        }
    }

    @Test
    void aV1beta1IngressBecomesV1KeepingCommentsAndOrder() {
        String v1beta1 = """
                # the book's first edition
                apiVersion: extensions/v1beta1   # removed in 1.22
                kind: Ingress
                metadata:
                  name: path-ingress
                spec:
                  backend:
                    serviceName: be-default
                    servicePort: 8080
                  rules:
                  - host: Bandicoot.Example.com.
                    http:
                      paths:
                      - path: /
                        backend:
                          serviceName: bandicoot   # the main one
                          servicePort: 8080
                      - path: a/
                        backend: {serviceName: alpaca, servicePort: http}
                      - path: /api/(.*)
                        backend:
                          serviceName: api
                          servicePort: 80
                """;
        LintFixer.FixResult result = fixer.fix("v1beta1.yaml", v1beta1);

        assertThat(result.text()).isEqualTo("""
                # the book's first edition
                apiVersion: networking.k8s.io/v1   # removed in 1.22
                kind: Ingress
                metadata:
                  name: path-ingress
                spec:
                  defaultBackend:
                    service:
                      name: be-default
                      port:
                        number: 8080
                  rules:
                  - host: bandicoot.example.com
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: bandicoot   # the main one
                            port:
                              number: 8080
                      - path: /a/
                        pathType: Prefix
                        backend: {service: {name: alpaca, port: {name: http}}}
                      - path: /api/(.*)
                        pathType: ImplementationSpecific
                        backend:
                          service:
                            name: api
                            port:
                              number: 80
                """);
        assertThat(result.applied()).hasSizeGreaterThanOrEqualTo(9);
        LintReport after = linter.lintText("v1beta1.yaml", result.text());
        assertThat(after.count(Severity.ERROR)).as(after.findings().toString()).isZero();
    }

    @Test
    void flowStyleSpecServiceIsWrappedOnItsLine() {
        String flow = "apiVersion: networking.k8s.io/v1\nkind: ingress\nmetadata: {name: simple-ingress}\n"
                + "spec: {service: {name: alpaca, port: {number: 8080}}}  # as the chapter wrote it\n";
        LintFixer.FixResult result = fixer.fix("flow.yaml", flow);

        assertThat(result.text()).isEqualTo("apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
                + "metadata: {name: simple-ingress}\n"
                + "spec: {defaultBackend: {service: {name: alpaca, port: {number: 8080}}}}  # as the chapter wrote it\n");
        assertThat(linter.lintText("flow.yaml", result.text()).findings()).isEmpty();
    }

    @Test
    void whatNeedsAPersonsChoiceIsLeftAndBrokenYamlIsNotTouched() {
        String ipHost = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\nspec:\n  rules:\n"
                + "  - host: 192.168.49.2\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
                + "        backend: {service: {name: a, port: {number: 80}}}\n";
        assertThat(fixer.fix("ip.yaml", ipHost).changed()).isFalse();
        String broken = "kind: ingress\nspec:\n\tservice: x\n";
        assertThat(fixer.fix("broken.yaml", broken).text()).isEqualTo(broken);
    }

    @Test
    void theCorpusFixesItCanNeverLeaveInvalidYamlAndFixedFilesLintWithFewerFindings() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/lint/corpus"))) {
            for (Path file : files.sorted().toList()) {
                String original = Files.readString(file);
                LintFixer.FixResult result = fixer.fix(file.toString(), original);
                if (!result.changed()) {
                    continue;
                }
                LintReport before = linter.lintText(file.toString(), original);
                LintReport after = linter.lintText(file.toString(), result.text());
                assertThat(after.findings().stream().filter(f -> f.code().equals("YamlSyntax")
                        || f.code().equals("DuplicateKey"))).as(file + "\n" + result.text()).isEmpty();
                assertThat(after.count(Severity.ERROR)).as(file + "\n" + result.text())
                        .isLessThan(before.count(Severity.ERROR) + before.count(Severity.WARNING));
                assertThat(result.text()).as("comments are kept").startsWith(original.substring(0,
                        original.indexOf('\n')));
            }
        }
    }

    @Test
    void theFileIsReplacedAfterABackupThatIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simple-ingress.yaml");
        Files.writeString(file, "kind: ingress\n");
        Files.writeString(dir.resolve("simple-ingress.yaml.bak"), "an older backup\n");

        Path backup = FixedFile.write(file, "kind: Ingress\n");

        assertThat(backup).isEqualTo(dir.resolve("simple-ingress.yaml.bak.1"));
        assertThat(Files.readString(backup)).isEqualTo("kind: ingress\n");
        assertThat(Files.readString(dir.resolve("simple-ingress.yaml.bak"))).isEqualTo("an older backup\n");
        assertThat(Files.readString(file)).isEqualTo("kind: Ingress\n");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left")
                    .containsExactlyInAnyOrder("simple-ingress.yaml", "simple-ingress.yaml.bak",
                            "simple-ingress.yaml.bak.1");
        }
        assertThat(FixedFile.unifiedDiff("simple-ingress.yaml", "kind: ingress\n", "kind: Ingress\n"))
                .isEqualTo("--- simple-ingress.yaml\n+++ simple-ingress.yaml (fixed)\n@@ -1,2 +1,2 @@\n"
                        + "-kind: ingress\n+kind: Ingress\n \n");
    }

    private static final String SERVICE_NAME_AND_PORT = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: zoo
            spec:
              rules:
              - http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      serviceName: 'alpaca'   # the first animal
                      servicePort: http   # named port
                  - path: "/x"
                    pathType: Prefix
                    backend: {serviceName: "bandicoot", servicePort: 80}
            """;

    @Test
    void serviceNameAndPortKeepTheirCommentsAndTheUsersQuoting() {
        LintFixer.FixResult result = fixer.fix("zoo.yaml", SERVICE_NAME_AND_PORT);

        assertThat(linter.lintText("zoo.yaml", result.text()).findings()).as(result.text()).isEmpty();
        assertThat(result.text()).contains("""
                        backend:
                          service:
                            name: 'alpaca'   # the first animal
                            port:
                              name: http   # named port
                      - path: "/x"
                """).contains("backend: {service: {name: \"bandicoot\", port: {number: 80}}}");
    }

    @Test
    void aQuotedServicePortNumberBecomesABareInt32() {
        String quoted = SERVICE_NAME_AND_PORT.replace("servicePort: 80", "servicePort: \"80\"");
        LintFixer.FixResult result = fixer.fix("zoo.yaml", quoted);

        assertThat(result.text()).contains("port: {number: 80}}}");
        assertThat(linter.lintText("zoo.yaml", result.text()).findings()).as(result.text()).isEmpty();
    }

    @Test
    void aCrlfFileKeepsCrlfOnEveryLineItsBomIncluded() {
        String crlf = "\uFEFF" + SERVICE_NAME_AND_PORT.replaceAll("\n *pathType: Prefix", "")
                .replace("kind: Ingress", "kind: ingress").replace("\n", "\r\n");
        LintFixer.FixResult result = fixer.fix("zoo.yaml", crlf);

        assertThat(result.applied()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(result.text()).startsWith("\uFEFF").contains("kind: Ingress\r\n")
                .contains("pathType: Prefix\r\n").contains("name: http   # named port\r\n");
        assertThat(result.text().replace("\r\n", "")).as("no line ends in a bare LF or CR").doesNotContain("\n")
                .doesNotContain("\r");
    }

    @Test
    void aPathTypeInTheWrongCaseGetsItsCaseAsTheHintSays() {
        String lower = SERVICE_NAME_AND_PORT.replaceFirst("pathType: Prefix", "pathType: prefix   # sic")
                .replaceFirst("pathType: Prefix", "pathType: EXACT");
        LintFixer.FixResult result = fixer.fix("zoo.yaml", lower);

        assertThat(result.text()).contains("pathType: Prefix   # sic\n").contains("pathType: Exact\n");
        assertThat(linter.lintText("zoo.yaml", result.text()).findings()).as(result.text()).isEmpty();
    }
}
