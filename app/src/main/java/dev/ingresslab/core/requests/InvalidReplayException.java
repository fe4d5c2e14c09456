package dev.ingresslab.core.requests;

/** A replay request that cannot be sent as edited; the message names the field and what to write instead. */
public final class InvalidReplayException extends Exception {

    public InvalidReplayException(String message) {
        super(message);
    }
}
