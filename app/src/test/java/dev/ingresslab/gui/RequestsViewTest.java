package dev.ingresslab.gui;

import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.requests.RoutedProxy;
import dev.ingresslab.proxy.RequestRecord;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Requests view on a real session (a LabSession serving files, with real backends), headless on Monocle:
 * requests made by a client through the proxy appear with their rule; the filter narrows; a replay with an edited
 * path hits another rule; HAR export writes a valid file; the rule links to Routes; a screenshot.
 */
@ExtendWith(ApplicationExtension.class)
class RequestsViewTest {

    @TempDir
    static Path dir;
    private static RoutedProxy proxy;

    private RequestsModel model;
    private Path harFile;
    private IngressLabApp.Opened app;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = new RoutedProxy(dir);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** The window, showing the running session (as when demo opens it), with the Requests view in front. */
    @Start
    void start(Stage stage) throws Exception {
        harFile = Files.createTempDirectory(dir, "har").resolve("requests.har");
        GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(Files.createTempDirectory(dir,
                "data")), new Source.Sandbox(false), Optional.of(proxy.session()), false);
        app = IngressLabApp.open(stage, start, url -> { });
        app.window().show("requests");
        RequestsView view = (RequestsView) app.window().view("requests");
        view.chooseHarFileWith((window, name) -> Optional.of(harFile));
        model = view.model();
    }

    @Test
    void requestsAppearWithTheirRuleAndTheFilterNarrows(FxRobot robot) throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/first");
        proxy.get(RoutedProxy.HOST, "/b/second");
        proxy.get("nope.example.com", "/");
        // the last of the three on top: the journal may also hold the requests of the class's other tests
        await(() -> !model.rows().isEmpty() && model.rows().get(0).host().startsWith("nope.example.com"));

        List<RequestRecord> rows = table(robot).getItems();
        assertThat(rows.get(0).target()).isEqualTo("/"); // newest first
        assertThat(rows.get(0).outcome()).isEqualTo("not_found");
        assertThat(rows.get(1).route()).isEqualTo("default/path-ingress rule 0 path 1 (Prefix /) -> bandicoot:8080");
        assertThat(rows.get(2).route()).isEqualTo("default/path-ingress rule 0 path 0 (Prefix /a) -> alpaca:8080");
        // the rows are in the model at once; their cells are drawn on a later pulse
        await(() -> robot.lookup(".status-badge").queryAllAs(Label.class).stream()
                .anyMatch(badge -> "404 ◆".equals(badge.getText())));
        assertThat(robot.lookup(".status-badge").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("404 ◆", "200");
        assertThat(robot.lookup(".status-4xx").queryAllAs(Label.class)).isNotEmpty();

        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        assertThat(robot.lookup("#requests-filter").queryAs(TextField.class).isFocused()).isTrue();
        robot.write("status:4xx");
        await(() -> model.shown().size() == 1);
        assertThat(table(robot).getItems()).extracting(RequestRecord::outcome).containsExactly("not_found");

        robot.eraseText("status:4xx".length()).write("rule:\"path 1\"");
        await(() -> model.shown().size() == 1 && model.shown().get(0).target().equals("/b/second"));

        robot.eraseText("rule:\"path 1\"".length()).write("status:abc");
        await(() -> !model.filterErrorProperty().get().isEmpty());
        assertThat(robot.lookup("#filter-error").queryAs(Label.class).getText())
                .startsWith("\"status:abc\" is not a status; use a code such as status:404");
        robot.eraseText("status:abc".length());
        await(() -> model.shown().size() == model.rows().size());
        assertThat(model.filterErrorProperty().get()).isEmpty();
        assertThat(robot.lookup("#filter-error").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aReplayWithAnEditedPathHitsAnotherRuleAndItsRowIsSelected(FxRobot robot) throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/original");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/a/original")));
        RequestRecord original = model.rows().stream().filter(r -> r.target().equals("/a/original")).findFirst()
                .orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().select(original)).get(10, TimeUnit.SECONDS);

        robot.clickOn("#replay-button");
        TextField url = robot.lookup("#replay-url").queryAs(TextField.class);
        assertThat(url.getText()).isEqualTo("http://alpaca.example.com/a/original");
        robot.doubleClickOn(url).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("http://alpaca.example.com/b/edited");
        robot.clickOn("#replay-send");

        awaitOr(robot, () -> {
            RequestRecord selected = table(robot).getSelectionModel().getSelectedItem();
            return selected != null && selected.target().equals("/b/edited");
        });
        RequestRecord replayed = table(robot).getSelectionModel().getSelectedItem();
        assertThat(replayed.route()).isEqualTo("default/path-ingress rule 0 path 1 (Prefix /) -> bandicoot:8080");
        assertThat(replayed.requestId()).startsWith("replay-");
        assertThat(robot.lookup("#requests-note").queryAs(Label.class).getText())
                .startsWith("replayed: 200 OK by default/path-ingress rule 0 path 1")
                .contains("another rule decided this time");
        assertThat(proxy.seen).anyMatch(line -> line.startsWith("bandicoot saw GET /b/edited"));

        robot.lookup("#replay-url").queryAs(TextField.class);
        robot.doubleClickOn("#replay-method").write("BAD METHOD");
        robot.clickOn("#replay-send");
        await(() -> robot.lookup("#replay-problem").queryAs(Label.class).getText().contains("is not a method"));
    }

    @Test
    void theReplayEditorOpensWithTheOriginalsHeadersAndTheReplayCarriesThem(FxRobot robot) throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/traced", "X-Trace: 42\r\nX-Tag: one\r\nX-Tag: two\r\n");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/a/traced")));
        RequestRecord original = model.rows().stream().filter(r -> r.target().equals("/a/traced")).findFirst()
                .orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().select(original)).get(10, TimeUnit.SECONDS);

        robot.clickOn("#replay-button");
        assertThat(robot.lookup("#replay-headers").queryAs(TextArea.class).getText())
                .isEqualTo("User-Agent: curl/8.5.0\nAccept: */*\nX-Trace: 42\nX-Tag: one\nX-Tag: two\n");
        assertThat(robot.lookup("#replay-body").queryAs(TextArea.class).getText()).isEmpty();
        assertThat(robot.lookup("#replay-missing").queryAs(Label.class).getText())
                .isEqualTo("The original had no body (the journal keeps request heads, not bodies).");
        robot.clickOn("#replay-send");

        awaitOr(robot, () -> {
            RequestRecord selected = table(robot).getSelectionModel().getSelectedItem();
            return selected != null && selected.target().equals("/a/traced")
                    && selected.requestId().startsWith("replay-");
        });
        RequestRecord replayed = table(robot).getSelectionModel().getSelectedItem();
        assertThat(replayed.requestId()).startsWith("replay-");
        Map<String, List<String>> upstream = proxy.received.get(replayed.requestId());
        assertThat(upstream).as("what alpaca received from the replay").isNotNull();
        assertThat(upstream.get("X-Trace")).containsExactly("42");
        assertThat(upstream.get("X-Tag")).containsExactly("one", "two");
        assertThat(upstream.get("User-Agent")).containsExactly("curl/8.5.0");
    }

    @Test
    void theDetailsPaneShowsTheDecisionAndTheRuleLinksToRoutesAndHarExportWritesAValidFile(FxRobot robot)
            throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/details?x=1");
        proxy.get("nope.example.com", "/missing");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/missing")));
        RequestRecord routed = model.rows().stream().filter(r -> r.target().equals("/a/details?x=1")).findFirst()
                .orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().select(routed)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#details-heading").queryAs(Label.class).getText())
                .isEqualTo("GET http://alpaca.example.com/a/details?x=1  →  200 OK");
        List<String> trace = robot.lookup("#details-trace .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(trace).anyMatch(line -> line.startsWith("✓ chosen  Ingress default/path-ingress"))
                .anyMatch(line -> line.startsWith("✗ "));
        await(() -> labels(robot, "#details-headers").contains("Request headers")); // parsed in the background
        Path picture = Screenshots.take(robot.window(0).getScene(), "requests");
        assertThat(picture.toFile().length()).isGreaterThan(10_000);

        robot.clickOn("#export-har").clickOn("#export-shown");
        await(() -> robot.lookup("#requests-note").queryAs(Label.class).getText().startsWith("exported "));
        Har har = new HarReader().readFromFile(harFile.toFile(), HarReaderMode.STRICT);
        assertThat(har.log().version()).isEqualTo("1.2");
        assertThat(har.log().entries()).hasSize(model.shown().size());
        assertThat(har.log().entries().get(har.log().entries().size() - 1).request().url())
                .isEqualTo("http://nope.example.com/missing"); // oldest first, as HAR lists them

        robot.clickOn("#details-rule-link");
        await(() -> app.window().shownProperty().get().equals("routes"));
    }

    @Test
    void theHeadersOfARequestShowInTheDetailsPaneAndGoIntoTheHar(FxRobot robot) throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/headers", "X-Lab-Trace: from-the-test 42\r\n");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/a/headers")));
        RequestRecord sent = model.rows().stream().filter(r -> r.target().equals("/a/headers")).findFirst()
                .orElseThrow();
        assertThat(sent.details()).as("the window's Requests view asks the proxy for details").isNotNull();
        WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().select(sent)).get(10, TimeUnit.SECONDS);

        await(() -> labels(robot, "#details-headers").contains("X-Lab-Trace"));
        List<String> shown = labels(robot, "#details-headers");
        assertThat(shown).containsSubsequence("Request headers", "GET /a/headers HTTP/1.1", "Host",
                "alpaca.example.com", "X-Lab-Trace", "from-the-test 42");
        assertThat(shown).contains("Response headers").anyMatch(text -> text.startsWith("HTTP/1.1 200"));
        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.Node pane = robot.lookup("#request-details").query();
            while (pane != null && !(pane instanceof javafx.scene.control.ScrollPane)) {
                pane = pane.getParent();
            }
            ((javafx.scene.control.ScrollPane) pane).setVvalue(1); // down to the headers, for the picture
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(robot.window(0).getScene(), "requests-headers");

        robot.clickOn("#export-har").clickOn("#export-selected");
        await(() -> robot.lookup("#requests-note").queryAs(Label.class).getText().startsWith("exported 1 request"));
        Har har = new HarReader().readFromFile(harFile.toFile(), HarReaderMode.STRICT);
        assertThat(har.log().entries()).hasSize(1);
        assertThat(har.log().entries().get(0).request().headers())
                .anyMatch(h -> h.name().equals("X-Lab-Trace") && h.value().equals("from-the-test 42"));
        assertThat(har.log().entries().get(0).response().headers()).isNotEmpty();
    }

    @Test
    void theSidebarCountsRequestsSinceTheWindowOpenedAndProblems(FxRobot robot) throws Exception {
        await(() -> !countText(robot, "requests").isEmpty());
        long before = Long.parseLong(countText(robot, "requests"));
        proxy.get(RoutedProxy.HOST, "/a/counted-1");
        proxy.get(RoutedProxy.HOST, "/a/counted-2");
        proxy.get("nope.example.com", "/counted-3");

        await(() -> Long.parseLong(countText(robot, "requests")) == before + 3);
        assertThat(countText(robot, "requests")).isEqualTo(String.valueOf(model.receivedProperty().get()));
        assertThat(countText(robot, "problems"))
                .isEqualTo(String.valueOf(app.context().problems().problems().size()));
        assertThat(robot.lookup("#count-explain").tryQuery()).as("a view without a count shows none").isEmpty();
    }

    private static String countText(FxRobot robot, String view) {
        return robot.lookup("#count-" + view).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    /** The texts of the labels in {@code pane}, in the scene graph's order (read on the FX thread). */
    private static List<String> labels(FxRobot robot, String pane) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(pane + " .label").queryAllAs(Label.class).stream()
                    .map(Label::getText).toList()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the labels of " + pane, e);
        }
    }

    @SuppressWarnings("unchecked")
    /**
     * A filter that hides every row: the table said "No requests yet" (Routes: "No Ingresses yet") while the rows
     * were there; it says the filter hides them, and its button clears the filter.
     */
    @Test
    void aFilterThatHidesEveryRowSaysSoAndItsButtonClearsIt(FxRobot robot) throws Exception {
        proxy.get(RoutedProxy.HOST, "/a/hidden");
        await(() -> !model.rows().isEmpty());
        robot.clickOn("#requests-filter").write("host:nothing.example.com");
        await(() -> model.shown().isEmpty());
        assertThat(placeholderTexts(table(robot))).contains("Nothing matches the filter")
                .doesNotContain("No requests yet");
        robot.clickOn(robot.from(table(robot).getPlaceholder()).lookup(".filter-clear").queryButton());
        await(() -> !model.shown().isEmpty() && model.shown().size() == model.rows().size());
        assertThat(robot.lookup("#requests-filter").queryAs(TextField.class).getText()).isEmpty();

        WaitForAsyncUtils.asyncFx(() -> app.window().show("routes")).get(10, TimeUnit.SECONDS);
        await(() -> robot.lookup("#routes-table").tryQuery().isPresent());
        TableView<?> routes = robot.lookup("#routes-table").queryAs(TableView.class);
        await(() -> !routes.getItems().isEmpty());
        robot.clickOn("#routes-filter").write("no-such-route");
        await(routes.getItems()::isEmpty);
        assertThat(placeholderTexts(routes)).contains("Nothing matches the filter").doesNotContain("No Ingresses yet");
        robot.clickOn(robot.from(routes.getPlaceholder()).lookup(".filter-clear").queryButton());
        await(() -> !routes.getItems().isEmpty());
        assertThat(robot.lookup("#routes-filter").queryAs(TextField.class).getText()).isEmpty();
    }

    /** The texts of the labels of a table's placeholder (its empty state), read on the FX thread. */
    private static List<String> placeholderTexts(TableView<?> table) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> texts = new java.util.ArrayList<>();
            javafx.scene.Node placeholder = table.getPlaceholder();
            if (placeholder instanceof javafx.scene.Parent parent) {
                parent.getChildrenUnmodifiable().stream().filter(Label.class::isInstance)
                        .forEach(node -> texts.add(((Label) node).getText()));
            }
            return texts;
        }).get(10, TimeUnit.SECONDS);
    }

    private static TableView<RequestRecord> table(FxRobot robot) {
        return robot.lookup("#requests-table").queryAs(TableView.class);
    }

    /** As {@link #await}, and on time-out says what the view's note and the replay editor showed. */
    private static void awaitOr(FxRobot robot, BooleanSupplier condition) throws Exception {
        try {
            await(condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not seen in time; the note said: \""
                    + robot.lookup("#requests-note").queryAs(Label.class).getText() + "\", the editor: \""
                    + robot.lookup("#replay-problem").queryAs(Label.class).getText() + "\"", e);
        }
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(10, TimeUnit.SECONDS);
        });
    }
}
