package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsClaim;
import dev.ingresslab.core.hosts.OtherInstance;
import dev.ingresslab.gui.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #15, tester's defect 1, and one keeper per process: two keepers in one process (the demo's terminal and the
 * window, or a Stop and Start) are one keeper, holding the one claim, writing each change once; a second process is
 * refused by the claim, naming the holder's pid and command and what to do, and neither syncs nor cleans; {@code
 * hosts clean} and {@code hosts sync} by hand refuse while the file is kept unless {@code --force}; the claim goes
 * with the last user of the keeper.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostsKeeperClaimTest {

    private static final String ORIGINAL = "127.0.0.1 localhost\n";
    private static final Path CH8 = Path.of("..", "samples", "ch8").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void twoKeepersInOneProcessAreOneKeeperAndHandEditsAskToStopItFirst() throws Exception {
        Path hosts = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL);
        Path data = Files.createDirectories(dir.resolve("data"));
        ByteArrayOutputStream firstSaid = new ByteArrayOutputStream();
        ByteArrayOutputStream secondSaid = new ByteArrayOutputStream();
        try (LabSession first = serve("alpaca.example.com", data)) {
            TerminalHosts keeper = terminal(hosts, firstSaid);
            keeper.follow(first);
            await(() -> Files.readString(hosts).contains("127.0.0.1 alpaca.example.com"));
            assertThat(HostsClaim.holder(data, hosts)).hasValueSatisfying(holder -> assertThat(holder.what())
                    .isEqualTo("ingress-lab demo on port " + first.current().connection().httpPort()));

            TerminalHosts other = terminal(hosts, secondSaid);
            other.follow(first);
            assertThat(other.keeper()).as("one keeper per hosts file in a process").containsSame(keeper.keeper()
                    .orElseThrow());
            assertThat(secondSaid.toString(StandardCharsets.UTF_8)).doesNotContain("kept in sync by another");
            // the keeper counts a write once the store returned, a moment after the file changed: wait for the count
            await(() -> keeper.keeper().orElseThrow().writes() > 0);
            int writes = keeper.keeper().orElseThrow().writes();
            try (LabSession second = serve("zebra.example.com", data)) {
                other.follow(second); // a new session in the same process (Stop and Start): the same keeper
                String change = "hosts: " + hosts + ": added zebra.example.com; removed alpaca.example.com";
                // the file, then the count, then the words: each comes a moment after the one before
                await(() -> (firstSaid.toString(StandardCharsets.UTF_8) + secondSaid.toString(StandardCharsets.UTF_8))
                        .contains(change));
                Thread.sleep(800); // longer than the debounce: a second keeper would have written by now
                assertThat(Files.readString(hosts)).contains("127.0.0.1 zebra.example.com").doesNotContain("alpaca");
                assertThat(keeper.keeper().orElseThrow().writes()).as("one write for the change").isEqualTo(writes
                        + 1);
                other.close();
                assertThat(Files.readString(hosts)).as("cleaned on the first user's exit").isEqualTo(ORIGINAL);
                assertThat(HostsClaim.holder(data, hosts)).as("the other user still holds the keeper").isPresent();
                keeper.follow(second);
                await(() -> Files.readString(hosts).contains("127.0.0.1 zebra.example.com"));

                String kept = Files.readString(hosts);
                Result clean = run(data, "hosts", "clean", "--hosts-file", hosts.toString());
                assertThat(clean.code).isEqualTo(1);
                assertThat(clean.err).contains(hosts + " is kept in sync by another Ingress Lab", "stop it first",
                        "kill " + ProcessHandle.current().pid(), "--force");
                Result sync = run(data, "hosts", "sync", "-f", CH8.toString(), "--hosts-file", hosts.toString());
                assertThat(sync.code).isEqualTo(1);
                assertThat(sync.err).contains("is kept in sync by another Ingress Lab");
                assertThat(Files.readString(hosts)).isEqualTo(kept);

                Result forced = run(data, "hosts", "clean", "--force", "--hosts-file", hosts.toString());
                assertThat(forced.code).as(forced.err).isZero();
                assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);

                keeper.close();
                assertThat(HostsClaim.holder(data, hosts)).as("the claim goes with its last user").isEmpty();
                Result after = run(data, "hosts", "clean", "--hosts-file", hosts.toString());
                assertThat(after.code).as(after.err).isZero();
            }
        }
    }

    @Test
    void aSecondProcessIsRefusedNamingTheHolderAndLeavesTheFileAlone() throws Exception {
        Path hosts = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL);
        Path data = Files.createDirectories(dir.resolve("data"));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (OtherInstance demo = OtherInstance.holding(data, hosts, "ingress-lab demo on port 28080");
             LabSession session = serve("alpaca.example.com", data)) {
            TerminalHosts keeper = terminal(hosts, said);
            keeper.follow(session);
            Thread.sleep(800); // longer than the debounce: a keeper would have written by now
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("hosts: " + hosts + " is kept in sync by"
                    + " another Ingress Lab: ingress-lab demo on port 28080 (pid " + demo.pid() + ", since")
                    .contains("stop it first (Ctrl-C in its terminal, or `kill " + demo.pid() + "`)")
                    .contains("this one leaves the file alone (no sync now, no clean on exit)");
            assertThat(keeper.keeper()).isEmpty();
            keeper.close();
            assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
            assertThat(HostsClaim.holder(data, hosts)).hasValueSatisfying(holder -> assertThat(holder.pid())
                    .isEqualTo(demo.pid()));

            demo.close(); // the other one stops: this one may keep the file now
            TerminalHosts again = terminal(hosts, said);
            again.follow(session);
            await(() -> Files.readString(hosts).contains("127.0.0.1 alpaca.example.com"));
            again.close();
            assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        }
    }

    private TerminalHosts terminal(Path hosts, ByteArrayOutputStream printed) {
        return new TerminalHosts(TerminalHosts.Mode.SYNC, new HostsAccess(hosts, Optional.empty()),
                new PrintStream(printed, true, StandardCharsets.UTF_8), java.io.InputStream.nullInputStream(),
                Duration.ofMillis(200), "ingress-lab demo");
    }

    private LabSession serve(String host, Path data) throws Exception {
        Path manifests = Files.writeString(dir.resolve(host + ".yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop}
                spec:
                  rules:
                    - host: %s
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
                """.formatted(host));
        return LabSession.start(new Source.Manifests(List.of(manifests)), SessionOptions.defaults()
                .withDataDirectory(data).withProxy(dev.ingresslab.proxy.ProxySettings.defaults().withHttpPort(0)));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path data, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Object made = type == HostsCommand.Sync.class ? new HostsCommand.Sync(Optional::empty, () -> data)
                        : type == HostsCommand.Clean.class ? new HostsCommand.Clean(Optional::empty, () -> data)
                        : defaults.create(type);
                return type.cast(made);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Display.none("tests"), factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.holds()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
