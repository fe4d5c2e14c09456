package dev.ingresslab.route;

/** One ready address of a Service port: where the proxy sends a request. */
public record Endpoint(String address, int port) {

    /** {@code 10.0.0.7:8080}, or {@code [fd00::7]:8080} for IPv6. */
    public String display() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
