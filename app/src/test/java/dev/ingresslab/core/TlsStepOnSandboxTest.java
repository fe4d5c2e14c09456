package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.TlsSecretIssuer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chapter's TLS step in one action on the sandbox: applying {@code tls} issues its Secret {@code alpaca-tls}
 * from the local CA when it is missing, so the session's https listener serves alpaca.example.com with a certificate
 * a client trusting the CA file accepts (JDK handshake with the name checked, and curl {@code --cacert --resolve}),
 * on a fresh data directory whose CA is made while the sandbox starts ({@link LocalHttps#whileStarting}); a Secret of
 * that name the user made is kept and served as it is.
 */
class TlsStepOnSandboxTest {

    private static final String HOST = "alpaca.example.com";

    @TempDir
    Path data;

    @Test
    void theTlsStepIssuesItsMissingSecretAndKeepsTheUsersOwn() throws Exception {
        // as demo does, on a fresh data directory: the local CA made while the sandbox starts
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data).withProxy(LocalHttps.whileStarting(
                ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), data, 0));
        LocalCa someoneElses = LocalCa.loadOrCreate(data.resolve("other-ca"), "someone@else");
        try (LabSession session = LabSession.start(new Source.Sandbox(true), options, event -> { })) {
            LocalCa ca = LocalCa.load(data).orElseThrow(); // made by the time the session serves
            int https = session.current().connection().httpsPort();
            assertThat(https).isPositive();
            try (KubernetesClient user = userClient(session)) {
                // the user's own Secret: kept, and served as it is
                IssuedCertificate theirs = someoneElses.issue(List.of(HOST));
                user.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
                        .withName("alpaca-tls").endMetadata().withType("kubernetes.io/tls").withData(Map.of(
                                "tls.crt", base64(theirs.certificatePem()), "tls.key", base64(theirs.keyPem())))
                        .build()).create();
                SampleOutcome kept = session.applySample("tls", Duration.ofSeconds(30));
                assertThat(kept.objects()).anyMatch(line -> line.startsWith("kept Secret default/alpaca-tls"));
                assertThat(awaitServed(someoneElses, https)).isEqualTo(theirs.certificate());

                // without it, the step issues one from the local CA
                user.secrets().inNamespace("default").withName("alpaca-tls").delete();
                SampleOutcome issued = session.applySample("tls", Duration.ofSeconds(30));
                assertThat(issued.succeeded()).isTrue();
                assertThat(issued.objects()).anyMatch(line -> line.startsWith("applied Secret default/alpaca-tls"));
                X509Certificate served = awaitServed(ca, https);
                assertThat(ca.issued(served)).isTrue();
                assertThat(TlsSecretIssuer.dnsNames(served)).containsExactly(HOST);
            }
            String answer = get(ca, https);
            assertThat(answer).startsWith("HTTP/1.1 200");

            Path curl = Path.of("/usr/bin/curl");
            if (Files.isExecutable(curl)) { // as the README says to try it
                Process process = new ProcessBuilder(curl.toString(), "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                        "--cacert", ca.certificateFile().toString(), "--resolve", HOST + ":" + https + ":127.0.0.1",
                        "https://" + HOST + ":" + https + "/").redirectErrorStream(true).start();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("200");
            }
        }
    }

    private static KubernetesClient userClient(LabSession session) throws Exception {
        String kubeconfig = Files.readString(session.kubeconfig().orElseThrow());
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    }

    /** The certificate served for HOST once the table in force has it (the Secret reaches the listener async). */
    private static X509Certificate awaitServed(LocalCa trusted, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (SSLSocket socket = open(trusted, port)) {
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            } catch (javax.net.ssl.SSLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static String get(LocalCa trusted, int port) throws Exception {
        try (SSLSocket socket = open(trusted, port)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A handshake with a fresh context trusting only {@code trusted}, with SNI and the host name checked. */
    private static SSLSocket open(LocalCa trusted, int port) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", trusted.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(new Socket("127.0.0.1", port), HOST,
                port, true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (java.io.IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
