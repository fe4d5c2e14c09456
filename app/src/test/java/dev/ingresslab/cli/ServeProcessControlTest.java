package dev.ingresslab.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code serve} process: its control file appears when it serves, {@code routes} reads it, a clean stop
 * (SIGTERM) removes the file, and a {@code kill -9} leaves a stale one that the commands name and ignore and the
 * next instance removes.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServeProcessControlTest {

    @TempDir
    Path home;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    /** Starts {@code serve} on the chapter's host Ingress and waits for the line naming its control endpoint. */
    private Process serve(StringBuilder output) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "-f", Path.of("../samples/ch8/host-ingress.yaml").toAbsolutePath()
                        .toString(), "--http-port", "0", "--https-port", "0", "--log", "off");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INGRESS_LAB_HOME", home.toString());
        Process process = builder.start();
        processes.add(process);
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String line;
        while ((line = lines.readLine()) != null) {
            output.append(line).append('\n');
            if (line.contains("read this serve (pid " + process.pid() + ")")) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.lines().forEach(rest -> {
                            synchronized (output) {
                                output.append(rest).append('\n');
                            }
                        });
                    } catch (java.io.UncheckedIOException e) {
                        // the process was killed: its output ends here
                    }
                }, "serve-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
            assertThat(System.nanoTime()).as("serve ready: %s", output).isLessThan(deadline);
        }
        throw new AssertionError("serve ended: " + output);
    }

    private List<Path> controlFiles() throws IOException {
        Path folder = home.resolve("run/control");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void aCleanStopRemovesTheFileAndAKilledOneLeavesAStaleFileThatIsIgnoredThenRemoved() throws Exception {
        Process first = serve(new StringBuilder());
        assertThat(controlFiles()).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .startsWith(first.pid() + "-"));
        LiveCommandsTest.Result routes = LiveCommandsTest.run(home, "routes", "-o", "json");
        assertThat(routes.code()).isZero();
        assertThat(routes.out()).contains("\"pid\" : " + first.pid()).contains("alpaca.example.com");

        first.destroy(); // SIGTERM: the shutdown hook removes the control file first
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(controlFiles()).isEmpty();

        Process killed = serve(new StringBuilder());
        Path left = controlFiles().get(0);
        killed.destroyForcibly(); // SIGKILL: nothing runs, the file stays
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(left).exists();

        LiveCommandsTest.Result none = LiveCommandsTest.run(home, "routes");
        assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("note: ignoring " + left + ": pid " + killed.pid() + " is gone")
                .contains("no running Ingress Lab");
        assertThat(LiveCommandsTest.run(home, "instances").out()).contains("no Ingress Lab runs");

        StringBuilder output = new StringBuilder();
        Process next = serve(output);
        assertThat(output.toString()).contains("removed " + left + ": pid " + killed.pid() + " is gone");
        assertThat(left).doesNotExist();
        assertThat(controlFiles()).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .startsWith(next.pid() + "-"));
        next.destroy();
        assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
