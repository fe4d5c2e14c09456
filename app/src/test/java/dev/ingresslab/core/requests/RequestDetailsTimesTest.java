package dev.ingresslab.core.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingresslab.proxy.RequestRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The details pane prints every field of a time, on a whole minute too (LocalDateTime.toString drops them). */
class RequestDetailsTimesTest {

    private static String line(List<RequestDetails.Section> sections, String name) {
        return sections.stream().flatMap(section -> section.lines().stream())
                .filter(line -> line.label().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void aRequestReceivedOnAWholeMinuteShowsItsSecondsAndMilliseconds() {
        RequestRecord record = new RequestRecord(1, "id", Instant.parse("2026-11-30T14:10:00Z"), "127.0.0.1", "GET",
                "http", "a.example.com", "/", "routed", "the rule", "default/a:80", "10.0.0.1:80", "direct", "/",
                200, 10, 1000, 0, 800, "");

        assertThat(line(RequestDetails.of(record, ZoneOffset.UTC), "Received")).isEqualTo("2026-11-30 14:10:00.000");
        assertThat(line(RequestDetails.of(record, ZoneOffset.ofHours(1)), "Received"))
                .isEqualTo("2026-11-30 15:10:00.000");
    }
}
