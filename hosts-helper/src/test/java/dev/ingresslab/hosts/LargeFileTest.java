package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000-line hosts files (ad blockers' lists are this size) and a block of 10,000 names: read, plan, write and
 * clean stay linear. The bounds are generous, for a machine shared by many builds (the 100,000 lines took 17 s with
 * a load average of 22 on 2 cores, a second when quiet); quadratic work (a scan of the file per wanted name, or per
 * line: 10^10 steps) would take hours and fail them.
 */
class LargeFileTest {
    static final int LINES = 100_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aHundredThousandLinesArePlannedAndWrittenQuickly() throws Exception {
        Random random = new Random(15);
        StringBuilder content = new StringBuilder(LINES * 40);
        for (int i = 0; i < LINES; i++) {
            switch (i % 10) {
                case 0 -> content.append("# block list part ").append(i).append('\n');
                case 1 -> content.append('\n');
                default -> content.append("0.0.0.0\tads").append(i).append(".tracker-").append(random.nextInt(1000))
                        .append(".example\tcdn").append(i).append(".example\n");
            }
        }
        content.append("10.0.0.5 name5.example.com\n"); // one conflict among the wanted names
        Path hosts = Files.writeString(dir.resolve("hosts"), content, StandardCharsets.US_ASCII);
        List<HostName> wanted = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            wanted.add(new HostName("name" + i + ".example.com"));
        }
        HostsStore store = new HostsStore(hosts);

        long start = System.nanoTime();
        HostsPlan plan = store.planSync(wanted);
        HostsStore.Applied applied = store.apply(plan);
        HostsStore.Applied cleaned = store.apply(store.planClean());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(plan.added()).hasSize(1_000);
        assertThat(plan.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.name().value()).isEqualTo("name5.example.com");
            assertThat(c.mapping().line()).isEqualTo(LINES + 1);
        });
        assertThat(applied.written()).isTrue();
        assertThat(cleaned.written()).isTrue();
        assertThat(Files.readString(hosts, StandardCharsets.US_ASCII)).isEqualTo(content.toString());
        assertThat(millis).as("plan, write and clean of %d lines, in ms", LINES).isLessThan(45_000);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aBlockOfTenThousandNamesIsPlannedWrittenAndReadBackByTheHelper() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        List<HostName> wanted = new ArrayList<>();
        for (int i = 0; i < ManagedBlock.MAX_NAMES; i++) {
            wanted.add(new HostName("service-" + i + ".namespace-" + (i % 50) + ".example.com"));
        }
        HostsStore store = new HostsStore(hosts);

        long start = System.nanoTime();
        HostsPlan plan = store.planSync(wanted);
        String block = plan.wanted().text("\n");
        ManagedBlock parsed = ManagedBlock.parse(block); // what the helper does with its stdin
        store.apply(plan);
        HostsFile written = store.read();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(parsed.names()).hasSize(ManagedBlock.MAX_NAMES);
        assertThat(written.managedNames()).hasSize(ManagedBlock.MAX_NAMES);
        assertThat(block.length()).isLessThan(HostsHelperMain.MAX_INPUT);
        assertThat(millis).as("10,000 names, in ms").isLessThan(45_000);
    }
}
