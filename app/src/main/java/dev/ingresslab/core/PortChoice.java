package dev.ingresslab.core;

import java.util.List;
import java.util.Optional;

/**
 * The port to listen on when the user did not name one: the standard port when the OS lets us bind it on every
 * loopback address (root, or macOS since Mojave for loopback), else the fallback, with one line saying which and
 * why. Whether the chosen port is free is {@link PortClaim}'s to check, before anything slow starts.
 *
 * @param port    the port to use
 * @param message what was chosen and why, for the user; null for port 0 (any free one), whose port is named once the
 *                proxy listens ({@code FreePortLines})
 */
public record PortChoice(int port, String message) {

    /** The addresses the proxy listens on by default (ProxySettings.defaults()). */
    static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    public static PortChoice of(Integer requested, int standard, int fallback, String protocol) {
        return of(requested, standard, fallback, protocol, LOOPBACK);
    }

    /** @param addresses where the proxy will listen: the standard port must be free on each */
    public static PortChoice of(Integer requested, int standard, int fallback, String protocol,
                                List<String> addresses) {
        if (requested != null && requested == 0) {
            return new PortChoice(0, null); // the port the OS chooses is named once bound (FreePortLines)
        }
        if (requested != null) {
            return new PortChoice(requested, protocol + " on port " + requested + " (as asked)");
        }
        Optional<String> problem = PortProbe.problem(standard, addresses);
        if (problem.isEmpty()) {
            return new PortChoice(standard, protocol + " on port " + standard);
        }
        return new PortChoice(fallback, protocol + " on port " + fallback + ": " + problem.get()
                + "; choose another port with --" + protocol.toLowerCase(java.util.Locale.ROOT) + "-port");
    }
}
