package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** #15, tester's defect 4: the words before a change claim a backup only when there is a previous file. */
class HostsChangeTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsSaidToBeCreatedAndNoBackupIsClaimed() throws Exception {
        Path nope = dir.resolve("nope");
        HostsAccess access = new HostsAccess(nope, Optional.empty());
        HostsChange change = new HostsChange(nope, HostsPlan.sync(access.read(),
                List.of(new HostName("alpaca.example.com"))));

        assertThat(change.lines().get(0)).contains("The file does not exist: it is created")
                .doesNotContain(".ingress-lab.bak");
        access.apply(change.plan(), line -> { });
        assertThat(nope).exists();
        assertThat(dir.resolve("nope.ingress-lab.bak")).doesNotExist();
    }

    @Test
    void anExistingFileIsSaidToBeBackedUp() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        HostsChange change = new HostsChange(hosts, HostsPlan.sync(new HostsAccess(hosts, Optional.empty()).read(),
                List.of(new HostName("alpaca.example.com"))));

        assertThat(change.lines().get(0)).contains("the previous file is kept as hosts.ingress-lab.bak");
    }
}
