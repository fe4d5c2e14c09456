package dev.ingresslab.core.tls;

import dev.ingresslab.route.Origin;
import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.SecretOutcome;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * #16 §8: Issue for an Ingress on a real sandbox: every {@code tls} entry with a Secret name and hosts gets its
 * Secret; an entry without a secretName, without hosts, or with a host no certificate can carry is skipped with what
 * to do; a missing Ingress says to apply it again. Also the words of a certificate row's expiry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngressSecretsTest {

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

    @Test
    void eachEntryIsIssuedOrSkippedWithWhatToDo() {
        Ingress ingress = new IngressBuilder().withNewMetadata().withNamespace("default").withName("shop")
                .endMetadata().withNewSpec().withTls(
                        new IngressTLSBuilder().withHosts("shop.example.com").withSecretName("shop-tls").build(),
                        new IngressTLSBuilder().withHosts("other.example.com").build(),
                        new IngressTLSBuilder().withSecretName("no-hosts-tls").build(),
                        new IngressTLSBuilder().withHosts("10.0.0.1").withSecretName("ip-tls").build())
                .endSpec().build();
        sandbox.client().network().v1().ingresses().inNamespace("default").resource(ingress).create();

        IngressSecrets.Report report = new IngressSecrets(sandbox.client(), ca).issue("default", "shop");

        assertThat(report.outcomes()).extracting(SecretOutcome::action, SecretOutcome::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SecretOutcome.Action.CREATED, "shop-tls"));
        assertThat(sandbox.client().secrets().inNamespace("default").withName("shop-tls").get()).isNotNull();
        assertThat(report.skipped()).containsExactly(
                "default/shop spec.tls[1] names no secretName: nothing to issue into (add secretName: <name> to the"
                        + " entry, or leave it out to have the default certificate)",
                "default/shop spec.tls[2] lists no hosts: a certificate needs them (add hosts: [<the rule's host>])",
                "default/shop spec.tls[3]: '10.0.0.1' is not a host name a certificate can carry: give a DNS name of"
                        + " two labels or more (alpaca.example.com), or a wildcard as the whole first label"
                        + " (*.example.com); IP addresses are not Ingress hosts");
        assertThat(sandbox.client().secrets().inNamespace("default").withName("ip-tls").get()).isNull();
        assertThat(report.lines()).hasSize(4).first().asString().startsWith("created Secret default/shop-tls");

        IngressSecrets.Report again = new IngressSecrets(sandbox.client(), ca).issue("default", "shop");
        assertThat(again.outcomes()).extracting(SecretOutcome::action).containsExactly(SecretOutcome.Action.CURRENT);
    }

    @Test
    void anIngressWithoutTlsOrGoneSaysSo() {
        Ingress plain = new IngressBuilder().withNewMetadata().withNamespace("default").withName("plain")
                .endMetadata().withNewSpec().endSpec().build();
        sandbox.client().network().v1().ingresses().inNamespace("default").resource(plain).create();

        assertThat(new IngressSecrets(sandbox.client(), ca).issue("default", "plain").skipped())
                .containsExactly("default/plain has no spec.tls section: nothing to issue");
        assertThatThrownBy(() -> new IngressSecrets(sandbox.client(), ca).issue("default", "gone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no Ingress default/gone in the cluster any more: apply it again, then Issue");
    }

    @Test
    void theExpiryInWords() {
        Instant end = Instant.parse("2029-03-04T01:00:00Z");
        assertThat(row(Optional.of(end), 824, false).expiry()).isEqualTo("2029-03-04 (824 days left)");
        assertThat(row(Optional.of(end), 1, true).expiry()).isEqualTo("2029-03-04 (1 day left, renewal due)");
        assertThat(row(Optional.of(end), -3, false).expiry()).isEqualTo("2029-03-04 (expired 3 days ago)");
        assertThat(row(Optional.empty(), 0, false).expiry()).isEmpty();
        assertThat(row(Optional.empty(), 0, false).wantsIssuing()).isTrue();
        assertThat(row(Optional.of(end), 1, true).wantsIssuing()).isTrue();
        assertThat(row(Optional.of(end), 824, false).wantsIssuing()).isFalse();
        assertThat(TlsIngress.of(List.of(row(Optional.of(end), 824, false), row(Optional.empty(), 0, false))))
                .as("two rows of one host (two certificates): the host is named once")
                .containsExactly(new TlsIngress("default/shop", List.of("shop.example.com"), true));
    }

    private static HostCertificate row(Optional<Instant> end, long days, boolean due) {
        return new HostCertificate("shop.example.com", new Origin("Ingress", "default", "shop", Instant.EPOCH, 0, 0),
                end.isPresent() ? "default/shop-tls" : "",
                "", end.isPresent(), List.of(), end, days, due, "");
    }
}
