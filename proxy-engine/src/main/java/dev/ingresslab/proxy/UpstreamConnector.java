package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;

import java.net.URI;

/**
 * How the proxy reaches an endpoint: {@link DirectConnector} connects to the endpoint's address;
 * {@link PortForwardConnector} (for minikube or kind on macOS, where pod addresses are unreachable) forwards a local
 * port through the API server; {@link AutoConnector} picks one per cluster.
 */
public interface UpstreamConnector {

    /** The name shown in each request record: {@code direct}, {@code port-forward}. */
    String name();

    /**
     * The address to open connections to for an endpoint. Called when the endpoint's pool is opened, on an IO
     * thread: it must not block for long.
     *
     * @throws IllegalStateException when the endpoint cannot be reached this way; the message says why
     */
    URI uriFor(Endpoint endpoint);

    /** The endpoint left the route table: free what {@link #uriFor} opened for it. */
    default void release(Endpoint endpoint) {
    }

    /**
     * A connection to the endpoint failed.
     *
     * @return true when the connector dropped its way to the endpoint (a broken forward) and the next request
     *         should ask {@link #uriFor} again
     */
    default boolean failed(Endpoint endpoint) {
        return false;
    }
}
