package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox API server's TLS identity, served by the JDK's key manager from its one-round key wrap. */
class ServingCertificateTest {

    @Test
    void aRealHandshakeVerifiesTheServedCertificateForLocalhost() throws Exception {
        ServingCertificate serving = ServingCertificate.generate();
        try (SSLServerSocket listener = (SSLServerSocket) serving.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write('k');
                    accepted.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("sandbox", serving.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(listener.getInetAddress(),
                    listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName("localhost")));
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name checked, as kubectl does
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                socket.startHandshake();

                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(serving.certificate());
                assertThat(socket.getInputStream().read()).isEqualTo('k');
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }
}
