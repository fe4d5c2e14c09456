package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo}'s "ready in" line says from when it counts. */
class ReadyLineTest {

    @Test
    void theFirstSessionCountsFromTheCommandsStartAndGivesTheSandboxsShare() {
        assertThat(ReadyLine.of(Optional.of(Duration.ofMillis(7_140)), Duration.ofMillis(5_260), false))
                .isEqualTo("ready in 7.1 s since the command started (the sandbox's start: 5.3 s of it).");
    }

    @Test
    void withoutTheProcesssStartItCountsFromTheSandboxsStartAndSaysSo() {
        assertThat(ReadyLine.of(Optional.empty(), Duration.ofMillis(5_260), false))
                .isEqualTo("ready in 5.3 s since the sandbox started.");
    }

    @Test
    void aCommandStartAfterTheSessionsStartIsNotTrusted() {
        // the wall clock stepped back between the two readings: the session's own (monotonic) figure is the one
        assertThat(ReadyLine.of(Optional.of(Duration.ofMillis(1_000)), Duration.ofMillis(5_260), false))
                .isEqualTo("ready in 5.3 s since the sandbox started.");
    }

    @Test
    void aSessionStartedAgainFromTheWindowCountsFromStart() {
        assertThat(ReadyLine.of(Optional.of(Duration.ofSeconds(600)), Duration.ofMillis(4_210), true))
                .isEqualTo("ready in 4.2 s since Start.");
    }
}
