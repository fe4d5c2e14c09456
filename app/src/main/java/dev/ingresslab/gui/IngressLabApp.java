package dev.ingresslab.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The JavaFX application: started by {@link GuiLauncher}, never as a main class (see there).
 */
public final class IngressLabApp extends Application {

    @Override
    public void init() {
        GuiLauncher.toolkitStarted();
    }

    @Override
    public void start(Stage stage) {
        GuiStart start = GuiLauncher.NEXT.get();
        Opening opening = begin(stage, start != null ? start : GuiStart.defaults(),
                url -> getHostServices().showDocument(url));
        opening.completeAfterFirstFrame();
    }

    /**
     * An open window: its layout, and its context (view-models and services).
     */
    record Opened(MainWindow window, GuiContext context, Stage stage) {
    }

    /**
     * Builds the window on the stage and shows it, all at once: what the tests open (the app itself shows the start's
     * progress first: {@link #begin}, then {@link Opening#completeAfterFirstFrame}).
     *
     * @param browser opens a URL in the user's browser
     */
    static Opened open(Stage stage, GuiStart start, Consumer<String> browser) {
        return begin(stage, start, browser).complete();
    }

    /**
     * Shows the window with only what a start needs to say: the theme, and the start's progress (title, step, elapsed
     * time, the steps so far) or, with no session starting, one line saying the window is opening; the session
     * {@code start} brings is attached or started. The views, the cluster bar and the sidebar are built by
     * {@link Opening#complete}. Why two steps: on a loaded machine the FX thread gets a small share of a core, and
     * building and styling every view before the first frame kept a mapped window black for 10 s and more
     * (bench/gui/startup, docs/benchmarks.md); a few dozen nodes are styled and painted in a fraction of that.
     * The settings file's size, theme and last view and cluster apply; closing the window stops the session the
     * window runs (off the FX thread) and saves the settings. On the FX thread.
     *
     * @param browser opens a URL in the user's browser
     */
    static Opening begin(Stage stage, GuiStart start, Consumer<String> browser) {
        GuiSettingsFile file = new GuiSettingsFile(start.dataDirectory());
        GuiSettingsFile.Loaded loaded = file.load();
        loaded.problems().forEach(problem -> System.err.println("ingress-lab: " + problem));
        SettingsSaver settings = new SettingsSaver(file, loaded.settings());

        Themes themes = new Themes(settings.current().theme());
        GuiContext context = new GuiContext(start, browser);
        Node cover = new StartupView(new StartupModel(context.session())).node();
        Label opening = new Label("Opening Ingress Lab…");
        opening.setId("opening");
        opening.getStyleClass().add("text-muted");
        StackPane first = new StackPane(opening, cover); // the cover, when it shows, hides the line
        first.getStyleClass().add("main-window");
        // the remembered size may come from a larger screen than this one: fitted, so every edge can be reached
        List<WindowBounds> screens = usableAreas();
        GuiSettings remembered = settings.current();
        WindowBounds fitted = new WindowBounds(remembered.x(), remembered.y(), remembered.width(),
                remembered.height()).fitTo(screens);
        Scene scene = new Scene(first, fitted.width(), fitted.height());
        scene.getStylesheets().add(Objects.requireNonNull(IngressLabApp.class.getResource("ingress-lab.css"))
                .toExternalForm());
        stage.setTitle("Ingress Lab");
        stage.setScene(scene);
        stage.setMinWidth(Math.min(GuiSettings.MIN_WIDTH, screens.get(0).width()));
        stage.setMinHeight(Math.min(GuiSettings.MIN_HEIGHT, screens.get(0).height()));
        stage.setX(fitted.x());
        stage.setY(fitted.y());

        SessionModel session = context.session();
        start.running().ifPresentOrElse(session::attach, () -> {
            if (start.autostart()) {
                session.start();
            }
        });
        session.refreshChoices(settings.current().lastContext());
        // each setting is written when it changes (debounced), so SIGTERM or a crash loses none of them
        scene.widthProperty().addListener((property, was, now) -> settings.update(current -> current.withSize(
                now.doubleValue(), current.height())));
        scene.heightProperty().addListener((property, was, now) -> settings.update(current -> current.withSize(
                current.width(), now.doubleValue())));
        session.selectedProperty().addListener((property, was, now) -> {
            if (now != null) {
                settings.update(current -> current.withLastContext(now.name()));
            }
        });

        stage.setOnCloseRequest(event -> {
            settings.saveNow();
            if (session.sessionProperty().get() != null && start.running().isEmpty()) {
                event.consume(); // the window's own session stops first, off the FX thread, then the window closes
                stage.setTitle("Ingress Lab: stopping…");
                FxThread.background(() -> {
                    session.closeNow();
                    return true;
                }, done -> stage.close(), error -> stage.close());
            }
        });
        StartupTimes times = StartupTimes.fromEnvironment();
        Opening result = new Opening(stage, scene, context, settings, themes, cover);
        if (times != null) {
            times.watch(scene, result::isComplete, session);
        }
        stage.show();
        fitShown(stage, screens); // the title bar and borders are known only now
        stage.xProperty().addListener((property, was, now) -> settings.update(current -> current.withPosition(
                now.doubleValue(), stage.getY())));
        stage.yProperty().addListener((property, was, now) -> settings.update(current -> current.withPosition(
                stage.getX(), now.doubleValue())));
        return result;
    }

