package dev.ingresslab.tls.local;

import dev.ingresslab.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local CA's certificates as TLS Secrets on the sandbox, compared with what the real kubectl ({@code create
 * secret tls}) makes of the same files; never overwriting a Secret we did not make.
 */
class TlsSecretIssuerTest {

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static LocalCa ca;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        ca = LocalCa.loadOrCreate(dir.resolve("data"), "test@host");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private KubernetesClient client() {
        return sandbox.client();
    }

    @Test
    void createsTheSecretKubectlCreateSecretTlsWouldMakeOfTheSameFilesLabelledAsOurs() throws Exception {
        SecretOutcome outcome = new TlsSecretIssuer(client(), ca).ensure("default", "alpaca-tls",
                List.of("alpaca.example.com"));
        Secret ours = client().secrets().inNamespace("default").withName("alpaca-tls").get();
        Path crt = Files.writeString(dir.resolve("alpaca.crt"), decode(ours, "tls.crt"));
        Path key = Files.writeString(dir.resolve("alpaca.key"), decode(ours, "tls.key"));
        kubectl("create", "secret", "tls", "alpaca-by-kubectl", "--cert", crt.toString(), "--key", key.toString());
        Secret kubectls = client().secrets().inNamespace("default").withName("alpaca-by-kubectl").get();

        assertThat(outcome.action()).isEqualTo(SecretOutcome.Action.CREATED);
        assertThat(outcome.message()).startsWith("created Secret default/alpaca-tls for alpaca.example.com");
        assertThat(ours.getType()).isEqualTo(kubectls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(ours.getData()).isEqualTo(kubectls.getData()).containsOnlyKeys("tls.crt", "tls.key");
        assertThat(ours.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ingress-lab");
        assertThat(kubectl("get", "secret", "alpaca-tls", "-o", "jsonpath={.type}")).isEqualTo("kubernetes.io/tls");
        X509Certificate leaf = TlsSecretIssuer.leaf(ours);
        assertThat(ca.issued(leaf)).isTrue();
        assertThat(TlsSecretIssuer.dnsNames(leaf)).containsExactly("alpaca.example.com");
    }

    @Test
    void leavesACurrentSecretAsItIsAndIssuesAgainForHostsItDoesNotCover() {
        TlsSecretIssuer issuer = new TlsSecretIssuer(client(), ca);
        SecretOutcome first = issuer.ensure("default", "wild-tls", List.of("*.example.com"));

        SecretOutcome covered = issuer.ensure("default", "wild-tls", List.of("bandicoot.example.com"));
        SecretOutcome more = issuer.ensure("default", "wild-tls", List.of("*.example.com", "example.com"));

        assertThat(covered.action()).as("the wildcard covers it").isEqualTo(SecretOutcome.Action.CURRENT);
        assertThat(covered.certificate()).isEqualTo(first.certificate());
        assertThat(more.action()).isEqualTo(SecretOutcome.Action.RENEWED);
        assertThat(more.message()).contains("it does not cover example.com");
        assertThat(TlsSecretIssuer.dnsNames(TlsSecretIssuer.leaf(client().secrets().inNamespace("default")
                .withName("wild-tls").get()))).containsExactly("*.example.com", "example.com");
    }

    @Test
    void renewsOurSecretAtTwoThirdsOfItsLifetime() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(551));
        put("old-tls", ca.issue(List.of("old.example.com"), longAgo), true);

        SecretOutcome outcome = new TlsSecretIssuer(client(), ca).ensure("default", "old-tls",
                List.of("old.example.com"));

        assertThat(outcome.action()).isEqualTo(SecretOutcome.Action.RENEWED);
        assertThat(outcome.message()).contains("renewed Secret default/old-tls (due since");
        X509Certificate now = TlsSecretIssuer.leaf(client().secrets().inNamespace("default").withName("old-tls")
                .get());
        assertThat(now.getNotBefore().toInstant()).isAfter(Instant.now().minus(Duration.ofDays(1)));
    }

    @Test
    void issuesAgainWhatAnotherCaIssuedIntoOurSecret() throws Exception {
        LocalCa other = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("other-ca")), "test@host");
        put("other-ca-tls", other.issue(List.of("o.example.com")), true);

        SecretOutcome outcome = new TlsSecretIssuer(client(), ca).ensure("default", "other-ca-tls",
                List.of("o.example.com"));

        assertThat(outcome.action()).isEqualTo(SecretOutcome.Action.RENEWED);
        assertThat(outcome.message()).contains("issued by another CA than");
        assertThat(ca.issued(outcome.certificate())).isTrue();
    }

    @Test
    void neverOverwritesASecretWeDidNotMakeAndSaysHowToProceed() throws Exception {
        LocalCa users = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("users-ca")), "user@host");
        IssuedCertificate theirs = users.issue(List.of("mine.example.com"));
        Path crt = Files.writeString(dir.resolve("mine.crt"), theirs.certificatePem());
        Path key = Files.writeString(dir.resolve("mine.key"), theirs.keyPem());
        kubectl("create", "secret", "tls", "mine-tls", "--cert", crt.toString(), "--key", key.toString());
        Secret before = client().secrets().inNamespace("default").withName("mine-tls").get();

        SecretOutcome outcome = new TlsSecretIssuer(client(), ca).ensure("default", "mine-tls",
                List.of("mine.example.com", "other.example.com"));

        Secret after = client().secrets().inNamespace("default").withName("mine-tls").get();
        assertThat(outcome.action()).isEqualTo(SecretOutcome.Action.NOT_OURS);
        assertThat(outcome.written()).isFalse();
        assertThat(outcome.message()).contains("was not made by Ingress Lab")
                .contains("kubectl delete secret mine-tls -n default").contains("--secret");
        assertThat(after.getData()).isEqualTo(before.getData());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getLabels()).isNullOrEmpty();
    }

    private void put(String name, IssuedCertificate issued, boolean ours) {
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace("default").withName(name)
                .addToLabels(ours ? Map.of("app.kubernetes.io/managed-by", "ingress-lab") : Map.of()).endMetadata()
                .withType("kubernetes.io/tls").withData(Map.of(
                        "tls.crt", Base64.getEncoder().encodeToString(issued.certificatePem().getBytes()),
                        "tls.key", Base64.getEncoder().encodeToString(issued.keyPem().getBytes()))).build();
        client().secrets().inNamespace("default").resource(secret).create();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--request-timeout=60s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
        return output;
    }
}
