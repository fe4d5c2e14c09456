package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.TlsSecretIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTPS listener of a session ({@code serve}, {@code up}, {@code demo}): real handshakes with SNI through a
 * {@link LabSession} on files, the certificate of the Ingress's Secret for its host and the local CA's fallback for
 * other names, the 308 from plain HTTP naming the bound https port, the port in the snapshot, and both ports
 * claimed (a busy HTTPS port says so and names {@code --https-port}).
 */
class HttpsListenerSessionTest {

    @TempDir
    Path dir;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws Exception {
        backend = ServeFixtures.backend("alpaca");
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** A Service with the backend as its endpoint, a TLS Secret issued by the CA, and an Ingress with spec.tls. */
    private Path manifests(LocalCa ca) throws Exception {
        IssuedCertificate issued = ca.issue(List.of("alpaca.example.com"));
        Path file = dir.resolve("tls.yaml");
        Files.writeString(file, ServeFixtures.service("alpaca", 8080, backend.getAddress().getPort()) + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: alpaca-tls}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: tls-ingress}
                spec:
                  tls: [{hosts: [alpaca.example.com], secretName: alpaca-tls}]
                  rules:
                    - host: alpaca.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                """.formatted(base64(issued.certificatePem()),
                base64(issued.keyPem())));
        return file;
    }

    private SessionOptions options(int httpsPort) {
        ProxySettings settings = ServeFixtures.loopbackProxy();
        return SessionOptions.defaults().withDataDirectory(data()).withReloadInterval(Duration.ofMillis(50))
                .withProxy(LocalHttps.on(settings, data(), httpsPort));
    }

    @Test
    void servesTheIngresssCertificateBySniTheFallbackOtherwiseAndRedirectsPlainHttpToTheBoundPort()
            throws Exception {
        SessionOptions options = options(0); // the CA is made here, on first use, in the data directory
        LocalCa ca = LocalCa.load(data()).orElseThrow();
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(manifests(ca))), options,
                event -> { })) {
            SessionSnapshot.Connection connection = session.current().connection();
            int https = connection.httpsPort();
            assertThat(https).as("the snapshot names the bound https port").isPositive()
                    .isNotEqualTo(connection.httpPort());

            String answer = exchange(ca, https, "alpaca.example.com", true);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("alpaca");
            X509Certificate served = certificate(ca, https, "alpaca.example.com");
            assertThat(TlsSecretIssuer.dnsNames(served)).containsExactly("alpaca.example.com");
            assertThat(TlsSecretIssuer.dnsNames(certificate(ca, https, "other.example.com")))
                    .as("unknown names get the CA's fallback")
                    .containsExactly(LocalCa.FALLBACK_HOST);

            String plain = plainRequest(connection.httpPort(), "alpaca.example.com", "/wool?x=1");
            assertThat(plain).startsWith("HTTP/1.1 308")
                    .contains("Location: https://alpaca.example.com:" + https + "/wool?x=1");
        }
    }

    /**
     * {@code demo}, {@code up} and {@code serve} make the CA while the session starts; meanwhile a TLS step loads or
     * makes it too, to issue a host's certificate: one CA, the one in {@code ca.pem}, signs both.
     */
    @Test
    void theCaMadeWhileTheSessionStartsOnAFreshDataDirectoryIsTheOneThatIssues() throws Exception {
        assertThat(data()).doesNotExist();
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data())
                .withReloadInterval(Duration.ofMillis(50))
                .withProxy(LocalHttps.whileStarting(ServeFixtures.loopbackProxy(), data(), 0));
        LocalCa issuing = LocalCa.loadOrCreate(data(), "test@host"); // as the TLS step, at the same time
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(manifests(issuing))), options,
                event -> { })) {
            int https = session.current().connection().httpsPort();
            LocalCa onDisk = LocalCa.load(data()).orElseThrow();
            assertThat(onDisk.certificate()).as("one CA in the data directory").isEqualTo(issuing.certificate());
            assertThat(exchange(onDisk, https, "alpaca.example.com", true)).startsWith("HTTP/1.1 200")
                    .endsWith("alpaca");
            X509Certificate fallback = certificate(onDisk, https, "other.example.com");
            assertThat(TlsSecretIssuer.dnsNames(fallback)).containsExactly(LocalCa.FALLBACK_HOST);
            assertThat(onDisk.issued(fallback)).as("the fallback is the same CA's").isTrue();
        }
    }

    @Test
    void aDamagedCaFailsTheStartSayingWhatToDoAndIsLeftAsItWas() throws Exception {
        Files.createDirectories(data());
        Files.writeString(data().resolve(LocalCa.CERTIFICATE_FILE), "not a certificate\n");
        Files.writeString(data().resolve(LocalCa.KEY_FILE), "not a key\n");
        LocalCa ca = LocalCa.loadOrCreate(dir.resolve("other-ca"), "test@host");
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data())
                .withProxy(LocalHttps.whileStarting(ServeFixtures.loopbackProxy(), data(), 0));
        assertThatThrownBy(() -> LabSession.start(new Source.Manifests(List.of(manifests(ca))), options,
                event -> { })).isInstanceOf(SessionStartException.class)
                .hasMessageStartingWith("the local CA " + data().resolve(LocalCa.CERTIFICATE_FILE)
                        + " or its key is damaged")
                .hasMessageContaining("Move ca.pem and ca-key.pem out of " + data())
                .hasMessageEndingWith("; or start without HTTPS with --https-port off");
        assertThat(data().resolve(LocalCa.CERTIFICATE_FILE)).hasContent("not a certificate");
        assertThat(data().resolve(LocalCa.KEY_FILE)).hasContent("not a key");
    }

    @Test
    void withoutAnHttpsListenerTheSnapshotSaysNoneAndTlsHostsAreNotRedirected() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(data(), "test@host");
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data())
                .withProxy(ServeFixtures.loopbackProxy());
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(manifests(ca))), options,
                event -> { })) {
            SessionSnapshot.Connection connection = session.current().connection();
            assertThat(connection.httpsPort()).isZero();
            assertThat(plainRequest(connection.httpPort(), "alpaca.example.com", "/"))
                    .as("§6.3: no redirect where no https is served").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBusyHttpsPortIsRefusedBeforeAnythingStartsAndNamesTheOption() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(data(), "test@host");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            SessionOptions options = options(busy.getLocalPort());
            assertThatThrownBy(() -> LabSession.start(new Source.Manifests(List.of(manifests(ca))), options,
                    event -> { })).isInstanceOf(SessionStartException.class)
                    .hasMessageContaining(String.valueOf(busy.getLocalPort()))
                    .hasMessageContaining("--https-port");
        }
    }

    @Test
    void oneNumberForBothPortsIsRefusedSayingWhichOptionsToChange() throws Exception {
        ProxySettings settings = ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(18443);
        ProxySettings both = LocalHttps.on(settings, data(), 18443);
        assertThatThrownBy(() -> PortClaim.check(data(), both))
                .isInstanceOf(PortClaim.PortUnavailableException.class)
                .hasMessage("HTTP and HTTPS cannot share port 18443: choose another with --http-port or --https-port");
    }

    @Test
    void bothPortsAreClaimedAndReleasedTogether() throws Exception {
        int http;
        int https;
        try (ServerSocket a = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            http = a.getLocalPort();
            https = b.getLocalPort();
        }
        ProxySettings settings = LocalHttps.on(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                .withHttpPort(http), data(), https);
        try (PortClaim claim = PortClaim.acquire(data(), settings, "demo")) {
            assertThatThrownBy(() -> PortClaim.check(data(), https, List.of("127.0.0.1"), "--https-port"))
                    .hasMessageContaining("in use by another Ingress Lab").hasMessageContaining("--https-port");
        }
        PortClaim.check(data(), settings); // both free again
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A fresh client context trusting only the local CA (no TLS 1.3 resumption between checks). */
    private static SSLContext trusting(LocalCa ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, factory.getTrustManagers(), null);
        return client;
    }

    private static SSLSocket open(LocalCa ca, int port, String host, boolean checkName) throws Exception {
        SSLSocket socket = (SSLSocket) trusting(ca).getSocketFactory().createSocket(new Socket("127.0.0.1", port),
                host, port, true);
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        if (checkName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate certificate(LocalCa ca, int port, String host) throws Exception {
        try (SSLSocket socket = open(ca, port, host, false)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** GET / over TLS with the host name checked, as curl --cacert does; the whole answer. */
    private static String exchange(LocalCa ca, int port, String host, boolean checkName) throws Exception {
        try (SSLSocket socket = open(ca, port, host, checkName)) {
            return request(socket.getOutputStream(), socket.getInputStream(), host, "/");
        }
    }

    private static String plainRequest(int port, String host, String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            return request(socket.getOutputStream(), socket.getInputStream(), host, target);
        }
    }

    private static String request(OutputStream out, InputStream in, String host, String target) throws Exception {
        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
