package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTPS listener: real TLS handshakes over loopback, HTTP/2 by ALPN, and routing on the Host header. The
 * certificate is made by the JDK's keytool for the test; the TLS work will supply SNI-chosen certificates.
 */
class ProxyTlsTest {

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithHttp2ByAlpnAndTellsTheBackendItWasHttps() throws Exception {
        TlsPair tls = TlsPair.selfSigned(dir.resolve("proxy.p12"));
        SSLContext server = tls.server();
        SSLContext client = tls.client();

        try (EchoBackend web = EchoBackend.start("web");
             RequestJournal journal = new RequestJournal(100)) {
            var table = new Cluster().serviceAt("default", "web", web.port())
                    .add(TestIngress.named("secure").tls("cert", "secure.example.com")
                            .rule("secure.example.com", p -> p.prefix("/", "web")))
                    .add(TestIngress.named("any-host").prefix("/", "web"))
                    .translate().table();
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), new TlsListener(0, server), table, new DirectConnector(),
                    journal);
            try {
                URI httpsUri = URI.create("https://127.0.0.1:" + proxy.httpsPort() + "/x");
                // HTTP/2 routes on :authority (RFC 9113), which the JDK client takes from the URI: a host-less rule.
                HttpResponse<String> response = HttpClient.newBuilder().sslContext(client)
                        .version(HttpClient.Version.HTTP_2).build().send(HttpRequest.newBuilder(httpsUri)
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> byHost = HttpClient.newBuilder().sslContext(client)
                        .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(httpsUri)
                                .header("Host", "secure.example.com").timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + proxy.httpPort() + "/x")).header("Host", "secure.example.com").build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) echo(response.body()).get("headers");
                assertThat(headers).containsEntry("X-forwarded-proto", "https");
                assertThat(response.headers().firstValue("X-Ingress-Lab-Route")).hasValueSatisfying(
                        route -> assertThat(route).startsWith("default/any-host"));
                assertThat(byHost.statusCode()).as("no redirect loop over https").isEqualTo(200);
                assertThat(byHost.headers().firstValue("X-Ingress-Lab-Route")).hasValueSatisfying(
                        route -> assertThat(route).startsWith("default/secure rule 0 path 0"));
                assertThat(plain.statusCode()).as("plain HTTP to a TLS host is redirected").isEqualTo(308);
            } finally {
                proxy.close();
            }
        }
    }

    /** A PKCS#12 key store with a self-signed EC certificate for 127.0.0.1 and secure.example.com. */
    /** A server context with a self-signed certificate for {@code localhost}, and a client context that trusts it. */
    record TlsPair(SSLContext server, SSLContext client) {
        static TlsPair selfSigned(Path file) throws Exception {
            KeyStore keys = ProxyTlsTest.selfSigned(file);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
            keyManagers.init(keys, "changeit".toCharArray());
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return new TlsPair(server, client);
        }
    }

    static KeyStore selfSigned(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "proxy", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=secure.example.com", "-ext",
                "SAN=dns:secure.example.com,ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12", "-keystore",
                file.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
