package dev.ingresslab.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * A {@code DISPLAY} that is set but cannot be opened, as a user meets it (an ssh session whose forwarding is gone,
 * a stale {@code DISPLAY=:99} of a stopped Xvfb): a real process of this build. It is no display: {@code gui} exits
 * {@value ExitCodes#NO_DISPLAY} with the one line naming the headless commands, {@code demo} runs as
 * {@code --headless}; never "internal error", and SIGTERM always stops it. Two kinds of dead display: nothing
 * listens at all (found before JavaFX is touched), and an "X server" that takes the connection and hangs up (found
 * only by the toolkit's own start, which then must not leave the shutdown waiting for it).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeadDisplayProcessTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path home;

    private final List<Process> processes = new ArrayList<>();
    private ServerSocket hangingUp;

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (hangingUp != null) {
            hangingUp.close();
        }
    }

    @Test
    void guiOnADisplayNothingListensOnSaysNoDisplayAndExitsFour() throws Exception {
        String display = deadLocalDisplay();
        Run gui = start(display, "gui");
        int exit = gui.awaitExit(Duration.ofSeconds(30));
        assertThat(gui.output()).as("one line, the reason and the headless commands").isEqualTo(
                "ingress-lab: no display to open the window on (DISPLAY=" + display + " cannot be opened: no X"
                        + " server socket /tmp/.X11-unix/X" + display.substring(1) + "); without a window use"
                        + " `ingress-lab demo --headless`, `up`, `serve`, `explain`, `contexts`, `samples`"
                        + " (`ingress-lab --help` says more)\n");
        assertThat(exit).isEqualTo(ExitCodes.NO_DISPLAY);
    }

    @Test
    void ingressLabAloneOnADisplayNothingListensOnSaysNoDisplayAndExitsZero() throws Exception {
        Run alone = start(deadLocalDisplay());
        int exit = alone.awaitExit(Duration.ofSeconds(30));
        assertThat(alone.output()).startsWith("ingress-lab: no display to open the window on (DISPLAY=")
                .contains("`ingress-lab demo --headless`").doesNotContain("internal error");
        assertThat(exit).as("nothing wrong was asked").isZero();
    }

    @Test
    void guiOnAnXServerThatHangsUpSaysNoDisplayAndExitsFour() throws Exception {
        Run gui = start(hangingUpDisplay(), "gui");
        int exit = gui.awaitExit(Duration.ofSeconds(60));
        assertThat(gui.output()).contains("ingress-lab: no display to open the window on (the window could not"
                + " open: ").contains("`ingress-lab demo --headless`").doesNotContain("internal error");
        assertThat(exit).as(gui.output()).isEqualTo(ExitCodes.NO_DISPLAY);
    }

    @Test
    void demoOnADisplayNothingListensOnRunsHeadlessAndStopsOnSigterm() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        String display = deadLocalDisplay();
        Run demo = start(display, "demo", "--empty", "--http-port", String.valueOf(freePort()),
                "--https-port", "0", "--log", "off"); // no samples: the display is the point, not the Deployments
        demo.await("ready in", Duration.ofSeconds(120));
        assertThat(demo.output()).contains("no display (DISPLAY=" + display + " cannot be opened: no X server"
                + " socket /tmp/.X11-unix/X" + display.substring(1) + "): running without the window, as with"
                + " --headless.").doesNotContain("The window shows");
        assertStopsOnSigterm(demo);
    }

    @Test
    void demoOnAnXServerThatHangsUpRunsHeadlessAndStopsOnSigterm() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        Run demo = start(hangingUpDisplay(), "demo", "--empty", "--http-port", String.valueOf(freePort()),
                "--https-port", "0", "--log", "off");
        demo.await("running without the window, as with --headless.", Duration.ofSeconds(120));
        // the window is tried first, before the sandbox starts (#13: it opens at once); then demo runs headless
        demo.await("ready in", Duration.ofSeconds(120));
        assertThat(demo.output()).contains("no display (the window could not open: ")
                .doesNotContain("internal error");
        assertStopsOnSigterm(demo);
    }

    private static void assertStopsOnSigterm(Run demo) throws Exception {
        long stopping = System.nanoTime();
        demo.process.toHandle().destroy(); // SIGTERM
        demo.awaitExit(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("stops fast; it printed:%n%s", demo.output())
                .isLessThan(Duration.ofSeconds(15));
        assertThat(demo.output()).contains("stopping...").contains("stopped: ").doesNotContain("internal error");
    }

    /** {@code :N} with no X server socket: the first from 99 up (what the tester used) that is free. */
    private static String deadLocalDisplay() {
        int number = 99;
        while (Files.exists(Path.of("/tmp/.X11-unix", "X" + number))) {
            number++;
        }
        return ":" + number;
    }

    /**
     * {@code 127.0.0.1:N} whose TCP port {@code 6000 + N} takes connections and closes them at once: the socket is
     * there (so the early check passes) but the X handshake fails inside the toolkit's start.
     */
    private String hangingUpDisplay() throws IOException {
        hangingUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        assumeTrue(hangingUp.getLocalPort() > 6000, "an ephemeral port above 6000");
        Thread acceptor = new Thread(() -> {
            while (!hangingUp.isClosed()) {
                try (Socket ignored = hangingUp.accept()) {
                    // closed at once: no X server here
                } catch (IOException e) {
                    // closed by the test
                }
            }
        }, "hanging-up-x-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return "127.0.0.1:" + (hangingUp.getLocalPort() - 6000);
    }

    /** A process of this build and everything it printed so far. */
    private record Run(Process process, StringBuffer buffer, Thread reader) {

        String output() {
            return buffer.toString();
        }

        void await(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                assertThat(System.nanoTime() < deadline && process.isAlive())
                        .as("waiting for \"%s\"; it printed:%n%s", text, output()).isTrue();
                Thread.sleep(50);
            }
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("it stopped by itself; it printed:%n%s", output()).isTrue();
            reader.join(5_000);
            return process.exitValue();
        }
    }

    private Run start(String display, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INGRESS_LAB_HOME", home.toString());
        builder.environment().put("DISPLAY", display);
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().remove("XAUTHORITY");
        Process process = builder.start();
        processes.add(process);
        StringBuffer buffer = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] bytes = new byte[8192];
                for (int n; (n = in.read(bytes)) > 0; ) {
                    buffer.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
        return new Run(process, buffer, reader);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
