package dev.ingresslab.proxy;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.route.Listener;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.RouteTableBuilder;
import dev.ingresslab.tls.CertificateProfile;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.X509Issuer;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Gateway's HTTPS listener end to end: real TLS handshakes with SNI over loopback, through the real proxy, to a
 * real backend. The listener has hostname {@code *.example.com} and three certificateRefs (an ECDSA and an RSA
 * certificate for {@code *.example.com}, an ECDSA one for {@code api.team.example.com}); an HTTPRoute is attached to
 * it, and the HTTP listener's HTTPRoute redirects to it with RequestRedirect scheme https (ingress-semantics.md §9.5).
 * Asserted: the certificate served per SNI name and key type, the route taken and what the backend is told, an
 * unknown name's fallback certificate (docs/routing.md §9: the listener's fallback, which names no host of the user's,
 * so a verifying client refuses it), and the redirect's Location and port. Every handshake uses a fresh client
 * context: TLS 1.3 resumption with a reused one would skip the server's choice.
 */
@Timeout(120)
class GatewayHttpsProxyTest {

    private static KeyPair caKeys;
    private static X509Certificate ca;
    private static X509Certificate wildEc;
    private static X509Certificate wildRsa;
    private static X509Certificate teamEc;
    private static TlsCertificate fallback;
    private static RecordingBackend backend;
    private static RequestJournal journal;
    private static ProxyServer proxy;
    private static Translation translation;

