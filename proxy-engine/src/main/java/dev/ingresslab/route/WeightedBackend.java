package dev.ingresslab.route;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One {@code backendRefs[]} entry of an HTTPRoute rule: a backend and its weight (ingress-semantics.md §9.4). A
 * request goes to a backend with probability weight / Σweights; weight 0 takes none; a backend that cannot be used
 * (no such Service, a reference not permitted) keeps its share, and those requests are answered 500.
 *
 * @param backend the resolved backend; {@link Backend#state()} says whether it can be used
 * @param weight  0 or more (the API's default is 1)
 */
public record WeightedBackend(Backend backend, int weight) {

    public WeightedBackend {
        Objects.requireNonNull(backend);
        if (weight < 0) {
            throw new IllegalArgumentException("a weight is 0 or more, got " + weight);
        }
    }

    /**
     * Chooses one backend by weight: one draw of {@code random} over Σweights; null when the weights add up to 0
     * (or there are none): every request is then answered 500.
     */
    public static WeightedBackend choose(List<WeightedBackend> backends, RandomGenerator random) {
        if (backends.size() == 1) {
            return backends.get(0).weight > 0 ? backends.get(0) : null;
        }
        long total = 0;
        for (WeightedBackend backend : backends) {
            total += backend.weight;
        }
        if (total == 0) {
            return null;
        }
        long roll = random.nextLong(total);
        for (WeightedBackend backend : backends) {
            roll -= backend.weight;
            if (roll < 0) {
                return backend;
            }
        }
        throw new AssertionError("unreachable: the roll is below the total");
    }

    /** {@code alpaca:8080 (weight 3)}. */
    public String display() {
        return backend.display() + " (weight " + weight + ")";
    }
}
