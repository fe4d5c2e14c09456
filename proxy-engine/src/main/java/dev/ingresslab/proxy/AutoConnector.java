package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Direct when pod addresses are reachable from this machine, port-forward when they are not: decided once per
 * cluster by a short connection attempt to the first ready endpoint, off the IO threads, and remembered.
 */
public final class AutoConnector implements UpstreamConnector {

    private final UpstreamConnector direct;
    private final UpstreamConnector portForward;
    private final Duration probeTimeout;
    private final Consumer<String> told;
    private volatile UpstreamConnector chosen;

    /** @param told hears the choice, once, in words */
    public AutoConnector(UpstreamConnector direct, UpstreamConnector portForward, Duration probeTimeout,
                         Consumer<String> told) {
        this.direct = direct;
        this.portForward = portForward;
        this.probeTimeout = probeTimeout;
        this.told = told;
    }

    /** Decides, when not yet decided and the table has an endpoint to try. Blocks up to the probe timeout. */
    public void decide(RouteTable table) {
        if (chosen != null) {
            return;
        }
        Endpoint probe = firstEndpoint(table);
        if (probe == null) {
            return;
        }
        if (reachable(probe)) {
            chosen = direct;
            told.accept("pod addresses are reachable from here (" + probe.display() + "): connecting directly");
        } else {
            chosen = portForward;
            told.accept("pod addresses are not reachable from here (" + probe.display() + " did not answer within "
                    + probeTimeout.toMillis() + " ms): reaching pods by port-forward through the API server");
        }
    }

    private static Endpoint firstEndpoint(RouteTable table) {
        for (Route route : table.allRoutes()) {
            if (!route.backend().endpoints().isEmpty()) {
                return route.backend().endpoints().get(0);
            }
        }
        return null;
    }

    private boolean reachable(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), (int) probeTimeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private UpstreamConnector current() {
        UpstreamConnector now = chosen;
        return now == null ? direct : now;
    }

    @Override
    public String name() {
        return current().name();
    }

    @Override
    public URI uriFor(Endpoint endpoint) {
        return current().uriFor(endpoint);
    }

    @Override
    public void release(Endpoint endpoint) {
        direct.release(endpoint);
        portForward.release(endpoint);
    }

    @Override
    public boolean failed(Endpoint endpoint) {
        return current().failed(endpoint);
    }
}
