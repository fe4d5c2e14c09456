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
 */
public final class ManifestWatcher implements AutoCloseable {

    /** What the watcher reports, on its own thread. */
    public interface Listener {
        void loaded(ManifestSet manifests);

        void failed(ManifestException problems);
    }

    private final List<String> sources;
    private final ManifestLoader loader;
    private final Listener listener;
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("ingress-lab-manifest-watcher");
    private List<String> lastFingerprint;

    public ManifestWatcher(List<String> sources, ManifestLoader loader, Listener listener) {
        this.sources = List.copyOf(sources);
        this.loader = loader;
        this.listener = listener;
    }

    /** Loads once now, on the calling thread, and remembers what was loaded. */
    public ManifestSet loadNow() throws ManifestException {
        lastFingerprint = fingerprint();
        return loader.load(sources);
    }

    /** Checks for changes every {@code interval}. */
    public void watch(Duration interval) {
        if (lastFingerprint == null) {
            lastFingerprint = fingerprint();
        }
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        List<String> now = fingerprint();
        if (now.equals(lastFingerprint)) {
            return;
        }
        lastFingerprint = now;
        try {
            listener.loaded(loader.load(sources));
        } catch (ManifestException e) {
            listener.failed(e);
        } catch (RuntimeException e) {
            listener.failed(new ManifestException(List.of(new ManifestProblem(new SourceLocation(
                    String.join(", ", sources), 0), "cannot reload: " + e, ""))));
        }
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
