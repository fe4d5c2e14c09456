package dev.ingresslab.tls.trust;

import dev.ingresslab.tls.local.LocalCa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Trust installed and removed for real: the Linux system store's recipe on a temporary anchors folder (with an
 * update command that records what it saw), and an NSS database created by the test with the real certutil.
 */
class TrustStoresTest {

    @TempDir
    Path dir;

    private LocalCa ca;

    @BeforeEach
    void makeCa() throws Exception {
        ca = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("data")), "test@host");
    }

    private LinuxSystemStore systemStore(Path anchors, String updateScript) {
        return new LinuxSystemStore("test", anchors, List.of("/bin/sh", "-c", updateScript));
    }

    @Test
    void theLinuxSystemStoreGetsTheCaFileThenItsUpdateRunsAndUntrustUndoesBoth() throws Exception {
        Path anchors = Files.createDirectories(dir.resolve("anchors"));
        Path seen = dir.resolve("update-saw.txt");
        LinuxSystemStore store = systemStore(anchors, "ls '" + anchors + "' > '" + seen + "'");

        assertThat(store.status(ca).state()).isEqualTo(TrustStep.State.NOT_TRUSTED);
        TrustStep trusted = store.trust(ca);

        Path file = store.fileOf(ca);
        assertThat(trusted.state()).as(trusted.line()).isEqualTo(TrustStep.State.TRUSTED);
        assertThat(trusted.line()).contains("wrote " + file).contains("and ran /bin/sh -c");
        assertThat(file.getFileName().toString()).matches("ingress-lab-[0-9a-f]{16}\\.crt");
        assertThat(Files.readString(file)).isEqualTo(ca.certificatePem());
        assertThat(Files.readString(seen).trim()).as("the update ran after the file was there")
                .isEqualTo(file.getFileName().toString());
        assertThat(store.status(ca).state()).isEqualTo(TrustStep.State.TRUSTED);
        assertThat(store.trust(ca).detail()).startsWith("already in");

        TrustStep removed = store.untrust(ca);

        assertThat(removed.state()).isEqualTo(TrustStep.State.NOT_TRUSTED);
        assertThat(file).doesNotExist();
        assertThat(Files.readString(seen).trim()).as("the update ran again, without it").isEmpty();
        assertThat(store.untrust(ca).detail()).startsWith("not in");
    }

    @Test
    void aFailingUpdateIsReportedWithItsOutput() throws Exception {
        Path anchors = Files.createDirectories(dir.resolve("anchors"));
        LinuxSystemStore store = systemStore(anchors, "echo 'no ca-certificates here' >&2; exit 3");

        TrustStep step = store.trust(ca);

        assertThat(step.state()).isEqualTo(TrustStep.State.FAILED);
        assertThat(step.detail()).contains("failed: no ca-certificates here");
    }

    @Test
    void aStoreOwnedByRootTellsWhatToRunWithSudo() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root may write anywhere").isNotEqualTo("root");
        Path anchors = Files.createDirectories(dir.resolve("anchors"));
        anchors.toFile().setWritable(false);
        try {
            TrustStep step = systemStore(anchors, "true").trust(ca);
            assertThat(step.state()).isEqualTo(TrustStep.State.NEEDS_PRIVILEGE);
            assertThat(step.commands().get(0)).startsWith("sudo", "cp");
        } finally {
            anchors.toFile().setWritable(true);
        }
    }

    @Test
    void anNssDatabaseGetsTheCaTrustedForServersAndLosesItOnUntrust() throws Exception {
        Path certutil = Commands.onPath("certutil");
        assumeThat(certutil).as("certutil is not installed (apt-get install libnss3-tools)").isNotNull();
        Path home = dir.resolve("home");
        Path profile = Files.createDirectories(home.resolve(".mozilla/firefox/abcd1234.default-release"));
        run(certutil.toString(), "-N", "-d", "sql:" + profile, "--empty-password");

        List<NssStore> found = NssStore.under(home);
        assertThat(found).extracting(NssStore::name).containsExactly("NSS Firefox profile abcd1234.default-release");
        NssStore store = found.get(0);
        assertThat(store.status(ca).state()).isEqualTo(TrustStep.State.NOT_TRUSTED);

        TrustStep trusted = store.trust(ca);

        assertThat(trusted.state()).as(trusted.line()).isEqualTo(TrustStep.State.TRUSTED);
        assertThat(run(certutil.toString(), "-L", "-d", "sql:" + profile)).contains(NssStore.nickname(ca))
                .containsPattern("C,,\\s*$");
        assertThat(store.status(ca).state()).isEqualTo(TrustStep.State.TRUSTED);
        assertThat(store.trust(ca).detail()).startsWith("already there");

        TrustStep removed = store.untrust(ca);

        assertThat(removed.state()).isEqualTo(TrustStep.State.NOT_TRUSTED);
        assertThat(run(certutil.toString(), "-L", "-d", "sql:" + profile)).doesNotContain(NssStore.nickname(ca));
    }

    @Test
    void withoutCertutilTheStepSaysHowToInstallIt() {
        NssStore store = new NssStore("Chromium", dir, null);

        TrustStep step = store.trust(ca);

        assertThat(step.state()).isEqualTo(TrustStep.State.FAILED);
        assertThat(step.detail()).contains("apt-get install libnss3-tools").contains("brew install nss");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
