package dev.ingresslab.cli;

import picocli.CommandLine.Help.Ansi;

import java.util.Map;

/**
 * Whether and how the commands colour what they print; all printing goes through one instance, so the rule holds
 * everywhere: colours only when standard output is a terminal, never when {@code NO_COLOR} is set to anything
 * but the empty string (https://no-color.org), never when {@code TERM} is {@code dumb}. Colour never carries meaning
 * alone: every coloured word is also there in plain text. The same choice drives picocli's help ({@link #ansi()}).
 *
 * <p>Commands get it with {@link #of(picocli.CommandLine.Model.CommandSpec)}.
 */
public final class Colours {

    private static final String RESET = "\u001b[0m";

    private final boolean enabled;
    private final boolean terminal;
    private final boolean redraws;

    private Colours(boolean enabled, boolean terminal, boolean redraws) {
        this.enabled = enabled;
        this.terminal = terminal;
        this.redraws = redraws;
    }

    /** No colours, and not a terminal: what tests and pipes get. */
    public static final Colours PLAIN = new Colours(false, false, false);

    /**
     * The choice for a process: {@code terminal} says whether standard output is one (the JDK's {@link
     * System#console()}), {@code env} is the environment.
     */
    public static Colours decide(boolean terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        boolean dumb = "dumb".equals(env.get("TERM"));
        boolean refused = (noColor != null && !noColor.isEmpty()) || dumb;
        return new Colours(terminal && !refused, terminal, terminal && !dumb);
    }

    /** The choice for this process: its standard output and its environment. */
    public static Colours detect() {
        return decide(System.console() != null, System.getenv());
    }

    /** The choice of the command line a command runs in ({@link #PLAIN} outside {@code ingress-lab}'s). */
    public static Colours of(picocli.CommandLine.Model.CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof IngressLabCommand command ? command.colours() : PLAIN;
    }

    /** Whether escape codes are written. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether standard output is a terminal (a progress line may then be redrawn in place), whatever the colours.
     */
    public boolean terminal() {
        return terminal;
    }

    /**
     * Whether a line may be redrawn in place ({@code \r} and "erase line", ECMA-48 EL): on a terminal that is not
     * {@code TERM=dumb}. {@code NO_COLOR} is about colour only, so a spinner still turns under it (without colour).
     */
    public boolean redraws() {
        return redraws;
    }

    /** For picocli's help. */
    public Ansi ansi() {
        return enabled ? Ansi.ON : Ansi.OFF;
    }

    public String bold(String text) {
        return wrap("\u001b[1m", text);
    }

    /** Dimmed: what matters less (a default, a count of what is not shown). */
    public String faint(String text) {
        return wrap("\u001b[2m", text);
    }

    /** Success: a 2xx status, ready endpoints. */
    public String green(String text) {
        return wrap("\u001b[32m", text);
    }

    /** A warning: a 4xx status, some endpoints not ready. */
    public String yellow(String text) {
        return wrap("\u001b[33m", text);
    }

    /** A failure: a 5xx status, no endpoints. */
    public String red(String text) {
        return wrap("\u001b[31m", text);
    }

    /** An HTTP status coloured by class (RFC 9110 §15): 2xx and 3xx green, 4xx yellow, 5xx red. */
    public String status(int status) {
        String text = String.valueOf(status);
        return status >= 500 ? red(text) : status >= 400 ? yellow(text) : green(text);
    }

    private String wrap(String code, String text) {
        return enabled && !text.isEmpty() ? code + text + RESET : text;
    }
}
