package dev.ingresslab.core.hosts;

import dev.ingresslab.concurrent.DaemonThreads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices that a hosts file changed outside Ingress Lab (an editor, {@code hosts sync} in a terminal, another
 * tool): every {@code period} it reads the file's size, modification time and file key (the inode on Linux and
 * macOS, which an atomic replace such as ours or an editor's changes), and calls {@code changed} once when they
 * differ from the last reading. Edits in a burst within one period are one call: the period is the debounce.
 *
 * <p>A poll rather than a {@link java.nio.file.WatchService}: a WatchService watches the whole folder ({@code /etc},
 * where other files change too), loses a file that a rename replaced on some systems, and on macOS the JDK's is a
 * poll itself (of the whole folder). Three attributes of one file every 2 s cost next to nothing. The first reading
 * only sets the baseline. Runs on its own daemon thread; {@code changed} is called there.
 */
public final class HostsFileWatch implements AutoCloseable {

    /** The Hosts view's period: a change shows within 2 s, and a burst of saves is one re-read. */
    public static final Duration PERIOD = Duration.ofSeconds(2);

    private final Path file;
    private final Runnable changed;
    private final ScheduledExecutorService thread = DaemonThreads.scheduler("ingress-lab-hosts-watch");
    private final ScheduledFuture<?> polls;
    private Stamp last;

    /**
     * Starts watching at once.
     *
     * @param file    the hosts file (a link is followed: the attributes are its target's)
     * @param period  how often to look
     * @param changed called (on the watch's thread) after each change seen
     */
    public HostsFileWatch(Path file, Duration period, Runnable changed) {
        this.file = Objects.requireNonNull(file);
        this.changed = Objects.requireNonNull(changed);
        last = Stamp.of(file);
        polls = thread.scheduleWithFixedDelay(this::poll, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Stamp now = Stamp.of(file);
        if (!now.equals(last)) {
            last = now;
            changed.run();
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        polls.cancel(false);
        thread.shutdownNow();
    }

    /**
     * What is compared: a missing file is a stamp of its own (made or removed is a change).
     *
     * @param size     bytes
     * @param modified the modification time, in nanoseconds since the epoch (as precise as the file system keeps it)
     * @param key      the file key (inode and device), or null where the system has none
     */
    private record Stamp(long size, long modified, Object key) {
        private static final Stamp MISSING = new Stamp(-1, -1, null);

        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                return MISSING; // unreadable: the view's own read says why
            }
        }
    }
}
