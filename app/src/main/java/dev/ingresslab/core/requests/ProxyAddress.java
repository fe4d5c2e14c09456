package dev.ingresslab.core.requests;

import dev.ingresslab.core.SessionSnapshot;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** Where a client on this machine reaches a session's proxy: its HTTP or HTTPS listener, on loopback when it can. */
public final class ProxyAddress {

    private ProxyAddress() {
    }

    /**
     * The address to send replays to: for a listener on a wildcard or loopback address, the loopback address of
     * its family ({@code 127.0.0.1}, {@code ::1}) and its port; for a listener on one other address, that address.
     * IPv4 is preferred when the proxy listens on both.
     *
     * @return empty when the session serves no requests (no HTTP port)
     */
    public static Optional<InetSocketAddress> of(SessionSnapshot.Connection connection) {
        return choose(connection.httpPort(), connection.listening());
    }

    /**
     * As {@link #of} for the HTTPS listener, where {@code https://} replays go.
     *
     * @return empty when the proxy has no HTTPS listener ({@code --https-port off}) or serves no requests
     */
    public static Optional<InetSocketAddress> https(SessionSnapshot.Connection connection) {
        return choose(connection.httpsPort(), connection.httpsListening());
    }

    /** With port 0 each bind address has its own port: {@code port} is the first listener's, which is preferred. */
    private static Optional<InetSocketAddress> choose(int port, List<InetSocketAddress> listeners) {
        if (port <= 0) {
            return Optional.empty();
        }
        InetSocketAddress chosen = null;
        for (InetSocketAddress listening : listeners) {
            if (listening.getPort() != port) {
                continue;
            }
            InetSocketAddress candidate = reachable(listening);
            if (chosen == null || candidate.getAddress() instanceof java.net.Inet4Address) {
                chosen = candidate;
            }
        }
        return Optional.of(chosen != null ? chosen : new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static InetSocketAddress reachable(InetSocketAddress listening) {
        InetAddress address = listening.getAddress();
        if (address == null || address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            boolean v6 = address instanceof java.net.Inet6Address;
            return new InetSocketAddress(v6 ? "::1" : "127.0.0.1", listening.getPort());
        }
        return listening;
    }
}
