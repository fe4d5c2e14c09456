package dev.ingresslab.cli;

import dev.ingresslab.hosts.HostsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * #15 §6: {@code demo --sync-hosts} as a user runs it (a real process, the real kubectl): the block follows the
 * served hosts from the start, a burst of Ingresses applied at once is one write, a deletion another, and SIGTERM
 * (Ctrl-C's effect) removes the block, leaving the file as it was. The hosts file is a temporary copy.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DemoHostsProcessTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final String ORIGINAL = "127.0.0.1 localhost\n# the user's line\n";

    @TempDir
    Path home;
    private Process demo;
    private Thread reader;
    private final StringBuffer output = new StringBuffer();

    @AfterEach
    void stopDemo() throws InterruptedException {
        if (demo != null) {
            demo.destroyForcibly();
            demo.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theBlockFollowsTheServedHostsOneWritePerBurstAndGoesOnSigterm() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        Path hosts = Files.writeString(Files.createDirectories(home.resolve("etc")).resolve("hosts"), ORIGINAL);
        Path kubeconfig = home.resolve("sandbox").resolve("kubeconfig");
        start("demo", "--headless", "--http-port", String.valueOf(freePort()),
                "--https-port", "0", "--log", "off", "--sync-hosts",
                "--hosts-file", hosts.toString());

        await("hosts: " + hosts + ": added alpaca.example.com, bandicoot.example.com", Duration.ofSeconds(150));
        assertThat(Files.readString(hosts)).startsWith(ORIGINAL).contains(HostsFile.BEGIN_MARKER,
                "127.0.0.1 alpaca.example.com", "::1 bandicoot.example.com");

        Path burst = Files.writeString(home.resolve("burst.yaml"), ingress("one") + "---\n" + ingress("two") + "---\n"
                + ingress("three"));
        kubectl(kubeconfig, "apply", "-f", burst.toString());
        await("hosts: " + hosts + ": added one.example.com, three.example.com, two.example.com",
                Duration.ofSeconds(30));
        kubectl(kubeconfig, "delete", "ingress", "two");
        await("hosts: " + hosts + ": removed two.example.com", Duration.ofSeconds(30));
        assertThat(writes(hosts)).as("the start, the burst, the deletion: %s", output).isEqualTo(3);
        assertThat(Files.readString(hosts)).contains("127.0.0.1 one.example.com", "127.0.0.1 three.example.com")
                .doesNotContain("two.example.com");

        // SIGTERM, as Ctrl-C's effect; not Process.destroy(), which also closes our end of its output
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(demo.pid())).start().waitFor()).isZero();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped; it printed:%n%s", output).isTrue();
        reader.join(10_000); // its last lines, read to the end of its output (it has exited)
        assertThat(Files.readString(hosts)).as("the block is gone: the file as it was; it printed:%n%s", output)
                .isEqualTo(ORIGINAL);
        assertThat(output.toString()).contains("(the block is gone)");
    }

    private long writes(Path hosts) {
        return output.toString().lines().filter(line -> line.startsWith("hosts: " + hosts + ": added")
                || line.startsWith("hosts: " + hosts + ": removed")).count();
    }

    private static String ingress(String name) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s}
                spec:
                  rules:
                    - host: %s.example.com
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}]}
                """.formatted(name, name);
    }

    private void start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INGRESS_LAB_HOME", home.toString());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        demo = builder.start();
        reader = new Thread(() -> {
            try (InputStream in = demo.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.toString().contains(text)) {
            assertThat(System.nanoTime() < deadline && demo.isAlive())
                    .as("waiting for \"%s\"; the demo printed:%n%s", text, output).isTrue();
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
    }
}
