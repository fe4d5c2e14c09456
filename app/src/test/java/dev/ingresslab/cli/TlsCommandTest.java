package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import dev.ingresslab.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingress-lab tls …} against the sandbox through its kubeconfig, beside the real kubectl. The commands run in
 * this JVM on the data directory given ({@link Main#run(dev.ingresslab.gui.Display, Path, PrintWriter, PrintWriter,
 * String...)}); the checks that are about the process itself run one as a user runs it ({@link #process}): its own
 * data directory from {@code INGRESS_LAB_HOME}, and a JSON document alone on its real standard output.
 */
class TlsCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** {@code ingress-lab tls ARGS…} in this JVM, on the data directory the processes of {@link #process} get. */
    private static Run tls(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> command = new ArrayList<>(List.of("tls"));
        command.addAll(List.of(args));
        int exit = Main.run(Display.none("tests"), dir.resolve("home-data"), new PrintWriter(out, true),
                new PrintWriter(err, true), command.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * {@code ingress-lab tls ARGS…} as a user runs it: a new JVM (this build's classes) whose data directory is only
     * named by {@code INGRESS_LAB_HOME}, with its own home and no display.
     */
    private static Run process(String... args) throws Exception {
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
        Run path = process("ca", "--path");
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
    void showAndStatusPrintJsonDocumentsAloneOnStandardOutput() throws Exception {
        assertThat(tls("issue", "wombat.example.com", "--secret", "wombat-tls", "--kubeconfig", kubeconfig()).exit())
                .isZero();

        Run show = process("show", "wombat-tls", "--kubeconfig", kubeconfig(), "-o", "json");
        Run status = process("status", "-o", "json");
        Run yaml = tls("show", "wombat-tls", "--kubeconfig", kubeconfig(), "-o", "yaml");
        Run wide = tls("show", "wombat-tls", "--kubeconfig", kubeconfig(), "-o", "wide");

        assertThat(show.exit()).as(show.err()).isZero();
        JsonNode certificate = JSON.readTree(show.out());
        assertThat(certificate.propertyNames()).containsExactly("namespace", "secret", "madeByIngressLab", "subject",
                "names", "issuer", "issuedByLocalCa", "notBefore", "notAfter", "validity", "sha256", "chainLength",
                "keyAlgorithm");
        assertThat(certificate.path("namespace").asString()).isEqualTo("default");
        assertThat(certificate.path("secret").asString()).isEqualTo("wombat-tls");
        assertThat(certificate.path("names").get(0).asString()).isEqualTo("wombat.example.com");
        assertThat(certificate.path("madeByIngressLab").asBoolean()).isTrue();
        assertThat(certificate.path("issuedByLocalCa").asBoolean()).isTrue();
        assertThat(certificate.path("validity").asString()).isEqualTo("valid");
        assertThat(java.time.Instant.parse(certificate.path("notAfter").asString())).isAfter(java.time.Instant.now());
        assertThat(certificate.path("sha256").asString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(show.err()).as("which cluster, on standard error").contains("context ingress-lab-sandbox");
        assertThat(yaml.out()).contains("secret: \"wombat-tls\"").contains("validity: \"valid\"");
        assertThat(wide.exit()).isEqualTo(2);
        assertThat(wide.err()).contains("show prints text, json, yaml; -o wide is not one of them");

        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode trust = JSON.readTree(status.out());
        assertThat(trust.propertyNames()).containsExactly("ca", "sha256", "stores");
        assertThat(trust.path("ca").asString()).isEqualTo(dir.resolve("home-data").resolve("ca.pem").toString());
        for (JsonNode store : trust.path("stores")) {
            assertThat(store.propertyNames()).containsExactly("store", "state", "detail");
            assertThat(store.path("state").asString()).isIn("trusted", "not-trusted", "needs-privilege", "failed");
        }
    }

    @Test
    void issueAsJsonOrYamlSaysWhatWasDoneWithTheSecretAlone() throws Exception {
        Run created = process("issue", "quokka.example.com", "--secret", "quokka-tls", "--kubeconfig", kubeconfig(),
                "-o", "json");
        Run current = tls("issue", "quokka.example.com", "--secret", "quokka-tls", "--kubeconfig", kubeconfig(),
                "-o", "yaml");
        Run wide = tls("issue", "quokka.example.com", "--kubeconfig", kubeconfig(), "-o", "wide");

        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode issued = JSON.readTree(created.out()); // stdout is the document alone
        assertThat(issued.propertyNames()).containsExactly("namespace", "secret", "action", "hosts", "notAfter",
                "message", "tls");
        assertThat(issued.path("namespace").asString()).isEqualTo("default");
        assertThat(issued.path("secret").asString()).isEqualTo("quokka-tls");
        assertThat(issued.path("action").asString()).isEqualTo("created");
        assertThat(issued.path("hosts").get(0).asString()).isEqualTo("quokka.example.com");
        assertThat(java.time.Instant.parse(issued.path("notAfter").asString())).isAfter(java.time.Instant.now());
        assertThat(issued.path("message").asString()).contains("created Secret default/quokka-tls");
        assertThat(issued.path("tls").path("secretName").asString()).isEqualTo("quokka-tls");
        assertThat(issued.path("tls").path("hosts").get(0).asString()).isEqualTo("quokka.example.com");
        assertThat(created.err()).as("which cluster, on standard error").contains("context ingress-lab-sandbox");
        assertThat(current.exit()).as(current.err()).isZero();
        JsonNode again = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(current.out());
        assertThat(again.path("action").asString()).isEqualTo("current");
        assertThat(again.path("notAfter").asString()).isEqualTo(issued.path("notAfter").asString());
        assertThat(wide.exit()).isEqualTo(2);
        assertThat(wide.err()).contains("issue prints text, json, yaml; -o wide is not one of them");
        assertThat(kubectl("get", "secrets", "-o", "name")).doesNotContain("quokka-example-com-tls");
    }

    @Test
    void aTlsSecretWrittenWithStringDataAndAppliedByKubectlIsReadByShow() throws Exception {
        Path crt = dir.resolve("koala.crt");
        Path key = dir.resolve("koala.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=koala.example.com", "-addext",
                "subjectAltName=DNS:koala.example.com", "-keyout", key.toString(), "-out", crt.toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path manifest = Files.writeString(dir.resolve("koala-secret.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: koala-tls}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                %s  tls.key: |
                %s""".formatted(indent(Files.readString(crt)), indent(Files.readString(key))));
        String applied = kubectl("apply", "-f", manifest.toString());
        assertThat(applied).contains("secret/koala-tls created");

        Run show = tls("show", "koala-tls", "--kubeconfig", kubeconfig());
        String yaml = kubectl("get", "secret", "koala-tls", "-o", "yaml");

        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("names:       koala.example.com").contains("issuer:      CN=koala.example.com");
        assertThat(yaml).contains("tls.crt: LS0t").doesNotContainPattern("(?m)^stringData:");
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line + "\n").collect(java.util.stream.Collectors.joining());
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", kubeconfig()));
        command.addAll(List.of(args));
        Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        return output;
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
