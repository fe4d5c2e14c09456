package dev.ingresslab.control;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of the control endpoint, both ends: records as objects with their components in declaration
 * order, {@link java.time.Instant}s as ISO-8601 text (Jackson 3's default), and unknown fields ignored on reading so
 * that a client of an older version reads a newer instance's answers.
 */
public final class ControlJson {

    /** Thread-safe once built, as Jackson's mappers are. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ControlJson() {
    }
}
