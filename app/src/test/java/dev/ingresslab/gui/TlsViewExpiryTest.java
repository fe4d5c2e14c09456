package dev.ingresslab.gui;

import dev.ingresslab.core.tls.HostCertificate;
import dev.ingresslab.route.Origin;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLS table's Expires column: the end of validity's day, said to be past once it is, nothing without a leaf. */
class TlsViewExpiryTest {

    private static final Origin ORIGIN = new Origin("Ingress", "default", "tls-ingress", Instant.EPOCH, 0, 0);

    @Test
    void aValidCertificateShowsItsDayAndAnExpiredOneSaysSoAndNoCertificateShowsNothing() {
        assertThat(TlsView.expiryDate(row(Optional.of(Instant.parse("2029-03-04T11:56:51Z")), 824)))
                .isEqualTo("2029-03-04");
        assertThat(TlsView.expiryDate(row(Optional.of(Instant.parse("2026-11-27T08:00:00Z")), -3)))
                .isEqualTo("expired 2026-11-27");
        assertThat(TlsView.expiryDate(row(Optional.empty(), 0))).isEmpty();
    }

    private static HostCertificate row(Optional<Instant> notAfter, long daysLeft) {
        return new HostCertificate("alpaca.example.com", ORIGIN, notAfter.isPresent() ? "default/alpaca-tls" : "",
                notAfter.isPresent() ? "CN=test" : "", false, List.of("alpaca.example.com"), notAfter, daysLeft, false,
                "");
    }
}
