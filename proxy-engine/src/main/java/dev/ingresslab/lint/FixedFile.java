package dev.ingresslab.lint;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a fixed manifest without ever losing the user's file: the original is first copied to a backup beside it
 * ({@code FILE.bak}, or {@code FILE.bak.1}, … when that exists: an earlier backup is never overwritten), then the new
 * text is written to a temporary file in the same folder and moved over the original in one atomic rename, so a
 * crash leaves either the old file or the new one, never half of one. Also renders the change as a unified diff
 * (java-diff-utils), the form {@code git diff} and {@code diff -u} print.
 */
public final class FixedFile {

    private FixedFile() {
    }

    /**
     * Replaces {@code file}'s content by {@code fixed}, after backing it up.
     *
     * @return the backup's path
     * @throws IOException when the backup or the write fails; the original is then untouched
     */
    public static Path write(Path file, String fixed) throws IOException {
        Path backup = freeBackupName(file);
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".lint-fix");
        try {
            Files.writeString(temporary, fixed, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the temporary file keeps the folder's defaults
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return backup;
    }

    /** {@code FILE.bak}, or the first of {@code FILE.bak.1}, {@code FILE.bak.2}, … that does not exist. */
    static Path freeBackupName(Path file) {
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        for (int i = 1; Files.exists(backup); i++) {
            backup = file.resolveSibling(file.getFileName() + ".bak." + i);
        }
        return backup;
    }

    /** The change as a unified diff with 3 lines of context, {@code --- name} / {@code +++ name (fixed)}. */
    public static String unifiedDiff(String name, String original, String fixed) {
        List<String> before = Arrays.asList(original.split("\n", -1));
        List<String> after = Arrays.asList(fixed.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(name, name + " (fixed)", before, patch, 3);
        return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
    }
}
