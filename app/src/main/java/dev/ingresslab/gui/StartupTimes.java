package dev.ingresslab.gui;

import javafx.scene.Scene;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Measures the start as a user sees it, for {@code bench/gui/startup}: <b>first frame</b> (the first pulse after the
 * stage is shown in which the scene has been laid out at its size: JavaFX renders that frame at the end of the same
 * pulse; it shows the start's progress), <b>window ready</b> (the same, for the first pulse after the views are
 * built) and <b>session ready</b> (the cluster bar's session runs: for {@code demo}, the sandbox with its samples
 * serves), each in seconds after the process started ({@link ProcessHandle.Info#startInstant()}, the kernel's start
 * time of the JVM process). With {@value #ENV} set, prints lines on standard error:
 * <pre>
 * ingress-lab startup: first-frame-s=0.61
 * ingress-lab startup: window-ready-s=0.84
 * ingress-lab startup: session-ready-s=14.20 window-ready-s=0.84 window-after-session-s=-13.36
 * </pre>
 * The budget of issue 13 is window-after-session-s under 3 (with the window up first, it is negative).
 */
final class StartupTimes {

    /** The environment variable that turns the lines on. */
    static final String ENV = "INGRESS_LAB_STARTUP_TIMES";
    static final String PREFIX = "ingress-lab startup: ";

    private final Instant processStart;
    private final PrintStream out;
    private Duration firstFrame;
    private Duration windowReady;
    private boolean sessionSaid;

    StartupTimes(Instant processStart, PrintStream out) {
        this.processStart = processStart;
        this.out = out;
    }

    /** The times of this process, printed on standard error when {@value #ENV} is set; else null (nothing to do). */
    static StartupTimes fromEnvironment() {
        String wanted = System.getenv(ENV);
        if (wanted == null || wanted.isEmpty() || wanted.equals("0")) {
            return null;
        }
        return new StartupTimes(ProcessHandle.current().info().startInstant().orElse(Instant.now()), System.err);
    }

    /**
     * Watches {@code scene} for its first laid-out pulse (the first frame: the start's progress), then for the first
     * one after {@code complete} says the views are built (window ready), and {@code session} for its first run. On
     * the FX thread.
     */
    void watch(Scene scene, BooleanSupplier complete, SessionModel session) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (windowReady != null || scene.getWindow() == null || !scene.getWindow().isShowing()
                    || scene.getRoot().getLayoutBounds().getWidth() <= 0) {
                return;
            }
            if (firstFrame == null) {
                firstFrame = since();
                out.println(PREFIX + "first-frame-s=" + seconds(firstFrame));
            }
            if (complete.getAsBoolean()) {
                windowReady = since();
                out.println(PREFIX + "window-ready-s=" + seconds(windowReady));
                // removed in a later turn: a listener may not remove itself while the pulse walks the list
                javafx.application.Platform.runLater(() -> scene.removePostLayoutPulseListener(listener[0]));
                sessionReadyIfRunning(session);
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        session.phaseProperty().addListener((observable, old, now) -> sessionReadyIfRunning(session));
    }

    private void sessionReadyIfRunning(SessionModel session) {
        if (sessionSaid || windowReady == null || session.phaseProperty().get() != SessionModel.Phase.RUNNING) {
            return;
        }
        sessionSaid = true;
        Duration ready = since();
        out.println(PREFIX + "session-ready-s=" + seconds(ready) + " window-ready-s=" + seconds(windowReady)
                + " window-after-session-s=" + seconds(windowReady.minus(ready)));
    }

    private Duration since() {
        return Duration.between(processStart, Instant.now());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
    }
}
