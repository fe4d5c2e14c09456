package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl against the sandbox: what works today (get with the server's Ingress columns, -o jsonpath, apply
 * with --validate=false, describe, delete, scale). Default validation and strategic merge are the next steps.
 */
class SandboxKubectlTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path dir;

    @Test
    void kubectlGetsAppliesDescribesAndDeletes() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"))) {
            Path ingress = dir.resolve("simple-ingress.yaml");
            Files.copy(Path.of("ch8", "simple-ingress.yaml"), ingress);

            assertThat(kubectl(sandbox, "apply", "--validate=false", "-f", ingress.toString()))
                    .contains("ingress.networking.k8s.io/simple-ingress created");
            List<String> table = kubectl(sandbox, "get", "ing").lines().toList();
            assertThat(table).hasSize(2);
            assertThat(table.get(0)).isEqualTo("NAME             CLASS    HOSTS   ADDRESS   PORTS   AGE");
            assertThat(table.get(1)).matches("simple-ingress   <none>   \\*                 80      \\d+s");
            assertThat(kubectl(sandbox, "get", "ingress", "simple-ingress", "-o", "jsonpath={.spec.defaultBackend"
                    + ".service.name}")).isEqualTo("alpaca");
            assertThat(kubectl(sandbox, "describe", "ingress", "simple-ingress")).contains("Default backend:")
                    .contains("alpaca:8080");
            assertThat(kubectl(sandbox, "delete", "ingress", "simple-ingress"))
                    .contains("\"simple-ingress\" deleted");
            assertThat(sandbox.client().network().v1().ingresses().inNamespace("default").withName("simple-ingress")
                    .get()).isNull();

            Path services = dir.resolve("services.yaml");
            Files.copy(Path.of("ch8", "services.yaml"), services);
            kubectl(sandbox, "apply", "--validate=false", "-f", services.toString());
            assertThat(kubectl(sandbox, "scale", "deployment", "alpaca", "--replicas=1"))
                    .contains("deployment.apps/alpaca scaled");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (sandbox.client().pods().inNamespace("default").withLabel("app", "alpaca").list().getItems().size()
                    != 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sandbox.client().pods().inNamespace("default").withLabel("app", "alpaca").list().getItems())
                    .as("the simulated pods follow the scale").hasSize(1);
        }
    }

    private static String kubectl(Sandbox sandbox, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=10s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as("kubectl " + String.join(" ", args) + ": " + output).isZero();
        return output.trim();
    }
}
