package dev.ingresslab.core.requests;

/** One header field line, as sent or received (RFC 9110 §5): {@code name: value}. */
public record HeaderField(String name, String value) {

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
