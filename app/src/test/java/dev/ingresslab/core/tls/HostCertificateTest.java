package dev.ingresslab.core.tls;

import dev.ingresslab.route.Listener;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.RouteTableBuilder;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS pane's rows: a Gateway HTTPS listener serving several certificates for one host (one per
 * {@code certificateRefs} entry) shows each, not only the first; a host without one still gets its row; a listener
 * without {@code hostname} (any SNI name) gets its rows last; only Ingresses are offered for Issue.
 */
class HostCertificateTest {

    @TempDir
    Path dir;

    private static TlsCertificate certificate(LocalCa ca, String secret, String host) throws Exception {
        IssuedCertificate issued = ca.issue(List.of(host));
        return TlsCertificates.fromPem(issued.certificatePem().getBytes(StandardCharsets.UTF_8),
                issued.keyPem().getBytes(StandardCharsets.UTF_8), new SecretRef("certs", secret), true);
    }

    @Test
    void eachCertificateOfAListenerIsARowAndAGatewayIsNotOfferedForIssue() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "test");
        Origin listener = new Origin("Gateway", "default", "web", Instant.EPOCH, 0, -1);
        RouteTableBuilder builder = new RouteTableBuilder(List.of(Listener.https(443)));
        builder.addSecureVirtualHost(new SecureVirtualHost("api.example.com", List.of(
                certificate(ca, "api-first", "api.example.com"), certificate(ca, "api-second", "api.example.com")),
                listener, ""));
        builder.addSecureVirtualHost(new SecureVirtualHost("bare.example.com", List.of(), listener,
                "no certificate"));
        RouteTable table = builder.build();

        List<HostCertificate> rows = HostCertificate.of(table, Optional.of(ca), Instant.now());

        assertThat(rows).extracting(HostCertificate::host)
                .containsExactly("api.example.com", "api.example.com", "bare.example.com");
        assertThat(rows).extracting(HostCertificate::secret)
                .containsExactly("certs/api-first", "certs/api-second", "");
        assertThat(rows.get(1).ourCa()).isTrue();
        assertThat(rows.get(1).names()).containsExactly("api.example.com");
        assertThat(rows.get(2).problem()).isEqualTo("no certificate");
        assertThat(rows).extracting(HostCertificate::from).containsOnly("Gateway default/web listener 0");
        assertThat(TlsIngress.of(rows)).as("Issue writes the Secrets of an Ingress's spec.tls, not a Gateway's")
                .isEmpty();
    }

    @Test
    void aListenerWithoutHostnameIsListedLastAsAnyNameAndAnIngressOfTheGatewaysNameStaysApart() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "test");
        Origin listener = new Origin("Gateway", "default", "web", Instant.EPOCH, 1, -1);
        Origin tls = new Origin("Ingress", "default", "web", Instant.EPOCH, 0, 0);
        RouteTableBuilder builder = new RouteTableBuilder(List.of(Listener.https(443)));
        builder.addSecureVirtualHost(new SecureVirtualHost("", List.of(certificate(ca, "any-rsa", "any.example.com"),
                certificate(ca, "any-second", "other.example.com")), listener, ""));
        builder.addSecureVirtualHost(new SecureVirtualHost("shop.example.com", Optional.empty(), tls,
                "no secretName"));
        RouteTable table = builder.build();

        List<HostCertificate> rows = HostCertificate.of(table, Optional.of(ca), Instant.now());

        assertThat(rows).extracting(HostCertificate::hostDisplay).containsExactly("shop.example.com",
                "any name (listener without hostname)", "any name (listener without hostname)");
        assertThat(rows).extracting(HostCertificate::from).containsExactly("Ingress default/web",
                "Gateway default/web listener 1", "Gateway default/web listener 1");
        assertThat(rows).extracting(HostCertificate::anyName).containsExactly(false, true, true);
        assertThat(rows).extracting(HostCertificate::secret).containsExactly("", "certs/any-rsa", "certs/any-second");
        assertThat(rows.get(1).names()).containsExactly("any.example.com");
        assertThat(rows.get(1).expiry()).contains("days left");
        assertThat(rows.get(1).ourCa()).isTrue();
        assertThat(TlsIngress.of(rows)).singleElement().satisfies(ingress -> {
            assertThat(ingress.ingress()).isEqualTo("default/web");
            assertThat(ingress.hosts()).containsExactly("shop.example.com");
            assertThat(ingress.wantsIssue()).isTrue();
        });
    }
}
