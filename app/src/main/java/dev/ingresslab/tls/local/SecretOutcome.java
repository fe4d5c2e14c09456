package dev.ingresslab.tls.local;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link TlsSecretIssuer#ensure} did with one Secret.
 *
 * @param action      what was done
 * @param namespace   the Secret's namespace
 * @param name        the Secret's name
 * @param hosts       the hosts asked for
 * @param certificate the leaf the Secret holds now, or null when it was left alone and cannot be read
 * @param message     one line for the user: what was done and why, or why not and what to do
 */
public record SecretOutcome(Action action, String namespace, String name, List<String> hosts,
                            X509Certificate certificate, String message) {

    /** What was done. */
    public enum Action {
        /** There was no such Secret: one was made. */
        CREATED,
        /** Ours, and due (renewal time, hosts not covered, another CA, unreadable): issued again. */
        RENEWED,
        /** Ours, covering the hosts, not due: left as it is. */
        CURRENT,
        /** Not ours (no {@code app.kubernetes.io/managed-by: ingress-lab}): never overwritten. */
        NOT_OURS
    }

    public SecretOutcome {
        hosts = List.copyOf(hosts);
    }

    /** Whether the Secret was written. */
    public boolean written() {
        return action == Action.CREATED || action == Action.RENEWED;
    }
}
