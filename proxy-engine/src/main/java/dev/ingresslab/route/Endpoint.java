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

    /** {@code 10.0.0.7:8080}, or {@code [fd00::7]:8080} for IPv6. */
    public String display() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
