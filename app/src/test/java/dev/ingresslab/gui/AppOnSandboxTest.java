package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app started against a real (throwaway) sandbox, headless on Monocle, driven by clicks and typing: the
 * steps of the chapter applied from Samples make routes appear in Routes, a mistake shows the API server's message
 * and its fix, Explain shows the winning rule and highlights it in Routes, Problems links to the Ingress, and Stop
 * then Start runs again. One window and one sandbox for the whole class (the tests run in order); each view's
 * picture goes to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AppOnSandboxTest {

    @TempDir
    static Path data;

    private static final List<String> OPENED = new CopyOnWriteArrayList<>();
    private static IngressLabApp.Opened app;
    private static final FxRobot ROBOT = new FxRobot();

    @BeforeAll
    static void openTheWindowOnASandboxWithoutSamples() throws Exception {
        FxToolkit.registerPrimaryStage();
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        GuiStart start = new GuiStart(options, new Source.Sandbox(false), Optional.empty(), true);
        FxToolkit.setupStage(stage -> app = IngressLabApp.open(stage, start, OPENED::add));
        waitUntil(Duration.ofSeconds(90), () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.RUNNING);
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
    void theBarSaysWhatRunsAndRoutesSaysWhatToDoFirst() {
        assertThat(text("#cluster-state")).startsWith("running · ingress-lab-sandbox").contains("· http :")
                .contains("controller (Lease held)").endsWith("0 routes");
        show(KeyCode.DIGIT1);
        assertThat(texts("#routes-table .label")).anyMatch(text -> text.equals("No Ingresses yet"));
        screenshot("routes-empty");
    }

    @Test
    @Order(2)
    void applyingTheServicesAndTheHostStepMakesItsRoutesAppear() {
        show(KeyCode.DIGIT6);
        pick("services");
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(120), () -> text("#sample-outcome").startsWith("Done"));
        pick("host");
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(120), () -> text("#sample-outcome").startsWith("Done"));
        waitUntil(Duration.ofSeconds(10), () -> texts("#sample-urls .hyperlink").stream()
                .anyMatch(url -> url.startsWith("http://alpaca.example.com:")));
        assertThat(text("#sample-explanation")).startsWith("Route by the Host header.");
        // one number for the step: the list's line, the heading and the manifest's comment say 2
        assertThat(text("#sample-title")).startsWith("Step 2 · host: ");
        assertThat(ROBOT.lookup("#sample-yaml").queryAs(javafx.scene.control.TextArea.class).getText())
                .startsWith("# Step 2: ");
        assertThat(texts("#samples-list .list-cell .label")).contains("2. host: " + app.context().samples()
                .selectedProperty().get().title().substring("host: ".length()));
        List<String> progress = onFx(() -> List.copyOf(app.context().samples().progress()));
        assertThat(progress).as("the progress under the URLs does not repeat the step's title")
                .noneMatch(line -> line.equals(app.context().samples().selectedProperty().get().title()));
        assertThat(onFx(() -> ROBOT.lookup("#sample-progress").queryAs(javafx.scene.Node.class).isVisible()))
                .as("the progress box shows only when there is progress").isEqualTo(!progress.isEmpty());
        screenshot("samples");

        show(KeyCode.DIGIT1);
        TableView<?> table = ROBOT.lookup("#routes-table").queryAs(TableView.class);
        waitUntil(Duration.ofSeconds(10), () -> table.getItems().size() == 2);
        ROBOT.clickOn("alpaca.example.com");
        waitUntil(Duration.ofSeconds(10), () -> highlighted().stream()
                .anyMatch(line -> line.contains("host: alpaca.example.com")));
        int port = app.context().routes().httpPort();
        assertThat(text("#route-url")).isEqualTo("http://alpaca.example.com:" + port + "/");
        ROBOT.clickOn("#copy-curl");
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(copied).isEqualTo("curl --resolve alpaca.example.com:" + port + ":127.0.0.1"
                + " http://alpaca.example.com:" + port + "/");
        ROBOT.clickOn("#route-url");
        assertThat(OPENED).containsExactly("http://alpaca.example.com:" + port + "/");
        screenshot("routes");
    }

    @Test
    @Order(3)
    void aMistakeShowsTheApiServersMessageAndTheFix() {
        show(KeyCode.DIGIT6);
        pick("Mistake: `kind: ingress`");
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(30), () -> text("#sample-outcome").startsWith("The API server refused it"));
        assertThat(text("#sample-outcome")).contains("no kind \"ingress\" is registered").contains("Fix: ");
        screenshot("samples-mistake");
    }

    @Test
    @Order(4)
    void explainShowsTheWinningRuleAndHighlightsItInRoutes() {
        ROBOT.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        assertThat(app.window().shownProperty().get()).isEqualTo("explain");
        ROBOT.clickOn("#explain-url").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("http://nope.example.com/x").type(KeyCode.ENTER);
        waitUntil(Duration.ofSeconds(10), () -> text("#explain-decision").equals("routed (200) →"
                + " be-default:8080 by Ingress default/host-ingress defaultBackend"));
        ROBOT.clickOn("#explain-url").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("http://alpaca.example.com/anything").type(KeyCode.ENTER);
        waitUntil(Duration.ofSeconds(10), () -> text("#explain-decision").contains("by Ingress default/host-ingress rule 0"
                + " path 0"));
        TableView<?> trace = ROBOT.lookup("#explain-trace").queryAs(TableView.class);
        assertThat(trace.getItems()).isNotEmpty();
        assertThat(ROBOT.lookup("#explain-trace .table-row-cell.chosen").queryAll()).hasSize(1);
        assertThat(trace.getColumns()).extracting(column -> column.getText())
                .containsExactly("Verdict", "Object", "Rule", "Candidate", "Why");
        for (javafx.scene.Node node : ROBOT.lookup("#explain-trace .table-row-cell .table-cell").queryAll()) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) node;
            String column = cell.getTableColumn().getText();
            if ((column.equals("Verdict") || column.equals("Object") || column.equals("Rule")) && cell.getText() != null
                    && !cell.getText().isEmpty()) {
                assertThat(((javafx.scene.text.Text) cell.lookup(".text")).getText())
                        .as("the %s column shows its whole text at the window's width", column)
                        .isEqualTo(cell.getText());
            }
        }
        screenshot("explain");

        ROBOT.clickOn("#show-in-routes");

        assertThat(app.window().shownProperty().get()).isEqualTo("routes");
        waitUntil(Duration.ofSeconds(10), () -> app.context().routes().selectedProperty().get() != null
                && app.context().routes().selectedProperty().get().host().equals("alpaca.example.com"));
        waitUntil(Duration.ofSeconds(10), () -> highlighted().stream()
                .anyMatch(line -> line.contains("host: alpaca.example.com")));
    }

    @Test
    @Order(5)
    void problemsListTheLostConflictAndLinkToTheIngress() {
        show(KeyCode.DIGIT6);
        pick("multiple");
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(120), () -> text("#sample-outcome").startsWith("Done"));
        show(KeyCode.DIGIT7);
        waitUntil(Duration.ofSeconds(10), () -> app.context().problems().problems().stream()
                .anyMatch(problem -> problem.severity().equals("lost")));
        ProblemsModel.Problem lost = app.context().problems().problems().stream()
                .filter(problem -> problem.severity().equals("lost")).findFirst().orElseThrow();
        assertThat(lost.text()).contains("gets no traffic").contains("claims the same and wins");
        // (the cluster's Event about it is listed too, as the cluster has it: severity "event")
        assertThat(app.context().problems().problems()).as("a conflict is listed once, as lost, not also as a warning")
                .filteredOn(problem -> !problem.severity().equals("event"))
                .noneMatch(problem -> problem.text().contains(ProblemsModel.ROUTE_CONFLICT));
        screenshot("problems");

        ROBOT.clickOn(lost.object()); // the link names the object with its kind

        assertThat(app.window().shownProperty().get()).isEqualTo("routes");
        assertThat(app.context().routes().selectedProperty().get().origin().objectName())
                .isEqualTo(lost.ingress());
    }

    /** A step's outcome belongs to it: picking another step while it applies shows nothing of it there. */
    @Test
    @Order(6)
    void aStepsOutcomeShowsUnderThatStepOnlyWhenAnotherIsPickedWhileItApplies() {
        show(KeyCode.DIGIT6);
        pick("namespaces");
        ROBOT.clickOn("#sample-apply");
        pick("rewrite");
        boolean stillApplying = onFx(() -> app.context().samples().busyProperty().get());
        if (stillApplying) {
            assertThat(text("#sample-outcome")).isEqualTo("Applying namespaces…: Apply and Delete wait until it ends");
        }
        waitUntil(Duration.ofSeconds(120), () -> !app.context().samples().busyProperty().get());
        assertThat(stillApplying).as("the step's Deployment is made ready in seconds: still applying when rewrite"
                + " was picked").isTrue();
        assertThat(text("#sample-title")).startsWith("Step 7 · rewrite");
        assertThat(text("#sample-outcome")).as("nothing was done to rewrite").isEmpty();
        assertThat(onFx(() -> List.copyOf(app.context().samples().progress()))).isEmpty();
        assertThat(text("#sample-apply")).isEqualTo("Apply");
        screenshot("samples-other-step-picked");

        pick("namespaces");
        assertThat(text("#sample-outcome")).startsWith("Done").contains("applied Deployment team-a/alpaca");
        ROBOT.clickOn("#sample-delete");
        waitUntil(Duration.ofSeconds(60), () -> text("#sample-outcome").startsWith("Done")
                && text("#sample-outcome").contains("deleted "));
    }

    /**
     * Stop while a step applies (session 11's newcomer: the view stayed busy until the apply's wait ended, up to
     * 90 s): the step says at once how far it got, and after Start the view applies again.
     */
    @Test
    @Order(7)
    void stopWhileAStepAppliesEndsItAtOnceAndStartThenApplyWorks() {
        show(KeyCode.DIGIT6);
        pick("namespaces");
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(30), () -> app.context().samples().progress().stream()
                .anyMatch(line -> line.contains("applied Deployment team-a/")));
        assertThat(onFx(() -> app.context().samples().busyProperty().get()))
                .as("the step's Deployment is made ready in seconds: still applying when Stop is pressed").isTrue();

        ROBOT.clickOn("#start-stop");

        assertThat(onFx(() -> app.context().session().phaseProperty().get())).as("still stopping")
                .isIn(SessionModel.Phase.STOPPING, SessionModel.Phase.IDLE);
        assertThat(onFx(() -> app.context().samples().busyProperty().get())).isFalse();
        assertThat(text("#sample-outcome")).matches("stopped before the apply finished: [1-4] of 4 objects applied"
                + ".*\\. Press Start, then Apply again to finish it\\.");
        screenshot("samples-stopped-while-applying");
        waitUntil(Duration.ofSeconds(30), () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.IDLE);

        ROBOT.clickOn("#start-stop");
        waitUntil(Duration.ofSeconds(90), () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.RUNNING);
        ROBOT.clickOn("#sample-apply");
        waitUntil(Duration.ofSeconds(120), () -> text("#sample-outcome").startsWith("Done"));
    }

    @Test
    @Order(8)
    void stopThenStartRunsAgain() {
        ROBOT.clickOn("#start-stop");
        waitUntil(Duration.ofSeconds(30), () -> text("#cluster-state").equals("not running: press Start to run"
                + " Ingress Lab on sandbox"));
        assertThat(app.context().session().phaseProperty().get()).isEqualTo(SessionModel.Phase.IDLE);
        assertThat(app.context().routes().allRoutes()).isEmpty();

        ROBOT.clickOn("#start-stop");

        waitUntil(Duration.ofSeconds(90), () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.RUNNING);
        assertThat(text("#cluster-state")).startsWith("running · ingress-lab-sandbox");
        screenshot("cluster-bar-running");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void show(KeyCode digit) {
        ROBOT.press(KeyCode.CONTROL, digit).release(digit, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks the Samples entry whose title starts with the text. */
    private static void pick(String titleStart) {
        ListView<?> list = ROBOT.lookup("#samples-list").queryAs(ListView.class);
        int index = -1;
        for (int i = 0; i < list.getItems().size(); i++) {
            if (((SampleItem) list.getItems().get(i)).title().startsWith(titleStart)) {
                index = i;
            }
        }
        assertThat(index).as("a sample titled %s…", titleStart).isNotNegative();
        int chosen = index;
        onFx(() -> {
            list.scrollTo(chosen);
            list.getSelectionModel().clearSelection();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        ROBOT.clickOn(ROBOT.lookup("#samples-list .list-cell").match((Node cell) ->
                ((javafx.scene.control.ListCell<?>) cell).getIndex() == chosen).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.context().samples().selectedProperty().get().title()).startsWith(titleStart);
    }

    /** The text of the labelled node, read on the FX thread. */
    private static String text(String query) {
        return onFx(() -> ((javafx.scene.control.Labeled) ROBOT.lookup(query).query()).getText());
    }

    private static List<String> texts(String query) {
        return onFx(() -> ROBOT.lookup(query).queryAll().stream()
                .filter(node -> node instanceof javafx.scene.control.Labeled)
                .map(node -> ((javafx.scene.control.Labeled) node).getText()).toList());
    }

    /** The YAML lines shown highlighted in Routes. */
    private static List<String> highlighted() {
        return texts("#route-yaml .list-cell.highlighted");
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
            throw new AssertionError("not within " + timeout + "; the bar says: " + text("#cluster-state"), e);
        }
    }
}
