package dev.ingresslab.hosts;

/**
 * A name that cannot go into the managed hosts block, with the reason in words a user can act on.
 *
 * <p>{@link #getMessage()} reads {@code "<input as typed>": <reason>}; {@link #reason()} is the reason alone (for a
 * table cell), {@link #input()} the text as given (control characters shown as {@code \\uXXXX}).
 */
public final class InvalidHostName extends Exception {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final String reason;

    /**
     * @param input  the text that was refused, as given
     * @param reason why, and what to do instead (one sentence, no trailing period needed)
     */
    public InvalidHostName(String input, String reason) {
        super("\"" + HostName.printable(input) + "\": " + reason);
        this.input = input;
        this.reason = reason;
    }

    /** The text that was refused, as given. */
    public String input() {
        return input;
    }

    /** Why it was refused and what to do instead. */
    public String reason() {
        return reason;
    }
}
