package dev.ingresslab.sandbox;

import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.LintReport;
import dev.ingresslab.lint.Linter;
import dev.ingresslab.lint.Severity;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One set of checks: {@code kubectl apply} of a broken manifest to the sandbox and {@code ingress-lab lint} of the
 * same file print the same message and the same hint, because both come from {@code ApiServerChecks}. The files are
 * the chapter's two mistakes and lint's corpus (proxy-engine/src/test/resources/lint/corpus), those kubectl sends to
 * the server (a removed apiVersion or a missing name kubectl refuses itself, before any request).
 */
class SandboxLintSameMessageTest {

    private static final Path CORPUS = Path.of("../proxy-engine/src/test/resources/lint/corpus");

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;
    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());

    @BeforeAll
    static void startSandbox() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(dir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ch8/mistakes/simple-ingress-lowercase-kind.yaml",
            "ch8/mistakes/simple-ingress-spec-service.yaml", "kind-lowercase.yaml", "spec-backend.yaml",
            "service-name-port.yaml", "misspelled-defaultbackend.yaml", "misspelled-host.yaml",
            "missing-pathtype.yaml", "pathtype-lowercase.yaml", "path-relative.yaml", "host-ip.yaml",
            "host-uppercase.yaml", "host-trailing-dot.yaml", "service-other-namespace-slash.yaml",
            "service-other-namespace-dot.yaml", "port-both.yaml", "port-string-number.yaml", "empty-spec.yaml",
            "service-kind-lowercase.yaml"})
    void kubectlApplyAndLintSayTheSame(String name) throws Exception {
        Path file = name.startsWith("ch8/") ? Path.of(name) : CORPUS.resolve(name);
        LintReport report = linter.lint(List.of(file.toString()));
        List<LintFinding> errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        assertThat(errors).as(report.findings().toString()).hasSize(1);
        LintFinding lint = errors.get(0);

        Kubectl.Run applied = kubectl.run("apply", "-f", file.toAbsolutePath().toString());

        assertThat(applied.exit()).as(applied.output()).isNotZero();
        assertThat(applied.output()).as("kubectl's output holds lint's message and hint")
                .contains(lint.message() + (lint.hint().isEmpty() ? "" : "\nhint: " + lint.hint()));
    }
}
