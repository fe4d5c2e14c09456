package dev.ingresslab.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writers' lock of one hosts file: an exclusive {@link FileChannel#lock()} on {@code <name>.ingress-lab.lock}
 * beside it, so that two processes (a terminal's {@code hosts sync} and a running {@code up}, or two helpers) never
 * interleave a read-plan-write. Within one JVM a {@link ReentrantLock} per file comes first, since file locks are
 * held per process and a second lock of the same file in the same JVM would throw.
 *
 * <p>The lock file is created once and never deleted (deleting it would let a third writer lock a new file while
 * the second still holds the old one). It holds no data.
 */
final class HostsLock implements AutoCloseable {
    /** The suffix added to the hosts file's name for the lock file. */
    static final String SUFFIX = ".ingress-lab.lock";

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private HostsLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code hostsFile} (its real path). */
    static Path lockFile(Path hostsFile) {
        return hostsFile.resolveSibling(hostsFile.getFileName() + SUFFIX);
    }

    /**
     * Waits for and takes the lock of {@code hostsFile}.
     *
     * @param hostsFile the hosts file's real path
     * @throws IOException when the lock file cannot be created or locked (no write access to the directory)
     */
    static HostsLock acquire(Path hostsFile) throws IOException {
        Path lockFile = lockFile(hostsFile);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return new HostsLock(local, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
