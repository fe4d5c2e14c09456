package dev.ingresslab.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Background threads that never keep the JVM alive after its work is done (Ctrl-C must end the program). */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A single daemon thread, named so thread dumps say whose it is, for scheduled work. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
