package dev.ingresslab.core.requests;

/** A filter text that cannot be used; the message says what is wrong and what to type instead. */
public final class FilterSyntaxException extends Exception {

    public FilterSyntaxException(String message) {
        super(message);
    }
}
