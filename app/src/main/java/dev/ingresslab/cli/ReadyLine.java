package dev.ingresslab.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The line {@code demo} prints when its session serves, saying what its figure measures. The first session's figure
 * is the one a user waits through, from the command's start (the process's start as the kernel records it: the
 * launcher's checks, the JVM, the window opening, the sandbox), with the sandbox's own share of it; a session the
 * window starts again (Stop, then Start) counts from that Start. Every form begins with {@code ready in}, which
 * scripts and the tests wait for ({@code installers/bench-start.sh}).
 * <pre>
 * ready in 7.1 s since the command started (the sandbox's start: 5.3 s of it).
 * ready in 5.3 s since the sandbox started.      (the process's start unknown)
 * ready in 4.2 s since Start.
 * </pre>
 * Architecture budget (docs/architecture.md): {@code demo} ready in under 5 s from launch.
 */
final class ReadyLine {

    private ReadyLine() {
    }

    /**
     * @param sinceCommand the time from the command's start to serving, when the process's start is known; empty
     *                     otherwise, and ignored for a session started again
     * @param sinceStart   the time from this session's start (the sandbox's start, or the Start button) to serving
     * @param again        whether this session was started again from the window (not the command's first)
     * @return the line, without a line break
     */
    static String of(Optional<Duration> sinceCommand, Duration sinceStart, boolean again) {
        if (again) {
            return "ready in " + seconds(sinceStart) + " s since Start.";
        }
        return sinceCommand
                .filter(command -> command.compareTo(sinceStart) >= 0) // a clock that stepped back: not trusted
                .map(command -> "ready in " + seconds(command) + " s since the command started (the sandbox's start: "
                        + seconds(sinceStart) + " s of it).")
                .orElse("ready in " + seconds(sinceStart) + " s since the sandbox started.");
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e9);
    }
}
