package dev.ingresslab.lint;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of broken manifests under {@code src/test/resources/lint/corpus}: each file says in its first comment
 * lines the message lint must give ({@code # expect:}, the API server's words where it refuses), the hint's words
 * ({@code # hint:}) and the severity; every finding must be located at a line and column of the file.
 */
class LintCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/lint/corpus");
    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());

    @Test
    void theCorpusHoldsAtLeastFortyBrokenManifests() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")).count()).isGreaterThanOrEqualTo(40);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachBrokenManifestGetsItsMessageAndHintAtItsLine() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(CORPUS)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> lines = Files.readAllLines(file);
            String expect = header(lines, "expect").orElseThrow();
            Severity severity = Severity.valueOf(header(lines, "severity").orElse("error").toUpperCase());
            LintReport report = linter.lint(List.of(file.toString()));

            assertThat(report.findings()).as(file + ": " + report.findings()).anySatisfy(finding -> {
                assertThat(finding.message()).contains(expect);
                assertThat(finding.severity()).isEqualTo(severity);
                header(lines, "hint").ifPresent(hint -> assertThat(finding.hint()).contains(hint));
            });
            assertThat(report.clean()).isFalse();
            assertThat(report.findings()).allSatisfy(finding -> {
                assertThat(finding.location().file()).isEqualTo(file.toString());
                assertThat(finding.location().line()).as(finding.display()).isBetween(1, lines.size());
                assertThat(finding.location().column()).as(finding.display()).isPositive();
            });
        }));
    }

    @Test
    void theChaptersWorkingManifestsAreClean() {
        for (String sample : List.of("simple-ingress.yaml", "host-ingress.yaml", "path-ingress.yaml")) {
            LintReport report = linter.lint(List.of("../samples/ch8/services.yaml", "../samples/ch8/" + sample));
            assertThat(report.findings()).as(sample).filteredOn(f -> f.severity() != Severity.INFO).isEmpty();
            assertThat(report.clean()).isTrue();
        }
    }

    private static Optional<String> header(List<String> lines, String key) {
        return lines.stream().takeWhile(line -> line.startsWith("# "))
                .filter(line -> line.startsWith("# " + key + ": "))
                .map(line -> line.substring(key.length() + 4)).findFirst();
    }
}
