package dev.ingresslab.proxy;

/** The proxy could not start; the message says why and what to do. */
public class ProxyStartException extends RuntimeException {

    public ProxyStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
