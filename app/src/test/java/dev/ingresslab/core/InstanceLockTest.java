package dev.ingresslab.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock another process holds, the one a killed process left, and a clean release. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstanceLockTest {

    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessIsRefusedAndNamesItsHolder() throws Exception {
        Path file = dir.resolve("port-1.lock");
        Process other = LockHolderProcess.start(file, "demo on port 1");
        try {
            assertThat(InstanceLock.tryAcquire(file, InstanceLock.Holder.current("demo on port 1"))).isEmpty();
            assertThat(InstanceLock.isHeld(file)).isTrue();
            assertThat(InstanceLock.holder(file)).get().satisfies(holder -> {
                assertThat(holder.pid()).isEqualTo(other.pid());
                assertThat(holder.what()).isEqualTo("demo on port 1");
            });
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockLeftByAProcessKilledWithSigkillIsFreeAndSaysWhoLeftIt() throws Exception {
        Path file = dir.resolve("instance.lock");
        Process killed = LockHolderProcess.start(file, "demo on port 2");
        killed.destroyForcibly(); // SIGKILL on Unix: no shutdown hook runs
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (InstanceLock lock = InstanceLock.tryAcquire(file, InstanceLock.Holder.current("demo on port 2"))
                .orElseThrow()) {
            assertThat(lock.previous()).get().satisfies(previous -> assertThat(previous.pid())
                    .isEqualTo(killed.pid()));
            assertThat(InstanceLock.holder(file)).get().satisfies(holder -> assertThat(holder.pid())
                    .isEqualTo(ProcessHandle.current().pid()));
        }
        assertThat(Files.readString(file)).as("a clean release names nobody").isEmpty();
        try (InstanceLock again = InstanceLock.tryAcquire(file, InstanceLock.Holder.current("x")).orElseThrow()) {
            assertThat(again.previous()).as("the last holder stopped cleanly").isEmpty();
        }
    }

    @Test
    void aLockFileWithContentNotOursNamesNobody() throws Exception {
        Path file = dir.resolve("odd.lock");
        Files.writeString(file, "pid=12x\nwhat=\n");
        assertThat(InstanceLock.holder(file)).isEmpty();
        try (InstanceLock lock = InstanceLock.tryAcquire(file, InstanceLock.Holder.current("x")).orElseThrow()) {
            assertThat(lock.previous()).isEmpty();
        }
    }
}
