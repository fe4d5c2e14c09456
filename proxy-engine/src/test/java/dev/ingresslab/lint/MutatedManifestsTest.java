package dev.ingresslab.lint;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * 10,000 manifests made from the chapter's by random line deletions, insertions, type changes and indentation changes
 * (seeded, so a failure replays): lint never throws, and every finding it gives is located at a line and a column of
 * the manifest, with a message.
 */
class MutatedManifestsTest {

    private static final int MUTANTS = 10_000;
    private static final List<String> SCALARS = List.of("8080", "\"8080\"", "true", "null", "[]", "{}", "[a, b]",
            "{a: 1}", "-1", "1.5", "'*.example.com'", "/", "Prefix", "\"\"", "~", "&a x", "*a", "|\n  block",
            "0x1F", "2026-11-30");
    private static final List<String> LINES = List.of("  - path: /", "pathType: Exact", "    host: a.example.com",
            "---", "- x", "spec:", "  service: {name: a}", "\t", "# comment", "kind: Ingress", "apiVersion: v1",
            "      number: 99999", "  tls:", "  - hosts: [b.example.com]", "[unclosed", "{\"json\": true}", "...");

    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());

    @Test
    void tenThousandMutantsNeverCrashLintAndEveryFindingIsLocated() throws Exception {
        List<List<String>> seeds = new ArrayList<>();
        for (String sample : List.of("simple-ingress.yaml", "host-ingress.yaml", "path-ingress.yaml",
                "tls-ingress.yaml", "ingress-class.yaml", "namespaces.yaml")) {
            seeds.add(Files.readAllLines(Path.of("../samples/ch8", sample)));
        }
        Random random = new Random(18);
        int[] withFindings = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                List<String> lines = new ArrayList<>(seeds.get(random.nextInt(seeds.size())));
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(lines, random);
                }
                String text = String.join("\n", lines) + "\n";
                String name = "mutant-" + i + ".yaml";
                LintReport[] report = new LintReport[1];
                assertThatCode(() -> report[0] = linter.lintText(name, text)).as(text).doesNotThrowAnyException();
                int lineCount = lines.size() + 1;
                assertThat(report[0].findings()).as(text).allSatisfy(finding -> {
                    assertThat(finding.location().file()).isEqualTo(name);
                    assertThat(finding.location().line()).as(finding.display()).isBetween(1, lineCount);
                    assertThat(finding.location().column()).as(finding.display()).isPositive();
                    assertThat(finding.message()).isNotBlank();
                });
                if (!report[0].clean()) {
                    withFindings[0]++;
                }
            }
        });
        assertThat(withFindings[0]).as("the mutations break most manifests").isGreaterThan(MUTANTS / 2);
    }

    private static void mutate(List<String> lines, Random random) {
        if (lines.isEmpty()) {
            lines.add(LINES.get(random.nextInt(LINES.size())));
            return;
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(6)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, LINES.get(random.nextInt(LINES.size())));
            case 2 -> { // a value of another type
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    lines.set(at, line.substring(0, colon + 2) + SCALARS.get(random.nextInt(SCALARS.size())));
                }
            }
            case 3 -> lines.set(at, " ".repeat(1 + random.nextInt(4)) + line); // deeper
            case 4 -> lines.set(at, line.stripLeading()); // flattened, as a web page copies it
            default -> { // a character changed: a misspelt key or value
                if (!line.isEmpty()) {
                    int c = random.nextInt(line.length());
                    String alphabet = "abcxyzABC:-_ *&{}[]\"'#";
                    char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
                    lines.set(at, line.substring(0, c) + replacement + line.substring(c + 1));
                }
            }
        }
    }
}
