package dev.ingresslab.proxy;

import dev.ingresslab.route.Listener;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.RouteTableBuilder;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.CertificateProfile;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.SniKeyManager;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.X509Issuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The https listener's SNI choice, with real handshakes over loopback: each host its own certificate on one port,
 * wildcards, the fallback for unknown names and for no name, a table swap changing the certificate, HTTP/2 over
 * ALPN, and the journal naming the certificate served. Every handshake uses a fresh client {@link SSLContext}: TLS
 * 1.3 resumption with a reused one would skip the server's choice.
 */
class SniListenerTest {

    @TempDir
    Path dir;

    private KeyPair caKeys;
    private X509Certificate ca;
    private TlsCertificate fallback;
    private EchoBackend web;
    private RequestJournal journal;
    private ProxyServer proxy;

    @BeforeEach
    void start() throws Exception {
        caKeys = X509Issuer.newKeyPair();
        Instant now = Instant.now();
        ca = X509Issuer.selfSigned(new CertificateProfile("Test CA", null, List.of(), List.of(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), true, false), caKeys);
        fallback = certificate("fallback", "ingress-lab.invalid");
        web = EchoBackend.start("web");
        journal = new RequestJournal(100);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        journal.close();
        web.close();
    }

    private TlsCertificate certificate(String secret, String... names) throws Exception {
        return certificate(secret, List.of(), names);
    }

