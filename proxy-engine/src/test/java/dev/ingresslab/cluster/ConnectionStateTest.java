package dev.ingresslab.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** #12 §2: "disconnected" only when the watches stay down, not for an informer's restart of a watch. */
class ConnectionStateTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final ConnectionState state = new ConnectionState(Duration.ofSeconds(5));

    @Test
    void aWatchDownForLessThanTheGraceIsNotReported() {
        assertThat(state.check(false, T0)).isEmpty(); // at start: informers not yet watching
        assertThat(state.check(false, T0.plusSeconds(4))).isEmpty();
        assertThat(state.check(true, T0.plusMillis(4_500))).as("back in time: nothing to take back").isEmpty();
        assertThat(state.check(false, T0.plusSeconds(60))).isEmpty(); // a watch restarted later
        assertThat(state.check(true, T0.plusSeconds(61))).isEmpty();
    }

    @Test
    void aWatchDownForTheGraceIsReportedOnceWithWhenItWentDownThenItsReturn() {
        assertThat(state.check(false, T0)).isEmpty();
        assertThat(state.check(false, T0.plusSeconds(5))).hasValue(new ConnectionState.Change(false, T0));
        assertThat(state.check(false, T0.plusSeconds(6))).as("said once").isEmpty();
        assertThat(state.check(true, T0.plusSeconds(9))).hasValue(new ConnectionState.Change(true,
                T0.plusSeconds(9)));
        assertThat(state.check(true, T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void aGraceThatIsNotPositiveIsRefused() {
        for (Duration grace : java.util.List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> new ConnectionState(grace)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be positive, not " + grace);
        }
    }
}
