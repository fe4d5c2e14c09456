package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingresslab.hosts.support.LockHolder;
import dev.ingresslab.hosts.support.WriterLoop;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two writer processes on one hosts file, and the lock file that keeps them from interleaving. */
class ConcurrentWritersTest {
    static final String ORIGINAL = "127.0.0.1 localhost\n::1 localhost\n";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoProcessesWritingAtOnceLeaveOnlyWholeContents() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, ORIGINAL);
        HostsFile original = HostsFile.parse(ORIGINAL.getBytes(StandardCharsets.US_ASCII));
        List<String> sets = List.of("alpaca.example.com", "alpaca.example.com,bandicoot.example.com",
                "be-default.example.com", "");
        Set<String> whole = new HashSet<>();
        whole.add(ORIGINAL);
        for (String set : sets) {
            List<HostName> names = set.isEmpty() ? List.of()
                    : java.util.Arrays.stream(set.split(",")).map(HostName::new).toList();
            whole.add(new String(HostsPlan.sync(original, names).newContent(), StandardCharsets.US_ASCII));
        }

        int writes = 60;
        Process first = ChildJvm.start(WriterLoop.class, hosts.toString(), String.valueOf(writes), sets.get(0),
                sets.get(1));
        Process second = ChildJvm.start(WriterLoop.class, hosts.toString(), String.valueOf(writes), sets.get(2),
                sets.get(3));
        CompletableFuture<Long> firstLines = count(ChildJvm.lines(first));
        CompletableFuture<Long> secondLines = count(ChildJvm.lines(second));

        // Meanwhile, read the file as a resolver would: every read is a whole content.
        int reads = 0;
        while (first.isAlive() || second.isAlive()) {
            String now = Files.readString(hosts, StandardCharsets.US_ASCII);
            assertThat(whole).as("read %d", reads).contains(now);
            reads++;
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(second.exitValue()).isZero();
        assertThat(firstLines.get(10, TimeUnit.SECONDS)).isEqualTo(writes + 1); // "ready" and one line per apply
        assertThat(secondLines.get(10, TimeUnit.SECONDS)).isEqualTo(writes + 1);
        assertThat(reads).isPositive();
        assertThat(whole).contains(Files.readString(hosts, StandardCharsets.US_ASCII));
        assertThat(whole).contains(Files.readString(dir.resolve("hosts.ingress-lab.bak"), StandardCharsets.US_ASCII));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hosts", "hosts.ingress-lab.bak", "hosts.ingress-lab.lock");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWriterWaitsWhileAnotherProcessHoldsTheLock() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, ORIGINAL);
        Process holder = ChildJvm.start(LockHolder.class, dir.resolve("hosts.ingress-lab.lock").toString());
        BufferedReader out = ChildJvm.lines(holder);
        assertThat(out.readLine()).isEqualTo("locked");

        assertThatThrownBy(() -> HostsLock.acquire(hosts.toRealPath(), java.time.Duration.ofMillis(300)))
                .isInstanceOf(HostsChangingException.class)
                .hasMessage("another process has held " + dir.toRealPath().resolve("hosts.ingress-lab.lock")
                        + " for 0.3 s (another Ingress Lab writing the hosts file); try again when it is done");

        HostsStore store = new HostsStore(hosts);
        HostsPlan plan = store.planSync(List.of(new HostName("alpaca.example.com")));
        CompletableFuture<HostsStore.Applied> apply = CompletableFuture.supplyAsync(() -> {
            try {
                return store.apply(plan);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_500);
        assertThat(apply).as("the write waits for the other process's lock").isNotDone();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);

        holder.getOutputStream().close(); // the holder releases the lock and exits
        assertThat(apply.get(30, TimeUnit.SECONDS).written()).isTrue();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(hosts)).contains("127.0.0.1 alpaca.example.com");
    }

    private static CompletableFuture<Long> count(BufferedReader lines) {
        return CompletableFuture.supplyAsync(() -> lines.lines().count());
    }
}
