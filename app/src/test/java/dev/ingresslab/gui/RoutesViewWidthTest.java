package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SampleSteps;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionSnapshot.RouteView;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.control.Label;
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
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #13: the Routes table at the widths people use (1000, 1200 and 1400 px; the headless screen is 1600 px wide) with
 * every step of the chapter applied on the sandbox (the defaultBackend, the regular-expression path, the HTTPRoutes):
 * no header is cut or out of sight, no Host, Path, Type, Backend or Endpoints cell is cut, and the From text, cut
 * or not shown where the table is narrow, is whole in its tooltip and in the pane's title.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RoutesViewWidthTest {

    private static final Path CHAPTER = Path.of("../samples/ch8").toAbsolutePath().normalize();
    private static final Set<String> WHOLE = Set.of("Host", "Path", "Type", "Backend", "Ready");

    @TempDir
    static Path data;
    private static LabSession session;
    private static SessionOptions options;

    /**
     * The sandbox with the chapter's end (services, host, path), then every other step's file applied with the real
     * kubectl, as the chapter has its reader do.
     */
    @BeforeAll
    static void serveTheWholeChapter() throws Exception {
        options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        session = LabSession.start(new Source.Sandbox(true), options);
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--request-timeout=60s", "apply"));
        for (SampleSteps.Step step : SampleSteps.STEPS) {
            if (!SampleSteps.CHAPTER_END.contains(step.name())) {
                command.addAll(List.of("-f", CHAPTER.resolve(step.file()).normalize().toString()));
            }
        }
        ProcessBuilder kubectl = new ProcessBuilder(command).redirectErrorStream(true);
        kubectl.environment().put("KUBECONFIG", session.kubeconfig().orElseThrow().toString());
        Process process = kubectl.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl apply said: %s", said).isZero();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    private TableView<RouteView> table;
    private IngressLabApp.Opened app;

    @Start
    void start(Stage stage) {
        // the Hosts view reads a hosts file of the test's own, never the machine's
        app = IngressLabApp.open(stage, new GuiStart(options.withHostsFile(data.resolve("hosts")),
                new Source.Sandbox(false), Optional.of(session), false), url -> { });
        // the TLS view's trust status asks no store of the machine (a view is built when first shown)
        app.window().show("tls");
        ((TlsView) app.window().view("tls")).model().useTrustStores(List::of);
        app.window().show("routes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyHeaderAndEveryHostPathTypeBackendAndEndpointsCellIsWholeAt1000And1200And1400Pixels(FxRobot robot)
            throws Exception {
        table = robot.lookup("#routes-table").queryAs(TableView.class);
        await(() -> table.getItems().stream().anyMatch(route -> route.pathType().equals("ImplementationSpecific"))
                && table.getItems().stream().anyMatch(route -> route.path().isEmpty())
                && table.getItems().stream().anyMatch(route -> route.origin().kind().equals("HTTPRoute")));
        List<RouteView> routes = onFx(() -> List.copyOf(table.getItems()));
        for (int width : new int[] {1000, 1200, 1400}) {
            WholeText.resize(robot, width, 800);
            assertThat(robot.window(0).getWidth()).as("the window's width").isEqualTo(width);
            // every route in turn on screen, the longest texts included
            for (int at = 0; at < routes.size(); at += 4) {
                RouteView route = routes.get(at);
                robot.interact(() -> table.scrollTo(route));
                WaitForAsyncUtils.waitForFxEvents();
                List<String> cut = WholeText.cut(table, WHOLE);
                assertThat(cut).as("cut at %d px, rows from %d; the columns: %s", width, at, onFx(() -> table
                        .getColumns().stream().map(column -> column.getText() + " " + column.getWidth()).toList()))
                        .isEmpty();
            }
            boolean fromShown = onFx(() -> table.getColumns().stream()
                    .anyMatch(column -> column.getText().equals("From") && column.isVisible()));
            if (width == 1400) {
                assertThat(fromShown).as("From has room at 1400 px").isTrue();
            }
            Screenshots.take(robot.window(0).getScene(), "routes-" + width);
        }
        // From's whole text: in the tooltip of its cell and in the pane's title
        RouteView httpRoute = routes.stream().filter(route -> route.origin().kind().equals("HTTPRoute")).findFirst()
                .orElseThrow();
        robot.interact(() -> {
            table.getSelectionModel().select(httpRoute);
            table.scrollTo(httpRoute);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> robot.lookup("#route-title").queryAs(Label.class).getText()))
                .endsWith("from " + RoutesView.origin(httpRoute));
        assertThat(onFx(() -> robot.lookup("#routes-table .table-cell").queryAllAs(javafx.scene.control.TableCell.class)
                .stream().filter(cell -> cell.getTableColumn().getText().equals("From")
                        && RoutesView.origin(httpRoute).equals(cell.getText()))
                .map(cell -> cell.getTooltip() == null ? "" : cell.getTooltip().getText()).toList()))
                .contains(RoutesView.origin(httpRoute));
    }

    /**
     * Every other table with the chapter's objects, at the same widths, in the light theme and (at 1000 px, where
     * room is least; the dark theme has the same fonts) the dark one: Problems (its Kind column was cut to "…",
     * "wa…"; its objects to "default/nginx-ingr…", without their kind), Explain's candidates (an HTTPRoute under
     * "Ingress", without its kind; "team-a/team-a-ingr…"), Convert's differences, Requests (at 1000 px "Met…" and
     * "Sche…", and the last three headers out of sight), Hosts (the Ingresses header out of sight at 1000 and 1200 px)
     * and TLS (the host cut at 1000 and 1200 px, or the Problem header when the host was whole): no header cut or
     * out of sight, no cell of the columns a row is read by cut.
     */
    @Test
    void everyOtherTablesHeadersAndKeyCellsAreWholeAt1000And1200And1400Pixels(FxRobot robot)
            throws Exception {
        robot.interact(() -> app.window().show("explain"));
        robot.interact(() -> robot.lookup("#explain-url").queryAs(javafx.scene.control.TextField.class)
                .setText("http://shop.example.com/api/x"));
        robot.clickOn("#explain-run");
        // the TLS sample's Secret, issued by the local CA as the Samples view's tls step does: a row with its expiry
        robot.interact(() -> app.window().show("tls"));
        TlsModel tls = ((TlsView) app.window().view("tls")).model();
        await(() -> tls.ingresses().stream().anyMatch(ingress -> ingress.name().equals("tls-ingress")));
        robot.clickOn("#tls-issue-default-tls-ingress");
        await(() -> tls.certificates().stream().anyMatch(row -> row.ourCa()));
        Map<String, Set<String>> whole = new LinkedHashMap<>();
        whole.put("problems", Set.of("Time", "Kind", "Object"));
        whole.put("explain", Set.of("Verdict", "Object", "Rule"));
        whole.put("convert", Set.of());
        whole.put("requests", Set.of("Time", "Method", "Scheme", "Host", "Status", "ms"));
        whole.put("hosts", Set.of("Name", "URL to open"));
        whole.put("tls", Set.of("Host", "Expires"));
        whole.put("lint", Set.of());
        whole.put("samples", Set.of());
        int port = session.current().connection().httpPort();
        ProxyRequests.get(port, "alpaca.example.com", "/");
        ProxyRequests.get(port, "bandicoot.example.com", "/a/very/long/path/that/the/path/column/cannot/show/whole");
        for (Map.Entry<String, Set<String>> view : whole.entrySet()) {
            robot.interact(() -> app.window().show(view.getKey()));
            if (view.getKey().equals("lint")) { // the chapter's broken example: findings with long messages
                robot.clickOn("#lint-example");
                await(() -> !robot.lookup("#lint-findings").queryListView().getItems().isEmpty());
            } else if (view.getKey().equals("samples")) { // the TLS step: its https URL and curl line
                robot.interact(() -> {
                    javafx.scene.control.ListView<SampleItem> steps = robot.lookup("#samples-list").queryListView();
                    steps.getItems().stream().filter(item -> item.listLine().contains("tls:")).findFirst()
                            .ifPresent(steps.getSelectionModel()::select);
                });
            } else {
                await(() -> robot.lookup(".table-view").queryAllAs(TableView.class).stream()
                        .anyMatch(table -> table.isVisible() && !table.getItems().isEmpty()));
            }
            for (int width : new int[] {1000, 1200, 1400}) {
                WholeText.resize(robot, width, 800);
                List<String> cut = cutIn(robot, wholeAt(view.getKey(), width, view.getValue()));
                assertThat(cut).as("%s at %d px", view.getKey(), width).isEmpty();
                if (width == 1000 || width == 1400) {
                    Screenshots.take(robot.window(0).getScene(), view.getKey() + "-" + width);
                }
            }
            robot.clickOn("#theme-toggle");
            try {
                WholeText.resize(robot, 1000, 800);
                assertThat(cutIn(robot, wholeAt(view.getKey(), 1000, view.getValue())))
                        .as("%s at 1000 px, dark", view.getKey()).isEmpty();
                Screenshots.take(robot.window(0).getScene(), view.getKey() + "-1000-dark");
            } finally {
                robot.clickOn("#theme-toggle");
            }
        }
    }

    /**
     * What is cut in the window: in the visible tables, headers and cells of the columns titled {@code whole}; any
     * other label, button or list cell (the cluster bar's too) whose whole text is not in its tooltip.
     */
    private static List<String> cutIn(FxRobot robot, Set<String> whole) {
        return onFx(() -> {
            List<String> cut = new ArrayList<>(robot.lookup(".table-view").queryAllAs(TableView.class).stream()
                    .filter(javafx.scene.Node::isVisible).flatMap(table -> WholeText.cut(table, whole).stream()
                            .map(what -> table.getId() + ": " + what)).toList());
            cut.addAll(WholeText.cutLabels(robot.window(0).getScene().getRoot()));
            return cut;
        });
    }

    /**
     * At 1000 px the Requests table has no room left for a whole host (cut there, whole in the details), nor the Hosts
     * table for a whole name (whole in its URL, next to it).
     */
    private static Set<String> wholeAt(String view, int width, Set<String> whole) {
        if (width == 1000 && view.equals("requests")) {
            return whole.stream().filter(column -> !column.equals("Host") && !column.equals("Name"))
                    .collect(java.util.stream.Collectors.toSet());
        }
        return whole;
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!onFx(check::holds)) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
