package dev.ingresslab.testing;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;

/** Short readings of a decision, for table-driven assertions. */
public final class Answers {

    private Answers() {
    }

    /** The Service that answers ({@code alpaca}), or the outcome for anything but a routed request ({@code 404}). */
    public static String servedBy(Decision decision) {
        if (decision.outcome() == Outcome.ROUTED) {
            return decision.backend().service();
        }
        return String.valueOf(decision.status());
    }
}
