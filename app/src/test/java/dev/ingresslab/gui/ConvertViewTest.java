package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static dev.ingresslab.gui.FxCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #19 point 4 in the window: the Convert view on a real (throwaway) sandbox running the chapter's services and its
 * host and path Ingresses, headless, by clicks. The session's Ingresses convert to their HTTPRoutes, and the banner
 * says they are equivalent; the caret in an Ingress selects the HTTPRoute it became; Save as… writes the right side
 * where the user chose and replaces a file only when they say so. {@code rewrite-ingress.yaml}, opened from files,
 * gives the one difference {@code ingress-lab convert} prints (ConvertCommandTest), as a row; files with no Ingress
 * give the empty state, and files that cannot be read say so.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConvertViewTest {

    private static final Path CH8 = Path.of("../samples/ch8").toAbsolutePath().normalize();

    @TempDir
    static Path data;
    @TempDir
    Path files;
    private static LabSession session;
    private static SessionOptions options;

    private ConvertView view;
    private ConvertModel model;
    private final Answers answers = new Answers();

    @BeforeAll
    static void sandbox() throws Exception {
        options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        session = LabSession.start(new Source.Sandbox(true), options);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Start
    void start(Stage stage) {
        IngressLabApp.Opened app = IngressLabApp.open(stage, new GuiStart(options, new Source.Sandbox(true),
                Optional.of(session), false), url -> { });
        app.window().show("convert");
        view = (ConvertView) app.window().view("convert");
        view.dialogs(answers);
        model = view.model();
    }

    @Test
    void theSessionsIngressesBesideTheirHttpRoutesEquivalentAndTheCaretPicksTheRouteItBecame(FxRobot robot)
            throws Exception {
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EQUIVALENT);
        assertThat(text(robot, "#convert-source")).isEqualTo("The session's Ingresses ("
                + session.current().connection().context() + ")");
        assertThat(text(robot, "#convert-banner")).matches("Equivalent for \\d+ probe requests: the Ingresses and"
                + " the HTTPRoutes decide each alike; everything converted\\.");
        TextArea left = robot.lookup("#convert-ingress-yaml").queryAs(TextArea.class);
        TextArea right = robot.lookup("#convert-gateway-yaml").queryAs(TextArea.class);
        assertThat(text(robot, "#convert-ingress-yaml")).contains("kind: Ingress", "name: host-ingress",
                "name: path-ingress").doesNotContain("managedFields", "last-applied-configuration");
        assertThat(text(robot, "#convert-gateway-yaml")).startsWith("---\napiVersion: gateway.networking.k8s.io/v1\n"
                        + "kind: Gateway\n")
                .contains("kind: HTTPRoute", "name: host-ingress\n", "name: path-ingress\n", "value: /a/",
                        "ingress-lab.dev/converted-from: Ingress default/path-ingress");
        assertThat(onFx(() -> robot.lookup("#convert-differences").queryAs(TableView.class).getItems()))
                .isEmpty();
        assertThat(onFx(model::untranslatable)).isEmpty();

        // the caret in path-ingress's document selects, on the right, the HTTPRoute it became
        int inPath = onFx(left::getText).indexOf("name: path-ingress");
        robot.interact(() -> {
            left.requestFocus();
            left.positionCaret(inPath);
        });
        await(() -> right.getSelectedText().contains("name: path-ingress\n"));
        assertThat(onFx(right::getSelectedText)).startsWith("---\n").contains("kind: HTTPRoute", "value: /a/")
                .doesNotContain("name: host-ingress");
        assertThat(text(robot, "#convert-link")).isEqualTo("Ingress default/path-ingress → HTTPRoute"
                + " default/path-ingress");
        Screenshots.take(robot.window(0).getScene(), "convert");

        // and the other way: the caret in an HTTPRoute selects its Ingress on the left
        int inRoute = onFx(right::getText).indexOf("converted-from: Ingress default/host-ingress");
        robot.interact(() -> {
            right.requestFocus();
            right.positionCaret(inRoute);
        });
        await(() -> left.getSelectedText().contains("name: host-ingress"));
        assertThat(onFx(left::getSelectedText)).doesNotContain("name: path-ingress");
        assertThat(text(robot, "#convert-link")).isEqualTo("HTTPRoute from Ingress default/host-ingress");
    }

    @Test
    void saveAsWritesTheRightSideWhereChosenAndReplacesAFileOnlyWhenTheUserSaysSo(FxRobot robot) throws Exception {
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EQUIVALENT);
        String converted = text(robot, "#convert-gateway-yaml");
        Path chosen = files.resolve("gateway.yaml");
        answers.saveTo = chosen;
        robot.clickOn("#convert-save");
        await(() -> model.savedProperty().get().startsWith("Saved "));
        assertThat(Files.readString(chosen)).isEqualTo(converted);
        assertThat(text(robot, "#convert-saved")).contains(chosen.toString());
        assertThat(answers.askedToReplace).isEmpty();

        // the same file again: the user is asked; "Cancel" leaves the file as it was, untouched
        Files.writeString(chosen, "# the user's own file\n");
        answers.replace = false;
        robot.clickOn("#convert-save");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(answers.askedToReplace).containsExactly(chosen);
        assertThat(Files.readString(chosen)).isEqualTo("# the user's own file\n");

        answers.replace = true;
        robot.clickOn("#convert-save");
        await(() -> Files.readString(chosen).equals(converted));
        assertThat(answers.askedToReplace).containsExactly(chosen, chosen);

        // a folder that does not exist: nothing written, and what to do
        answers.saveTo = files.resolve("missing").resolve("gateway.yaml");
        robot.clickOn("#convert-save");
        await(() -> model.savedFailedProperty().get());
        assertThat(text(robot, "#convert-saved")).startsWith("Cannot write " + answers.saveTo)
                .endsWith("nothing was written. Choose a folder you can write.");
        assertThat(files.resolve("missing")).doesNotExist();
        try (var left = Files.list(files)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("no temporary file left")
                    .containsExactly("gateway.yaml");
        }
    }

    @Test
    void rewriteIngressFromFilesGivesTheOneDifferenceAsARowThenTheSessionAgain(FxRobot robot) throws Exception {
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EQUIVALENT);
        answers.open = List.of(CH8.resolve("services.yaml"), CH8.resolve("rewrite-ingress.yaml"));
        robot.clickOn("#convert-open");
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.DIFFERENT);
        assertThat(text(robot, "#convert-source")).isEqualTo("Files: services.yaml, rewrite-ingress.yaml");
        assertThat(text(robot, "#convert-banner")).matches("1 difference in \\d+ probe requests: the HTTPRoutes"
                + " decide it otherwise than the Ingresses \\(listed below\\); 1 item not converted, or converted"
                + " with a difference \\(listed below\\)\\.");
        // what convert lists on standard error, listed under the YAML with the Ingress and what to do
        assertThat(onFx(() -> List.copyOf(model.untranslatable()))).singleElement()
                .satisfies(item -> assertThat(item.object()).isEqualTo("default/rewrite-ingress"));
        assertThat(onFx(() -> robot.lookup("#convert-untranslatable .convert-lost-where").queryAllAs(Label.class)
                .stream().map(Label::getText).toList())).anyMatch(where -> where.startsWith(
                "Ingress default/rewrite-ingress"));
        assertThat(robot.lookup("#convert-banner").queryAs(Label.class).getStyleClass()).contains("danger");
        assertThat(text(robot, "#convert-gateway-yaml")).contains("replacePrefixMatch: /app-path/");
        assertThat(onFx(() -> List.copyOf(model.differences()))).singleElement().satisfies(row -> {
            assertThat(row.request()).isEqualTo("GET http://rewrite.example.com/SUB-PATH/b");
            assertThat(row.ingress()).isEqualTo("200 default/alpaca:8080 /app-path/b");
            assertThat(row.gateway()).isEqualTo("404");
            assertThat(row.why()).startsWith("Ingress: ").contains("\nHTTPRoute: ");
        });
        // the row as the table shows it
        assertThat(cells(robot)).contains("GET http://rewrite.example.com/SUB-PATH/b",
                "200 default/alpaca:8080 /app-path/b", "404");
        Screenshots.take(robot.window(0).getScene(), "convert-difference");

        robot.clickOn("#convert-session");
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EQUIVALENT);
        assertThat(cells(robot)).doesNotContain("GET http://rewrite.example.com/SUB-PATH/b");
    }

    @Test
    void filesWithoutAnIngressGiveTheEmptyStateAndUnreadableFilesSaySo(FxRobot robot) throws Exception {
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EQUIVALENT);
        answers.open = List.of(CH8.resolve("services.yaml"));
        robot.clickOn("#convert-open");
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.EMPTY);
        assertThat(text(robot, "#convert-banner")).startsWith("No Ingress in services.yaml: convert reads Ingresses");
        assertThat(onFx(() -> robot.lookup("No Ingress to convert").tryQuery().map(Node::isVisible)))
                .contains(true);
        assertThat(text(robot, "#convert-gateway-yaml")).isEmpty();
        assertThat(robot.lookup("#convert-save").query().isDisabled()).isTrue();

        Path broken = files.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: [\n");
        answers.open = List.of(broken);
        robot.clickOn("#convert-empty-open");
        await(() -> model.verdictProperty().get() == ConvertModel.Verdict.FAILED);
        assertThat(text(robot, "#convert-banner")).startsWith("The files cannot be read: ").contains("broken.yaml")
                .endsWith("The Lint view (or `ingress-lab lint PATH…`) says more about each problem.");

        // a cancelled Open… keeps what is shown
        answers.open = List.of();
        robot.clickOn("#convert-open");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.verdictProperty().get()).isEqualTo(ConvertModel.Verdict.FAILED);
    }

    /** The dialogs, answered for the user. */
    private static final class Answers implements ManifestDialogs {
        volatile List<Path> open = List.of();
        volatile Path saveTo;
        volatile boolean replace;
        final List<Path> askedToReplace = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public List<Path> openManifests(Window owner, String title) {
            return open;
        }

        @Override
        public Optional<Path> saveAs(Window owner, String title, String suggested) {
            return Optional.ofNullable(saveTo);
        }

        @Override
        public boolean confirmReplace(Window owner, Path file) {
            askedToReplace.add(file);
            return replace;
        }
    }

    private static List<String> cells(FxRobot robot) {
        return onFx(() -> robot.lookup("#convert-differences .table-cell").queryAllAs(
                javafx.scene.control.TableCell.class).stream()
                .map(cell -> cell.getGraphic() instanceof javafx.scene.text.Text wrapped ? wrapped.getText()
                        : (String) cell.getText())
                .filter(text -> text != null && !text.isEmpty()).toList());
    }

    /** Waits up to 90 s for a check, asked on the FX thread. */
    private void await(FxCalls.Check check) throws Exception {
        FxCalls.await(Duration.ofSeconds(90), check, () -> "verdict=" + model.verdictProperty().get() + " banner="
                + model.bannerProperty().get() + " saved=" + model.savedProperty().get());
    }
}
