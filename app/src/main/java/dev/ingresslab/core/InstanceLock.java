package dev.ingresslab.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A lock file one running Ingress Lab holds (a port it serves, a sandbox it runs) and that says who holds it. The
 * lock is the operating system's ({@code fcntl} on Linux and macOS, {@code LockFileEx} on Windows, through {@link
 * FileChannel#tryLock}): it is released when the process ends however it ends, {@code kill -9} included, so a lock
 * left behind by a killed process is free at once, with no pid to check (and no pid reused by another program to
 * be fooled by). The file's content names the holder; the holder empties it when it stops cleanly, so a free lock
 * whose file still names someone was left by a process that was killed ({@link #previous}).
 */
public final class InstanceLock implements AutoCloseable {

    /**
     * Who holds a lock.
     *
     * @param pid   the holder's process id
     * @param since when it took the lock
     * @param what  what it is doing, for the user: {@code demo on port 28080}
     */
    public record Holder(long pid, Instant since, String what) {

        /** This process, now, doing {@code what}. */
        public static Holder current(String what) {
            return new Holder(ProcessHandle.current().pid(), Instant.now().truncatedTo(ChronoUnit.SECONDS), what);
        }

        /** {@code demo on port 28080 (pid 1234, since 2026-11-29T18:40:05Z)}. */
        @Override
        public String toString() {
            return what + " (pid " + pid + ", since " + since + ")";
        }

        String text() {
            return "pid=" + pid + "\nsince=" + since + "\nwhat=" + what.replace('\n', ' ') + "\n";
        }

        /** The holder a lock file names; empty when it names none (released cleanly, or not written yet). */
        static Optional<Holder> parse(String text) {
            long pid = -1;
            Instant since = null;
            String what = null;
            for (String line : text.split("\n")) {
                int equals = line.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String value = line.substring(equals + 1);
                try {
                    switch (line.substring(0, equals)) {
                        case "pid" -> pid = Long.parseLong(value);
                        case "since" -> since = Instant.parse(value);
                        case "what" -> what = value;
                        default -> {
                            // a field a later version writes
                        }
                    }
                } catch (RuntimeException e) {
                    return Optional.empty(); // not written by us, or cut short: names nobody
                }
            }
            return pid < 0 || since == null || what == null ? Optional.empty() : Optional.of(new Holder(pid, since,
                    what));
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder previous;

    private InstanceLock(Path file, FileChannel channel, FileLock lock, Holder previous) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * Takes the lock if nobody holds it, and writes {@code us} into it.
     *
     * @return the lock, or empty when another process (or another session of this one) holds it: {@link #holder}
     *         then says who
     * @throws IOException when the file cannot be created or written (the data directory's permissions)
     */
    public static Optional<InstanceLock> tryAcquire(Path file, Holder us) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already: a lock is per process, so tryLock cannot tell us otherwise
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        try {
            Holder previous = Holder.parse(read(channel)).orElse(null);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(us.text().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return Optional.of(new InstanceLock(file, channel, lock, previous));
        } catch (IOException | RuntimeException e) {
            channel.close(); // releases the lock
            throw e;
        }
    }

    /** Who holds the lock file now, as its content says; empty when nobody is named. */
    public static Optional<Holder> holder(Path file) {
        try {
            return Holder.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a process holds the lock now (a lock file nobody holds, or no file at all: false). */
    public static boolean isHeld(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (OverlappingFileLockException e) {
                return true;
            }
        }
    }

    /**
     * The holder the file still named when we took it: one that ended without releasing it (killed, or the machine
     * stopped). Empty when the last holder stopped cleanly, or there was none.
     */
    public Optional<Holder> previous() {
        return Optional.ofNullable(previous);
    }

    public Path file() {
        return file;
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // until full or at the end
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** Empties the file (a clean stop names nobody), then releases the lock. The file stays: see the class. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            // the lock is released below all the same; the next holder will only think we were killed
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing a file we hold cannot fail in a way that matters: the process ends soon after
        }
    }
}
