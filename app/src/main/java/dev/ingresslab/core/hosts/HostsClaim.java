package dev.ingresslab.core.hosts;

import dev.ingresslab.core.InstanceLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The claim of one running Ingress Lab to keep one hosts file's block in sync (issue #15, tester's defect 1): two
 * keepers of one file would each remove the other's names. Only the holder keeps the block in sync and cleans it on
 * exit; a second instance names the holder and leaves the file alone, and {@code hosts sync|clean} by hand refuse
 * (unless {@code --force}) while it runs.
 *
 * <p>A process takes the claim once per file, for its one keeper of it ({@link HostsKeepers}, shared by {@code demo}'s
 * terminal and the window's "keep in sync"): two keepers in one process never compete for it.
 *
 * <p>The claim is an {@link InstanceLock} ({@code run/hosts-<hash>.lock} in the data directory, owner-only, the
 * holder's pid and port inside), keyed by the hosts file's real path (so {@code /etc/hosts} and a link to it are one
 * file). The operating system releases it when the holder ends however it ends, so a killed keeper leaves no claim.
 */
public final class HostsClaim implements AutoCloseable {

    private final InstanceLock lock;

    private HostsClaim(InstanceLock lock) {
        this.lock = lock;
    }

    /**
     * Claims {@code hostsFile} for this process.
     *
     * @param dataDirectory the data directory ({@link dev.ingresslab.core.DataDirectory#resolve()})
     * @param hostsFile     the hosts file to keep
     * @param what          what this instance is, for the message another one prints: {@code demo on port 8080}
     * @return the claim, or empty when another instance holds it (or this process does already: take it through
     *         {@link HostsKeepers}): {@link #holder} then says who
     * @throws HostsFailure when the data directory cannot be written (the message says to set INGRESS_LAB_HOME)
     */
    public static Optional<HostsClaim> tryAcquire(Path dataDirectory, Path hostsFile, String what)
            throws HostsFailure {
        Path file = lockFile(dataDirectory, hostsFile);
        try {
            Files.createDirectories(file.getParent());
            try {
                // owner-only from the start: the file names a process of this user
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
                // kept from an earlier holder, or a file system without POSIX modes
            }
            return InstanceLock.tryAcquire(file, InstanceLock.Holder.current(what)).map(HostsClaim::new);
        } catch (IOException e) {
            throw new HostsFailure(HostsFailure.Kind.IO, "cannot write " + file + " (the data directory; set"
                    + " INGRESS_LAB_HOME to a folder you can write): " + e.getMessage(), e);
        }
    }

    /**
     * Who keeps {@code hostsFile} in sync now; empty when nobody does (no claim, or one left by a process that
     * ended). Reads only.
     */
    public static Optional<InstanceLock.Holder> holder(Path dataDirectory, Path hostsFile) {
        Path file = lockFile(dataDirectory, hostsFile);
        try {
            if (!InstanceLock.isHeld(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty(); // an unreadable data directory names nobody
        }
        return Optional.of(InstanceLock.holder(file).orElse(new InstanceLock.Holder(-1, java.time.Instant.now(),
                "an Ingress Lab starting at this moment")));
    }

    /** {@code demo on port 8080 (pid 1234, since …) keeps F in sync}, and how to stop it. */
    public static String keptBy(Path hostsFile, InstanceLock.Holder holder) {
        return hostsFile + " is kept in sync by another Ingress Lab: " + holder + (holder.pid() > 0
                ? "; stop it first (Ctrl-C in its terminal, or `kill " + holder.pid() + "`)" : "; stop it first");
    }

    /** {@code run/hosts-<first 16 hex digits of SHA-256 of the real path>.lock}. */
    static Path lockFile(Path dataDirectory, Path hostsFile) {
        Path key = hostsFile.toAbsolutePath().normalize();
        try {
            key = key.toRealPath(); // /etc/hosts → /private/etc/hosts on macOS; a link and its target are one file
        } catch (IOException e) {
            // not there yet: its absolute path names it
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(
                    StandardCharsets.UTF_8));
            return dataDirectory.resolve("run").resolve("hosts-" + HexFormat.of().formatHex(digest, 0, 8)
                    + ".lock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Gives the file up (a clean stop names nobody). */
    @Override
    public void close() {
        lock.close();
    }
}
