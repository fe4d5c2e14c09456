package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for every format quirk of real hosts files (src/test/resources/golden): for each {@code X.hosts},
 * {@code X.synced} is the file after a sync to alpaca.example.com and bandicoot.example.com, {@code X.cleaned} after
 * a clean, {@code X.plan} the sync plan's description. Run with {@code -Dgolden.update=true} to rewrite them after a
 * deliberate change, then review the diff byte by byte ({@code cat -A}).
 */
class HostsFileGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final List<HostName> WANTED = List.of(new HostName("bandicoot.example.com"),
            new HostName("alpaca.example.com"));

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hosts"))
                    .map(n -> n.substring(0, n.length() - ".hosts".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void syncAndCleanGiveTheGoldenBytes(String name) throws Exception {
        byte[] input = Files.readAllBytes(GOLDEN.resolve(name + ".hosts"));
        HostsFile file = HostsFile.parse(input);
        HostsPlan sync = HostsPlan.sync(file, WANTED);
        HostsPlan clean = HostsPlan.clean(file);
        String plan = String.join("\n", sync.describe()) + "\n";

        assertGolden(name + ".synced", sync.newContent());
        assertGolden(name + ".cleaned", clean.newContent());
        assertGolden(name + ".plan", plan.getBytes(StandardCharsets.UTF_8));

        // Outside the block, not a byte changes; the synced file holds exactly the wanted names.
        HostsFile synced = HostsFile.parse(sync.newContent());
        assertThat(synced.outsideBytes()).isEqualTo(file.outsideBytes());
        assertThat(synced.managedNames()).containsExactlyElementsOf(WANTED.stream().sorted().toList());
        assertThat(synced.foreignLinesInBlock()).isEmpty();
        // Syncing again changes nothing; cleaning the synced file gives the clean of the input.
        assertThat(HostsPlan.sync(synced, WANTED).isEmpty()).isTrue();
        assertThat(HostsPlan.clean(synced).newContent()).isEqualTo(clean.newContent());
        // A file without a block comes back byte for byte after sync then clean.
        if (!file.hasBlock()) {
            assertThat(HostsPlan.clean(synced).newContent()).isEqualTo(input);
        }
    }

    private static void assertGolden(String name, byte[] actual) throws IOException {
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.write(golden, actual);
        }
        assertThat(golden).as("golden file %s (run with -Dgolden.update=true to create it, then review it)", name)
                .exists();
        // compared as ISO-8859-1 text: one character per byte, so equal text is equal bytes, and a diff is readable
        assertThat(new String(actual, StandardCharsets.ISO_8859_1)).as("%s", name)
                .isEqualTo(new String(Files.readAllBytes(golden), StandardCharsets.ISO_8859_1));
    }
}
