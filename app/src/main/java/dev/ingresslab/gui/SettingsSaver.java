package dev.ingresslab.gui;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Keeps {@code gui.properties} up to date while the window is open: each change of a setting (theme, view, size,
 * context) is written {@link #DEBOUNCE} after the last one of a burst (dragging the window's edge changes its size
 * at every pulse), so a window stopped by SIGTERM or a crash has its settings already on disk, not only after a
 * normal close. Writes go through {@link GuiSettingsFile#save} (atomic: old or new, never half) on one writer
 * thread, in order, so the FX thread never waits on the disk and a later write is never overtaken by an earlier one.
 *
 * <p>{@link #update} and {@link #saveNow} are called on the FX thread.
 */
final class SettingsSaver {

    /** How long after the last change the file is written. */
    static final Duration DEBOUNCE = Duration.millis(400);

    private final GuiSettingsFile file;
    private final PauseTransition pause = new PauseTransition(DEBOUNCE);
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ingress-lab-settings");
        thread.setDaemon(true);
        return thread;
    });
    private GuiSettings settings;
    private String lastProblem = "";

    SettingsSaver(GuiSettingsFile file, GuiSettings initial) {
        this.file = Objects.requireNonNull(file, "file");
        this.settings = Objects.requireNonNull(initial, "initial");
        pause.setOnFinished(event -> submit(settings));
    }

    /** The settings in force. */
    GuiSettings current() {
        return settings;
    }

    /** Changes the settings; the file is written {@link #DEBOUNCE} after the last change (when it differs). */
    void update(UnaryOperator<GuiSettings> change) {
        GuiSettings changed = change.apply(settings);
        if (!changed.equals(settings)) {
            settings = changed;
            pause.playFromStart();
        }
    }

    /** Writes the settings now and waits (up to two seconds) for it: the window is closing. */
    void saveNow() {
        pause.stop();
        try {
            submit(settings).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("ingress-lab: the window's settings were not written in time: " + e.getMessage());
        }
    }

    private java.util.concurrent.Future<?> submit(GuiSettings snapshot) {
        return writer.submit(() -> {
            try {
                file.save(snapshot);
            } catch (UncheckedIOException e) {
                if (!e.getMessage().equals(lastProblem)) { // once per problem, not at every change
                    lastProblem = e.getMessage();
                    System.err.println("ingress-lab: " + e.getMessage());
                }
            }
        });
    }
}
