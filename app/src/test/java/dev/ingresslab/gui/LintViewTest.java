package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.text.Text;
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
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static dev.ingresslab.gui.FxCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #18 GUI: the Lint pane on a real (throwaway) sandbox, headless, by typing and clicks: the chapter's broken
 * {@code simple-ingress.yaml} typed in gives the API server's message with our hint at its line; clicking the finding moves the caret there; Fix gives the v1 form, clean, with what changed; Apply stores
 * the Ingress in the sandbox (read back with the session's client), and a broken manifest applied shows the API
 * server's refusal with the same hint as lint. One test: the window's close stops the session it was given.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LintViewTest {

    /** The chapter's second attempt, as a reader types it (the comments left out). */
    private static final String BROKEN = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: simple-ingress
            spec:
              service:
                name: alpaca
                port:
                  number: 8080
            """;

    @TempDir
    static Path data;
    private static LabSession session;
    private static SessionOptions options;

    private IngressLabApp.Opened app;
    private LintModel model;

    @BeforeAll
    static void sandbox() throws Exception {
        options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        session = LabSession.start(new Source.Sandbox(false), options);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Start
    void start(Stage stage) {
        app = IngressLabApp.open(stage, new GuiStart(options, new Source.Sandbox(false), Optional.of(session), false),
                url -> { });
        app.window().show("lint");
        model = ((LintView) app.window().view("lint")).model();
    }

    @Test
    void typedFindingAtItsLineThenFixThenApplyStoresTheIngressAndARefusalHasLintsHint(FxRobot robot) throws Exception {
        assertThat(labels(robot)).as("the empty state offers the chapter's example").contains("Lint a manifest");
        Button apply = robot.lookup("#lint-apply").queryAs(Button.class);
        await(() -> apply.getText().equals("Apply to " + session.current().connection().context()));
        assertThat(session.current().connection().context()).isNotEmpty();

        robot.clickOn("#lint-editor");
        robot.write(BROKEN);
        // findings follow the typing; once the last line is in, one finding, at the line of spec.service
        await(() -> model.textProperty().get().equals(BROKEN) && model.findings().size() == 1
                && model.findings().get(0).location().line() == 6);
        LintFinding finding = onFx(() -> model.findings().get(0));
        assertThat(finding.location().line()).isEqualTo(6);
        assertThat(finding.location().column()).isEqualTo(3);
        assertThat(finding.message()).contains("strict decoding error: unknown field \"spec.service\"");
        assertThat(finding.hint()).contains("spec.defaultBackend.service");
        assertThat(text(robot, "#lint-summary")).isEqualTo("1 error, 0 warnings");
        // the gutter marks line 6 (its listener on the findings must outlive a garbage collection: LintModelTest)
        await(() -> gutterNumbers(robot).containsAll(List.of("5", "● 6", "7")));

        robot.clickOn("#lint-editor");
        robot.clickOn("1 error, 0 warnings"); // the caret leaves line 6 (focus moves, the caret stays at the end)
        robot.clickOn(".finding-place");
        TextArea editor = robot.lookup("#lint-editor").queryAs(TextArea.class);
        int lineSix = BROKEN.indexOf("  service:");
        await(() -> editor.getCaretPosition() == lineSix + 2);
        await(() -> text(robot, "#lint-at-caret").startsWith("Line 6: error: ")
                && text(robot, "#lint-at-caret").contains("hint: " + finding.hint()));
        Screenshots.take(robot.window(0).getScene(), "lint");

        robot.clickOn("#lint-fix");
        await(() -> model.findings().isEmpty() && text(robot, "#lint-summary").equals("No problems found"));
        assertThat(editor.getText()).contains("spec:\n  defaultBackend:\n    service:\n      name: alpaca");
        TextArea changes = robot.lookup("#lint-changes").queryAs(TextArea.class);
        assertThat(changes.getText()).startsWith("Fixed 1 thing:").contains("+  defaultBackend:")
                .contains("-  service:");

        robot.clickOn("#lint-apply");
        await(() -> text(robot, "#lint-outcome").contains("Ingress default/simple-ingress created"));
        assertThat(session.ingressYaml("default", "simple-ingress")).as("stored in the sandbox").isPresent();
        Screenshots.take(robot.window(0).getScene(), "lint-applied");

        robot.clickOn("#lint-apply");
        await(() -> text(robot, "#lint-outcome").contains("Ingress default/simple-ingress configured"));

        // a broken manifest applied: the API server's refusal, with the hint lint gives for the same message
        robot.interact(() -> model.textProperty().set(BROKEN.replace("simple-ingress", "refused-ingress")));
        robot.clickOn("#lint-apply");
        await(() -> text(robot, "#lint-outcome").contains("refused Ingress refused-ingress"));
        String outcome = text(robot, "#lint-outcome");
        // the apply can answer before the debounced lint of the new text has listed its finding
        await(() -> !model.findings().isEmpty());
        assertThat(outcome).contains("strict decoding error: unknown field \"spec.service\"")
                .contains("hint: " + onFx(() -> model.findings().get(0).hint()));
        assertThat(robot.lookup("#lint-outcome").queryAs(Label.class).getStyleClass()).contains("danger");
        assertThat(session.ingressYaml("default", "refused-ingress")).as("nothing stored").isEmpty();

        robot.interact(() -> model.textProperty().set(BROKEN.replace("kind: Ingress", "kind: ingress")));
        robot.clickOn("#lint-apply");
        await(() -> text(robot, "#lint-outcome").contains("no kind \"ingress\" is registered"));
        assertThat(text(robot, "#lint-outcome")).contains("hint: kinds are case-sensitive");
        // the findings of the text before stay until the debounced lint of this one replaces them
        await(() -> !model.findings().isEmpty()
                && model.findings().get(0).message().contains("no kind \"ingress\" is registered"));

        // a long message and hint are shown whole in the list: every line of their wrapped text, no ellipsis
        robot.interact(() -> model.textProperty().set(LONG));
        await(() -> !model.findings().isEmpty() && model.findings().get(0).message().contains("servicePort"));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(robot.window(0).getScene(), "lint-long");
        // and so is the outcome of an apply below them, and the place of the finding above them
        for (String part : List.of("#lint-findings .finding-place", "#lint-findings .finding-message",
                "#lint-findings .finding-hint", "#lint-outcome")) {
            await(() -> {
                Label label = robot.lookup(part).queryAs(Label.class);
                String shown = label.getChildrenUnmodifiable().stream().filter(Text.class::isInstance)
                        .map(node -> ((Text) node).getText()).findFirst().orElse("");
                javafx.geometry.Bounds cell = label.getParent().localToScene(label.getParent().getLayoutBounds());
                javafx.geometry.Bounds box = label.localToScene(label.getLayoutBounds());
                return shown.replaceAll("\\s", "").equals(label.getText().replaceAll("\\s", ""))
                        && box.getHeight() >= label.prefHeight(label.getWidth()) - 0.5
                        && (part.equals("#lint-outcome") || within(box, robot.lookup("#lint-findings").query())
                        && cell.contains(box));
            });
        }
    }

    /** The v1beta1 backend in a v1 Ingress: a message and a hint long enough to wrap over several lines. */
    private static final String LONG = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop-front
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /api
                    pathType: Prefix
                    backend:
                      serviceName: shop
                      servicePort: 80
            """;

    /** Whether {@code box} (scene coordinates) lies within {@code node}'s height: not cut off above or below. */
    private static boolean within(javafx.geometry.Bounds box, Node node) {
        javafx.geometry.Bounds outer = node.localToScene(node.getLayoutBounds());
        return box.getMinY() >= outer.getMinY() && box.getMaxY() <= outer.getMaxY();
    }

    private static List<String> gutterNumbers(FxRobot robot) {
        return onFx(() -> robot.lookup(".lint-gutter .line-number").queryAllAs(Text.class).stream()
                .map(Text::getText).toList());
    }

    private static List<String> labels(FxRobot robot) {
        return onFx(() -> robot.lookup("#lint-view .label").queryAllAs(Label.class).stream().map(Label::getText)
                .toList());
    }

    /** Waits up to 60 s for a check, asked on the FX thread. */
    private void await(FxCalls.Check check) throws Exception {
        FxCalls.await(Duration.ofSeconds(60), check, () -> "text=<" + model.textProperty().get() + "> findings="
                + model.findings() + " summary=" + model.summaryProperty().get() + " outcome="
                + model.outcomeProperty().get() + " gutter=" + new FxRobot().lookup(".lint-gutter .line-number")
                .queryAllAs(Text.class).stream().map(Text::getText).toList());
    }
}
