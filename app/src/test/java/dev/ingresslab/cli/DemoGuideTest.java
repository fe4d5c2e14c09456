package dev.ingresslab.cli;

import dev.ingresslab.core.DemoSession;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code demo} prints, pasted as a user pastes it: into bash, from a data directory with a space in its path
 * (macOS's {@code Application Support}), in the printed order, through the real kubectl and curl.
 */
class DemoGuideTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theChaptersStepsWorkAsPrintedWhenPastedIntoBash() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "needs kubectl");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl");
        Path kubeconfig = dir.resolve("Library/Application Support/Ingress Lab/it's $HOME/sandbox/kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(kubeconfig, true, ProxySettings.defaults()
                .withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), null,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String origin = "http://127.0.0.1:" + demo.cluster().proxy().httpPort();
            // typed in another folder than the checkout: the sample paths are absolute, and quoted when needed
            List<String> commands = new DemoGuide(origin, kubeconfig, new Checkout(CHECKOUT, dir), true).lines()
                    .stream().filter(line -> line.startsWith(DemoGuide.COMMAND)).map(String::strip).toList();
            String export = commands.get(0);
            assertThat(export).startsWith("export KUBECONFIG='").endsWith("'");

            assertThat(paste(export, "kubectl get ingress")).contains("host-ingress").contains("path-ingress");
            int mistake = indexOf(commands, "simple-ingress-lowercase-kind.yaml");
            assertThat(indexOf(commands, "simple-ingress-spec-service.yaml")).isEqualTo(mistake + 1);
            assertThat(indexOf(commands, "simple-ingress.yaml")).as("the mistakes come first, as in the chapter")
                    .isGreaterThan(mistake + 1);
            assertThat(pasteFailing(export, commands.get(mistake))).contains("no kind \"ingress\" is registered")
                    .doesNotContain("precondition");
            assertThat(pasteFailing(export, commands.get(mistake + 1)))
                    .contains("strict decoding error: unknown field \"spec.service\"").doesNotContain("precondition");

            String unknownHost = commands.get(indexOf(commands, "anything.example.com"));
            assertThat(paste(export, unknownHost)).contains("\"deployment\":\"be-default\"");
            assertThat(paste(export, commands.get(indexOf(commands, "simple-ingress.yaml"))))
                    .contains("ingress.networking.k8s.io/simple-ingress created");
            awaitAnswer(export, unknownHost, "\"deployment\":\"alpaca\"");
            assertThat(paste(export, "curl -s -H 'Host: bandicoot.example.com' " + origin + "/"))
                    .as("hosts with rules keep them").contains("\"deployment\":\"bandicoot\"");

            assertThat(paste(export, commands.get(indexOf(commands, "kubectl delete ingress simple-ingress"))))
                    .contains("deleted");
            awaitAnswer(export, unknownHost, "\"deployment\":\"be-default\"");
        }
    }

    /** What the guide says of simple-ingress's defaultBackend, as explain shows it from the files alone. */
    @Test
    void explainSaysWhichDefaultBackendWinsAndWhy() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "explain",
                "-f", "../samples/ch8/services.yaml", "-f", "../samples/ch8/host-ingress.yaml", "-f",
                "../samples/ch8/simple-ingress.yaml", "http://anything.example.com/");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("routed (200) -> alpaca:8080")
                .contains("default/simple-ingress defaultBackend");
    }

    @Test
    void withoutACheckoutTheStepsAreDeployedByName() {
        List<String> lines = new DemoGuide("http://127.0.0.1:8080", dir.resolve("kubeconfig"),
                new Checkout(null, dir), false).lines();

        assertThat(lines).contains(DemoGuide.COMMAND + "ingress-lab samples deploy --step services --context"
                + " ingress-lab-sandbox").noneMatch(line -> line.contains("samples/ch8"));
    }

    @Test
    void aSecondSandboxIsNamedByItsOwnContext() {
        List<String> lines = new DemoGuide("http://127.0.0.1:8081", dir.resolve("kubeconfig-2"),
                "ingress-lab-sandbox-2", new Checkout(null, dir), false).lines();

        assertThat(lines.get(0)).contains("(context ingress-lab-sandbox-2)");
        assertThat(lines).contains(DemoGuide.COMMAND + "ingress-lab samples deploy --step services --context"
                + " ingress-lab-sandbox-2");
    }

    private static int indexOf(List<String> commands, String text) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no command with " + text + " in " + commands);
    }

    private void awaitAnswer(String export, String command, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String answer = paste(export, command);
        while (!answer.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = paste(export, command);
        }
        assertThat(answer).contains(expected);
    }

    private String paste(String export, String command) throws Exception {
        Result result = bash(export + "\n" + command);
        assertThat(result.code).as(result.output).isZero();
        return result.output;
    }

    private String pasteFailing(String export, String command) throws Exception {
        Result result = bash(export + "\n" + command);
        assertThat(result.code).as(result.output).isNotZero();
        return result.output;
    }

    private record Result(int code, String output) {
    }

    private Result bash(String script) throws Exception {
        Process process = new ProcessBuilder("/bin/bash", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(script).isTrue();
        return new Result(process.exitValue(), output);
    }
}
