package dev.ingresslab.sandbox;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The file a sandbox's objects are kept in between runs ({@code objects.json} in the sandbox's data directory), and
 * the files it is set aside to. Nothing here deletes a snapshot: {@code demo --fresh}, an unreadable file and a
 * partial restore each move or copy it to a dated name beside it, which the message names, so the user can look at
 * it or move it back.
 */
public final class SnapshotFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;

    public SnapshotFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** What was found on disk. */
    public sealed interface Loaded {
    }

    /** No snapshot yet: the first run, or the one after {@code --fresh}. */
    public record Absent() implements Loaded {
    }

    /** A snapshot, and when it was saved (the file's modification time). */
    public record Found(SandboxSnapshot snapshot, Instant savedAt) implements Loaded {
    }

    /** A file that could not be read, moved to {@code setAsideTo}; {@code reason} says what is wrong with it. */
    public record Unreadable(Path setAsideTo, String reason) implements Loaded {
    }

    /**
     * Reads the snapshot; an unreadable one is moved aside (never deleted) and reported as such.
     *
     * @throws IOException when the file exists but cannot be read or moved (permissions, a directory in its place):
     *                     the caller must stop rather than start empty and overwrite it later; {@link
     *                     FileProblems#reason} words it
     */
    public Loaded load() throws IOException {
        byte[] bytes;
        Instant savedAt;
        if (Files.isDirectory(file)) {
            throw new IOException("it is a directory, not a file");
        }
        try {
            bytes = Files.readAllBytes(file);
            savedAt = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return new Absent();
        }
        try {
            return new Found(SandboxSnapshot.parse(bytes), savedAt);
        } catch (SandboxSnapshot.UnreadableSnapshotException e) {
            return new Unreadable(moveAside("unreadable"), e.getMessage());
        }
    }

    /** Writes atomically, owner-only (it holds the user's Secrets). */
    public void save(SandboxSnapshot snapshot) throws IOException {
        AtomicFile.write(file, snapshot.toJson(), true);
    }

    /**
     * Moves the snapshot to {@code objects.LABEL-2026-11-29T18-40-05Z.json} beside it.
     *
     * @return where it went, or null when there was none
     */
    public Path moveAside(String label) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return aside(label, true);
    }

    /** Copies the snapshot aside, leaving it in place; null when there was none. */
    public Path copyAside(String label) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return aside(label, false);
    }

    private Path aside(String label, boolean move) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String stamp = STAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        for (int attempt = 1; ; attempt++) {
            Path target = file.resolveSibling(stem + "." + label + "-" + stamp + (attempt == 1 ? "" : "-" + attempt)
                    + extension);
            try {
                if (move) {
                    Files.move(file, target); // no REPLACE_EXISTING: an earlier set-aside file is never overwritten
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return target;
            } catch (FileAlreadyExistsException e) {
                // set aside twice in one second: take the next name
            }
        }
    }
}
