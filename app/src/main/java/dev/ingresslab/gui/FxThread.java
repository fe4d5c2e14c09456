package dev.ingresslab.gui;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The window's two kinds of thread: the FX thread, which only updates what is shown and never waits on a cluster,
 * a file or a session; and the background workers, which do all of that ({@link #background}). Session events
 * arrive on the session's delivery threads and hop to the FX thread with {@link #later}.
 */
public final class FxThread {

    private static final AtomicInteger NEXT = new AtomicInteger(1);
    /** Daemon threads: a cluster call still running never keeps the JVM alive after the window has closed. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ingress-lab-gui-worker-" + NEXT.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    });

    private FxThread() {
    }

    /** Runs on the FX thread: at once when called on it, else as soon as it is free. */
    public static void later(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** What a background job gives back, on the FX thread. */
    public interface Work<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code work} on a background worker; then {@code done} with its result, or {@code failed} with its
     * error, on the FX thread.
     *
     * @return the task, whose {@code runningProperty} drives progress indicators
     */
    public static <T> Task<T> background(Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(event -> done.accept(task.getValue()));
        task.setOnFailed(event -> failed.accept(task.getException()));
        WORKERS.execute(task);
        return task;
    }
}
