package dev.ingresslab.cli;

/** Exit codes shared by the commands. */
final class ExitCodes {

    static final int OK = 0;
    /** Bad input: manifests, URLs, options. The same code picocli uses for usage errors. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
