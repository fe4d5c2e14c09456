package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.ServeFixtures;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.route.Origin;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Problems view's links across kinds: an Ingress and an HTTPRoute of one name (as {@code convert} makes them),
 * each with a finding; the HTTPRoute's line names its kind, and its link selects the HTTPRoute's route in Routes,
 * the Ingress's line the Ingress's route.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProblemsViewKindsTest {

    /** With a Service in the files, the backends are checked: each object's Service is missing, a finding each. */
    private static final String OBJECTS = """
            apiVersion: v1
            kind: Service
            metadata: {name: other, namespace: default}
            spec: {ports: [{port: 80}]}
            ---
            """ + ServeFixtures.LAB_GATEWAY + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: default}
            spec:
              ingressClassName: ingress-lab
              rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix,
                backend: {service: {name: ingress-gone, port: {number: 80}}}}]}}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: default}
            spec:
              parentRefs: [{name: lab}]
              hostnames: [b.example.com]
              rules: [{backendRefs: [{name: route-gone, port: 80}]}]
            """;

    @TempDir
    static Path data;
    private static LabSession session;
    private static SessionOptions options;

    @BeforeAll
    static void serve() throws Exception {
        Path objects = Files.writeString(data.resolve("web.yaml"), OBJECTS);
        options = SessionOptions.defaults().withDataDirectory(data.resolve("home"))
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        session = LabSession.start(new Source.Manifests(List.of(objects)), options);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private IngressLabApp.Opened app;

    @Start
    void start(Stage stage) {
        app = IngressLabApp.open(stage, new GuiStart(options, new Source.Sandbox(false), Optional.of(session), false),
                url -> { });
    }

    @Test
    void eachLinkRevealsTheRoutesOfItsOwnKind(FxRobot robot) throws Exception {
        robot.interact(() -> app.window().show("problems"));
        awaitFx(() -> app.context().problems().problems().stream().map(ProblemsModel.Problem::object).toList()
                .containsAll(List.of("Ingress default/web", "HTTPRoute default/web")));

        robot.clickOn("HTTPRoute default/web");
        awaitFx(() -> "routes".equals(app.window().shownProperty().get()));
        assertThat(onFx(() -> app.context().routes().selectedProperty().get().origin()))
                .extracting(Origin::kind, Origin::objectName).containsExactly("HTTPRoute", "default/web");

        robot.interact(() -> app.window().show("problems"));
        robot.clickOn("Ingress default/web");
        awaitFx(() -> "routes".equals(app.window().shownProperty().get()));
        assertThat(onFx(() -> app.context().routes().selectedProperty().get().origin()))
                .extracting(Origin::kind, Origin::objectName).containsExactly("Ingress", "default/web");
    }

    private static void awaitFx(FxCalls.Check check) throws Exception {
        FxCalls.await(java.time.Duration.ofSeconds(60), check, () -> "the problems " + List.copyOf(
                new FxRobot().lookup("#problems-table").queryTableView().getItems()));
    }
}
