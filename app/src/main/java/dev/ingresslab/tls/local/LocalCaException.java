package dev.ingresslab.tls.local;

/** The local CA cannot be used; the message says which file and what to do. */
public final class LocalCaException extends RuntimeException {

    public LocalCaException(String message, Throwable cause) {
        super(message, cause);
    }
}
