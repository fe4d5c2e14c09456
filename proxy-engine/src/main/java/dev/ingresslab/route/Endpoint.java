package dev.ingresslab.route;

/**
 * One ready address of a Service port: where the proxy sends a request.
 *
 * @param address the endpoint's IP address
 * @param port    the target port
 * @param pod     {@code namespace/name} of the Pod behind it (the EndpointSlice's targetRef), or empty; the
 *                port-forward connector needs it
 */
public record Endpoint(String address, int port, String pod) {

    public Endpoint {
        pod = pod == null ? "" : pod;
    }

    public Endpoint(String address, int port) {
        this(address, port, "");
    }

    // Written out: the generated equals and hashCode go through method handles, and every proxied request looks
    // its endpoint's connection pool up by this key.
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Endpoint endpoint && port == endpoint.port
                && address.equals(endpoint.address) && pod.equals(endpoint.pod);
    }

    @Override
    public int hashCode() {
        return (address.hashCode() * 31 + port) * 31 + pod.hashCode();
    }

    /** {@code 10.0.0.7:8080}, or {@code [fd00::7]:8080} for IPv6. */
    public String display() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
