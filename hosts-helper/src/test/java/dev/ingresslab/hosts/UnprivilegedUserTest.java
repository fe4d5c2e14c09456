package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ingresslab.hosts.support.AccessProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who may not write the hosts file, for real: the test runs {@link AccessProbe} as the user nobody (through
 * util-linux's setpriv; the test needs root for that and is skipped otherwise) on a root-owned rw-r--r-- file in a
 * root-owned directory, as /etc/hosts is. The store says it needs privilege and what it will run; the helper, run
 * without privilege, refuses with exit 77 and touches nothing.
 */
class UnprivilegedUserTest {
    @TempDir
    Path dir;

    @Test
    void theStoreSaysItNeedsPrivilegeAndTheUnelevatedHelperChangesNothing() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "needs util-linux's setpriv");
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid")), "needs root to become nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));

        ChildJvm.Result result = ChildJvm.run(ChildJvm.command(
                List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"),
                AccessProbe.class, hosts.toString(), "/usr/bin/sudo"));

        List<String> lines = result.output().lines().toList();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(lines).filteredOn(l -> l.startsWith("access: ")).singleElement().asString()
                .isEqualTo("access: Access[direct=false, reason=not writable by nobody: " + hosts.toRealPath()
                        + " (root:root rw-r--r--) in " + dir.toRealPath() + " (root:root rwxr-xr-x)]");
        assertThat(lines).filteredOn(l -> l.startsWith("will run: ")).singleElement().asString()
                .startsWith("will run: /usr/bin/sudo -p '" + PrivilegeEscalators.REASON)
                .contains(" -- " + HelperCommand.javaExecutable() + " -cp ")
                .endsWith(" dev.ingresslab.hosts.HostsHelperMain " + hosts + " sync");
        assertThat(lines).filteredOn(l -> l.startsWith("outcome: ")).singleElement().asString()
                .contains("changed=false, elevated=true, succeeded=false")
                .contains("hosts-helper: failed: not allowed to write " + dir.toRealPath().resolve(
                        "hosts.ingress-lab.lock") + ": run the helper with administrator rights")
                .contains("exitCode=77");
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(hosts);
        }
    }
}
