package dev.ingresslab.cli;

/** Exit codes shared by the commands. */
final class ExitCodes {

    static final int OK = 0;
    /** Bad input: manifests, URLs, options. The same code picocli uses for usage errors. */
    static final int BAD_INPUT = 2;
    /** {@code gui} asked for the window where none can open (no display): it said so and which commands work. */
    static final int NO_DISPLAY = 4;

    private ExitCodes() {
    }
}
