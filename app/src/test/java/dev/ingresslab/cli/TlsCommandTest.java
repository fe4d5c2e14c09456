package dev.ingresslab.cli;

import dev.ingresslab.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingress-lab tls …} as a user runs it: a process with its own data directory ({@code INGRESS_LAB_HOME}) and
 * home, against the sandbox through its kubeconfig, beside the real kubectl.
 */
class TlsCommandTest {

    @TempDir
    static Path dir;

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    record Run(int exit, String out, String err) {
    }

    private static Run tls(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "tls"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("INGRESS_LAB_HOME", dir.resolve("home-data").toString());
        builder.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        builder.environment().remove("DISPLAY");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, Files.readString(dir.resolve("err.txt")));
    }

    private static String kubeconfig() {
        return sandbox.kubeconfig().toString();
    }

    @Test
    void caPrintsTheCertificateOrItsPathMadeOnFirstUse() throws Exception {
        Run path = tls("ca", "--path");
        Run pem = tls("ca");

        assertThat(path.exit()).as(path.err()).isZero();
        Path file = Path.of(path.out().trim());
        assertThat(file).isEqualTo(dir.resolve("home-data").resolve("ca.pem"));
        assertThat(pem.out()).isEqualTo(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.getPosixFilePermissions(file.resolveSibling("ca-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(path.out() + path.err() + pem.out()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void issueNamesTheClusterThenWritesTheSecretThatShowDescribes() throws Exception {
        Run issue = tls("issue", "alpaca.example.com", "--secret", "alpaca-tls", "--kubeconfig", kubeconfig());
        Run again = tls("issue", "alpaca.example.com", "--secret", "alpaca-tls", "--kubeconfig", kubeconfig());
        Run show = tls("show", "alpaca-tls", "--kubeconfig", kubeconfig());

        assertThat(issue.exit()).as(issue.err()).isZero();
        assertThat(issue.out()).startsWith("context ingress-lab-sandbox")
                .contains("created Secret default/alpaca-tls for alpaca.example.com")
                .contains("spec.tls: [{hosts: ['alpaca.example.com'], secretName: alpaca-tls}]");
        assertThat(again.out()).contains("Secret default/alpaca-tls is current (due for renewal from ");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("Secret:      default/alpaca-tls (made by Ingress Lab)")
                .contains("names:       alpaca.example.com").contains("(this laptop's local CA)")
                .containsPattern("SHA-256:     ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void aSecretWeDidNotMakeIsLeftAloneWithTheWayForward() throws Exception {
        Path crt = dir.resolve("user.crt");
        Path key = dir.resolve("user.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=bandicoot.example.com", "-addext", "subjectAltName=DNS:bandicoot.example.com",
                "-keyout", key.toString(), "-out", crt.toString()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process kubectl = new ProcessBuilder("/usr/bin/kubectl", "--kubeconfig", kubeconfig(), "create", "secret",
                "tls", "bandicoot-tls", "--cert", crt.toString(), "--key", key.toString()).redirectErrorStream(true)
                .start();
        String created = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(created).isZero();

        Run issue = tls("issue", "bandicoot.example.com", "--secret", "bandicoot-tls", "--kubeconfig", kubeconfig());
        Run show = tls("show", "bandicoot-tls", "--kubeconfig", kubeconfig());

        assertThat(issue.exit()).isEqualTo(1);
        assertThat(issue.err()).contains("was not made by Ingress Lab").contains("kubectl delete secret bandicoot-tls");
        assertThat(show.out()).contains("issuer:      CN=bandicoot.example.com").doesNotContain("local CA")
                .contains("key RSA");
    }

    @Test
    void badInputIsRefusedWithWhatToDo() throws Exception {
        Run badHost = tls("issue", "10.0.0.1", "--kubeconfig", kubeconfig());
        Run noSecret = tls("show", "nothing-here", "--kubeconfig", kubeconfig());
        Run noContext = tls("issue", "a.example.com", "--kubeconfig", kubeconfig(), "--context", "nope");

        assertThat(badHost.exit()).isEqualTo(2);
        assertThat(badHost.err()).contains("'10.0.0.1' is not a host name a certificate can carry");
        assertThat(noSecret.exit()).isEqualTo(1);
        assertThat(noSecret.err()).contains("there is no Secret default/nothing-here");
        assertThat(noContext.exit()).isEqualTo(2);
    }

    @Test
    void statusSaysWhereTheCaIsTrustedWithoutChangingAnything() throws Exception {
        Run status = tls("status");

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("local CA " + dir.resolve("home-data").resolve("ca.pem"))
                .contains("SHA-256");
    }
}
