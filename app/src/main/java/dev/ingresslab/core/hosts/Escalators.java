package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.PrivilegeEscalator;
import dev.ingresslab.hosts.PrivilegeEscalators;

import java.util.Optional;

/**
 * Which {@link PrivilegeEscalator} each face uses: the command line asks in the terminal (sudo; pkexec's text agent
 * where there is no sudo), the window through the system's dialog (pkexec's; macOS's administrator dialog). Empty
 * when the system has neither; {@link HostsAccess} then says what to install.
 */
public final class Escalators {

    private Escalators() {
    }

    /** For {@code hosts}, {@code up} and {@code demo} in a terminal. */
    public static Optional<PrivilegeEscalator> terminal() {
        return PrivilegeEscalators.forTerminal();
    }

    /** For the window's Hosts view. */
    public static Optional<PrivilegeEscalator> window() {
        return PrivilegeEscalators.forWindow();
    }
}
