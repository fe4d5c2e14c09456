package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsClaim;
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
 * #15, tester's defect 1: two instances with {@code --sync-hosts} on one hosts file. Only the first keeps the block;
 * the second names it and neither syncs nor cleans; {@code hosts clean} and {@code hosts sync} by hand refuse while
 * it runs unless {@code --force}; the claim goes with the keeper.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostsKeeperClaimTest {

    private static final String ORIGINAL = "127.0.0.1 localhost\n";
    private static final Path CH8 = Path.of("..", "samples", "ch8").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aSecondInstanceLeavesTheFirstInstancesBlockAloneAndHandEditsAskToStopItFirst() throws Exception {
        Path hosts = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL);
        Path data = Files.createDirectories(dir.resolve("data"));
        ByteArrayOutputStream firstSaid = new ByteArrayOutputStream();
        ByteArrayOutputStream secondSaid = new ByteArrayOutputStream();
        try (LabSession first = serve("alpaca.example.com", data);
             LabSession second = serve("zebra.example.com", data)) {
            TerminalHosts keeper = terminal(hosts, firstSaid);
            keeper.follow(first);
            await(() -> Files.readString(hosts).contains("127.0.0.1 alpaca.example.com"));
            assertThat(HostsClaim.holder(data, hosts)).hasValueSatisfying(holder -> assertThat(holder.what())
                    .contains("on port " + first.current().connection().httpPort()));

            TerminalHosts other = terminal(hosts, secondSaid);
            other.follow(second);
            Thread.sleep(800); // longer than the debounce: a keeper would have written by now
            assertThat(secondSaid.toString(StandardCharsets.UTF_8)).contains("hosts: " + hosts + " is kept in sync"
                    + " by another Ingress Lab: Ingress Lab on port " + first.current().connection().httpPort() + " (pid "
                    + ProcessHandle.current().pid() + ", since").contains("this one leaves it alone");
            assertThat(Files.readString(hosts)).contains("alpaca.example.com").doesNotContain("zebra");
            other.close();
            assertThat(Files.readString(hosts)).as("the second does not clean on exit")
                    .contains("127.0.0.1 alpaca.example.com");

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
            assertThat(HostsClaim.holder(data, hosts)).as("the claim goes with its keeper").isEmpty();
            Result after = run(data, "hosts", "clean", "--hosts-file", hosts.toString());
            assertThat(after.code).as(after.err).isZero();
        }
    }

    private TerminalHosts terminal(Path hosts, ByteArrayOutputStream printed) {
        return new TerminalHosts(TerminalHosts.Mode.SYNC, new HostsAccess(hosts, Optional.empty()),
                new PrintStream(printed, true, StandardCharsets.UTF_8), java.io.InputStream.nullInputStream(),
                Duration.ofMillis(200));
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