    private TlsCertificate certificate(String secret, List<String> ips, String... names) throws Exception {
        KeyPair keys = X509Issuer.newKeyPair();
        Instant now = Instant.now();
        X509Certificate leaf = X509Issuer.issue(new CertificateProfile(names[0], null, List.of(names), ips,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false, true), keys.getPublic(), ca,
                caKeys.getPrivate());
        return TlsCertificates.fromPem(PemEncoding.certificates(List.of(leaf)).getBytes(StandardCharsets.US_ASCII),
                PemEncoding.privateKey(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                new SecretRef("default", secret), false);
    }

    /** The routes of an Ingress for a.example.com, b.example.com and *.example.com, with these secure hosts. */
    private RouteTable table(SecureVirtualHost... secure) {
        RouteTable routes = new Cluster().serviceAt("default", "web", web.port())
                .add(TestIngress.named("sites").prefix("/", "web")
                        .rule("a.example.com", p -> p.prefix("/", "web"))
                        .rule("b.example.com", p -> p.prefix("/", "web"))
                        .rule("*.example.com", p -> p.prefix("/", "web"))).translate().table();
        RouteTableBuilder builder = new RouteTableBuilder(List.of(Listener.http(0), Listener.https(0)));
        for (Route route : routes.allRoutes()) {
            builder.addRoute(route);
        }
        for (SecureVirtualHost host : secure) {
            builder.addSecureVirtualHost(host);
        }
        return builder.build();
    }

    private static SecureVirtualHost secure(String host, TlsCertificate certificate) {
        return new SecureVirtualHost(host, Optional.ofNullable(certificate), new Origin("Ingress", "default",
                "sites", Instant.EPOCH, 0, 0));
    }

    private void serve(RouteTable table) {
        proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)
                .withIoThreads(1), TlsListener.sni(0, fallback), table, new DirectConnector(), journal);
    }

    /** A client context, new each time, that trusts the test CA only. */
    private SSLContext client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The leaf the listener presents to a handshake with {@code sni} (none when null), checked for that name. */
    private X509Certificate handshake(String sni, String... protocols) throws Exception {
        Socket tcp = new Socket("127.0.0.1", proxy.httpsPort());
        // layered over the connection as if to the host named: JSSE sends it as SNI and checks the certificate
        // against it (RFC 2818 §3.1, the "HTTPS" identification), as a browser that resolved it to 127.0.0.1 does
        try (SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket(tcp,
                sni == null ? "127.0.0.1" : sni, proxy.httpsPort(), true)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            if (sni != null) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void eachHostOnOnePortGetsItsOwnCertificateAndWildcardsTheirs() throws Exception {
        TlsCertificate a = certificate("a-tls", "a.example.com");
        TlsCertificate b = certificate("b-tls", "b.example.com");
        TlsCertificate wild = certificate("wild-tls", "*.example.com");
        serve(table(secure("a.example.com", a), secure("b.example.com", b), secure("*.example.com", wild)));

        assertThat(handshake("a.example.com")).isEqualTo(a.leaf());
        assertThat(handshake("b.example.com")).isEqualTo(b.leaf());
        assertThat(handshake("c.example.com")).as("one label under the wildcard").isEqualTo(wild.leaf());
        assertThat(handshake("C.Example.COM")).isEqualTo(wild.leaf());
        assertThat(handshake(null)).as("no SNI: the fallback").isEqualTo(fallback.leaf());
        assertThatThrownBy(() -> handshake("x.c.example.com")).as("two labels deep: the fallback, which does not"
                + " name it").isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> handshake("unknown.org")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aSecureHostWithoutACertificateGetsTheFallback() throws Exception {
        serve(table(secure("broken.example.com", null)));

        assertThatThrownBy(() -> handshake("broken.example.com")).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("No subject alternative DNS name matching broken.example.com");
    }

    @Test
    void aTableSwapChangesTheCertificateOfTheNextHandshake() throws Exception {
        TlsCertificate before = certificate("a-tls", "a.example.com");
        TlsCertificate after = certificate("a-tls", "a.example.com");
        serve(table(secure("a.example.com", before)));
        assertThat(handshake("a.example.com")).isEqualTo(before.leaf());

        proxy.swap(table(secure("a.example.com", after)));

        assertThat(handshake("a.example.com")).isEqualTo(after.leaf());
        proxy.swap(table());
        assertThat(handshake(null)).isEqualTo(fallback.leaf());
        assertThatThrownBy(() -> handshake("a.example.com")).as("the Secret is gone from the table")
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void negotiatesTls13AndAcceptsAClientLimitedToTls12() throws Exception {
        TlsCertificate a = certificate("a-tls", "a.example.com");
        serve(table(secure("a.example.com", a)));

        try (SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket("127.0.0.1",
                proxy.httpsPort())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThat(handshake("a.example.com", "TLSv1.2")).isEqualTo(a.leaf());
    }

    @Test
    void offersHttp2ByAlpnOnTheSniListenerAndTheJournalNamesTheCertificateServed() throws Exception {
        TlsCertificate a = certificate("a-tls", "a.example.com");
        // the JDK client sends no SNI to an IP address: its requests get the fallback, which names 127.0.0.1 here
        fallback = certificate("fallback", List.of("127.0.0.1"), "ingress-lab.invalid");
        serve(table(secure("a.example.com", a)));

        try (SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket(
                new Socket("127.0.0.1", proxy.httpsPort()), "a.example.com", proxy.httpsPort(), true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("a.example.com")));
            parameters.setApplicationProtocols(new String[]{"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(a.leaf());
        }
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(client())
                .version(HttpClient.Version.HTTP_2).build().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + proxy.httpsPort() + "/x")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        RequestRecord record = record(1);
        assertThat(record.scheme()).isEqualTo("https");
        assertThat(record.certificate()).isEqualTo("fallback ingress-lab.invalid");
        assertThat(AccessLog.text(record)).as("the access log says https and the certificate served")
                .contains(" GET https://127.0.0.1:" + proxy.httpsPort() + "/x  ")
                .contains("  certificate fallback ingress-lab.invalid  ");
    }

    @Test
    void curlWithResolveAndCacertVerifiesTheHostsCertificate() throws Exception {
        assumeThat(Path.of("/usr/bin/curl")).as("curl is not installed here").exists();
        TlsCertificate a = certificate("a-tls", "a.example.com");
        TlsCertificate b = certificate("b-tls", "b.example.com");
        serve(table(secure("a.example.com", a), secure("b.example.com", b)));
        Path caFile = Files.writeString(dir.resolve("ca.pem"), PemEncoding.certificates(List.of(ca)));

        int served = 0;
        for (String host : List.of("a.example.com", "b.example.com")) {
            String authority = host + ":" + proxy.httpsPort();
            Process curl = new ProcessBuilder("/usr/bin/curl", "-sS", "--http2", "--max-time", "20", "--resolve",
                    authority + ":127.0.0.1", "--cacert", caFile.toString(), "-o", "/dev/null", "-w",
                    "%{http_code} %{http_version}", "https://" + authority + "/").redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(output).isZero();
            assertThat(output).isEqualTo("200 2");
            assertThat(record(++served).certificate()).isEqualTo("default/" + host.charAt(0) + "-tls");
        }
        Process unknown = new ProcessBuilder("/usr/bin/curl", "-sS", "--max-time", "20", "--resolve",
                "c.example.com:" + proxy.httpsPort() + ":127.0.0.1", "--cacert", caFile.toString(),
                "https://c.example.com:" + proxy.httpsPort() + "/").redirectErrorStream(true).start();
        String output = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unknown.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).as("the fallback does not name c.example.com: " + output).isEqualTo(60);
    }

    /** The {@code n}th request journaled (from 1), once it is. */
    private RequestRecord record(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<RequestRecord> records = journal.recent(100);
        while (records.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            records = journal.recent(100);
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(n);
        return records.get(n - 1);
    }
}
