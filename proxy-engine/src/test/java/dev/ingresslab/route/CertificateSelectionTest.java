package dev.ingresslab.route;

import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The certificate the SNI key manager gets from the table: exact host first, then the one-label wildcard. */
class CertificateSelectionTest {

    private static TlsCertificate certificate(String secret, String... names) throws Exception {
        var key = TestCertificates.sharedEcKey();
        return TlsCertificates.fromPem(TestCertificates.pem(TestCertificates.leaf(key, names)).getBytes(),
                TestCertificates.pkcs8KeyPem(key).getBytes(), new SecretRef("default", secret), false);
    }

    private static Origin tls(String name) {
        return new Origin("Ingress", "default", name, Instant.EPOCH, 0, 0);
    }

    private static final RouteTable TABLE;

    static {
        try {
            RouteTableBuilder builder = new RouteTableBuilder(List.of(Listener.http(80), Listener.https(443)));
            builder.addSecureVirtualHost(new SecureVirtualHost("a.example.com",
                    Optional.of(certificate("exact", "a.example.com")), tls("exact")));
            builder.addSecureVirtualHost(new SecureVirtualHost("*.example.com",
                    Optional.of(certificate("wild", "*.example.com")), tls("wild")));
            builder.addSecureVirtualHost(new SecureVirtualHost("broken.example.com", Optional.empty(), tls("broken")));
            TABLE = builder.build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @ParameterizedTest(name = "SNI {0} -> {1}")
    @CsvSource({
            "a.example.com, exact",
            "A.Example.Com., exact",
            "b.example.com, wild",
            "B.EXAMPLE.COM, wild",
            "example.com, none",
            "x.a.example.com, none",
            "a.b.example.com, none",
            "other.org, none",
            "broken.example.com, none",
            "'', none",
    })
    void exactFirstThenOneLabelWildcard(String sni, String secret) {
        Optional<TlsCertificate> chosen = TABLE.certificateFor(sni);
        if (secret.equals("none")) {
            assertThat(chosen).isEmpty();
        } else {
            assertThat(chosen).get().extracting(c -> c.source().name()).isEqualTo(secret);
        }
    }

    @Test
    void anExactSecureHostWithoutCertificateIsNotServedTheWildcards() {
        assertThat(TABLE.secureVirtualHostFor("broken.example.com")).get()
                .extracting(SecureVirtualHost::host).isEqualTo("broken.example.com");
        assertThat(TABLE.certificateFor("broken.example.com")).isEmpty();
        assertThat(TABLE.certificateFor(null)).isEmpty();
    }

    @Test
    void listsSecureHostsAndListeners() {
        assertThat(TABLE.secureVirtualHosts()).extracting(SecureVirtualHost::host)
                .containsExactly("*.example.com", "a.example.com", "broken.example.com");
        assertThat(TABLE.listeners()).containsExactly(Listener.http(80), Listener.https(443));
        assertThat(TABLE.listener(Listener.HTTPS)).contains(Listener.https(443));
        assertThat(TABLE.httpsPort()).isEqualTo(443);
        assertThat(new RouteTableBuilder(List.of(Listener.http(80))).build().httpsPort()).isEqualTo(-1);
    }

    @Test
    void theFirstSecureHostGivenIsKept() {
        RouteTableBuilder builder = new RouteTableBuilder(List.of(Listener.http(80), Listener.https(443)));
        SecureVirtualHost first = new SecureVirtualHost("a.example.com", Optional.empty(), tls("first"));
        assertThat(builder.addSecureVirtualHost(first)).isSameAs(first);
        assertThat(builder.addSecureVirtualHost(new SecureVirtualHost("A.example.com", Optional.empty(),
                tls("second")))).isSameAs(first);
    }
}
