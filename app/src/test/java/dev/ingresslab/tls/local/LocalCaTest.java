package dev.ingresslab.tls.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local CA on real files in a temporary data directory. */
class LocalCaTest {

    @TempDir
    Path dir;

    @Test
    void isMadeOnFirstUseAsARootForLeavesOnlyWithAnOwnerOnlyKey() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "ana@laptop");
        X509Certificate certificate = ca.certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=Ingress Lab local CA — ana@laptop");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getBasicConstraints()).as("CA:true, pathLen 0").isZero();
        boolean[] usage = certificate.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("no digitalSignature: it signs certificates only").isFalse();
        assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        Duration lifetime = Duration.between(certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        assertThat(lifetime).isBetween(Duration.ofDays(3650), Duration.ofDays(3651));
        certificate.verify(certificate.getPublicKey());

        assertThat(Files.getPosixFilePermissions(dir.resolve("ca-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(ca.certificateFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(ca.toString()).doesNotContain("PRIVATE").contains("ca.pem");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left behind")
                    .containsExactlyInAnyOrder("ca.pem", "ca-key.pem", "ca.lock");
        }
    }

    @Test
    void isReadBackTheSameAndTheKeyNarrowedToTheOwnerWhenSomeoneWidenedIt() throws Exception {
        LocalCa first = LocalCa.loadOrCreate(dir, "ana@laptop");
        Files.setPosixFilePermissions(dir.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        LocalCa again = LocalCa.loadOrCreate(dir, "someone-else@elsewhere");

        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(LocalCa.load(dir)).hasValueSatisfying(ca -> assertThat(ca.certificate())
                .isEqualTo(first.certificate()));
    }

    @Test
    void isNotMadeByLoadAlone() {
        assertThat(LocalCa.load(dir)).isEmpty();
        assertThat(dir.resolve("ca.pem")).doesNotExist();
    }

    @Test
    void concurrentFirstUsesMakeOneCa() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<X509Certificate>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> LocalCa.loadOrCreate(dir, "ana@laptop").certificate());
            }
            Set<X509Certificate> made = new HashSet<>();
            for (Future<X509Certificate> result : threads.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                made.add(result.get());
            }
            assertThat(made).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentFirstUsesByTwoProcessesMakeOneCa() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    MakeCa.class.getName(), dir.toString()).redirectErrorStream(true).start());
        }
        Set<String> fingerprints = new HashSet<>();
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes()).trim();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            fingerprints.add(output);
        }
        assertThat(fingerprints).hasSize(1);
        assertThat(LocalCa.load(dir).orElseThrow().fingerprint()).isEqualTo(fingerprints.iterator().next());
    }

    /** A process that makes (or reads) the CA of the folder it is given and prints its fingerprint. */
    static final class MakeCa {
        public static void main(String[] args) {
            System.out.println(LocalCa.loadOrCreate(Path.of(args[0]), "process@test").fingerprint());
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsReportedWithTheWayOut() throws Exception {
        LocalCa.loadOrCreate(dir, "ana@laptop");
        Files.delete(dir.resolve("ca-key.pem"));

        assertThatThrownBy(() -> LocalCa.loadOrCreate(dir, "ana@laptop")).isInstanceOf(LocalCaException.class)
                .hasMessageContaining("has no key beside it").hasMessageContaining("Move ca.pem and ca-key.pem out of")
                .hasMessageContaining("tls trust");
        assertThat(dir.resolve("ca.pem")).as("nothing of the user's is replaced").exists();
    }

    @Test
    void aKeyOfAnotherCaOrDamagedFilesAreReported() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        LocalCa.loadOrCreate(dir, "ana@laptop");
        LocalCa.loadOrCreate(other, "ana@laptop");
        Files.copy(other.resolve("ca-key.pem"), dir.resolve("ca-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> LocalCa.load(dir)).isInstanceOf(LocalCaException.class)
                .hasMessageContaining("does not belong to the key");

        Files.writeString(other.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> LocalCa.load(other)).isInstanceOf(LocalCaException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void aKeyWithoutItsCertificateIsACreationCutShortAndIsMadeAgain() throws Exception {
        Files.writeString(dir.resolve("ca-key.pem"), "left by a process killed between the two writes");

        LocalCa ca = LocalCa.loadOrCreate(dir, "ana@laptop");

        assertThat(LocalCa.load(dir).orElseThrow().certificate()).isEqualTo(ca.certificate());
    }

    @Test
    void issuesLeavesForTheHostsThatCheckAgainstTheCa() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "ana@laptop");
        IssuedCertificate issued = ca.issue(List.of("Alpaca.Example.com", "*.example.com", "alpaca.example.com"));
        X509Certificate leaf = issued.certificate();

        leaf.verify(ca.certificate().getPublicKey());
        assertThat(ca.issued(leaf)).isTrue();
        assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactly((Object) "alpaca.example.com", "*.example.com");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(lifetime).as("macOS refuses more than 825 days").isLessThanOrEqualTo(Duration.ofDays(825));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(issued.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(issued.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.toString()).doesNotContain("PRIVATE KEY-----");

        LocalCa other = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("other")), "ana@laptop");
        assertThat(other.issued(leaf)).isFalse();
    }

    @Test
    void refusesNamesNoCertificateCanCarry() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "ana@laptop");
        for (String bad : List.of("localhost", "a.*.example.com", "*example.com", "10.0.0.1", "a_b.example.com",
                "-a.example.com", "")) {
            assertThatThrownBy(() -> ca.issue(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a host name a certificate can carry");
        }
        assertThatThrownBy(() -> ca.issue(List.of())).hasMessageContaining("name at least one host");
    }
}
