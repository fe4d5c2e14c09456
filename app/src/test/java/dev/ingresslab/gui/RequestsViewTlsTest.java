package dev.ingresslab.gui;

import dev.ingresslab.core.ServeFixtures;
import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Requests view's TLS parts on a real session serving https (a LabSession on files with a TLS Secret of the local
 * CA, the https listener on an ephemeral port): a request over TLS with SNI, by the JDK's client trusting only that
 * CA, shows {@code https} in the Scheme column and, in its details, the SNI name and the certificate served (Secret,
 * subject, names, issuer, expiry); a plain request shows {@code http} and no TLS section. A screenshot.
 */
@ExtendWith(ApplicationExtension.class)
class RequestsViewTlsTest {

    private static final String HOST = "alpaca.example.com";

    @TempDir
    static Path dir;
    private static HttpServer backend;
    private static LabSession session;
    private static LocalCa ca;

    private RequestsModel model;
    private IngressLabApp.Opened app;

    @BeforeAll
    static void startSession() throws Exception {
        backend = ServeFixtures.backend("alpaca");
        Path data = Files.createDirectories(dir.resolve("data"));
        ProxySettings settings = ServeFixtures.loopbackProxy()
                .withIoThreads(2);
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withReloadInterval(Duration.ofSeconds(30)).withProxy(LocalHttps.on(settings, data, 0));
        ca = LocalCa.load(data).orElseThrow(); // made by LocalHttps.on, on first use
        session = LabSession.start(new Source.Manifests(List.of(manifests())), options);
    }

