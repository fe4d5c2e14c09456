package dev.ingresslab.control;

/**
 * A followed request stream ({@link ControlClient#follow}) broke off without the instance's last line, which says
 * why it ends. Either the instance stopped cleanly and its last line was lost with the connection (its control
 * file is then gone: {@link ControlDirectory#registered}), or it was killed, crashed, or the connection failed.
 */
public final class StreamLost extends Exception {

    public StreamLost(String message, Throwable cause) {
        super(message, cause);
    }
}
