package dev.ingresslab.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writers' lock of one hosts file: an exclusive {@link FileChannel#tryLock()} on {@code <name>.ingress-lab.lock}
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
    /**
     * How long a writer waits for another to finish: a write takes milliseconds (seconds on a very busy disk), so a
     * lock held longer belongs to a stuck process, and the elevated helper must not wait for ever.
     */
    static final java.time.Duration WAIT = java.time.Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

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
     * Waits for (at most {@link #WAIT}) and takes the lock of {@code hostsFile}.
     *
     * @param hostsFile the hosts file's real path
     * @throws HostsChangingException when another process held the lock for all of {@link #WAIT}
     * @throws IOException when the lock file cannot be created or locked (no write access to the directory)
     */
    static HostsLock acquire(Path hostsFile) throws IOException {
        return acquire(hostsFile, WAIT);
    }

    /** {@link #acquire(Path)}, waiting at most {@code wait}. */
    static HostsLock acquire(Path hostsFile, java.time.Duration wait) throws IOException {
        Path lockFile = lockFile(hostsFile);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + wait.toNanos();
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new HostsChangingException("another process has held " + lockFile + " for "
                            + wait.toMillis() / 1000.0 + " s (another Ingress Lab writing the hosts file); try again when it "
                            + "is done");
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + lockFile);
                }
            }
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
