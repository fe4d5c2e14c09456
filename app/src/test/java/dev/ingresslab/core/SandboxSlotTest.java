package dev.ingresslab.core;

import dev.ingresslab.sandbox.SandboxKubeconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each running demo has its own kubeconfig and context; only the first keeps its objects; leftovers are fixed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxSlotTest {

    @TempDir
    Path data;

    @Test
    void aSecondDemoGetsItsOwnKubeconfigAndContextAndKeepsNothing() {
        try (SandboxSlot first = SandboxSlot.take(data, "demo on port 1");
             SandboxSlot second = SandboxSlot.take(data, "demo on port 2")) {
            assertThat(first.number()).isEqualTo(1);
            assertThat(first.kubeconfig()).isEqualTo(data.resolve("sandbox").resolve("kubeconfig"));
            assertThat(first.context()).isEqualTo("ingress-lab-sandbox");
            assertThat(first.snapshot()).get().satisfies(file -> assertThat(file.path())
                    .isEqualTo(data.resolve("sandbox").resolve("objects.json").toAbsolutePath()));

            assertThat(second.number()).isEqualTo(2);
            assertThat(second.kubeconfig()).isEqualTo(data.resolve("sandbox").resolve("kubeconfig-2"));
            assertThat(second.context()).isEqualTo("ingress-lab-sandbox-2");
            assertThat(second.snapshot()).isEmpty();
            assertThat(second.mainHolder()).get().satisfies(holder -> assertThat(holder.what())
                    .isEqualTo("demo on port 1"));
        }
        try (SandboxSlot again = SandboxSlot.take(data, "demo on port 3")) {
            assertThat(again.number()).as("the first slot is free again").isEqualTo(1);
            assertThat(again.notes()).as("both stopped cleanly").isEmpty();
        }
    }

    @Test
    void theKubeconfigOfAKilledSecondDemoIsMarkedStoppedAndSaidSo() throws Exception {
        Path sandbox = data.resolve("sandbox");
        Path leftover = sandbox.resolve("kubeconfig-3");
        SandboxKubeconfig.write(leftover, "ingress-lab-sandbox-3", "https://127.0.0.1:45678", null, "sandbox");
        Process killed = LockHolderProcess.start(sandbox.resolve("instance-3.lock"), "demo on port 45679");
        killed.destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path othersFile = sandbox.resolve("kubeconfig-4");
        Process running = LockHolderProcess.start(sandbox.resolve("instance-4.lock"), "demo on port 45680");
        SandboxKubeconfig.write(othersFile, "ingress-lab-sandbox-4", "https://127.0.0.1:45681", null, "sandbox");
        try (SandboxSlot slot = SandboxSlot.take(data, "demo on port 1")) {
            assertThat(slot.number()).isEqualTo(1);
            assertThat(slot.notes()).containsExactly("the kubeconfig " + leftover + " pointed at a demo that is gone"
                    + " (https://127.0.0.1:45678); it is marked stopped");
            assertThat(SandboxKubeconfig.server(leftover)).contains(SandboxKubeconfig.STOPPED_SERVER);
            assertThat(Files.readString(leftover)).contains("name: ingress-lab-sandbox-3");
            assertThat(SandboxKubeconfig.server(othersFile)).as("a running demo's kubeconfig is left alone")
                    .contains("https://127.0.0.1:45681");
        } finally {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void takingTheSlotOfAKilledDemoSaysSo() throws Exception {
        Process killed = LockHolderProcess.start(data.resolve("sandbox").resolve("instance.lock"),
                "demo on port 28080");
        killed.destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (SandboxSlot slot = SandboxSlot.take(data, "demo on port 28081")) {
            assertThat(slot.number()).isEqualTo(1);
            assertThat(slot.notes()).singleElement().asString()
                    .startsWith("the demo on port 28080 (pid " + killed.pid() + ", since ")
                    .endsWith(") did not stop cleanly (killed?); its saved objects are as last saved, and its"
                            + " kubeconfig " + data.resolve("sandbox").resolve("kubeconfig") + " now points at this"
                            + " demo");
        }
    }
}
