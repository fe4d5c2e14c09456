package dev.ingresslab.tls.local;

import dev.ingresslab.tls.CertificateProfile;
import dev.ingresslab.tls.X509Issuer;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a leaf is renewed: two thirds of its lifetime, or 30 days left, whichever comes first. */
class LeafPolicyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aLongLeafIsRenewedAtTwoThirdsOfItsLifetime() {
        X509Certificate leaf = leaf(Duration.ofDays(825));

        assertThat(LeafPolicy.renewAt(leaf)).isEqualTo(START.plus(Duration.ofDays(550)));
        assertThat(LeafPolicy.renewalDue(leaf, START.plus(Duration.ofDays(549)))).isFalse();
        assertThat(LeafPolicy.renewalDue(leaf, START.plus(Duration.ofDays(550)))).isTrue();
    }

    @Test
    void aShortLeafIsRenewedWhenAMonthIsLeft() {
        X509Certificate leaf = leaf(Duration.ofDays(60));

        assertThat(LeafPolicy.renewAt(leaf)).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(LeafPolicy.renewalDue(leaf, START.plus(Duration.ofDays(29)))).isFalse();
    }

    private static X509Certificate leaf(Duration lifetime) {
        KeyPair keys = X509Issuer.newKeyPair();
        return X509Issuer.selfSigned(new CertificateProfile("a.example.com", null, List.of("a.example.com"),
                List.of(), START, START.plus(lifetime), false, true), keys);
    }
}