    @BeforeAll
    static void start() throws Exception {
        caKeys = X509Issuer.newKeyPair();
        Instant now = Instant.now();
        ca = X509Issuer.selfSigned(new CertificateProfile("Gateway Test CA", null, List.of(), List.of(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), true, false), caKeys);
        KeyPair ecKey = X509Issuer.newKeyPair();
        KeyPair rsaKey = TestCertificates.rsaKey();
        KeyPair teamKey = X509Issuer.newKeyPair();
        wildEc = leaf(ecKey, "*.example.com");
        wildRsa = leaf(rsaKey, "*.example.com");
        teamEc = leaf(teamKey, "api.team.example.com");
        KeyPair fallbackKey = X509Issuer.newKeyPair();
        fallback = TlsCertificates.fromPem(pem(leaf(fallbackKey, "ingress-lab.invalid")).getBytes(
                StandardCharsets.US_ASCII), PemEncoding.privateKey(fallbackKey.getPrivate()).getBytes(
                StandardCharsets.US_ASCII), new SecretRef("ingress-lab", "fallback"), true);
        backend = RecordingBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nbackend");
        journal = new RequestJournal(100);
        proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)
                        .withIoThreads(1), TlsListener.sni(0, fallback),
                new RouteTableBuilder(List.of(Listener.http(0))).build(), new DirectConnector(), journal);
        // the objects name the https port the proxy bound: its redirect sends clients there
        String yaml = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: lab}
                spec: {controllerName: ingress-lab.dev/controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web, namespace: default}
                spec:
                  gatewayClassName: lab
                  listeners:
                  - {name: http, protocol: HTTP, port: 80}
                  - name: https
                    protocol: HTTPS
                    port: 443
                    hostname: "*.example.com"
                    tls: {certificateRefs: [{name: wild-ec}, {name: wild-rsa}, {name: team-ec}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: app, namespace: default}
                spec:
                  parentRefs: [{name: web, sectionName: https}]
                  hostnames: [app.example.com, api.team.example.com]
                  rules:
                  - backendRefs: [{name: echo, port: 80}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: to-https, namespace: default}
                spec:
                  parentRefs: [{name: web, sectionName: http}]
                  hostnames: [app.example.com]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /well-known-port}}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]
                  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, port: %d}}]
                """.formatted(proxy.httpsPort())
                + secret("wild-ec", wildEc, ecKey) + secret("wild-rsa", wildRsa, rsaKey)
                + secret("team-ec", teamEc, teamKey) + HttpRouteProxyTest.service("echo", backend.port());
        ManifestReading reading = new ManifestLoader(new ByteArrayInputStream(new byte[0])).readText("gw.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        translation = RouteCompiler.standard(TranslatorSettings.defaults().withHttpsPort(proxy.httpsPort()))
                .compile(reading.set().toInput());
        proxy.swap(translation.table());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static X509Certificate leaf(KeyPair key, String... names) {
        Instant now = Instant.now();
        return X509Issuer.issue(new CertificateProfile(names[0], null, List.of(names), List.of(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false, true), key.getPublic(), ca,
                caKeys.getPrivate());
    }

    private static String pem(X509Certificate certificate) {
        return PemEncoding.certificates(List.of(certificate));
    }

    private static String secret(String name, X509Certificate certificate, KeyPair key) {
        Base64.Encoder base64 = Base64.getEncoder();
        return """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: default}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                """.formatted(name, base64.encodeToString(pem(certificate).getBytes(StandardCharsets.US_ASCII)),
                base64.encodeToString(PemEncoding.privateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII)));
    }

    /** A client context, new each time, that trusts the test CA only. */
    private static SSLContext client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Opens a TLS connection to the https port with {@code sni} (verified against the certificate when
     * {@code verify}), limited to {@code cipherSuites} over TLS 1.2 when some are given.
     */
    private static SSLSocket connect(String sni, boolean verify, String... cipherSuites) throws Exception {
        Socket tcp = new Socket("127.0.0.1", proxy.httpsPort());
        SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket(tcp, sni, proxy.httpsPort(), true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (cipherSuites.length > 0) {
            parameters.setProtocols(new String[]{"TLSv1.2"});
            parameters.setCipherSuites(cipherSuites);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate served(String sni, boolean verify, String... cipherSuites) throws Exception {
        try (SSLSocket socket = connect(sni, verify, cipherSuites)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Sends {@code GET target} with {@code Host: host} on {@code socket} and returns the whole answer. */
    private static String get(Socket socket, String host, String target) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theListenerIsServedWithEveryCertificate() {
        var listener = translation.gatewayApi().gateway("default", "web").orElseThrow().listener("https")
                .orElseThrow();
        assertThat(listener.condition("ResolvedRefs").orElseThrow().status()).isTrue();
        assertThat(listener.condition("Programmed").orElseThrow().status()).isTrue();
        assertThat(translation.diagnostics()).isEmpty();
    }

    @Test
    void aNameUnderTheWildcardIsServedItsCertificateAndTheRoute() throws Exception {
        int before = backend.requests.size();
        try (SSLSocket socket = connect("app.example.com", true)) {
            assertThat(socket.getSession().getPeerCertificates()[0]).as("TLS 1.3, the client prefers ECDSA")
                    .isEqualTo(wildEc);
            String answer = get(socket, "app.example.com", "/orders?id=1");
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("backend");
        }
        String head = backend.requests.get(before);
        assertThat(head).startsWith("GET /orders?id=1 HTTP/1.1\r\n").contains("\r\nHost: app.example.com\r\n")
                .contains("\r\nX-Forwarded-Proto: https\r\n", "\r\nX-Forwarded-Port: " + proxy.httpsPort() + "\r\n",
                        "\r\nX-Forwarded-Host: app.example.com\r\n");
    }

    @Test
    void theKeyTypeTheClientAcceptsChoosesBetweenTheEcdsaAndTheRsaCertificate() throws Exception {
        assertThat(served("app.example.com", true, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).as("RSA only")
                .isEqualTo(wildRsa);
        assertThat(served("app.example.com", true, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).as("ECDSA only")
                .isEqualTo(wildEc);
    }

    @Test
    void aNameSeveralLabelsDeepGetsTheCertificateThatNamesIt() throws Exception {
        try (SSLSocket socket = connect("api.team.example.com", true)) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(teamEc);
            assertThat(get(socket, "api.team.example.com", "/")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anUnknownNameGetsTheFallbackCertificateWhichAVerifyingClientRefuses() throws Exception {
        assertThat(served("shop.example.org", false)).isEqualTo(fallback.leaf());
        assertThatThrownBy(() -> served("shop.example.org", true)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("shop.example.org");
        assertThat(served("example.com", false)).as("the wildcard does not cover its bare suffix")
                .isEqualTo(fallback.leaf());
    }

    /** The value of the field {@code name} in an answer's head, or null. */
    private static String header(String answer, String name) {
        for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Test
    void theHttpListenerRedirectsToHttpsAndTheLocationLeadsToTheRoute() throws Exception {
        String moved;
        try (Socket plain = new Socket("127.0.0.1", proxy.httpPort())) {
            plain.setSoTimeout(10_000);
            moved = get(plain, "app.example.com", "/well-known-port/a?b=1");
        }
        assertThat(moved).startsWith("HTTP/1.1 301 ");
        assertThat(header(moved, "Location")).as("scheme https without a port: 443, left out (§9.5)")
                .isEqualTo("https://app.example.com/well-known-port/a?b=1");

        String found;
        try (Socket plain = new Socket("127.0.0.1", proxy.httpPort())) {
            plain.setSoTimeout(10_000);
            found = get(plain, "app.example.com", "/cart?x=2");
        }
        assertThat(found).as("the default status").startsWith("HTTP/1.1 302 ");
        URI location = URI.create(header(found, "Location"));
        assertThat(location.toString()).isEqualTo("https://app.example.com:" + proxy.httpsPort() + "/cart?x=2");
        int before = backend.requests.size();
        try (SSLSocket socket = connect(location.getHost(), true)) {
            assertThat(get(socket, location.getHost() + ":" + location.getPort(), location.getRawPath() + "?"
                    + location.getRawQuery())).startsWith("HTTP/1.1 200").endsWith("backend");
        }
        assertThat(backend.requests.get(before)).startsWith("GET /cart?x=2 HTTP/1.1\r\n");
    }

    @Test
    void theHttpsRouteIsNotServedOnTheHttpListener() throws Exception {
        String answer;
        try (Socket plain = new Socket("127.0.0.1", proxy.httpPort())) {
            plain.setSoTimeout(10_000);
            answer = get(plain, "api.team.example.com", "/");
        }
        assertThat(answer).as("attached to the https listener only").startsWith("HTTP/1.1 404 ");
    }
}
