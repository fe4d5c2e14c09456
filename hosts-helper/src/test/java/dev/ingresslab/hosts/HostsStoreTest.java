package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsStoreTest {
    static final HostName ALPACA = new HostName("alpaca.example.com");
    static final HostName BANDICOOT = new HostName("bandicoot.example.com");
    static final String ORIGINAL = "127.0.0.1 localhost\n::1 localhost\n";
    static final String BLOCK_ALPACA = HostsFile.BEGIN_MARKER + "\n127.0.0.1 alpaca.example.com\n"
            + "::1 alpaca.example.com\n" + HostsFile.END_MARKER + "\n";

    @TempDir
    Path dir;

    Path hosts() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, ORIGINAL);
        return hosts;
    }

    @Test
    void syncWritesTheBlockKeepsABackupAndCleanRestoresTheFile() throws Exception {
        Path hosts = hosts();
        HostsStore store = new HostsStore(hosts);

        HostsStore.Applied applied = store.apply(store.planSync(List.of(ALPACA)));
        assertThat(applied.written()).isTrue();
        assertThat(applied.replanned()).isFalse();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL + BLOCK_ALPACA);
        assertThat(applied.backup()).isEqualTo(dir.resolve("hosts.ingress-lab.bak"));
        assertThat(Files.readString(applied.backup())).isEqualTo(ORIGINAL);
        assertThat(dir.resolve("hosts.ingress-lab.lock")).exists();

        HostsStore.Applied again = store.apply(store.planSync(List.of(ALPACA)));
        assertThat(again.written()).isFalse();
        assertThat(again.backup()).isNull();

        HostsStore.Applied cleaned = store.apply(store.planClean());
        assertThat(cleaned.written()).isTrue();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        assertThat(Files.readString(cleaned.backup())).isEqualTo(ORIGINAL + BLOCK_ALPACA);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hosts", "hosts.ingress-lab.bak", "hosts.ingress-lab.lock");
        }
    }

    @Test
    void keepsTheModeAndOwner() throws Exception {
        Path hosts = hosts();
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r-----"));
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(hosts, "unix:uid"));
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        if (root) {
            // root may give the file away: the written file must go back to its owner and group
            PosixFileAttributeView view = Files.getFileAttributeView(hosts, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName("nobody"));
            view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
        }
        PosixFileAttributes before = Files.readAttributes(hosts, PosixFileAttributes.class);

        new HostsStore(hosts).apply(new HostsStore(hosts).planSync(List.of(ALPACA)));

        PosixFileAttributes after = Files.readAttributes(hosts, PosixFileAttributes.class);
        assertThat(after.fileKey()).as("a new file replaced the old one").isNotEqualTo(before.fileKey());
        assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-r-----");
        assertThat(after.owner()).isEqualTo(before.owner());
        assertThat(after.group()).isEqualTo(before.group());
        PosixFileAttributes backup = Files.readAttributes(dir.resolve("hosts.ingress-lab.bak"),
                PosixFileAttributes.class);
        assertThat(PosixFilePermissions.toString(backup.permissions())).isEqualTo("rw-r-----");
    }

    @Test
    void followsASymbolicLinkToTheRealFileAndKeepsTheLink() throws Exception {
        // macOS: /etc -> /private/etc, so /etc/hosts is really /private/etc/hosts
        Path real = Files.createDirectories(dir.resolve("private/etc"));
        Files.writeString(real.resolve("hosts"), ORIGINAL);
        Path etc = Files.createSymbolicLink(dir.resolve("etc"), real);
        Path link = Files.createSymbolicLink(dir.resolve("hosts-link"), etc.resolve("hosts"));
        HostsStore store = new HostsStore(link);
        assertThat(store.realPath()).isEqualTo(real.resolve("hosts").toRealPath());

        store.apply(store.planSync(List.of(ALPACA)));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(etc.resolve("hosts"));
        assertThat(Files.readString(real.resolve("hosts"))).isEqualTo(ORIGINAL + BLOCK_ALPACA);
        assertThat(real.resolve("hosts.ingress-lab.bak")).exists();
        assertThat(real.resolve("hosts.ingress-lab.lock")).exists();
        assertThat(dir.resolve("hosts-link.ingress-lab.bak")).doesNotExist();
    }

    @Test
    void aMissingFileIsCreatedBySyncAndLeftMissingByClean() throws Exception {
        Path hosts = dir.resolve("hosts");
        HostsStore store = new HostsStore(hosts);
        assertThat(store.read().exists()).isFalse();
        assertThat(store.apply(store.planClean()).written()).isFalse();
        assertThat(hosts).doesNotExist();

        HostsPlan plan = store.planSync(List.of(ALPACA));
        assertThat(plan.describe()).contains("the hosts file does not exist; it will be created (mode rw-r--r--)");
        HostsStore.Applied applied = store.apply(plan);
        assertThat(applied.written()).isTrue();
        assertThat(applied.backup()).isNull();
        assertThat(Files.readString(hosts)).isEqualTo(BLOCK_ALPACA);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts))).isEqualTo("rw-r--r--");
        assertThat(dir.resolve("hosts.ingress-lab.bak")).doesNotExist();
    }

    @Test
    void aLinkToNothingOrAMissingDirectoryIsRefusedWithWhatToDo() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("hosts"), dir.resolve("gone/hosts"));
        assertThatThrownBy(() -> new HostsStore(dangling).read())
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("a symbolic link to " + dir.resolve("gone/hosts"))
                .hasMessageContaining("repair the link first");
        assertThatThrownBy(() -> new HostsStore(dir.resolve("no/such/dir/hosts")).planSync(List.of(ALPACA)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("its directory does not exist");
    }

    @Test
    void replansWhenTheFileChangedSinceThePlan() throws Exception {
        Path hosts = hosts();
        HostsStore store = new HostsStore(hosts);
        HostsPlan plan = store.planSync(List.of(ALPACA, BANDICOOT));
        Files.writeString(hosts, "10.0.0.5 alpaca.example.com\n" + ORIGINAL); // an editor saved meanwhile

        HostsStore.Applied applied = store.apply(plan);

        assertThat(applied.replanned()).isTrue();
        assertThat(applied.plan().conflicts()).singleElement()
                .satisfies(c -> assertThat(c.blocksIngressLab()).isTrue());
        String content = Files.readString(hosts);
        assertThat(content).startsWith("10.0.0.5 alpaca.example.com\n" + ORIGINAL + HostsFile.BEGIN_MARKER);
        assertThat(HostsFile.parse(content.getBytes(StandardCharsets.UTF_8)).managedNames())
                .containsExactly(ALPACA, BANDICOOT);
        assertThat(Files.readString(applied.backup())).isEqualTo("10.0.0.5 alpaca.example.com\n" + ORIGINAL);
    }

    @Test
    void aBlockDamagedMeanwhileStopsTheWriteAndChangesNothing() throws Exception {
        Path hosts = hosts();
        HostsStore store = new HostsStore(hosts);
        HostsPlan plan = store.planSync(List.of(ALPACA));
        String damaged = ORIGINAL + HostsFile.BEGIN_MARKER + "\n127.0.0.1 alpaca.example.com\n";
        Files.writeString(hosts, damaged);

        assertThatThrownBy(() -> store.apply(plan)).isInstanceOf(MalformedHostsFile.class)
                .hasMessageContaining("line 3: a begin marker without an end marker below it");
        assertThat(Files.readString(hosts)).isEqualTo(damaged);
    }

    @Test
    void refusesContentThatChangesBytesOutsideTheBlock() throws Exception {
        Path hosts = hosts();
        HostsStore store = new HostsStore(hosts);
        HostsPlan plan = store.planSync(List.of(ALPACA));
        byte[] forged = ("127.0.0.1 localhost\n" + BLOCK_ALPACA).getBytes(StandardCharsets.US_ASCII); // ::1 line lost

        assertThatThrownBy(() -> store.apply(plan.withForgedContent(forged)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would change bytes outside the Ingress Lab block")
                .hasMessageContaining("nothing was written");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        assertThat(dir.resolve("hosts.ingress-lab.bak")).doesNotExist();
    }

    @Test
    void removesTemporaryFilesAKilledWriterLeft() throws Exception {
        Path hosts = hosts();
        Path stale = Files.writeString(dir.resolve(".ingress-lab-hosts-12345.tmp"), "half a fi");
        Path staleBackup = Files.writeString(dir.resolve(".ingress-lab-hosts.ingress-lab.bak-6789.tmp"), "x");
        Path unrelated = Files.writeString(dir.resolve(".ingress-lab-other-1.tmp"), "not ours to remove");

        new HostsStore(hosts).apply(new HostsStore(hosts).planSync(List.of(ALPACA)));

        assertThat(stale).doesNotExist();
        assertThat(staleBackup).doesNotExist();
        assertThat(unrelated).exists();
    }

    @Test
    void aWriteAbortedBeforeTheRenameLeavesTheFileAndNoTemporary() throws Exception {
        Path hosts = hosts();
        boolean written = AtomicFileWriter.replace(hosts, "new".getBytes(StandardCharsets.US_ASCII), hosts,
                () -> false, true);
        assertThat(written).isFalse();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(hosts);
        }
    }

    @Test
    void aReadOnlyFileNeedsPrivilegeEvenForRoot() throws Exception {
        Path hosts = hosts();
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));
        HostsStore.Access access = new HostsStore(hosts).access();
        assertThat(access.direct()).isFalse();
        assertThat(access.reason()).isEqualTo(hosts.toRealPath() + " is read-only ("
                + Files.getOwner(hosts).getName() + ":" + Files.readAttributes(hosts, PosixFileAttributes.class)
                .group().getName() + " r--r--r--)");

        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new HostsStore(hosts).access().direct()).isTrue();
    }

    @Test
    void theSystemFileIsEtcHostsHere() {
        assertThat(HostsStore.systemPath()).isEqualTo(Path.of("/etc/hosts"));
    }
}