    /**
     * The usable areas of the screens now ({@code Screen.getVisualBounds()}), the primary screen first. On the FX
     * thread.
     */
    static List<WindowBounds> usableAreas() {
        List<WindowBounds> areas = new java.util.ArrayList<>();
        javafx.stage.Screen primary = javafx.stage.Screen.getPrimary();
        areas.add(bounds(primary.getVisualBounds()));
        javafx.stage.Screen.getScreens().stream().filter(screen -> !screen.equals(primary))
                .map(screen -> bounds(screen.getVisualBounds())).forEach(areas::add);
        return areas;
    }

    /** Fits a shown window, decorations included, to the screen it is on ({@link WindowBounds#fitTo}). */
    static void fitShown(Stage stage, List<WindowBounds> screens) {
        WindowBounds shown = new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        WindowBounds fitted = shown.fitTo(screens);
        if (!fitted.equals(shown)) {
            stage.setWidth(fitted.width());
            stage.setHeight(fitted.height());
            stage.setX(fitted.x());
            stage.setY(fitted.y());
        }
    }

    private static WindowBounds bounds(javafx.geometry.Rectangle2D area) {
        return new WindowBounds(area.getMinX(), area.getMinY(), area.getWidth(), area.getHeight());
    }

    /**
     * A window shown by {@link #begin} whose views are not built yet. On the FX thread only.
     */
    static final class Opening {

        /** Laid-out pulses before the views are built: the first frame's, and two that wait for its rendering. */
        private static final int FRAMES_BEFORE_VIEWS = 3;

        private final Stage stage;
        private final Scene scene;
        private final GuiContext context;
        private final SettingsSaver settings;
        private final Themes themes;
        private final Node cover;
        private Opened opened;

        private Opening(Stage stage, Scene scene, GuiContext context, SettingsSaver settings, Themes themes,
                        Node cover) {
            this.stage = stage;
            this.scene = scene;
            this.context = context;
            this.settings = settings;
            this.themes = themes;
            this.cover = cover;
        }

        /** The window's context: its view-models, already running (the start's progress is theirs). */
        GuiContext context() {
            return context;
        }

        /** Whether {@link #complete} has built the views. */
        boolean isComplete() {
            return opened != null;
        }

        /**
         * Completes the window once its first frame is on the screen: the views are built in a turn of the FX thread
         * after the third laid-out pulse. Why not after the first: JavaFX renders a frame on its render thread after
         * the pulse, and with the software pipeline the pixels reach the window in a task the render thread hands
         * back to the FX thread; building the views right after the first pulse ran ahead of that task and kept the
         * window blank for the whole build. Each pulse waits for the previous frame's rendering, so by the third the
         * first frame's pixels have been handed over, and are drawn before the build starts. Pulses are asked for
         * ({@link Platform#requestNextPulse}) in case nothing moves on the screen.
         */
        void completeAfterFirstFrame() {
            Runnable[] listener = new Runnable[1];
            int[] laidOut = new int[1];
            listener[0] = () -> {
                if (laidOut[0] >= FRAMES_BEFORE_VIEWS || !stage.isShowing()
                        || scene.getRoot().getLayoutBounds().getWidth() <= 0) {
                    return;
                }
                laidOut[0]++;
                if (laidOut[0] < FRAMES_BEFORE_VIEWS) {
                    Platform.requestNextPulse();
                    return;
                }
                // removed in a later turn: a listener may not remove itself while the pulse walks the list
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(listener[0]);
                    complete();
                });
            };
            scene.addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        }

        /**
         * Builds the views, the cluster bar and the sidebar, moves the start's progress over the content area, and
         * shows the last view; does nothing the second time.
         *
         * @return the complete window
         */
        Opened complete() {
            if (opened != null) {
                return opened;
            }
            MainWindow window = new MainWindow(Views.all(context), new ClusterBar(context.session(),
                    () -> settings.update(now -> now.withTheme(themes.toggle()))).node());
            context.navigator(window::show);
            ((StackPane) scene.getRoot()).getChildren().remove(cover);
            window.cover(cover);
            window.installShortcuts(scene);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                    () -> window.show("explain"));
            window.show(settings.current().lastView());
            window.shownProperty().addListener((property, was, now) -> {
                if (now != null) {
                    settings.update(current -> current.withLastView(now));
                }
            });
            scene.setRoot(window.root());
            opened = new Opened(window, context, stage);
            return opened;
        }
    }

    /** The AtlantaFX Primer theme in force: the saved choice, or the system's light or dark setting. */
    static final class Themes {

        private boolean dark;

        Themes(GuiSettings.Theme chosen) {
            dark = chosen == GuiSettings.Theme.DARK;
            apply();
            if (chosen == GuiSettings.Theme.SYSTEM) {
                FxThread.background(SystemTheme::prefersDark, systemDark -> {
                    dark = systemDark;
                    apply();
                }, error -> { });
            }
        }

        /** Switches light ↔ dark and returns the new choice, to be remembered. */
        GuiSettings.Theme toggle() {
            dark = !dark;
            apply();
            return dark ? GuiSettings.Theme.DARK : GuiSettings.Theme.LIGHT;
        }

        private void apply() {
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
        }
    }
}
