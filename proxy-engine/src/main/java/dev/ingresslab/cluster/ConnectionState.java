package dev.ingresslab.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the watches are connected, as told to the user: a watch that is down for less than {@link #grace} is not a
 * disconnection. Informers stop watching for a moment at start, when the API server ends a watch (it does every few
 * minutes), and when a watch is refused with 410 Gone and they list again; reporting each such moment would print
 * "disconnected" while nothing is wrong. Fed the informers' state at each check; not thread-safe (one checking
 * thread).
 */
final class ConnectionState {

    /** A change to report: {@code connected} false with the instant the watches went down, or true when back. */
    record Change(boolean connected, Instant since) {
    }

    private final Duration grace;
    private Instant downSince;
    private boolean reportedDown;

    /**
     * @param grace how long the watches may be down before it is reported
     * @throws IllegalArgumentException when {@code grace} is not positive
     */
    ConnectionState(Duration grace) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the grace before a disconnection is reported must be positive, not "
                    + grace);
        }
        this.grace = grace;
    }

    /**
     * @param watching whether every informer watches now
     * @param now      the time of this check
     * @return the change to report, if any: down for {@code grace} since the first check that found it down, or back
     *         after such a report (a blip shorter than {@code grace} reports nothing)
     */
    Optional<Change> check(boolean watching, Instant now) {
        if (watching) {
            downSince = null;
            if (reportedDown) {
                reportedDown = false;
                return Optional.of(new Change(true, now));
            }
            return Optional.empty();
        }
        if (downSince == null) {
            downSince = now;
        }
        if (!reportedDown && Duration.between(downSince, now).compareTo(grace) >= 0) {
            reportedDown = true;
            return Optional.of(new Change(false, downSince));
        }
        return Optional.empty();
    }
}
