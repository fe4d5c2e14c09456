package dev.ingresslab.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * One hosts file on disk: read it, plan a change, apply the change atomically under the writers' lock.
 *
 * <p>{@link #apply} is the only way Ingress Lab writes a hosts file. Under the lock ({@code <name>.ingress-lab.lock}
 * beside the file's real path) it re-reads the file and plans again if the content changed since the plan was
 * made, checks that the new content differs from the old only inside the managed block (anything else would be a
 * bug: it refuses), keeps the previous content as {@code <name>.ingress-lab.bak} (written atomically too), and
 * replaces the file with {@link AtomicFileWriter} (temp file, fsync, rename; mode and owner kept). Just before the
 * rename it reads the file once more; a writer that does not take our lock (an editor) and saved meanwhile makes it
 * plan again, up to {@value #ATTEMPTS} times. What remains is the instant between that last read and the rename,
 * which no file system API closes.
 *
 * <p>Symbolic links are followed to the real file: macOS's {@code /etc/hosts} is a link to
 * {@code /private/etc/hosts}, and that link stays as it is.
 */
public final class HostsStore {
    /** The suffix of the backup beside the hosts file: {@code hosts.ingress-lab.bak}. */
    public static final String BACKUP_SUFFIX = ".ingress-lab.bak";
    static final int ATTEMPTS = 5;

    private final Path path;

    /** @param path the hosts file ({@code /etc/hosts}, or a test's file); it need not exist */
    public HostsStore(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * The system's hosts file: {@code /etc/hosts} on Linux and macOS (where it is a link into {@code /private/etc}),
     * {@code %SystemRoot%\System32\drivers\etc\hosts} on Windows (not supported by the helper's escalators).
     */
    public static Path systemPath() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
            return Path.of(root, "System32", "drivers", "etc", "hosts");
        }
        return Path.of("/etc/hosts");
    }

    /** The path as given. */
    public Path path() {
        return path;
    }

    /**
     * The file that is really written: the path with symbolic links followed (the path itself when it is not a
     * link; when it does not exist, its directory's real path and its name).
     *
     * @throws IOException when the path is a link to nothing, or its directory does not exist
     */
    public Path realPath() throws IOException {
        if (Files.exists(path)) {
            return path.toRealPath();
        }
        if (Files.isSymbolicLink(path)) {
            throw new NoSuchFileException(path.toString(), null, "a symbolic link to "
                    + Files.readSymbolicLink(path) + ", which does not exist: repair the link first");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(path.toString(), null, "its directory does not exist");
        }
        return parent.toRealPath().resolve(path.getFileName());
    }

    /** The backup of the previous version: {@code <real name>.ingress-lab.bak} beside the real file. */
    public Path backupPath() throws IOException {
        Path real = realPath();
        return real.resolveSibling(real.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * Reads and parses the file.
     *
     * @return the file, or {@link HostsFile#absent()} when it does not exist
     * @throws MalformedHostsFile when the managed block's markers are damaged
     * @throws IOException        when it cannot be read
     */
    public HostsFile read() throws IOException, MalformedHostsFile {
        Path real = realPath();
        byte[] bytes = readOrNull(real);
        return bytes == null ? HostsFile.absent() : HostsFile.parse(bytes);
    }

    /** The plan that makes the block map exactly {@code names}, from the file as it is now. */
    public HostsPlan planSync(Collection<HostName> names) throws IOException, MalformedHostsFile {
        return HostsPlan.sync(read(), names);
    }

    /** The plan that removes the block, from the file as it is now. */
    public HostsPlan planClean() throws IOException, MalformedHostsFile {
        return HostsPlan.clean(read());
    }

    /**
     * Whether this process can write the file itself, and if not, why (for the message before a privilege
     * prompt). Writing needs the file and its directory writable (the rename replaces the directory entry), and
     * the lock and backup files writable where they exist. A file without write permission is not written even
     * by root: its owner made it read-only.
     */
    public Access access() throws IOException {
        Path real = realPath();
        Path dir = real.getParent();
        boolean exists = Files.exists(real);
        if (exists && Files.isRegularFile(real) && !anyWriteBit(real)) {
            return new Access(false, real + " is read-only (" + describe(real) + ")");
        }
        boolean writable = Files.isWritable(dir) && (!exists || Files.isWritable(real))
                && writableIfPresent(HostsLock.lockFile(real))
                && writableIfPresent(real.resolveSibling(real.getFileName() + BACKUP_SUFFIX));
        if (writable) {
            return new Access(true, "writable by " + System.getProperty("user.name"));
        }
        return new Access(false, "not writable by " + System.getProperty("user.name") + ": "
                + (exists ? real + " (" + describe(real) + ") in " : "") + dir + " (" + describe(dir) + ")");
    }

    /**
     * Applies a plan: under the writers' lock, re-plans on the current content if it changed, refuses a change
     * outside the block, keeps a backup, writes atomically.
     *
     * @param plan a plan from {@link #planSync} or {@link #planClean} (or {@link HostsPlan#sync} on any content)
     * @return what was done, with the plan actually applied
     * @throws MalformedHostsFile when the file's block is damaged by the time the lock is held
     * @throws IOException        when the file cannot be written (see {@link #access()}), or kept changing
     * @throws IllegalStateException when the new content would change bytes outside the block (a bug; nothing is
     *                               written)
     */
    public Applied apply(HostsPlan plan) throws IOException, MalformedHostsFile {
        Path real = realPath();
        try (HostsLock lock = HostsLock.acquire(real)) {
            AtomicFileWriter.removeStaleTemporaries(real);
            HostsPlan current = plan;
            boolean replanned = false;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                byte[] now = readOrNull(real);
                if (!sameContent(current.current(), now)) {
                    current = current.replan(now == null ? HostsFile.absent() : HostsFile.parse(now));
                    replanned = true;
                }
                if (current.isEmpty()) {
                    return new Applied(current, replanned, false, null);
                }
                checkOutsideUnchanged(current);
                Path backup = null;
                if (now != null) {
                    backup = real.resolveSibling(real.getFileName() + BACKUP_SUFFIX);
                    // the directory is forced once, after the hosts file's own rename below
                    AtomicFileWriter.replace(backup, now, real, () -> true, false);
                }
                HostsFile planned = current.current();
                boolean written = AtomicFileWriter.replace(real, current.newContent(), now == null ? null : real,
                        () -> sameContent(planned, readQuietly(real)), true);
                if (written) {
                    return new Applied(current, replanned, true, backup);
                }
            }
            throw new HostsChangingException(real + " kept changing while Ingress Lab was writing it (" + ATTEMPTS
                    + " attempts); close the program that is editing it and try again");
        }
    }

    /**
     * The bytes outside the block must be exactly the same before and after. This is the promise of the whole
     * module, so it is checked on the real bytes right before writing, not assumed from how they were computed.
     */
    static void checkOutsideUnchanged(HostsPlan plan) throws MalformedHostsFile {
        byte[] before = plan.current().outsideBytes();
        byte[] after = HostsFile.parseStructure(plan.newContent()).outsideBytes();
        if (!Arrays.equals(before, after)) {
            throw new IllegalStateException("refused: the new content of the hosts file would change "
                    + "bytes outside the Ingress Lab block (a bug in Ingress Lab; nothing was written)");
        }
    }

    private static boolean sameContent(HostsFile file, byte[] now) {
        return now == null ? !file.exists() : file.exists() && Arrays.equals(file.bytes(), now);
    }

    private static byte[] readOrNull(Path real) throws IOException {
        try {
            return Files.readAllBytes(real);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] readQuietly(Path real) {
        try {
            return readOrNull(real);
        } catch (IOException e) {
            return new byte[] {0}; // unreadable now: treat as changed, so the write is not done blind
        }
    }

    private static boolean writableIfPresent(Path file) {
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isWritable(file);
    }

    private static boolean anyWriteBit(Path file) {
        try {
            String mode = PosixFilePermissions.toString(Files.readAttributes(file, PosixFileAttributes.class)
                    .permissions());
            return mode.indexOf('w') >= 0;
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isWritable(file);
        }
    }

    private static String describe(Path file) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
            return a.owner().getName() + ":" + a.group().getName() + " "
                    + PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException e) {
            return "attributes unknown";
        }
    }

    /**
     * Whether this process may write the file itself.
     *
     * @param direct true when it may; false when the change needs the elevated helper
     * @param reason the owner and mode that decide it, for the message before a privilege prompt
     */
    public record Access(boolean direct, String reason) {
    }

    /**
     * What {@link #apply} did.
     *
     * @param plan      the plan applied (re-planned on newer content when {@code replanned})
     * @param replanned whether the file had changed since the plan given was made
     * @param written   whether the file was written (false: the plan was empty by then)
     * @param backup    the backup of the previous content, or null when nothing was written or there was no file
     */
    public record Applied(HostsPlan plan, boolean replanned, boolean written, Path backup) {
    }
}
