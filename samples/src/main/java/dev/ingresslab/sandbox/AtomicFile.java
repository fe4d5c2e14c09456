package dev.ingresslab.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file's content so that a reader, or the next start after a crash or a {@code kill -9} at any moment,
 * sees either the old content or the new, never a mix or an empty file: the bytes go to a temporary file in the
 * same directory, are forced to disk ({@code fsync}), and the temporary file is renamed over the target (POSIX
 * {@code rename(2)} is atomic within one file system); the directory is then forced so the rename itself survives
 * a power cut. The same recipe as etcd's and SQLite's write-ahead files.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * @param ownerOnly make the file readable and writable by its owner only (it names a token, or holds Secrets)
     * @throws IOException when the directory cannot be written; the target then keeps its old content
     */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            if (ownerOnly) {
                setOwnerOnly(temporary);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder protects it
        }
    }

    /** Makes the rename durable; some systems (Windows) cannot open a directory, and then the OS's order must do. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file's own content is already on disk
        }
    }
}
