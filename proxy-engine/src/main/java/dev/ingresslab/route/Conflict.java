package dev.ingresslab.route;

/**
 * Two routes that claim the same thing (same host and path, or the catch-all); the winner is the oldest
 * (ingress-semantics.md §3.7, §4.2) and the loser never receives traffic.
 */
public record Conflict(Route loser, Route winner) {

    /** Why the winner won, in words. */
    public String reason() {
        Origin lost = loser.origin();
        Origin won = winner.origin();
        if (loser.path() != null && winner.path() != null && loser.path().mode() == PathMatch.Mode.PREFIX
                && loser.path().declared() == PathType.IMPLEMENTATION_SPECIFIC
                && winner.path().declared() == PathType.PREFIX) {
            return "Prefix " + winner.path().path() + " of " + won.objectName() + " beats ImplementationSpecific of the"
                    + " same path, whatever their ages: on ingress-nginx they are separate locations and the Prefix"
                    + " one is the longer or exact match wherever both match";
        }
        if (lost.sameObject(won)) {
            return "listed earlier in the same Ingress (" + won.display() + ")";
        }
        String why = won.whyBefore(lost);
        return won.created().equals(lost.created()) ? why : why + ": the oldest wins";
    }
}
