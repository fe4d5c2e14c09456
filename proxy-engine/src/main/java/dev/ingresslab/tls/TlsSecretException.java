package dev.ingresslab.tls;

import java.util.Objects;

/**
 * A TLS Secret that cannot be served: why, in the words the diagnostic and {@code explain} show.
 * Thrown by {@link TlsCertificates}; the route compiler turns it into a Diagnostic on each Ingress that names the
 * Secret.
 */
public final class TlsSecretException extends Exception {

    private final String reason;

    /**
     * @param reason  a CamelCase reason for the Kubernetes Event ({@code TLSSecretWrongType}, …)
     * @param message what is wrong and what to do, in plain words
     */
    public TlsSecretException(String reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    /** The CamelCase reason for the Event. */
    public String reason() {
        return reason;
    }
}