    @AfterAll
    static void stopSession() {
        if (session != null) {
            session.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static Path manifests() throws Exception {
        IssuedCertificate issued = ca.issue(List.of(HOST));
        Base64.Encoder base64 = Base64.getEncoder();
        return Files.writeString(dir.resolve("tls.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: alpaca}
                spec: {ports: [{port: 8080}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: alpaca-1, labels: {kubernetes.io/service-name: alpaca}}
                addressType: IPv4
                ports: [{port: %d}]
                endpoints: [{addresses: [127.0.0.1]}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: alpaca-tls}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
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
                """.formatted(backend.getAddress().getPort(),
                base64.encodeToString(issued.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                base64.encodeToString(issued.keyPem().getBytes(StandardCharsets.US_ASCII))));
    }

    @Start
    void start(Stage stage) throws Exception {
        GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(Files.createTempDirectory(dir,
                "gui-data")), new Source.Sandbox(false), Optional.of(session), false);
        app = IngressLabApp.open(stage, start, url -> { });
        app.window().show("requests");
        model = ((RequestsView) app.window().view("requests")).model();
    }

    @Test
    void anHttpsRequestWithSniShowsItsSchemeAndTheCertificateServed(FxRobot robot) throws Exception {
        int httpsPort = session.current().connection().httpsPort();
        int httpPort = session.current().connection().httpPort();
        assertThat(httpsPort).as("the session serves https").isPositive();

        String answer = httpsGet(httpsPort, "/wool");
        plainGet(httpPort, "/plain"); // plain HTTP to a TLS host: the 308 to https
        assertThat(answer).startsWith("HTTP/1.1 200");
        await(() -> model.rows().size() >= 2);

        TableView<RequestRecord> table = robot.lookup("#requests-table").queryAs(TableView.class);
        assertThat(table.getColumns()).extracting(TableColumn::getText).contains("Scheme");
        RequestRecord tls = model.rows().stream().filter(r -> r.target().equals("/wool")).findFirst().orElseThrow();
        RequestRecord plain = model.rows().stream().filter(r -> r.target().equals("/plain")).findFirst()
                .orElseThrow();
        assertThat(tls.scheme()).isEqualTo("https");
        assertThat(plain.scheme()).isEqualTo("http");
        await(() -> robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .anyMatch(cell -> "https".equals(cell.getText())));

        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(tls)).get(10, TimeUnit.SECONDS);
        await(() -> detailsNow(robot).contains("SNI"));
        String details = detailsText(robot);

        assertThat(details).contains("TLS").contains("SNI " + HOST).contains("Certificate Secret default/alpaca-tls")
                .contains("Subject CN=" + HOST).contains("Names " + HOST)
                .contains("Issuer " + ca.certificate().getSubjectX500Principal().getName())
                .contains("Expires ").contains("(valid when served)");
        Path picture = Screenshots.take(robot.window(0).getScene(), "requests-tls");
        assertThat(picture).isRegularFile();

        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(plain)).get(10, TimeUnit.SECONDS);
        await(() -> detailsNow(robot).contains("/plain"));
        assertThat(detailsText(robot)).doesNotContain("SNI");
    }

    /**
     * Session 11's newcomer: an https row's replay opened with its https URL, which Send refused ("use http").
     * It now goes over TLS to the HTTPS listener, SNI = the host, the certificate checked against the local CA.
     */
    @Test
    void anHttpsRowIsReplayedOverTlsToTheHttpsListener(FxRobot robot) throws Exception {
        httpsGet(session.current().connection().httpsPort(), "/fleece");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/fleece")));
        RequestRecord original = model.rows().stream().filter(r -> r.target().equals("/fleece")).findFirst()
                .orElseThrow();
        TableView<RequestRecord> table = robot.lookup("#requests-table").queryAs(TableView.class);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(original)).get(5, TimeUnit.SECONDS);

        robot.clickOn("#replay-button");
        assertThat(robot.lookup("#replay-url").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("https://" + HOST + "/fleece");
        robot.clickOn("#replay-send");

        await(() -> {
            RequestRecord selected = table.getSelectionModel().getSelectedItem();
            return selected != null && selected.requestId().startsWith("replay-");
        });
        RequestRecord replayed = table.getSelectionModel().getSelectedItem();
        assertThat(replayed.scheme()).isEqualTo("https");
        assertThat(replayed.target()).isEqualTo("/fleece");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.route()).isEqualTo(original.route());
        assertThat(robot.lookup("#requests-note").queryAs(Label.class).getText())
                .startsWith("replayed: 200 OK by " + original.route()).contains("the same rule as the original");
        await(() -> detailsNow(robot).contains("SNI " + HOST));
        assertThat(detailsText(robot)).contains("Certificate Secret default/alpaca-tls");
    }

    /** A certificate the replay cannot check (here: the local CA not trusted) fails the send and says what to do. */
    @Test
    void anHttpsReplayWhoseCertificateIsNotTrustedSaysSoAndOffersHttp() throws Exception {
        var connection = session.current().connection();
        var https = new dev.ingresslab.core.requests.ReplayClient.Https(
                dev.ingresslab.core.requests.ProxyAddress.https(connection).orElseThrow(),
                dev.ingresslab.core.requests.ReplayTrust.context(dir.resolve("no-such-ca.pem")));
        var client = new dev.ingresslab.core.requests.ReplayClient(
                dev.ingresslab.core.requests.ProxyAddress.of(connection).orElseThrow(), https, Duration.ofSeconds(5));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(
                        dev.ingresslab.core.requests.ReplayRequest.parse("GET", "https://" + HOST + "/", "", ""), "r1"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("the TLS handshake with the proxy's HTTPS listener at 127.0.0.1:"
                        + connection.httpsPort() + " for " + HOST + " failed")
                .hasMessageEndingWith("replay it as http:// instead");
    }

    /** The details pane's labels, in order, each label and its value joined by a space (from the test thread). */
    private static String detailsText(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> detailsNow(robot)).get(10, TimeUnit.SECONDS);
    }

    /** As {@link #detailsText}, on the FX thread. */
    private static String detailsNow(FxRobot robot) {
        StringBuilder text = new StringBuilder();
        collect(robot.lookup("#request-details").query(), text);
        return text.toString();
    }

    private static void collect(Node node, StringBuilder text) {
        if (node instanceof Label label) {
            text.append(label.getText()).append(label.getStyleClass().contains("details-label") ? " " : "\n");
        }
        if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, text));
        }
    }

    /** GET over TLS with SNI and the host name checked, trusting only the local CA (a fresh context). */
    private static String httpsGet(int port, String target) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(new Socket("127.0.0.1", port),
                HOST, port, true)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            return exchange(socket, target);
        }
    }

    private static String plainGet(int port, String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            return exchange(socket, target);
        }
    }

    private static String exchange(Socket socket, String target) throws Exception {
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + HOST
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(10, TimeUnit.SECONDS);
        });
    }
}
