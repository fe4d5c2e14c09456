package dev.ingresslab.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a sample operation ended ({@link LabSession#applySample}, {@link LabSession#deleteSample}).
 *
 * @param step             the step's name, or the mistake's file
 * @param succeeded        every object applied (or deleted) and every Deployment ready within the time given; for
 *                         a mistake, true when the API server refused it as the chapter shows
 * @param objects          what was done, one line per object ({@code applied Service default/alpaca}, {@code kept
 *                         …: it was not created by Ingress Lab})
 * @param apiServerMessage for a mistake: the API server's answer, as kubectl shows it
 * @param fix              for a mistake: what to write instead
 * @param took             how long it took
 */
public record SampleOutcome(String step, boolean succeeded, List<String> objects, Optional<String> apiServerMessage,
                            Optional<String> fix, Duration took) {

    public SampleOutcome {
        Objects.requireNonNull(step);
        objects = List.copyOf(objects);
        Objects.requireNonNull(apiServerMessage);
        Objects.requireNonNull(fix);
    }
}
