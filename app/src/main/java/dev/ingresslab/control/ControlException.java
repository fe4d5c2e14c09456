package dev.ingresslab.control;

/** The control endpoint of an instance could not be used; the message says why and what to do. */
public final class ControlException extends Exception {

    private final int status;

    /**
     * @param status the HTTP status the instance answered, or 0 when it did not answer at all
     */
    public ControlException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the instance answered (400: the query was bad input), or 0 when it did not answer. */
    public int status() {
        return status;
    }
}
