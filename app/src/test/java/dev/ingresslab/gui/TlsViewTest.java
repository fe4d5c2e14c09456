package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.tls.HostCertificate;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.trust.TrustStep;
import dev.ingresslab.tls.trust.TrustStore;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #16 §8: the TLS pane on a real sandbox, headless, driven by clicks; Ingresses and Secrets are applied with the
 * real kubectl. The chapter's TLS Ingress shows its host without a certificate and the TLSSecretNotFound diagnostic
 * with its fix; Issue makes the Secret, and the row then shows the local CA as issuer with the SANs and days left.
 * A Secret the user made is never overwritten by Issue, and the pane says so. Trust runs each trust store's step
 * (a fake store behind the interface records the call) and shows the sudo commands to copy. The CA lives in a
 * temporary data directory. A Gateway HTTPS listener without {@code hostname} (it serves any SNI name) gets its rows
 * too, named by its Gateway and listener, and is not offered for Issue, even where an Ingress has its name.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsViewTest {

    @TempDir
    static Path shared;
    private static LabSession session;
    private static SessionOptions options;

    private IngressLabApp.Opened app;
    private TlsModel model;
    private final RecordingStore store = new RecordingStore();

    @BeforeAll
    static void serve() throws Exception {
        Path data = Files.createDirectories(shared.resolve("data"));
        // an https listener, so that a Gateway's HTTPS listeners are served (the local CA is made here)
        options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(LocalHttps.on(ProxySettings.defaults().withHttpPort(0), data, 0));
        session = LabSession.start(new Source.Sandbox(false), options);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        app = IngressLabApp.open(stage, new GuiStart(options, new Source.Sandbox(false), Optional.of(session), false),
                url -> { });
        app.window().show("tls");
        TlsView view = (TlsView) app.window().view("tls");
        model = view.model();
        model.useTrustStores(() -> List.of(store));
        model.refresh();
    }

    @Test
    void aTlsIngressWithoutItsSecretThenIssueByClickGivesItACertificateOfTheLocalCa(FxRobot robot) throws Exception {
        await(() -> model.certificates().isEmpty());
        assertThat(texts(robot, "#tls-table .label")).contains("No Ingress has a tls section");

        kubectl("apply", "--validate=false", "-f", Path.of("..", "samples", "ch8", "tls-ingress.yaml")
                .toAbsolutePath().normalize().toString());
        await(() -> model.certificates().size() == 1 && model.diagnostics().stream()
                .anyMatch(diagnostic -> diagnostic.reason().equals("TLSSecretNotFound")));
        HostCertificate missing = model.certificates().get(0);
        assertThat(missing.host()).isEqualTo("alpaca.example.com");
        assertThat(missing.from()).isEqualTo("Ingress default/tls-ingress");
        assertThat(missing.secret()).isEmpty();
        assertThat(missing.problem()).contains("default/alpaca-tls");
        assertThat(texts(robot, "#tls-diagnostics .label")).anyMatch(text -> text.startsWith("TLSSecretNotFound"))
                .anyMatch(text -> text.contains("./ingress-lab tls issue alpaca.example.com --namespace default"
                        + " --secret alpaca-tls"));
        assertThat(texts(robot, "#tls-ingresses .label")).anyMatch(text -> text.startsWith(
                "Ingress default/tls-ingress: alpaca.example.com — needs a certificate (cluster ingress-lab-sandbox)"));

        robot.clickOn("#tls-issue-default-tls-ingress");

        await(() -> model.certificates().size() == 1 && model.certificates().get(0).ourCa());
        HostCertificate issued = table(robot).getItems().get(0);
        assertThat(issued.secret()).isEqualTo("default/alpaca-tls");
        assertThat(issued.names()).containsExactly("alpaca.example.com");
        assertThat(issued.daysLeft()).isBetween(823L, 825L);
        assertThat(issued.expiry()).contains("days left");
        // the Expires column shows the date (whole at any width), its days left in the cell's tooltip
        await(() -> robot.lookup("#tls-table .table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .anyMatch(cell -> cell.getTableColumn() != null && cell.getTableColumn().getText().equals("Expires")
                        && issued.notAfter().orElseThrow().toString().substring(0, 10).equals(cell.getText())
                        && cell.getTooltip() != null && cell.getTooltip().getText().equals(issued.expiry())));
        assertThat(issued.problem()).as("none, or only that this machine does not trust the local CA yet")
                .satisfiesAnyOf(problem -> assertThat(problem).isEmpty(),
                        problem -> assertThat(problem).contains("run `./ingress-lab tls trust`"));
        assertThat(text(robot, "#tls-message")).startsWith("Issue for Ingress default/tls-ingress on cluster"
                + " ingress-lab-sandbox: 1 Secret written");
        assertThat(text(robot, "#tls-problem")).isEmpty();
        await(() -> model.diagnostics().stream().noneMatch(diagnostic -> diagnostic.reason()
                .equals("TLSSecretNotFound")));
        assertThat(kubectl("get", "secret", "alpaca-tls", "-o", "jsonpath={.type} {.metadata.labels}"))
                .startsWith("kubernetes.io/tls").contains("ingress-lab");
        LocalCa ca = LocalCa.load(options.dataDirectory()).orElseThrow();
        assertThat(text(robot, "#tls-ca")).contains(ca.certificateFile().toString()).contains(ca.fingerprint());
        Screenshots.take(robot.window(0).getScene(), "tls");

        // a Secret the user made is never overwritten: Issue says so, and what to do
        kubectl("apply", "--validate=false", "-f", Files.writeString(shared.resolve("user.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: user-cert, namespace: default}
                type: Opaque
                data: {note: bWluZQ==}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: user-tls, namespace: default}
                spec:
                  tls: [{hosts: [llama.example.com], secretName: user-cert}]
                  rules:
                    - host: llama.example.com
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: llama, port: {number: 80}}}}]}
                """).toString());
        await(() -> model.ingresses().size() == 2);
        robot.clickOn("#tls-issue-default-user-tls");
        await(() -> text(robot, "#tls-problem").contains("Secret default/user-cert was not made by Ingress Lab"));
        assertThat(text(robot, "#tls-problem")).contains("kubectl delete secret user-cert -n default");
        assertThat(kubectl("get", "secret", "user-cert", "-o", "jsonpath={.type} {.data.note}"))
                .isEqualTo("Opaque bWluZQ==");
    }

    @Test
    void aGatewayListenerWithoutHostnameIsListedAsAnyNameWithItsCertificateAndIsNotOfferedForIssue(FxRobot robot)
            throws Exception {
        IssuedCertificate issued = LocalCa.loadOrCreate(shared.resolve("other-ca"), "gateway test")
                .issue(List.of("any.example.com"));
        Base64.Encoder base64 = Base64.getEncoder();
        Path manifest = Files.writeString(shared.resolve("gateway.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: ingress-lab}
                spec: {controllerName: ingress-lab.dev/controller}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: any-cert, namespace: default}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: tls-ingress, namespace: default}
                spec:
                  gatewayClassName: ingress-lab
                  listeners:
                    - name: http
                      protocol: HTTP
                      port: 80
                    - name: https
                      protocol: HTTPS
                      port: 443
                      tls: {certificateRefs: [{name: any-cert}]}
                """.formatted(base64.encodeToString(issued.certificatePem().getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(issued.keyPem().getBytes(StandardCharsets.UTF_8))));
        String ingress = Path.of("..", "samples", "ch8", "tls-ingress.yaml").toAbsolutePath().normalize().toString();
        try {
            // the Gateway has the name of the chapter's TLS Ingress: the two must stay apart
            kubectl("apply", "--validate=false", "-f", manifest.toString(), "-f", ingress);
            await(() -> model.certificates().stream().anyMatch(HostCertificate::anyName)
                    && model.ingresses().stream().anyMatch(row -> row.ingress().equals("default/tls-ingress")));

            HostCertificate any = model.certificates().stream().filter(HostCertificate::anyName).findFirst()
                    .orElseThrow();
            assertThat(model.certificates().get(model.certificates().size() - 1)).as("tried last, listed last")
                    .isEqualTo(any);
            assertThat(any.hostDisplay()).isEqualTo("any name (listener without hostname)");
            assertThat(any.from()).isEqualTo("Gateway default/tls-ingress listener 1");
            assertThat(any.secret()).isEqualTo("default/any-cert");
            assertThat(any.names()).containsExactly("any.example.com");
            assertThat(any.ourCa()).isFalse();
            assertThat(any.issuer()).contains("gateway test");
            assertThat(any.expiry()).contains("days left");
            List<String> cells = robot.lookup("#tls-table .table-cell").queryAllAs(Labeled.class).stream()
                    .map(Labeled::getText).toList();
            assertThat(cells).contains("any name (listener without hostname)",
                    "Gateway default/tls-ingress listener 1", "default/any-cert", "Ingress default/tls-ingress");
            assertThat(model.ingresses()).as("Issue writes an Ingress's Secrets, never a Gateway's")
                    .filteredOn(row -> row.ingress().equals("default/tls-ingress")).singleElement()
                    .satisfies(row -> assertThat(row.hosts()).containsExactly("alpaca.example.com"));
        } finally {
            kubectl("delete", "--ignore-not-found", "-f", ingress);
            kubectl("delete", "--ignore-not-found", "gateway", "tls-ingress");
            kubectl("delete", "--ignore-not-found", "secret", "any-cert");
        }
        await(() -> model.certificates().stream().noneMatch(row -> row.origin().name().equals("tls-ingress")));
    }

    @Test
    void trustRunsEachStoreOffTheFxThreadAndShowsTheSudoCommandsToCopy(FxRobot robot) throws Exception {
        robot.clickOn("#tls-trust");

        await(() -> !model.busyProperty().get() && !model.steps().isEmpty());
        assertThat(store.calls).hasSize(1);
        assertThat(store.calls.get(0)).startsWith("trust ").endsWith(options.dataDirectory().resolve("ca.pem")
                .toString());
        assertThat(store.threads).noneMatch(name -> name.contains("JavaFX Application Thread"));
        String steps = robot.lookup("#tls-steps").queryAs(TextArea.class).getText();
        assertThat(steps).contains("Fake store (/tmp/anchors): needs administrator rights")
                .contains("    sudo cp " + options.dataDirectory().resolve("ca.pem") + " /tmp/anchors/lab.crt");
        assertThat(text(robot, "#tls-problem")).contains("1 store needs administrator rights: copy the sudo commands");
        await(() -> texts(robot, "#tls-trust-states .label").stream().anyMatch(text -> text.contains(
                "Fake store (/tmp/anchors): not trusted")));

        robot.clickOn("#tls-untrust");
        await(() -> store.calls.size() >= 2 && !model.busyProperty().get());
        assertThat(store.calls).anyMatch(call -> call.startsWith("untrust "));
    }

    /** A trust store that records each call (and its thread), and needs root as the Linux system store does. */
    private static final class RecordingStore implements TrustStore {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "Fake store (/tmp/anchors)";
        }

        @Override
        public boolean present() {
            return true;
        }

        @Override
        public TrustStep status(LocalCa ca) {
            threads.add(Thread.currentThread().getName());
            return new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "", List.of());
        }

        @Override
        public TrustStep trust(LocalCa ca) {
            calls.add("trust " + ca.certificateFile());
            threads.add(Thread.currentThread().getName());
            return new TrustStep(name(), TrustStep.State.NEEDS_PRIVILEGE, "/tmp/anchors is root's: run these with"
                    + " sudo", List.of(List.of("sudo", "cp", ca.certificateFile().toString(), "/tmp/anchors/lab.crt")));
        }

        @Override
        public TrustStep untrust(LocalCa ca) {
            calls.add("untrust " + ca.certificateFile());
            threads.add(Thread.currentThread().getName());
            return new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "not in /tmp/anchors", List.of());
        }
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--request-timeout=60s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", session.kubeconfig().orElseThrow().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
        return output;
    }

    @SuppressWarnings("unchecked")
    private static TableView<HostCertificate> table(FxRobot robot) {
        return robot.lookup("#tls-table").queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static List<String> texts(FxRobot robot, String query) {
        return robot.lookup(query).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }
}
