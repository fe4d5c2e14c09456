package dev.ingresslab.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

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
        open(stage, start != null ? start : GuiStart.defaults(), url -> getHostServices().showDocument(url));
    }

    /**
     * An open window: its layout, and its context (view-models and services).
     */
    record Opened(MainWindow window, GuiContext context, Stage stage) {
    }

    /**
     * Builds the window on the stage and shows it: the settings file's size, theme and last view and cluster; the
     * session {@code start} brings (or starts) shown in the cluster bar. Closing the window stops the session the
     * window runs (off the FX thread) and saves the settings. What the tests start too.
     *
     * @param browser opens a URL in the user's browser
     */
    static Opened open(Stage stage, GuiStart start, Consumer<String> browser) {
        GuiSettingsFile file = new GuiSettingsFile(start.dataDirectory());
        GuiSettingsFile.Loaded loaded = file.load();
        loaded.problems().forEach(problem -> System.err.println("ingress-lab: " + problem));
        SettingsSaver settings = new SettingsSaver(file, loaded.settings());

        GuiContext context = new GuiContext(start, browser);
        Themes themes = new Themes(settings.current().theme());
        MainWindow window = new MainWindow(Views.all(context), new ClusterBar(context.session(),
                () -> settings.update(now -> now.withTheme(themes.toggle()))).node());
        context.navigator(window::show);
        window.cover(new StartupView(new StartupModel(context.session())).node());
        Scene scene = new Scene(window.root(), settings.current().width(), settings.current().height());
        scene.getStylesheets().add(Objects.requireNonNull(IngressLabApp.class.getResource("ingress-lab.css"))
                .toExternalForm());
        window.installShortcuts(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                () -> window.show("explain"));
        stage.setTitle("Ingress Lab");
        stage.setScene(scene);
        stage.setMinWidth(GuiSettings.MIN_WIDTH);
        stage.setMinHeight(GuiSettings.MIN_HEIGHT);
        window.show(settings.current().lastView());

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
        window.shownProperty().addListener((property, was, now) -> {
            if (now != null) {
                settings.update(current -> current.withLastView(now));
            }
        });
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
        if (times != null) {
            times.watch(scene, session);
        }
        stage.show();
        return new Opened(window, context, stage);
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
