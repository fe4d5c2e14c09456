package dev.ingresslab.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a command's output to a file of the user's, whole or not at all: the text goes to a temporary file in the
 * same folder, which then takes the file's name in one step (a hard link, which fails if the name is taken, unless
 * {@code replace}; a rename that replaces it, with {@code replace}). A crash leaves the old file or the new one, never
 * half of one; an existing file is never replaced without {@code replace}. Used by {@code convert --output-file} and
 * the window's Convert view's "Save as…".
 */
public final class OutputFile {

    private OutputFile() {
    }

    /**
     * @param replace whether an existing file may be replaced ({@code --force})
     * @throws FileAlreadyExistsException when the file exists and {@code replace} is false; it is untouched
     * @throws IOException                when the folder cannot be written; the file is untouched
     */
    public static void write(Path file, String text, boolean replace) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (replace) {
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                try {
                    Files.createLink(file, temporary);
                } catch (UnsupportedOperationException e) {
                    // no hard links on this file system: a plain move refuses an existing target too
                    Files.move(temporary, file);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
