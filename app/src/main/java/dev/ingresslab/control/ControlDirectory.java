package dev.ingresslab.control;

import dev.ingresslab.sandbox.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The folder of the running instances' {@link ControlFile}s: {@code run/control/} in the data directory, owner-only
 * (0700), one {@code PID-PORT.json} (0600) per instance. A file whose process is gone (killed: a clean stop removes
 * its file) is <em>stale</em>: {@link #scan} reports it apart and never offers it as an instance.
 */
public final class ControlDirectory {

    private final Path folder;

    /** @param dataDirectory Ingress Lab's data directory ({@link dev.ingresslab.core.DataDirectory}) */
    public ControlDirectory(Path dataDirectory) {
        this.folder = dataDirectory.resolve("run").resolve("control");
    }

    /** {@code DATA/run/control}. */
    public Path folder() {
        return folder;
    }

    /**
     * The instances that run now, and the files left by those that do not.
     *
     * @param live  running instances, by pid then port
     * @param stale files naming a process that is gone (or cannot be read), each with why; never used
     */
    public record Scan(List<ControlFile> live, List<Stale> stale) {
        public Scan {
            live = List.copyOf(live);
            stale = List.copyOf(stale);
        }
    }

    /** A file that names no running instance, and why ({@code pid 4242 is gone}). */
    public record Stale(Path file, String reason) {
        /** {@code ignoring /…/run/control/4242-39021.json: pid 4242 is gone (it did not stop cleanly)}. */
        public String message() {
            return "ignoring " + file + ": " + reason;
        }
    }

    /**
     * Reads the folder. A missing folder is no instance; a file that cannot be read or parsed is stale, as is one
     * whose pid is gone or now belongs to a process started at another moment (the pid was reused).
     */
    public Scan scan() {
        List<ControlFile> live = new ArrayList<>();
        List<Stale> stale = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new Scan(live, stale);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                ControlFile read;
                try {
                    read = ControlJson.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8),
                            ControlFile.class);
                } catch (NoSuchFileException e) {
                    continue; // removed by its instance as we read the folder
                } catch (IOException | RuntimeException e) {
                    stale.add(new Stale(file, "not a control file Ingress Lab can read (" + e.getMessage() + ")"));
                    continue;
                }
                liveness(read).ifPresentOrElse(reason -> stale.add(new Stale(file, reason)), () -> live.add(read));
            }
        } catch (IOException e) {
            stale.add(new Stale(folder, "cannot list the folder: " + e.getMessage()));
        }
        live.sort(Comparator.comparingLong(ControlFile::pid).thenComparingInt(ControlFile::port));
        return new Scan(live, stale);
    }

    /** Empty when the file's process runs; else why it is stale. */
    static Optional<String> liveness(ControlFile file) {
        Optional<ProcessHandle> process = ProcessHandle.of(file.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("pid " + file.pid() + " is gone (" + file.what() + " did not stop cleanly)");
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (file.processStart() != null && started.isPresent()
                && !sameSecond(started.get(), file.processStart())) {
            return Optional.of("pid " + file.pid() + " now belongs to another program (" + file.what()
                    + " is gone)");
        }
        return Optional.empty();
    }

    private static boolean sameSecond(Instant a, Instant b) {
        return Math.abs(a.truncatedTo(ChronoUnit.SECONDS).getEpochSecond()
                - b.truncatedTo(ChronoUnit.SECONDS).getEpochSecond()) <= 1;
    }

    /**
     * Writes an instance's file, atomically and owner-only (the folder is made owner-only too: the token in it is
     * the key to the instance).
     *
     * @return the file written
     * @throws IOException when the data directory cannot be written
     */
    Path register(ControlFile file) throws IOException {
        Files.createDirectories(folder);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX (Windows): the user's profile folder protects it
        }
        Path target = fileOf(file);
        AtomicFile.write(target, ControlJson.MAPPER.writeValueAsBytes(file), true);
        return target;
    }

    /**
     * Whether an instance's control file is still there. A clean stop (Ctrl-C, SIGTERM, the window closed) removes
     * it before anything else, a killed or crashed instance leaves it: after a lost connection, false means the
     * instance stopped normally.
     */
    public boolean registered(ControlFile file) {
        return Files.exists(fileOf(file));
    }

    /** {@code PID-PORT.json}. */
    Path fileOf(ControlFile file) {
        return folder.resolve(file.pid() + "-" + file.port() + ".json");
    }

    /** Removes a stale file (only files {@link #scan} reported stale: a live instance's file is never touched). */
    public void removeStale(Stale stale) throws IOException {
        if (!stale.file().equals(folder)) {
            Files.deleteIfExists(stale.file());
        }
    }
}
