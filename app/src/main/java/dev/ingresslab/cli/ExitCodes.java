package dev.ingresslab.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every command, in one place (docs/cli.md). They are stable: scripts test them. {@link
 * Conventions} prints them in every command's {@code --help}; a command may say more about what a code means for it
 * (picocli's {@code exitCodeList}, {@code "0:every URL was explained"}), never give a code another meaning.
 */
final class ExitCodes {

    /** Done as asked. */
    static final int OK = 0;
    /** It could not be done: a file could not be written, no instance runs to read, a rollout did not finish; a bug. */
    static final int FAILURE = 1;
    /** Usage or bad input: options, manifests, URLs. The same code picocli uses for usage errors. */
    static final int BAD_INPUT = 2;
    /** The cluster cannot be reached: the kubeconfig cannot be read, or its API server does not answer. */
    static final int CLUSTER_UNREACHABLE = 3;
    /** {@code gui} asked for the window where none can open (no display): it said so and which commands work. */
    static final int NO_DISPLAY = 4;

    private ExitCodes() {
    }

    /** The codes every command documents, as picocli's {@code exitCodeList} takes them ({@code code → meaning}). */
    static Map<String, String> standard() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("" + OK, "ok");
        codes.put("" + FAILURE, "failure (the message says why)");
        codes.put("" + BAD_INPUT, "usage or bad input (options, manifests, URLs)");
        codes.put("" + CLUSTER_UNREACHABLE, "cluster unreachable (kubeconfig or API server)");
        return codes;
    }
}
