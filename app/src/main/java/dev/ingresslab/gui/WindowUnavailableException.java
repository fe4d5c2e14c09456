package dev.ingresslab.gui;

/**
 * The window could not open although a display seemed there: the toolkit could not open it (an X server that
 * refuses us, an X authority that does not match). Callers treat it as no display: {@link #display()}.
 */
public final class WindowUnavailableException extends RuntimeException {

    WindowUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** No display, with the toolkit's reason. */
    public Display display() {
        return Display.none(getMessage());
    }
}
