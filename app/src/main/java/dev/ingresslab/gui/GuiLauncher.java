package dev.ingresslab.gui;

import javafx.application.Application;
import javafx.application.Platform;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Set once the toolkit runs (the application is being started on it). {@link Platform#exit()} before that
     * waits for a toolkit start that may never come (a display that cannot be opened) and, called from a shutdown
     * hook, would keep the JVM from ever exiting.
     */
    private static final AtomicBoolean TOOLKIT_STARTED = new AtomicBoolean();

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
     * @throws IllegalStateException      when the window was opened before in this process
     * @throws WindowUnavailableException when the toolkit cannot open the display (GTK's "Unable to open
     *                                    DISPLAY"): the caller goes on as without a display
     */
    public static void open(GuiStart start) {
        if (!NEXT.compareAndSet(null, Objects.requireNonNull(start, "start"))) {
            throw new IllegalStateException("the Ingress Lab window was opened before in this process");
        }
        // under Xvfb, the software pipeline JavaFX would fall back to anyway, without mapping Mesa's ~75 MiB first
        VirtualFramebuffer.preferSoftwarePipeline(System.getenv("DISPLAY"));
        try {
            Application.launch(IngressLabApp.class);
        } catch (UnsupportedOperationException e) {
            // com.sun.glass.ui.gtk.GtkApplication throws this when gtk_init cannot open the display
            if (TOOLKIT_STARTED.get()) {
                throw e;
            }
            throw new WindowUnavailableException("the window could not open: " + e.getMessage(), e);
        }
    }

    /** Marks the toolkit as running: called by {@link IngressLabApp} on the FX thread. */
    static void toolkitStarted() {
        TOOLKIT_STARTED.set(true);
    }

    /**
     * Closes the window, from any thread (a shutdown hook: Ctrl-C in the terminal that opened it). Does nothing
     * when the toolkit never started: it never waits for one.
     */
    public static void close() {
        if (TOOLKIT_STARTED.get()) {
            Platform.exit();
        }
    }
}
