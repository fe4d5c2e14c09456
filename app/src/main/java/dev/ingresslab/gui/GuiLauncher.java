package dev.ingresslab.gui;

import javafx.application.Application;
import javafx.application.Platform;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens the Ingress Lab window from plain Java. It is deliberately not an {@link Application}: a main class that
 * extends {@code Application} started from the class path fails with "JavaFX runtime components are missing"
 * (the JavaFX launcher checks for the {@code javafx.graphics} module), while one that calls
 * {@link Application#launch} from an ordinary class works.
 */
public final class GuiLauncher {

    /** What the next {@link IngressLabApp} starts with: {@link Application#launch} instantiates it itself. */
    static final AtomicReference<GuiStart> NEXT = new AtomicReference<>();

    private GuiLauncher() {
    }

    /** Opens the window with default settings; for running the app from an IDE. */
    public static void main(String[] args) {
        open(GuiStart.defaults());
    }

    /**
     * Opens the window and blocks until it is closed (or {@link #close()} is called). JavaFX starts once per
     * process, so this may be called once.
     *
     * @throws IllegalStateException when the window was opened before in this process
     */
    public static void open(GuiStart start) {
        if (!NEXT.compareAndSet(null, Objects.requireNonNull(start, "start"))) {
            throw new IllegalStateException("the Ingress Lab window was opened before in this process");
        }
        Application.launch(IngressLabApp.class);
    }

    /** Closes the window, from any thread (a shutdown hook: Ctrl-C in the terminal that opened it). */
    public static void close() {
        Platform.exit();
    }
}
