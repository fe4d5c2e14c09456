package dev.ingresslab.text;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the valid name a misspelt one was probably meant to be, for field names, enum values and object
 * names (a listener's {@code sectionName}). Levenshtein distance from Apache Commons Text, case ignored.
 */
public final class Spelling {

    /** Edits allowed: a third of the name (a 6-letter name may have 2 wrong), at most 3. */
    private static final int MAX_EDITS = 3;
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(MAX_EDITS);

    private Spelling() {
    }

    /**
     * The candidate nearest to {@code name}, when it is near enough to be a misspelling of it: within a third of its
     * length in edits (at least 2: a swapped pair of letters is 2, at most 3), or a candidate that it begins (a name
     * cut short, {@code ingressClass} for {@code ingressClassName}); empty when none is.
     */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        int allowed = Math.min(MAX_EDITS, Math.max(2, name.length() / 3));
        Optional<String> close = candidates.stream()
                .map(candidate -> new Scored(candidate, DISTANCE.apply(lower, candidate.toLowerCase(Locale.ROOT))))
                .filter(scored -> scored.distance() >= 0 && scored.distance() <= allowed
                        && scored.distance() < Math.max(lower.length(), 1))
                .min(Comparator.comparingInt(Scored::distance))
                .map(Scored::candidate);
        if (close.isPresent() || lower.length() < 4) {
            return close;
        }
        return candidates.stream().filter(candidate -> candidate.toLowerCase(Locale.ROOT).startsWith(lower))
                .min(Comparator.comparingInt(String::length));
    }

    private record Scored(String candidate, int distance) {
    }
}
