package dev.ingresslab.hosts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Replaces a file's content so that a reader, or the file after a crash at any moment, sees either the old content
 * or the new one, never a mix, an empty file or a missing file.
 *
 * <p>The steps (the classic write-temp-fsync-rename, as in POSIX {@code rename(2)}'s atomicity guarantee):
 * the new content goes to a temporary file in the same directory (same file system, so the rename is atomic),
 * which is forced to disk ({@link FileChannel#force(boolean)}), given the old file's permissions and, when this
 * process runs as root, its owner and group; then it is renamed over the target ({@link
 * StandardCopyOption#ATOMIC_MOVE}) and the directory is forced too, so the rename itself survives a power loss
 * where the platform allows opening a directory (Linux; elsewhere the step is skipped).
 *
 * <p>The caller passes the target's real path (symbolic links followed), so that a link such as macOS's
 * {@code /etc/hosts -> /private/etc/hosts} stays a link and its target gets the content.
 *
 * <p>Temporary files are named {@code .ingress-lab-<name>-<random>.tmp}; one left behind by a killed process is
 * removed by {@link #removeStaleTemporaries} (called under the writers' lock, when no writer can be using it).
 */
final class AtomicFileWriter {
    static final String TEMP_PREFIX = ".ingress-lab-";
    static final String TEMP_SUFFIX = ".tmp";
    /** The mode of a hosts file created from nothing: rw-r--r--, as every system ships it. */
    static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFileWriter() {
    }

    /**
     * Replaces {@code target}'s content with {@code content}.
     *
     * @param target      the real path of the file (created if missing)
     * @param content     the new bytes
     * @param modeFrom    the file whose mode and owner the new file takes (usually {@code target}; null or missing:
     *                    {@link #NEW_FILE_MODE}, this process's owner)
     * @param stillCurrent asked just before the rename; false aborts the write (the target changed since it was
     *                     read) and the target is left untouched
     * @param syncDirectory whether to force the directory after the rename; a caller writing two files in one
     *                      directory passes false for the first, since forcing it after the second makes both
     *                      renames durable
     * @return true when the content was written, false when {@code stillCurrent} said no
     * @throws IOException when a step fails; the target is then untouched and the temporary file removed
     */
    static boolean replace(Path target, byte[] content, Path modeFrom, BooleanSupplier stillCurrent,
                           boolean syncDirectory) throws IOException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            copyModeAndOwner(modeFrom, temp);
            if (!stillCurrent.getAsBoolean()) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            if (syncDirectory) {
                forceDirectory(dir);
            }
            return true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Removes the temporary files a killed writer of {@code target} (or of its backup) left in its directory.
     * Call only under the writers' lock.
     *
     * @return how many were removed
     */
    static int removeStaleTemporaries(Path target) throws IOException {
        int removed = 0;
        String prefix = TEMP_PREFIX + target.getFileName();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(TEMP_SUFFIX))) {
            for (Path stale : entries) {
                if (Files.deleteIfExists(stale)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static void copyModeAndOwner(Path from, Path to) throws IOException {
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (toView == null) {
            return; // not a POSIX file system: the temporary file keeps the directory's defaults
        }
        if (from == null || !Files.exists(from)) {
            toView.setPermissions(NEW_FILE_MODE);
            return;
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        toView.setPermissions(old.permissions());
        if (isRoot(to)) {
            // Only root may give a file away; anyone else writing here owns the file already or may not chown.
            UserPrincipal owner = old.owner();
            GroupPrincipal group = old.group();
            toView.setOwner(owner);
            toView.setGroup(group);
        }
    }

    // Whether this process writes as root: the file it just created belongs to uid 0.
    private static boolean isRoot(Path ownFile) {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(ownFile, "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory (macOS refuses the fsync); the rename is atomic regardless.
        }
    }
}
