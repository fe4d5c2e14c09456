package dev.ingresslab.core;

import dev.ingresslab.manifest.ManifestProblem;

import java.util.List;

/**
 * A {@link LabSession} could not start; nothing it started is left running. The message says what is wrong and what
 * to do ({@code ingress-lab serve: } and such prefixes are the caller's); for manifests, {@link #problems()} holds
 * each problem with its file and line.
 */
public final class SessionStartException extends Exception {

    /** What kind of failure, for the command line's exit code. */
    public enum Reason {
        /** Bad options, a port that cannot be ours, a context the kubeconfig does not have, unusable manifests. */
        BAD_INPUT,
        /** The kubeconfig cannot be read, or the cluster cannot be reached or watched. */
        CLUSTER_UNAVAILABLE
    }

    private final Reason reason;
    private final List<ManifestProblem> problems;

    SessionStartException(Reason reason, String message, Throwable cause) {
        this(reason, message, List.of(), cause);
    }

    SessionStartException(Reason reason, String message, List<ManifestProblem> problems, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    /** The manifests' problems, each with its file and line; empty for other failures. */
    public List<ManifestProblem> problems() {
        return problems;
    }
}
