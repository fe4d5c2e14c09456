package dev.ingresslab.tls.trust;

import java.util.List;

/**
 * What one trust store says or did.
 *
 * @param store    {@link TrustStore#name()}
 * @param state    the CA's state there afterwards
 * @param detail   one line: what was run or found, or why not and what to run instead
 * @param commands the commands run (or, when {@link State#NEEDS_PRIVILEGE}, to run), each as its words
 */
public record TrustStep(String store, State state, String detail, List<List<String>> commands) {

    /** The CA's state in a store. */
    public enum State {
        TRUSTED, NOT_TRUSTED,
        /** A step needs administrator rights this process does not have: {@link #commands} says what to run. */
        NEEDS_PRIVILEGE,
        /** A tool failed; {@link #detail} says how. */
        FAILED
    }

    public TrustStep {
        commands = commands.stream().map(List::copyOf).toList();
    }

    /** {@code ✓ Linux system store (…): trusted — …}. */
    public String line() {
        String mark = switch (state) {
            case TRUSTED -> "trusted";
            case NOT_TRUSTED -> "not trusted";
            case NEEDS_PRIVILEGE -> "needs administrator rights";
            case FAILED -> "failed";
        };
        return store + ": " + mark + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
