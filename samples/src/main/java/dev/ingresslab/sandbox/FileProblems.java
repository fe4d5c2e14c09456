package dev.ingresslab.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What went wrong with a file, in words: the JDK's {@link FileSystemException}s carry the path as their message
 * and the operating system's reason apart ({@link FileSystemException#getReason}), which {@link
 * AccessDeniedException} and {@link NoSuchFileException} usually leave null; a message made of the exception's
 * text alone then says only the path again.
 */
public final class FileProblems {

    private FileProblems() {
    }

    /** {@code permission denied}, {@code no space left on device}, {@code Is a directory}: never just a path. */
    public static String reason(IOException error) {
        if (error instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (error instanceof FileSystemException) {
            return error.getClass().getSimpleName();
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /**
     * Whose permissions to look at when {@code file} could not be read: {@code the folder's} when its folder cannot
     * be listed or entered, else {@code the file's}.
     */
    public static String whosePermissions(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        return folder != null && (!Files.isReadable(folder) || !Files.isExecutable(folder))
                ? "the folder " + folder + "'s permissions" : "the file's permissions";
    }
}
