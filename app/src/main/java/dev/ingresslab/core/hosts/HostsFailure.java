package dev.ingresslab.core.hosts;

/**
 * The hosts file could not be read or changed. The message says why and what to do next, in one or two sentences
 * ({@code hosts} prints it after {@code ingress-lab hosts:}; the Hosts view shows it as it is); nothing was written.
 */
public final class HostsFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why it failed, for exit codes and for tests. */
    public enum Kind {
        /** The user refused or cancelled the privilege prompt. */
        DECLINED,
        /** The file is not writable and there is no way to ask for rights here (no pkexec, no sudo, no terminal). */
        NO_PRIVILEGE,
        /** The file kept changing while we wrote it, or changed since the plan was shown. */
        CHANGED,
        /** The block's markers are damaged: nothing is changed until the user repairs them. */
        DAMAGED,
        /** The file cannot be read or written for another reason (a folder in its place, a full disk). */
        IO
    }

    private final Kind kind;

    public HostsFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
