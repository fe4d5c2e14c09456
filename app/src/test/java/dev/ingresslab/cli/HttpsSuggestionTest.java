package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The https commands {@code up}, {@code serve} and {@code demo} print: pasted into bash as printed, curl checks the
 * certificate against the local CA file and reaches the proxy's https port by {@code --resolve}.
 */
class HttpsSuggestionTest {

    @TempDir
    Path dir;

    @Test
    void thePrintedHttpsCurlWorksWhenPastedIntoBash() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl");
        Path data = dir.resolve("it's data"); // a path that needs quoting
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data).withProxy(LocalHttps.on(
                ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), data, 0));
        LocalCa ca = LocalCa.load(data).orElseThrow();
        IssuedCertificate issued = ca.issue(List.of("alpaca.example.com"));
        Path secret = dir.resolve("secret.yaml");
        Files.writeString(secret, """
                apiVersion: v1
                kind: Secret
                metadata: {name: alpaca-tls}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                """.formatted(base64(issued.certificatePem()), base64(issued.keyPem())));
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(
                Path.of("../samples/ch8/services.yaml"), Path.of("../samples/ch8/tls-ingress.yaml"), secret)),
                options, event -> { })) {
            int https = session.current().connection().httpsPort();
            Path caFile = data.resolve(LocalCa.CERTIFICATE_FILE);
            String line = CurlSuggestion.httpsLine(session.current().translation().table(), https, caFile)
                    .orElseThrow();
            assertThat(line).isEqualTo("try: curl --cacert '" + caFile.toString().replace("'", "'\\''")
                    + "' --resolve alpaca.example.com:" + https + ":127.0.0.1 https://alpaca.example.com:" + https
                    + "/");
            // the backend has no endpoints here: 503 from the proxy, after a handshake curl checked by name
            assertThat(bash(line.substring("try: ".length()) + " -s -o /dev/null -w '%{http_code}'"))
                    .isEqualTo("503");

            List<String> guide = new DemoGuide("http://127.0.0.1:8080", dir.resolve("kubeconfig"),
                    new Checkout(null, dir), true, https, caFile).lines();
            assertThat(guide).contains(DemoGuide.COMMAND + line.substring("try: ".length()))
                    .contains(DemoGuide.COMMAND + "ingress-lab samples deploy --step tls --context"
                            + " ingress-lab-sandbox")
                    .contains(DemoGuide.COMMAND + "ingress-lab tls trust");
            assertThat(CurlSuggestion.httpsLine(session.current().translation().table(), 0, caFile))
                    .as("no line without an https listener").isEmpty();
        }
        assertThat(new DemoGuide("http://127.0.0.1:8080", dir.resolve("kubeconfig"), new Checkout(null, dir), true)
                .lines()).noneMatch(text -> text.contains("https"));
    }

    private static String bash(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
