package dev.ingresslab.hosts;

import java.io.IOException;

/** The hosts file changed under another program at every attempt to write it; trying again later may work. */
public final class HostsChangingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message which file, how many attempts, what to do */
    public HostsChangingException(String message) {
        super(message);
    }
}
