package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingresslab.hosts.support.WriterLoop;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: writer processes ({@link WriterLoop}: the real {@link HostsStore}) are killed with SIGKILL at random
 * moments while they write, until at least 500 writes were made and at least 10 processes were killed; after every
 * kill the hosts file (and its backup) is exactly one of the contents a complete write gives, never a mix, an empty
 * file, or no file. The next writer then removes the killed one's temporary file.
 */
class CrashSafetyTest {
    static final int WRITES = 500;
    static final int KILLS = 10;
    static final String ORIGINAL = "127.0.0.1 localhost\r\n# the user's line, no final break";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void afterEveryKillTheFileIsTheOldOrTheNewContent() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, ORIGINAL);
        HostsFile original = HostsFile.parse(ORIGINAL.getBytes(StandardCharsets.US_ASCII));
        String a = "alpaca.example.com";
        String b = "alpaca.example.com,bandicoot.example.com,be-default.example.com";
        byte[] contentA = HostsPlan.sync(original, List.of(new HostName(a))).newContent();
        byte[] contentB = HostsPlan.sync(original, List.of(new HostName("alpaca.example.com"),
                new HostName("bandicoot.example.com"), new HostName("be-default.example.com"))).newContent();
        Set<String> whole = Set.of(ORIGINAL, ascii(contentA), ascii(contentB));

        long seed = Long.getLong("hosts.seed", System.nanoTime());
        Random random = new Random(seed);
        int writes = 0;
        int kills = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((writes < WRITES || kills < KILLS) && System.nanoTime() < deadline) {
            Process writer = ChildJvm.start(WriterLoop.class, hosts.toString(), "1000000", a, b);
            BufferedReader out = ChildJvm.lines(writer);
            assertThat(out.readLine()).isEqualTo("ready");
            // A random moment: after a random number of this process's writes, then a random part of a write's
            // time (a write is a few fsyncs: some milliseconds, tens on a busy disk), so kills land in every step.
            int killAfter = random.nextInt(2 * WRITES / KILLS + 1);
            int written = 0;
            while (written < killAfter && out.readLine() != null) {
                written++;
            }
            Thread.sleep(random.nextInt(40));
            writer.toHandle().destroyForcibly(); // SIGKILL on POSIX; unlike Process.destroy, keeps its stdout open
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            while (out.readLine() != null) {
                written++; // writes reported between the count and the kill
            }
            writes += written;
            kills++;

            String now = Files.readString(hosts, StandardCharsets.US_ASCII);
            assertThat(whole).as("seed %d, kill %d after %d writes: the file is a whole content", seed, kills,
                    writes).contains(now);
            Path backup = dir.resolve("hosts.ingress-lab.bak");
            if (Files.exists(backup)) {
                assertThat(whole).as("seed %d, kill %d: the backup is a whole content", seed, kills)
                        .contains(Files.readString(backup, StandardCharsets.US_ASCII));
            }
            assertThat(HostsFile.parse(now.getBytes(StandardCharsets.US_ASCII)).outsideBytes())
                    .isEqualTo(original.outsideBytes());
        }
        assertThat(writes).as("writes made (seed %d)", seed).isGreaterThanOrEqualTo(WRITES);
        assertThat(kills).isGreaterThanOrEqualTo(KILLS);

        // The next writer sweeps what the killed ones left; then only our three files remain.
        new HostsStore(hosts).apply(new HostsStore(hosts).planClean());
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hosts", "hosts.ingress-lab.bak", "hosts.ingress-lab.lock");
        }
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
