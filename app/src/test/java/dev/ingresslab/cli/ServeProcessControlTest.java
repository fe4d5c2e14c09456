package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void requestsFollowEndsWithZeroWhenServeStopsBySigtermAndWithOneWhenItIsKilled() throws Exception {
        StringBuilder output = new StringBuilder();
        Process stopped = serve(output);
        CompletableFuture<LiveCommandsTest.Result> follow = following(output);
        synchronized (output) { // --http-port 0 --https-port 0: the ports the OS chose, each with its scheme
            assertThat(output.toString())
                    .containsPattern("(?m)^HTTP on 127\\.0\\.0\\.1:\\d+.* \\(any free port, as asked\\)$")
                    .containsPattern("(?m)^HTTPS on 127\\.0\\.0\\.1:\\d+.* \\(any free port, as asked\\)$")
                    .containsPattern("(?m)^listening on https://127\\.0\\.0\\.1:\\d+$")
                    .doesNotContain("port 0");
        }

        stopped.destroy(); // SIGTERM: a normal stop, the end of the stream
        assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        LiveCommandsTest.Result ended = follow.get(30, TimeUnit.SECONDS);
        assertThat(ended.code()).as("exit code; stderr: %s", ended.err()).isZero();
        List<String> notes = ended.err().lines().toList();
        assertThat(notes).hasSize(2);
        assertThat(notes.get(1)).isEqualTo("serve on port " + httpPort(notes.get(0)) + " stopped");

        output = new StringBuilder();
        Process killed = serve(output);
        follow = following(output);
        killed.destroyForcibly(); // SIGKILL: the stream breaks off, the control file stays: a real failure
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        LiveCommandsTest.Result lost = follow.get(30, TimeUnit.SECONDS);
        assertThat(lost.code()).as("exit code; stderr: %s", lost.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(lost.err()).contains("ingress-lab requests: lost the stream of serve on port ")
                .contains("(pid " + killed.pid() + ") before it said it ended")
                .contains("its control file is still there, so it did not stop cleanly (killed, or crashed)");
    }

    /**
     * {@code requests --follow} in this JVM, returned once its stream is open: a request is sent to the proxy first,
     * and the stream's backlog brings it.
     */
    private CompletableFuture<LiveCommandsTest.Result> following(StringBuilder serveOutput) throws Exception {
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        String proxyPort = null;
        long listed = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (proxyPort == null && System.nanoTime() < listed) { // those lines come through the drain thread
            Matcher port;
            synchronized (serveOutput) {
                port = listening.matcher(serveOutput.toString());
            }
            proxyPort = port.find() ? port.group(1) : null;
            Thread.sleep(proxyPort == null ? 50 : 0);
        }
        assertThat(proxyPort).as("the proxy's port in: %s", serveOutput).isNotNull();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/first"))
                .header("Host", "alpaca.example.com").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<LiveCommandsTest.Result> follow = CompletableFuture.supplyAsync(() -> {
            int code = Main.run(Display.none("tests"), home, new PrintWriter(out, true), new PrintWriter(err, true),
                    "requests", "--follow");
            return new LiveCommandsTest.Result(code, out.toString(), err.toString());
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!out.toString().contains("alpaca.example.com/first") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(out.toString()).as("the stream's backlog; stderr: %s", err).contains("alpaca.example.com/first");
        return follow;
    }

    /** The port in {@code the requests of serve on port 8080 (pid 4242)}. */
    private static String httpPort(String line) {
        return line.replaceAll(".* on port (\\d+) .*", "$1");
    }
}
