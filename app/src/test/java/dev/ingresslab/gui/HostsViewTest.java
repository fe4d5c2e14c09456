package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsClaim;
import dev.ingresslab.core.hosts.HostsKeeper;
import dev.ingresslab.core.hosts.HostsKeepers;
import dev.ingresslab.core.hosts.InProcessEscalator;
import dev.ingresslab.core.hosts.OtherInstance;
import dev.ingresslab.hosts.HostsFile;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #15 §7, §8: the Hosts view on a running session (manifest files, the real proxy), headless: the names with what
 * the hosts file has and the exact URL; the wildcard with the names seen in requests; Sync and Clean by clicks, each
 * one run of the real helper through the escalator (the file is read-only, as /etc/hosts is to a user); "keep in
 * sync while running" writing a new host once the files change. The file is a temporary copy.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostsViewTest {

    private static final String ORIGINAL = "127.0.0.1 localhost\n10.0.0.5 web.example.com\n";

    @TempDir
    static Path shared;
    private static Path manifests;
    private static LabSession session;
    private static SessionOptions options;

    @TempDir
    Path dir;
    private Path hosts;
    private IngressLabApp.Opened app;
    private HostsModel model;
    private final InProcessEscalator escalator = new InProcessEscalator();
    /** The debounce of the keeper the test starts as {@code demo --sync-hosts} does. */
    private static final Duration DEMO_DEBOUNCE = Duration.ofMillis(200);

    /** The session, started once: its start takes seconds on a loaded machine, longer than a TestFX setup may. */
    @BeforeAll
    static void serve() throws Exception {
        manifests = Files.writeString(shared.resolve("ingresses.yaml"), ingresses("shop.example.com"));
        options = SessionOptions.defaults().withDataDirectory(Files.createDirectories(shared.resolve("data")))
                .withProxy(ProxySettings.defaults().withHttpPort(0)).withReloadInterval(Duration.ofMillis(200));
        session = LabSession.start(new Source.Manifests(List.of(manifests)), options);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** The window on the session, with the Hosts view in front over a hosts file of this test's own. */
    @Start
    void start(Stage stage) throws Exception {
        Files.writeString(manifests, ingresses("shop.example.com"));
        hosts = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), ORIGINAL);
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));
        app = IngressLabApp.open(stage, new GuiStart(options.withHostsFile(hosts), new Source.Sandbox(false),
                Optional.of(session), false), url -> { });
        app.window().show("hosts");
        HostsView view = (HostsView) app.window().view("hosts");
        model = view.model();
        model.useEscalator(() -> Optional.of(escalator));
    }

    @Test
    void syncCleanAndKeepInSyncByClicksEachOnePromptAndTheWildcardWithItsNamesSeen(FxRobot robot) throws Exception {
        int port = session.current().connection().httpPort();
        await(() -> model.rows().size() == 2 && model.rows().get(0).name().name().equals("shop.example.com"));
        assertThat(table(robot).getItems()).extracting(row -> row.name().name() + " | " + row.state() + " | "
                + row.url()).containsExactly(
                "shop.example.com | missing | http://shop.example.com:" + port + "/",
                "web.example.com | mapped elsewhere: line 2 \"10.0.0.5 web.example.com\" | http://web.example.com:"
                        + port + "/");
        assertThat(text(robot, "#hosts-file")).contains("Hosts file " + hosts).contains("port " + port
                + ": a hosts entry maps a name, never a port");

        ProxyRequests.get(port, "a.wild.example.com", "/");
        await(() -> !model.wildcards().isEmpty() && model.wildcards().get(0).seen().contains("a.wild.example.com"));
        assertThat(texts(robot)).anyMatch(text -> text.startsWith("*.wild.example.com"))
                .anyMatch(text -> text.contains("A hosts file cannot hold *.wild.example.com")
                        && text.contains("Names seen in requests it took: a.wild.example.com."));
        Screenshots.take(robot.window(0).getScene(), "hosts");

        robot.clickOn("#hosts-sync");
        await(() -> Files.readString(hosts).contains("127.0.0.1 shop.example.com") && !model.busyProperty().get());
        assertThat(escalator.calls()).as("one prompt for Sync").hasSize(1);
        assertThat(Files.readString(hosts)).startsWith(ORIGINAL).contains("::1 web.example.com");
        await(() -> text(robot, "#hosts-message").contains(hosts + ": added shop.example.com, web.example.com"));
        await(() -> model.rows().get(0).state().equals("in the block"));
        assertThat(text(robot, "#hosts-problem")).isEmpty();

        robot.clickOn("#hosts-clean");
        await(() -> Files.readString(hosts).equals(ORIGINAL) && !model.busyProperty().get());
        assertThat(escalator.calls()).as("one prompt for Clean").hasSize(2);

        robot.clickOn("#hosts-keep");
        await(() -> Files.readString(hosts).contains(HostsFile.BEGIN_MARKER));
        assertThat(escalator.calls()).as("keeping starts with one write").hasSize(3);
        Files.writeString(manifests, ingresses("shop.example.com", "cart.example.com"));
        await(() -> Files.readString(hosts).contains("127.0.0.1 cart.example.com"));
        Thread.sleep(HostsModel.DEBOUNCE.multipliedBy(2).toMillis());
        assertThat(escalator.calls()).as("one more write for the change").hasSize(4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts))).isEqualTo("r--r--r--");

        robot.clickOn("#hosts-keep");
        await(() -> model.keeper().isEmpty());
        robot.clickOn("#hosts-clean");
        await(() -> Files.readString(hosts).equals(ORIGINAL));
    }

    @Test
    void aCancelledPromptChangesNothingAndSaysSo(FxRobot robot) throws Exception {
        escalator.decline();
        await(() -> model.rows().size() == 2);

        robot.clickOn("#hosts-sync");

        await(() -> text(robot, "#hosts-problem").contains("the administrator prompt was cancelled"));
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        assertThat(escalator.calls()).hasSize(1);
    }

    @Test
    void theViewReadsTheFileAgainWhenItChangesOutsideTheWindowWhileItIsInFront(FxRobot robot) throws Exception {
        await(() -> model.rows().size() == 2 && model.rows().get(0).state().equals("missing"));
        assertThat(model.watchingFile()).as("the view is in front").isTrue();

        // an editor (or `hosts sync` in a terminal) changes the file: no click, the view shows it within 2 s
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(hosts, ORIGINAL + "127.0.0.1 shop.example.com\n");
        long changed = System.nanoTime();
        await(() -> model.rows().get(0).state().equals("mapped elsewhere: line 3 \"127.0.0.1 shop.example.com\""));
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(10));

        robot.interact(() -> app.window().show("routes"));
        await(() -> !model.watchingFile());
        robot.interact(() -> app.window().show("hosts"));
        await(model::watchingFile);
        Files.writeString(hosts, ORIGINAL);
        await(() -> model.rows().get(0).state().equals("missing"));
    }

    @Test
    void theTickDrivesTheKeeperTheDemoStartedInThisProcessOneKeeperOneWritePerChange(FxRobot robot)
            throws Exception {
        await(() -> model.rows().size() == 2);
        List<String> demoSaid = new java.util.concurrent.CopyOnWriteArrayList<>();
        HostsAccess demoAccess = new HostsAccess(hosts, Optional.of(escalator));
        // as `demo --sync-hosts` in the terminal of this process does (TerminalHosts)
        try (HostsKeepers.Hold demo = HostsKeepers.hold(session, demoAccess, DEMO_DEBOUNCE,
                "ingress-lab demo on port " + session.current().connection().httpPort(), demoSaid::add)) {
            demo.keep(HostsKeeper.Consent.ALWAYS, demoAccess);
            await(() -> model.keepInSyncProperty().get()); // the tick shows the demo's keeper
            await(() -> Files.readString(hosts).contains("127.0.0.1 shop.example.com"));
            assertThat(model.keeper()).as("the window joined the demo's keeper").containsSame(demo.keeper());
            Thread.sleep(HostsModel.DEBOUNCE.multipliedBy(2).toMillis());
            assertThat(escalator.calls()).as("one keeper: one write").hasSize(1);

            robot.clickOn("#hosts-keep"); // off: the process's keeper stops, the demo's included
            await(() -> !demo.keeper().keeping());
            Files.writeString(manifests, ingresses("shop.example.com", "cart.example.com"));
            // the change reached the session; a keeper still keeping would write within its debounce of it
            await(() -> session.current().routes().stream().anyMatch(route -> route.host()
                    .equals("cart.example.com")));
            Thread.sleep(DEMO_DEBOUNCE.multipliedBy(2).toMillis());
            assertThat(Files.readString(hosts)).doesNotContain("cart.example.com");

            robot.clickOn("#hosts-keep"); // on again: the same keeper keeps, with the window's consent
            await(() -> Files.readString(hosts).contains("127.0.0.1 cart.example.com"));
            assertThat(model.keeper()).containsSame(demo.keeper());
            assertThat(escalator.calls()).hasSize(2);
            // the helper's report reaches the demo's terminal after the file is written: wait for it
            await(() -> demoSaid.stream().anyMatch(line -> line.contains("added cart.example.com")));
            robot.clickOn("#hosts-keep");
            await(() -> model.keeper().isEmpty());
        }
        assertThat(HostsClaim.holder(options.dataDirectory(), hosts)).as("the claim goes with the last user")
                .isEmpty();
    }

    @Test
    void aSecondProcessKeepingTheFileIsNamedAndTheTickGoesOff(FxRobot robot) throws Exception {
        await(() -> model.rows().size() == 2);
        try (OtherInstance other = OtherInstance.holding(options.dataDirectory(), hosts,
                "ingress-lab demo on port 28080")) {
            robot.clickOn("#hosts-keep");
            await(() -> text(robot, "#hosts-problem").contains(hosts + " is kept in sync by another Ingress Lab:"
                    + " ingress-lab demo on port 28080 (pid " + other.pid() + ", since"));
            assertThat(text(robot, "#hosts-problem")).contains("stop it first (Ctrl-C in its terminal, or `kill "
                    + other.pid() + "`)");
            await(() -> !model.keepInSyncProperty().get());
            assertThat(model.keeper()).isEmpty();
            Thread.sleep(HostsModel.DEBOUNCE.toMillis());
            assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
            assertThat(escalator.calls()).isEmpty();
        }
    }

    @Test
    void everyHeaderNameUrlStateAndObjectIsShownWholeAt1000And1200And1400PixelsWide(FxRobot robot) throws Exception {
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(hosts, ORIGINAL + "10.9.8.7 shop.example.com another.name.example.com\n");
        await(() -> model.rows().size() == 2 && model.rows().get(0).state().startsWith("mapped elsewhere"));
        // 1200: where the URLs were cut (#15); 1400: where the state's header and the Ingresses were (session 9).
        // The headless screen is 1600 px wide (headless.geometry in the pom), so the window is as wide as asked.
        for (int width : new int[] {1000, 1200, 1400}) {
            robot.interact(() -> {
                javafx.stage.Stage stage = (javafx.stage.Stage) robot.window(0);
                stage.setWidth(width);
                stage.setHeight(800);
            });
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.window(0).getWidth()).as("the window's width").isEqualTo(width);
            await(() -> {
                List<String> shown = robot.lookup("#hosts-table .hyperlink .text").queryAll().stream()
                        .map(node -> ((javafx.scene.text.Text) node).getText()).toList();
                return shown.size() == 2 && shown.stream().allMatch(text -> text.startsWith("http://")
                        && !text.contains("…") && text.endsWith("/"));
            });
            // what a header shows is its label's Text: "In the hosts…" where the column cuts it
            List<String> headers = robot.lookup("#hosts-table .column-header .label .text").queryAll().stream()
                    .map(node -> ((javafx.scene.text.Text) node).getText()).toList();
            assertThat(headers).as("the headers whole at %d px", width).containsExactly("Name", "URL to open",
                    "In the hosts file", "From", "Other lines");
            // and in sight: no column pushed out to the right of the table (where only scrolling shows it)
            javafx.scene.Node tableNode = table(robot);
            double right = tableNode.localToScene(tableNode.getBoundsInLocal()).getMaxX();
            robot.lookup("#hosts-table .column-header .label").queryAll().forEach(label ->
                    assertThat(label.localToScene(label.getBoundsInLocal()).getMaxX()).as("%s's right edge at %d px",
                            ((Label) label).getText(), width).isLessThanOrEqualTo(right));
            List<String> cells = robot.lookup("#hosts-table .table-cell .text").queryAll().stream()
                    .map(node -> ((javafx.scene.text.Text) node).getText()).toList();
            assertThat(cells).as("the names, states and objects whole at %d px; the columns: %s", width,
                    table(robot).getColumns().stream().map(column -> column.getText() + " " + column.getWidth()
                            + " (" + column.getMinWidth() + "–" + column.getMaxWidth() + ")").toList()).contains(
                    "shop.example.com", "web.example.com", "mapped elsewhere");
            // the objects: whole where the table has room for them, and always in each cell's tooltip
            if (width > 1000) {
                assertThat(cells).as("the objects whole at %d px", width).contains("Ingress default/shop");
            }
            assertThat(robot.lookup("#hosts-table .table-cell").queryAllAs(javafx.scene.control.TableCell.class)
                    .stream().filter(cell -> cell.getTableColumn() != null
                            && cell.getTableColumn().getText().equals("From") && cell.getTooltip() != null)
                    .map(cell -> cell.getTooltip().getText()).toList()).as("the objects' tooltips at %d px", width)
                    .contains("Ingress default/shop");
            Screenshots.take(robot.window(0).getScene(), "hosts-" + width);
        }
    }

    private static String ingresses(String... hostsOfShop) {
        StringBuilder rules = new StringBuilder();
        for (String host : hostsOfShop) {
            rules.append("    - host: ").append(host).append("\n      http: {paths: [{path: /, pathType: Prefix,"
                    + " backend: {service: {name: web, port: {number: 80}}}}]}\n");
        }
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop}
                spec:
                  rules:
                %s    - host: web.example.com
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
                    - host: "*.wild.example.com"
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
                """.formatted(rules);
    }

    @SuppressWarnings("unchecked")
    private static TableView<dev.ingresslab.core.hosts.HostsReport.Row> table(FxRobot robot) {
        return robot.lookup("#hosts-table").queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static List<String> texts(FxRobot robot) {
        return robot.lookup("#hosts-view .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }
}
