package dev.ingresslab.gui;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application: started by {@link GuiLauncher}, never as a main class (see there).
 */
public final class IngressLabApp extends Application {

    @Override
    public void start(Stage stage) {
        GuiStart start = GuiLauncher.NEXT.get();
        open(stage, start != null ? start : GuiStart.defaults());
    }

    /** Builds the window on the stage and shows it; what the tests start too. */
    static MainWindow open(Stage stage, GuiStart start) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        GuiContext context = new GuiContext(start);
        MainWindow window = new MainWindow(Views.all(context), new ClusterBar(context).node());
        Scene scene = new Scene(window.root(), 1200, 760);
        window.installShortcuts(scene);
        stage.setTitle("Ingress Lab");
        stage.setScene(scene);
        window.show("routes");
        stage.show();
        return window;
    }
}
