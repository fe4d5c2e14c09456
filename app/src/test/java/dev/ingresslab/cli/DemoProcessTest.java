package dev.ingresslab.cli;

import dev.ingresslab.sandbox.SandboxKubeconfig;
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
 * {@code ingress-lab demo} as a user runs it: a real process (this build's classes, {@link Main}), the real kubectl,
 * stopped with SIGTERM (Ctrl-C's effect) and with SIGKILL, started again. What the user applied is still there with
 * the same uid, creationTimestamp and resourceVersion, a later {@code kubectl apply} works, the Deployments have
 * their pods again; a second demo on the same port fails at once, names the first, and leaves its kubeconfig alone.
 * Each demo started costs seconds: one test runs a whole evening (start, SIGTERM, start, SIGKILL, start), checking
 * each stop and start on the way, rather than a demo per check.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DemoProcessTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path SAMPLES = Path.of("..", "samples", "ch8").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private final List<Demo> demos = new ArrayList<>();

    /** A running demo process and everything it printed so far. */
    private static final class Demo {
        final Process process;
        final StringBuffer output = new StringBuffer();
        final Thread reader;

        Demo(Process process) {
            this.process = process;
            reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
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

        /** Waits until the output contains {@code text}, failing with what was printed when it never does. */
        void await(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output.toString().contains(text)) {
                assertThat(System.nanoTime() < deadline && process.isAlive())
                        .as("waiting for \"%s\"; the demo printed:%n%s", text, output).isTrue();
                Thread.sleep(50);
            }
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the demo stopped; it printed:%n%s", output)
                    .isTrue();
            reader.join(5_000); // its last lines
            return process.exitValue();
        }
    }

    @AfterEach
    void stopDemos() throws InterruptedException {
        for (Demo demo : demos) {
            demo.process.destroyForcibly();
            demo.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void whatTheUserAppliedSurvivesSigtermAndSigkillAndASecondDemoOnTheSamePortLeavesTheFirstAlone()
            throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        int port = freePort();
        Path kubeconfig = home.resolve("sandbox").resolve("kubeconfig");
        Path saved = home.resolve("sandbox").resolve("objects.json");

        // First run: the samples, then the user's own objects. No --headless and no display here: it says so.
        Demo first = start("demo", "--http-port", String.valueOf(port), "--https-port", "0", "--log", "off");
        first.await("ready in", Duration.ofSeconds(90));
        assertThat(first.output.toString()).as("a real process counts from its own start, and says so")
                .containsPattern("ready in [0-9.]+ s since the command started \\(the sandbox's start: [0-9.]+ s");
        if (!dev.ingresslab.gui.Display.of(java.util.Map.of(), System.getProperty("os.name")).available()) {
            assertThat(first.output.toString()).as("demo without a display says so and runs on").contains(
                    "no display (neither DISPLAY nor WAYLAND_DISPLAY is set): running without the window, as with"
                            + " --headless.");
        }
        kubectl(kubeconfig, "apply", "-f", SAMPLES.resolve("simple-ingress.yaml").toString());
        kubectl(kubeconfig, "create", "namespace", "evening-one");
        kubectl(kubeconfig, "create", "secret", "generic", "kept", "--from-literal=token=s3cret");
        String before = kubectl(kubeconfig, "get", "ingress", "simple-ingress", "-o",
                "jsonpath={.metadata.uid} {.metadata.creationTimestamp} {.metadata.resourceVersion}");

        // A second demo on the same port fails within seconds, says who has the port, and breaks nothing.
        long secondStarted = System.nanoTime();
        Demo second = start("demo", "--headless", "--http-port", String.valueOf(port),
                "--https-port", "0", "--log", "off");
        assertThat(second.awaitExit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Duration.ofNanos(System.nanoTime() - secondStarted)).as("fails before any sandbox starts")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(second.output.toString()).contains("ingress-lab demo: port " + port + " is in use by another"
                + " Ingress Lab: demo on port " + port + " (pid " + first.process.pid()).contains("--http-port")
                .doesNotContain("sandbox cluster");
        assertThat(kubectl(kubeconfig, "get", "ingress", "simple-ingress", "-o", "name"))
                .as("the first demo's kubeconfig still works").isEqualTo("ingress.networking.k8s.io/simple-ingress");

        // serve and up on that port fail as fast, naming the demo; up touches the cluster not at all
        Demo serve = start("serve", "-f", SAMPLES.resolve("host-ingress.yaml").toString(), "--http-port",
                String.valueOf(port), "--https-port", "0");
        assertThat(serve.awaitExit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(serve.output.toString()).contains("ingress-lab serve: port " + port + " is in use by another"
                + " Ingress Lab: demo on port " + port + " (pid " + first.process.pid());
        Demo up = start("up", "--kubeconfig", kubeconfig.toString(), "--create-class", "--http-port",
                String.valueOf(port), "--https-port", "0");
        assertThat(up.awaitExit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(up.output.toString()).contains("ingress-lab up: port " + port + " is in use by another"
                + " Ingress Lab: demo on port " + port + " (pid " + first.process.pid());
        assertThat(kubectlFails(kubeconfig, "get", "ingressclass", "ingress-lab")).contains("NotFound");

        // SIGTERM (what Ctrl-C does): a clean stop that says it is stopping, then what it saved (the object made
        // just before included), and that the kubeconfig no longer points at a dead port. Defect 11: Ctrl-C said
        // nothing, and under load was slow and printed a status write's failure.
        awaitSaved(saved, "\"kept\"");
        kubectl(kubeconfig, "create", "configmap", "last-one", "--from-literal=k=v");
        long stopping = System.nanoTime();
        first.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        int exit = first.awaitExit();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("stops fast").isLessThan(Duration.ofSeconds(10));
        String output = first.output.toString();
        java.util.regex.Matcher stopped = java.util.regex.Pattern.compile("stopped: (\\d+) objects saved to "
                + java.util.regex.Pattern.quote(saved.toString()) + "; the kubeconfig "
                + java.util.regex.Pattern.quote(kubeconfig.toString()) + " is marked stopped").matcher(output);
        assertThat(stopped.find()).as("exit %s: %s", exit, output).isTrue();
        assertThat(output.indexOf("stopping...")).as(output).isPositive().isLessThan(stopped.start());
        assertThat(output).doesNotContain("cannot write the status").doesNotContain("disconnected from");
        String json = Files.readString(saved);
        assertThat(json).contains("\"last-one\"");
        assertThat(dev.ingresslab.sandbox.SandboxSnapshot.parse(json.getBytes(StandardCharsets.UTF_8)).objects().size())
                .as("the count printed is the count saved").isEqualTo(Integer.parseInt(stopped.group(1)));
        assertThat(SandboxKubeconfig.server(kubeconfig)).contains(SandboxKubeconfig.STOPPED_SERVER);
        assertThat(Files.readString(kubeconfig)).contains("stopped at");

        // Second run: everything is back, the samples are not applied over it, the pods run again.
        Demo again = start("demo", "--headless", "--http-port", String.valueOf(port),
                "--https-port", "0", "--log", "off");
        again.await("ready in", Duration.ofSeconds(90));
        // "ready" means the README's curl lines answer: the first request after it is a 200, not a 503 while the
        // restored pods start again; the restored start waits for the Deployments and says so, as a fresh one does.
        assertThat(statusOf(port, "alpaca.example.com", "/")).as("the first request after ready").isEqualTo(200);
        String restoredStart = again.output.toString();
        assertThat(restoredStart.substring(0, restoredStart.indexOf("ready in")))
                .contains("deployment default/alpaca: 3 of 3 replicas available")
                .contains("deployment default/bandicoot: 2 of 2 replicas available");
        assertThat(again.output.toString()).contains("restored the sandbox saved at")
                .contains("3 Deployments").contains("3 Ingresses").contains("1 Namespace").contains("1 Secret")
                .doesNotContain("services: ").doesNotContain("did not stop cleanly");
        assertThat(kubectl(kubeconfig, "get", "ingress", "simple-ingress", "-o",
                "jsonpath={.metadata.uid} {.metadata.creationTimestamp} {.metadata.resourceVersion}"))
                .as("the same object, not a copy").isEqualTo(before);
        assertThat(kubectl(kubeconfig, "get", "secret", "kept", "-o", "jsonpath={.data.token}"))
                .isEqualTo("czNjcmV0");
        assertThat(kubectl(kubeconfig, "get", "namespace", "evening-one", "-o", "name"))
                .isEqualTo("namespace/evening-one");
        kubectl(kubeconfig, "wait", "--for=condition=Available", "deployment/alpaca", "--timeout=30s");
        assertThat(kubectl(kubeconfig, "get", "pods", "-l", "app=alpaca", "-o", "name").lines())
                .as("the Deployment's pods are simulated again").hasSize(3);
        String applied = kubectl(kubeconfig, "apply", "-f", SAMPLES.resolve("host-ingress.yaml").toString(),
                "-f", SAMPLES.resolve("services.yaml").toString());
        assertThat(applied).as("the last-applied annotations came back too").contains("unchanged")
                .doesNotContain("created");
        kubectl(kubeconfig, "annotate", "ingress", "simple-ingress", "evening=second-evening");
        awaitSaved(saved, "\"second-evening\"");

        // SIGKILL: no clean stop; the last saved state comes back, and the next demo says what it found.
        again.process.destroyForcibly();
        again.awaitExit();
        Demo third = start("demo", "--headless", "--http-port", String.valueOf(port),
                "--https-port", "0", "--log", "off");
        third.await("ready in", Duration.ofSeconds(90));
        assertThat(third.output.toString()).contains("did not stop cleanly (killed?)")
                .contains("pid " + again.process.pid()).contains("restored the sandbox saved at");
        assertThat(kubectl(kubeconfig, "get", "ingress", "simple-ingress", "-o",
                "jsonpath={.metadata.annotations.evening}")).isEqualTo("second-evening");
        // resourceVersions still work: an apply patches the stored object, a stale replace is a conflict
        String stale = kubectl(kubeconfig, "get", "ingress", "simple-ingress", "-o", "json");
        kubectl(kubeconfig, "annotate", "ingress", "simple-ingress", "evening=three", "--overwrite");
        Path staleFile = home.resolve("stale.json");
        Files.writeString(staleFile, stale);
        assertThat(kubectlFails(kubeconfig, "replace", "-f", staleFile.toString()))
                .contains("the object has been modified");
        assertThat(kubectl(kubeconfig, "apply", "-f", SAMPLES.resolve("simple-ingress.yaml").toString()))
                .isEqualTo("ingress.networking.k8s.io/simple-ingress unchanged");

        third.process.destroy();
        third.awaitExit();
    }

    @Test
    void freshSetsTheSavedSandboxAsideAndSaysWhere() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        Path sandbox = home.resolve("sandbox");
        Files.createDirectories(sandbox);
        String old = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":"
                + "\"ConfigMap\",\"metadata\":{\"name\":\"from-yesterday\",\"namespace\":\"default\"}}]}";
        Files.writeString(sandbox.resolve("objects.json"), old);

        Demo demo = start("demo", "--headless", "--empty", "--fresh", "--http-port", String.valueOf(freePort()),
                "--https-port", "0",
                "--log", "off");
        demo.await("ready in", Duration.ofSeconds(90));
        demo.await("kubectl get ingress -w", Duration.ofSeconds(10)); // the guide's last command: all of it printed
        assertThat(demo.output.toString()).contains("--fresh: the saved sandbox is set aside as " + sandbox
                .resolve("objects.set-aside-")).doesNotContain("restored")
                .as("no samples: no sample curl commands").doesNotContain("curl -H 'Host: alpaca.example.com'")
                .contains("The sandbox has no samples");
        try (var files = Files.list(sandbox)) {
            Path aside = files.filter(file -> file.getFileName().toString().startsWith("objects.set-aside-"))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(aside)).as("moved, not rewritten").isEqualTo(old);
        }
        assertThat(kubectlFails(sandbox.resolve("kubeconfig"), "get", "configmap", "from-yesterday"))
                .contains("NotFound");
        demo.process.destroy();
        demo.awaitExit();
    }

    private Demo start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INGRESS_LAB_HOME", home.toString());
        builder.environment().remove("DISPLAY"); // no window from these tests, even when run on a desktop
        builder.environment().remove("WAYLAND_DISPLAY");
        Demo demo = new Demo(builder.start());
        demos.add(demo);
        return demo;
    }

    private static void awaitSaved(Path saved, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(saved) && Files.readString(saved).contains(text))) {
            assertThat(System.nanoTime()).as("%s saved in %s", text, saved).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The status code the demo's proxy answers for a GET of {@code path} on {@code host}, over a plain socket. */
    private static int statusOf(int port, String host, String path) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String kubectl(Path kubeconfig, String... args) throws Exception {
        Run run = run(kubeconfig, args);
        assertThat(run.exit).as(run.output).isZero();
        return run.output;
    }

    private static String kubectlFails(Path kubeconfig, String... args) throws Exception {
        Run run = run(kubeconfig, args);
        assertThat(run.exit).as(run.output).isNotZero();
        return run.output;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
