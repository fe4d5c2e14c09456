package dev.ingresslab.manifest;

import dev.ingresslab.concurrent.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reloads manifests when their files change, like Traefik's file provider. It polls modification times and sizes
 * (the same on every OS; macOS's WatchService polls slowly anyway), and reports each complete load or the problems
 * of a failed one; the caller keeps serving what it had until a load succeeds.
 *
 * <p>A change is loaded only once the files have stopped changing for one interval, and only if they did not change
 * while being read: editors and {@code cat >} truncate a file before writing it, and a file caught half-written is
 * often valid YAML (the first documents of it), which would silently replace the routes with a fraction of them.
 *
 * <p>No input stops the watching: whatever a load or the listener throws, {@link Error}s such as
 * OutOfMemoryError and StackOverflowError included, is reported through {@link Listener#failed} as a problem of that
 * load, and the next change is loaded as usual (a scheduled task that throws is never run again, silently).
 */
public final class ManifestWatcher implements AutoCloseable {

    /** What the watcher reports, on its own thread. */
    public interface Listener {
        void loaded(ManifestSet manifests);

        void failed(ManifestException problems);
    }

    /** Reads the sources; {@link ManifestLoader#load} outside tests. */
    interface Reader {
        ManifestSet read(List<String> sources) throws ManifestException;
    }

    private final List<String> sources;
    private final Reader reader;
    private final Listener listener;
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("ingress-lab-manifest-watcher");
    private List<String> lastFingerprint;
    /** A change seen at the last check, loaded when the next check sees the files unchanged since. */
    private List<String> settling;

    public ManifestWatcher(List<String> sources, ManifestLoader loader, Listener listener) {
        this(sources, loader::load, listener);
    }

    ManifestWatcher(List<String> sources, Reader reader, Listener listener) {
        this.sources = List.copyOf(sources);
        this.reader = reader;
        this.listener = listener;
    }

    /** Loads once now, on the calling thread, and remembers what was loaded. */
    public ManifestSet loadNow() throws ManifestException {
        lastFingerprint = fingerprint();
        return reader.read(sources);
    }

    /** Checks for changes every {@code interval}. */
    public void watch(Duration interval) {
        if (lastFingerprint == null) {
            lastFingerprint = fingerprint();
        }
        timer.scheduleWithFixedDelay(this::checkSurviving, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** {@link #check}, never throwing: the timer would stop for good. */
    private void checkSurviving() {
        try {
            check();
        } catch (Throwable e) { // anything check() could not report itself: a failing listener.failed, say
            settling = null;
            try {
                listener.failed(cannotReload(e));
            } catch (Throwable ignored) {
                // nothing left to report to; the next change is tried as usual
            }
        }
    }

    /** One poll: what the timer runs every interval (tests call it to step through a change). */
    void check() {
        List<String> now = fingerprint();
        if (now.equals(lastFingerprint)) {
            settling = null;
            return;
        }
        if (!now.equals(settling)) {
            settling = now;
            return;
        }
        ManifestSet loaded = null;
        ManifestException problems = null;
        try {
            loaded = reader.read(sources);
        } catch (ManifestException e) {
            problems = e;
        } catch (Throwable e) { // a bug, or an input too big for this JVM: reported; the last good routes stay
            problems = cannotReload(e);
        }
        List<String> after = fingerprint();
        if (!after.equals(now)) {
            settling = after; // changed while being read: wait for it to settle again
            return;
        }
        lastFingerprint = now;
        settling = null;
        if (problems != null) {
            listener.failed(problems);
            return;
        }
        try {
            listener.loaded(loaded);
        } catch (Throwable e) { // the listener's translation or swap failed: the same as a failed load
            listener.failed(cannotReload(e));
        }
    }

    private ManifestException cannotReload(Throwable cause) {
        String hint = cause instanceof OutOfMemoryError
                ? "the manifests need more memory than this JVM has; look for a huge or repeated object, or raise"
                + " -Xmx in INGRESS_LAB_JAVA_OPTS"
                : cause instanceof StackOverflowError
                ? "the manifests nest too deeply to be read; look for a deeply nested value"
                : "this is a bug in Ingress Lab: please report it with the manifests";
        return new ManifestException(List.of(new ManifestProblem(new SourceLocation(
                String.join(", ", sources), 0), "cannot reload: " + cause, hint)));
    }

    /** Each file's path, size and modification time; a missing file counts as a change too. */
    private List<String> fingerprint() {
        List<String> entries = new ArrayList<>();
        for (String source : sources) {
            if (source.equals("-")) {
                continue;
            }
            Path path = Path.of(source);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.sorted().forEach(file -> entries.add(describe(file)));
                } catch (IOException e) {
                    entries.add(source + " unreadable");
                }
            } else {
                entries.add(describe(path));
            }
        }
        return entries;
    }

    private static String describe(Path file) {
        try {
            return file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file + " missing";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
