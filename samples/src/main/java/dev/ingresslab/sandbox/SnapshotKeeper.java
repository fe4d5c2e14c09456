package dev.ingresslab.sandbox;

import dev.ingresslab.concurrent.DaemonThreads;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Saves the store's objects to a {@link SnapshotFile} shortly after they change: changes within {@code delay} of
 * the first are saved together (an {@code apply -f} of a folder is one write, not one per object), and a snapshot
 * equal to the last one saved is not written again (the simulated pods' churn changes nothing that is kept). A
 * kill at any moment leaves the last saved state ({@link AtomicFile}); {@link #close} saves what is left.
 */
final class SnapshotKeeper implements AutoCloseable {

    private final ObjectStore store;
    private final SnapshotFile file;
    private final Duration delay;
    private final Consumer<String> problems;
    private final ScheduledExecutorService saver = DaemonThreads.scheduler("ingress-lab-sandbox-snapshot");
    private final AtomicBoolean pending = new AtomicBoolean();
    private byte[] lastSaved;
    private int lastSavedCount;
    private String lastProblem;
    private String lastReason;
    private java.time.Instant lastSavedAt;

    /**
     * @param saved    the snapshot the store was restored from, or null: what is on disk already
     * @param problems told when a save fails (once per distinct failure), in words for the user
     */
    SnapshotKeeper(ObjectStore store, SnapshotFile file, SandboxSnapshot saved, Duration delay,
                   Consumer<String> problems) {
        this.store = store;
        this.file = file;
        this.delay = delay;
        this.problems = problems;
        this.lastSaved = saved == null ? null : saved.toJson();
        this.lastSavedCount = saved == null ? 0 : saved.objects().size();
    }

    /** Something in the store changed: save within {@code delay}. Cheap; runs on the store's threads. */
    void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                saver.schedule(this::save, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing: close() saves
            }
        }
    }

    /** Saves now if the kept objects differ from the last saved. */
    synchronized void save() {
        pending.set(false);
        SandboxSnapshot snapshot = SandboxSnapshot.of(store.objects());
        byte[] bytes = snapshot.toJson();
        if (Arrays.equals(bytes, lastSaved)) {
            return;
        }
        try {
            AtomicFile.write(file.path(), bytes, true);
            lastSaved = bytes;
            lastSavedCount = snapshot.objects().size();
            lastProblem = null;
            lastReason = null;
            lastSavedAt = java.time.Instant.now();
        } catch (IOException | RuntimeException e) {
            // the file system's reason alone: the exception's message names a temporary file, different each time
            String reason = e instanceof IOException failed ? FileProblems.reason(failed) : e.toString();
            String problem = "cannot save the sandbox's objects to " + file.path() + ": " + reason
                    + " (the last saved state stays; check the folder's permissions and free space)";
            lastReason = reason;
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                problems.accept(problem);
            }
        }
    }

    /** What the file holds now: call after {@link #close}. */
    synchronized SavedObjects saved() {
        return new SavedObjects(file.path(), lastSavedCount, lastProblem);
    }

    /**
     * Saves what changed since the last save, then stops; when that last save fails, says that the changes since
     * the last good save are lost, and what the file holds instead.
     */
    @Override
    public void close() {
        saver.shutdownNow();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
        if (lastReason != null) {
            problems.accept("stopped without saving the latest changes to " + file.path() + " (" + lastReason
                    + "): they are lost; the file keeps " + (lastSavedAt == null ? "what it held when this demo started"
                    : "the state saved at " + lastSavedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
    }
}
