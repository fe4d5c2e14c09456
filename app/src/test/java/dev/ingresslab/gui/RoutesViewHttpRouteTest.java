package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionSnapshot.RouteView;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #19 point 1 in the Routes view: a route from an HTTPRoute says so (its kind beside its rule and match), and its YAML
 * pane shows the HTTPRoute (not an Ingress of the same name) with the route's match highlighted; a rule without
 * matches has the whole rule highlighted. On a session serving the chapter's Gateway API files.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoutesViewHttpRouteTest {

    private static final Path SAMPLES = Path.of("../samples").toAbsolutePath().normalize();

    @TempDir
    static Path data;
    private static LabSession session;
    private static SessionOptions options;

    @BeforeAll
    static void serve() throws Exception {
        options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        session = LabSession.start(new Source.Manifests(List.of(SAMPLES.resolve("ch8/services.yaml"),
                SAMPLES.resolve("gateway/gateway.yaml"), SAMPLES.resolve("gateway/host-route.yaml"))), options);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private RoutesModel model;

    @Start
    void start(Stage stage) {
        IngressLabApp.Opened app = IngressLabApp.open(stage, new GuiStart(options, new Source.Sandbox(false),
                Optional.of(session), false), url -> { });
        app.window().show("routes");
        model = ((RoutesView) app.window().view("routes")).model();
    }

    @Test
    void anHttpRoutesRouteShowsItsKindAndItsYamlWithTheMatchHighlighted(FxRobot robot) throws Exception {
        TableView<RouteView> table = robot.lookup("#routes-table").queryAs(TableView.class);
        await(() -> table.getItems().size() == 2);
        assertThat(onFx(() -> table.getItems().stream().map(RoutesView::origin).sorted().toList()))
                .satisfiesExactly(first -> assertThat(first).startsWith("HTTPRoute default/default-route rule 0"),
                        second -> assertThat(second).isEqualTo("HTTPRoute default/host-route rule 0 match 0"));
        assertThat(cells(robot, "#routes-table .table-cell")).contains("HTTPRoute default/host-route rule 0 match 0");

        select(robot, table, "default/host-route");
        await(() -> yamlLines(robot).contains("  name: host-route") && model.highlightProperty().get().isPresent());
        assertThat(yamlLines(robot)).contains("kind: HTTPRoute");
        assertThat(highlightedLines(robot)).containsExactly("    - matches:", "        - path:",
                "            type: PathPrefix", "            value: /");
        await(() -> !highlighted(robot).isEmpty()); // and the pane marks them

        // the rule without matches, which takes every path: the whole rule
        select(robot, table, "default/default-route");
        await(() -> yamlLines(robot).contains("  name: default-route") && model.highlightProperty().get()
                .isPresent());
        assertThat(highlightedLines(robot)).containsExactly("    - backendRefs:", "        - name: be-default",
                "          port: 8080");
        await(() -> highlighted(robot).contains("    - backendRefs:"));
        assertThat(onFx(() -> robot.lookup("#route-title").queryAs(javafx.scene.control.Label.class).getText()))
                .contains("from HTTPRoute default/default-route rule 0");
    }

    private static void select(FxRobot robot, TableView<RouteView> table, String object) {
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(row -> row.origin().objectName().equals(object)).findFirst().orElseThrow()));
    }

    private static List<String> yamlLines(FxRobot robot) {
        return onFx(() -> List.copyOf(robot.lookup("#route-yaml").queryAs(ListView.class).getItems()).stream()
                .map(String::valueOf).toList());
    }

    /** The lines of the pane's YAML in the model's highlight. */
    private List<String> highlightedLines(FxRobot robot) {
        return onFx(() -> {
            var range = model.highlightProperty().get().orElseThrow();
            List<?> lines = robot.lookup("#route-yaml").queryAs(ListView.class).getItems();
            return lines.subList(range.first() - 1, range.last()).stream().map(String::valueOf).toList();
        });
    }

    /** The YAML lines the pane marks, of those on screen. */
    private static List<String> highlighted(FxRobot robot) {
        return onFx(() -> robot.lookup("#route-yaml .list-cell").queryAllAs(ListCell.class).stream()
                .filter(cell -> cell.isVisible() && cell.getStyleClass().contains("highlighted")).sorted(java.util.Comparator
                        .comparingInt(ListCell::getIndex)).map(cell -> String.valueOf(cell.getItem())).toList());
    }

    private static List<String> cells(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAllAs(javafx.scene.control.Labeled.class).stream()
                .filter(cell -> cell instanceof javafx.scene.control.IndexedCell<?>).map(cell -> cell.getText())
                .filter(java.util.Objects::nonNull).toList());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!onFx(check::holds)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s; the YAML pane: " + yamlLines(new FxRobot())
                        + ", marked on screen: " + highlighted(new FxRobot()));
            }
            Thread.sleep(50);
        }
    }
}
