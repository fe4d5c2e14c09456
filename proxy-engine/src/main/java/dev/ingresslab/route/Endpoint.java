package dev.ingresslab.route;

/**
 * One ready address of a Service port: where the proxy sends a request.
 *
 * @param address the endpoint's IP address, or for an ExternalName Service its DNS name ({@link #byName()}), which the
 *                proxy resolves when it connects
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

    /** Whether the address is a DNS name (an ExternalName Service's) rather than an IP address. */
    public boolean byName() {
        if (address.indexOf(':') >= 0) {
            return false; // IPv6
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return true;
            }
        }
        return false;
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
