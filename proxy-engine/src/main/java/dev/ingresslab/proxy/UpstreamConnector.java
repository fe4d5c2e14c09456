package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;

import java.net.URI;

/**
 * How the proxy reaches an endpoint: {@link DirectConnector} connects to the endpoint's address; a port-forward
 * connector (for minikube or kind on macOS, where pod addresses are unreachable) returns a local forwarded port.
 */
public interface UpstreamConnector {

    /** The name shown in each request record: {@code direct}, {@code port-forward}. */
    String name();

    /** The address to open connections to for an endpoint. */
    URI uriFor(Endpoint endpoint);
}
