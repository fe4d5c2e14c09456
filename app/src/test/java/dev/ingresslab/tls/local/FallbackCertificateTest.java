package dev.ingresslab.tls.local;

import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.proxy.TlsListener;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.TlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local CA's fallback certificate, served by a real https listener to names it has no certificate for. */
class FallbackCertificateTest {

    @TempDir
    Path dir;

    @Test
    void unknownNamesGetTheLocalCasCertificateForIngressLabInvalidWhichNamesNoOneElse() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(dir, "test@host");
        TlsCertificate fallback = ca.fallbackCertificate();
        assertThat(fallback.dnsNames()).containsExactly("ingress-lab.invalid");
        assertThat(ca.issued(fallback.leaf())).isTrue();

        try (RequestJournal journal = new RequestJournal(10)) {
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), TlsListener.sni(0, fallback), RouteTable.empty(),
                    new DirectConnector(), journal);
            try {
                X509Certificate served = handshake(ca, proxy.httpsPort(), "unknown.example.com", false);
                assertThat(served).isEqualTo(fallback.leaf());
                assertThatThrownBy(() -> handshake(ca, proxy.httpsPort(), "unknown.example.com", true))
                        .as("a client that checks names refuses it").isInstanceOf(SSLHandshakeException.class);
            } finally {
                proxy.close();
            }
        }
    }

    /** A handshake with a fresh client context that trusts the CA, checking the name or not. */
    private static X509Certificate handshake(LocalCa ca, int port, String sni, boolean checkName) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(new Socket("127.0.0.1", port), sni,
                port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            if (checkName) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
