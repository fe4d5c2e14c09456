package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionSnapshot.RouteView;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window opens at once on a sandbox that starts with the chapter's samples (as {@code demo} opens it): the
 * start's progress is shown (title, step, elapsed time, the steps so far) and gives way to the routes once the
 * sandbox serves. Then, with objects applied by the real kubectl: Routes counts endpoints as ready/total (a
 * selectorless Service whose hand-written EndpointSlice lists one ready endpoint of three, and one listing two, none
 * ready), and Problems lists the controller's Event read from the cluster beside the translation's finding, each
 * with a time, the Event's link selecting the Ingress's route. Headless on Monocle; pictures to
 * target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WindowFirstTest {

    @TempDir
    static Path data;

    private static IngressLabApp.Opened app;
    private static final FxRobot ROBOT = new FxRobot();
    /** What the cover showed while the sandbox started, read on the FX thread right after the window opened. */
    private static boolean coverShownAtOpen;
    private static String titleAtOpen;
    private static String stepAtOpen;
    private static Node coverAtOpen;
    private static boolean viewsBuiltAtOpen;
    private static final java.util.concurrent.CompletableFuture<IngressLabApp.Opening> OPENING =
            new java.util.concurrent.CompletableFuture<>();

    @BeforeAll
    static void openTheWindowWhileTheSandboxStarts() throws Exception {
        FxToolkit.registerPrimaryStage();
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        GuiStart start = new GuiStart(options, new Source.Sandbox(true), Optional.empty(), true);
        FxToolkit.setupStage(stage -> {
            // as the app opens it: the start's progress first, the views after the first frame
            IngressLabApp.Opening opening = IngressLabApp.begin(stage, start, url -> { });
            Node cover = stage.getScene().lookup("#startup");
            coverAtOpen = cover;
            coverShownAtOpen = cover != null && cover.isVisible();
            titleAtOpen = ((Labeled) stage.getScene().lookup("#startup-title")).getText();
            stepAtOpen = ((Labeled) stage.getScene().lookup("#startup-step")).getText();
            viewsBuiltAtOpen = stage.getScene().lookup("#sidebar") != null || stage.getScene().lookup("#content")
                    != null || opening.isComplete();
            OPENING.complete(opening);
            opening.completeAfterFirstFrame();
        });
        IngressLabApp.Opening opening = OPENING.get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(opening::isComplete)
                .get(10, TimeUnit.SECONDS));
        app = WaitForAsyncUtils.asyncFx(opening::complete).get(10, TimeUnit.SECONDS); // the one built, not another
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.context().session().closeNow();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(1)
    void theWindowShowsTheStartsProgressThenTheRoutes() {
        assertThat(coverShownAtOpen).as("the progress covers the views as soon as the window opens").isTrue();
        assertThat(viewsBuiltAtOpen).as("the first frame has the progress only: the views come after it").isFalse();
        assertThat(onFx(() -> app.stage().getScene().lookup("#startup")))
                .as("the same progress, moved over the views").isSameAs(coverAtOpen);
        assertThat(onFx(() -> app.stage().getScene().lookup("#sidebar"))).isNotNull();
        assertThat(titleAtOpen).isEqualTo("Starting Ingress Lab on sandbox");
        assertThat(stepAtOpen).startsWith("Starting the sandbox cluster's API server, then the chapter's");
        if (app.context().session().phaseProperty().get() == SessionModel.Phase.STARTING) {
            waitUntil(Duration.ofSeconds(60), () -> text("#startup-elapsed").matches("[1-9][0-9]* s elapsed")
                    || app.context().session().phaseProperty().get() != SessionModel.Phase.STARTING);
            screenshot("startup");
        }
        waitUntil(Duration.ofSeconds(150), () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.RUNNING);

        assertThat(onFx(() -> ROBOT.lookup("#startup").query().isVisible())).as("the progress gives way").isFalse();
        List<String> steps = onFx(() -> List.copyOf(ROBOT.lookup("#startup-steps").queryAs(ListView.class)
                .getItems().stream().map(Object::toString).toList()));
        assertThat(steps).as("the steps the start went through, each with its time")
                .anyMatch(line -> line.matches("\\+\\d+\\.\\d s  sandbox cluster: API server .*"))
                .anyMatch(line -> line.contains("host: "));
        show(KeyCode.DIGIT1);
        TableView<?> table = ROBOT.lookup("#routes-table").queryAs(TableView.class);
        waitUntil(Duration.ofSeconds(20), () -> table.getItems().size() >= 2);
        assertThat(texts("#routes-table .table-cell")).contains("alpaca.example.com");
    }

    @Test
    @Order(2)
    void routesCountReadyAndNotReadyEndpoints() throws Exception {
        kubectl("apply", "--validate=false", "-f", resource("endpoint-counts.yaml").toString());
        show(KeyCode.DIGIT1);
        waitUntil(Duration.ofSeconds(30), () -> route("/partly").isPresent() && route("/starting").isPresent()
                && route("/partly").get().endpointsTotal() == 3 && route("/starting").get().endpointsTotal() == 2);

        RouteView partly = route("/partly").orElseThrow();
        RouteView starting = route("/starting").orElseThrow();
        assertThat(partly.endpointsReady()).isEqualTo(1);
        assertThat(starting.endpointsReady()).isZero();
        assertThat(starting.warnings()).first().asString().isEqualTo("none of 2 endpoints is ready: check the Pods"
                + " (kubectl -n default get pods) and the Deployment's rollout");
        assertThat(partly.warnings()).noneMatch(warning -> warning.startsWith("none of"));

        onFx(() -> {
            app.context().routes().filterProperty().set("counts");
            return null;
        });
        waitUntil(Duration.ofSeconds(10), () -> endpointCells().size() == 2);
        List<TableCell<?, ?>> cells = endpointCells();
        assertThat(cells).extracting(Labeled::getText).containsExactlyInAnyOrder("1/3", "0/2");
        TableCell<?, ?> none = cells.stream().filter(cell -> "0/2".equals(cell.getText())).findFirst()
                .orElseThrow();
        TableCell<?, ?> some = cells.stream().filter(cell -> "1/3".equals(cell.getText())).findFirst()
                .orElseThrow();
        assertThat(none.getStyleClass()).contains("danger-text");
        assertThat(some.getStyleClass()).contains("warning-text");
        assertThat(none.getTooltip().getText()).startsWith("No endpoint is ready: requests get 503.")
                .contains("kubectl -n default get pods");
        screenshot("routes-endpoints");
        onFx(() -> {
            app.context().routes().filterProperty().set("");
            return null;
        });
    }

    @Test
    @Order(3)
    void problemsShowTheClustersEventAndTheFindingEachTimedWithALinkToTheIngress() throws Exception {
        show(KeyCode.DIGIT7);
        waitUntil(Duration.ofSeconds(60), () -> problems("event").stream()
                .anyMatch(problem -> problem.ingress().equals("default/ghost-ingress")));
        ProblemsModel.Problem event = problems("event").stream()
                .filter(problem -> problem.ingress().equals("default/ghost-ingress")).findFirst().orElseThrow();
        assertThat(event.text()).startsWith("Warning ServiceNotFound: ").contains("default/ghost does not exist");
        ProblemsModel.Problem finding = problems("warning").stream()
                .filter(problem -> problem.ingress().equals("default/ghost-ingress")).findFirst().orElseThrow();
        assertThat(finding.text()).contains("default/ghost does not exist");
        // the Event is the cluster's own: kubectl sees the same one
        assertThat(kubectl("get", "events", "--field-selector", "involvedObject.name=ghost-ingress", "-o",
                "custom-columns=REASON:.reason", "--no-headers")).contains("ServiceNotFound");
        assertThat(texts("#problems-table .table-cell")).as("each line has its time")
                .anyMatch(text -> text.matches("\\d\\d:\\d\\d:\\d\\d"));
        screenshot("problems-events");

        Hyperlink link = onFx(() -> ROBOT.lookup("#problems-table .hyperlink").queryAll().stream()
                .map(node -> (Hyperlink) node).filter(h -> h.getText().equals("Ingress default/ghost-ingress"))
                .filter(h -> h.getScene() != null && h.getParent() instanceof TableCell<?, ?>)
                .filter(h -> {
                    TableCell<?, ?> cell = (TableCell<?, ?>) h.getParent();
                    Object row = cell.getTableRow() == null ? null : cell.getTableRow().getItem();
                    return row instanceof ProblemsModel.Problem problem && problem.severity().equals("event");
                }).findFirst().orElseThrow());
        ROBOT.clickOn(link);

        assertThat(app.window().shownProperty().get()).isEqualTo("routes");
        waitUntil(Duration.ofSeconds(10), () -> app.context().routes().selectedProperty().get() != null);
        assertThat(app.context().routes().selectedProperty().get().origin().objectName())
                .isEqualTo("default/ghost-ingress");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static List<ProblemsModel.Problem> problems(String severity) {
        return onFx(() -> app.context().problems().problems().stream()
                .filter(problem -> problem.severity().equals(severity)).toList());
    }

    private static Optional<RouteView> route(String path) {
        return onFx(() -> app.context().routes().allRoutes().stream()
                .filter(route -> route.host().equals("counts.example.com") && route.path().equals(path))
                .findFirst());
    }

    private static List<TableCell<?, ?>> endpointCells() {
        return onFx(() -> {
            List<TableCell<?, ?>> cells = new ArrayList<>();
            for (Node node : ROBOT.lookup("#routes-table .table-cell").queryAll()) {
                TableCell<?, ?> cell = (TableCell<?, ?>) node;
                if ("routes-endpoints".equals(cell.getTableColumn().getId()) && cell.getText() != null
                        && !cell.isEmpty()) {
                    cells.add(cell);
                }
            }
            return cells;
        });
    }

    private static Path resource(String name) throws Exception {
        return Path.of(Objects.requireNonNull(WindowFirstTest.class.getResource(name)).toURI());
    }

    private static String kubectl(String... args) throws Exception {
        Path kubeconfig = app.context().session().sessionProperty().get().kubeconfig().orElseThrow();
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void show(KeyCode digit) {
        ROBOT.press(KeyCode.CONTROL, digit).release(digit, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(String query) {
        return onFx(() -> ((Labeled) ROBOT.lookup(query).query()).getText());
    }

    private static List<String> texts(String query) {
        return onFx(() -> ROBOT.lookup(query).queryAll().stream().filter(node -> node instanceof Labeled)
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList());
    }

    private static void screenshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(app.stage().getScene(), name);
    }

    private static void waitUntil(Duration timeout, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            screenshot("failed-" + System.nanoTime());
            throw new AssertionError("not within " + timeout + "; the bar says: " + text("#cluster-state")
                    + "; the start's step: " + text("#startup-step"), e);
        }
    }
}
