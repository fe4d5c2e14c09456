package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --since} durations, as kubectl (Go's time.ParseDuration) reads them. */
class DurationsTest {

    @Test
    void readsUnitsAndTheirSums() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesAnythingElseSayingTheForm() {
        for (String bad : new String[] {"", "5", "m", "5 m", "5min", "-5m", "5m ", "1d", "5m3"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("such as 30s, 5m, 2h or 1h30m");
        }
    }
}
