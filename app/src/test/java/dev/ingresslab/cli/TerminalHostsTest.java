package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #15 §6: what {@code up} and {@code demo} do with the hosts file in a terminal (the question, the answer typed, the
 * exit's offer) and without one (one line, nothing written), on a session serving manifest files.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TerminalHostsTest {

    private static final String ORIGINAL = "127.0.0.1 localhost\n";

    @TempDir
    Path dir;

    @Test
    void inATerminalTheChangeIsShownAskedOnceAndTheExitOffersToRemoveTheBlock() throws Exception {
        Path hosts = hostsFile();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // the user types "y" to the question, then Enter (yes by default) at the exit's
        ByteArrayInputStream typed = new ByteArrayInputStream("y\n\n".getBytes(StandardCharsets.US_ASCII));
        try (LabSession session = serve("shop.example.com")) {
            TerminalHosts terminal = new TerminalHosts(TerminalHosts.Mode.ASK, new HostsAccess(hosts,
                    Optional.empty()), out, typed, Duration.ofMillis(300));
            terminal.follow(session);
            await(() -> Files.readString(hosts).contains("127.0.0.1 shop.example.com"));
            String asked = printed.toString(StandardCharsets.UTF_8);
            assertThat(asked).contains("hosts: " + hosts + ": add shop.example.com (each to 127.0.0.1 and ::1)")
                    .contains("hosts: Write this change? [y/N] ");
            assertThat(asked.indexOf(hosts + ": add")).isLessThan(asked.indexOf("Write this change?"));

            terminal.close();

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Remove the Ingress Lab block now? [Y/n]")
                    .contains(hosts + ": removed shop.example.com (the block is gone)");
            assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        }
    }

    @Test
    void withSyncHostsALineEarlierInTheFileThatWinsIsNotedOnce() throws Exception {
        Path hosts = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL
                + "10.1.2.3 shop.example.com\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LabSession session = serve("shop.example.com")) {
            TerminalHosts terminal = new TerminalHosts(TerminalHosts.Mode.SYNC, new HostsAccess(hosts,
                    Optional.empty()), out, java.io.InputStream.nullInputStream(), Duration.ofMillis(300));
            terminal.follow(session);
            await(() -> Files.readString(hosts).contains("127.0.0.1 shop.example.com"));
            terminal.close();
        }
        String said = printed.toString(StandardCharsets.UTF_8);
        String note = "hosts: note: shop.example.com is also mapped by line 2 (\"10.1.2.3 shop.example.com\"), which"
                + " comes first and sends it to 10.1.2.3";
        assertThat(said).contains(note);
        assertThat(said.indexOf(note)).as("once").isEqualTo(said.lastIndexOf(note));
    }

    @Test
    void aNoLeavesTheFileAsItIs() throws Exception {
        Path hosts = hostsFile();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LabSession session = serve("shop.example.com")) {
            TerminalHosts terminal = new TerminalHosts(TerminalHosts.Mode.ASK, new HostsAccess(hosts,
                    Optional.empty()), out, new ByteArrayInputStream("n\n".getBytes(StandardCharsets.US_ASCII)),
                    Duration.ofMillis(300));
            terminal.follow(session);
            await(() -> printed.toString(StandardCharsets.UTF_8).contains("as it is"));
            terminal.close();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("hosts: left " + hosts + " as it is")
                    .doesNotContain("Remove the Ingress Lab block").as("nothing written: nothing to offer");
            assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        }
    }

    @Test
    void withoutATerminalNothingIsWrittenAndOneLineSaysWhatToDo() throws Exception {
        Path hosts = hostsFile();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LabSession session = serve("shop.example.com")) {
            TerminalHosts terminal = new TerminalHosts(TerminalHosts.Mode.OFF, new HostsAccess(hosts,
                    Optional.empty()), out, java.io.InputStream.nullInputStream(), Duration.ofMillis(300));
            terminal.follow(session);
            terminal.close();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("hosts: shop.example.com does not lead to this"
                + " machine in " + hosts + ", so a browser cannot open it by name; add --sync-hosts (or run"
                + " `ingress-lab hosts sync` with -f or --context) to map it to 127.0.0.1 and ::1; curl --resolve"
                + " works without\n");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    private LabSession serve(String host) throws Exception {
        Path manifests = Files.writeString(dir.resolve("ingress.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop}
                spec:
                  rules:
                    - host: %s
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
                """.formatted(host));
        return LabSession.start(new Source.Manifests(List.of(manifests)), SessionOptions.defaults()
                .withDataDirectory(Files.createDirectories(dir.resolve("data")))
                .withProxy(ProxySettings.defaults().withHttpPort(0)));
    }

    private Path hostsFile() throws Exception {
        return Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL);
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
