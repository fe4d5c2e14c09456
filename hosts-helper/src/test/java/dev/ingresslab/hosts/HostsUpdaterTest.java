package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsUpdaterTest {
    static final String ORIGINAL = "127.0.0.1 localhost\n";
    static final HostName ALPACA = new HostName("alpaca.example.com");

    @TempDir
    Path dir;
    final List<HelperCommand> escalated = new ArrayList<>();
    final List<String> flushes = new ArrayList<>();

    /** The real helper in its own process, run as this user, counting its runs. */
    final PrivilegeEscalator counting = new PrivilegeEscalator() {
        final PrivilegeEscalator real = PrivilegeEscalators.unelevated();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public List<String> commandLine(HelperCommand command) {
            List<String> line = new ArrayList<>(List.of("/usr/bin/elevate", "--"));
            line.addAll(command.argv());
            return line;
        }

        @Override
        public HelperResult run(HelperCommand command) throws IOException, InterruptedException {
            escalated.add(command);
            return real.run(command);
        }
    };

    HostsUpdater updater(Path hosts) {
        return new HostsUpdater(new HostsStore(hosts), counting, () -> {
            flushes.add("flush");
            return "flushed";
        });
    }

    @Test
    void aWritableFileIsWrittenDirectlyAndTheCacheFlushed() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), ORIGINAL);
        HostsUpdater updater = updater(hosts);
        assertThat(updater.access().direct()).isTrue();

        HostsUpdater.Outcome outcome = updater.apply(updater.planSync(List.of(ALPACA)));

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.elevated()).isFalse();
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.message()).isEqualTo("updated " + hosts + " (+1 -0 names); flushed");
        assertThat(escalated).isEmpty();
        assertThat(flushes).hasSize(1);
    }

    @Test
    void anEmptyPlanNeverPrompts() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), ORIGINAL);
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));
        HostsUpdater updater = updater(hosts);

        HostsUpdater.Outcome outcome = updater.apply(updater.planClean());

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.message()).isEqualTo("the hosts file already has no Ingress Lab block; nothing to change");
        assertThat(escalated).isEmpty();
        assertThat(flushes).isEmpty();
    }

    @Test
    void aFileThatNeedsPrivilegeGoesThroughTheHelperOnce() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), ORIGINAL);
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));
        HostsUpdater updater = updater(hosts);
        HostsPlan plan = updater.planSync(List.of(ALPACA));
        assertThat(updater.access().direct()).isFalse();
        assertThat(updater.access().reason()).contains("is read-only").contains("r--r--r--");
        assertThat(updater.elevatedCommandLine(plan)).startsWith("/usr/bin/elevate -- ")
                .contains(" -cp ").endsWith(" dev.ingresslab.hosts.HostsHelperMain " + hosts + " sync");

        HostsUpdater.Outcome outcome = updater.apply(plan);

        assertThat(outcome.elevated()).isTrue();
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).startsWith("hosts-helper: " + hosts.toRealPath() + ": added alpaca.example.com");
        assertThat(escalated).singleElement().satisfies(c -> assertThat(new String(c.stdin(),
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(plan.wanted().text("\n")));
        assertThat(Files.readString(hosts)).contains("::1 alpaca.example.com");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts))).isEqualTo("r--r--r--");
        assertThat(flushes).as("the helper flushes, in its own process").isEmpty();
    }
}
