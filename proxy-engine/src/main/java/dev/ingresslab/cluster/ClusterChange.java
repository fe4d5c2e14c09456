package dev.ingresslab.cluster;

import dev.ingresslab.translate.Translation;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One new table from a cluster, as its {@link ClusterObserver}s receive it.
 *
 * @param snapshot       the objects it was compiled from
 * @param translation    the table and its diagnostics
 * @param lookAgainAfter asks the controller to hand the same snapshot over again after a delay, for an observer
 *                       whose work depends on time (a finding still settling before it becomes an Event)
 */
public record ClusterChange(ClusterSnapshot snapshot, Translation translation, Consumer<Duration> lookAgainAfter) {

    public ClusterChange {
        Objects.requireNonNull(snapshot);
        Objects.requireNonNull(translation);
        Objects.requireNonNull(lookAgainAfter);
    }
}
