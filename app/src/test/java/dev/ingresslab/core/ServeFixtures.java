package dev.ingresslab.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.ProxySettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * What the tests of sessions on manifest files ({@code serve}, a {@link LabSession} on files) start from: a real
 * backend on loopback, the Service and EndpointSlice that point at it, and a proxy that listens on loopback only, on
 * an ephemeral port.
 */
public final class ServeFixtures {

    private ServeFixtures() {
    }

    /**
     * A backend on 127.0.0.1, on an ephemeral port, that answers every request 200 with {@code body} of that request
     * (UTF-8), once it has read the request's body. Stop it with {@code stop(0)}.
     *
     * @throws IOException when no port can be bound
     */
    public static HttpServer backend(Function<HttpExchange, String> body) throws IOException {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", exchange -> {
            byte[] bytes = body.apply(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes(); // the request whole, as a real backend reads it
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        backend.start();
        return backend;
    }

    /** {@link #backend(Function)} answering {@code body} to every request. */
    public static HttpServer backend(String body) throws IOException {
        return backend(exchange -> body);
    }

    /**
     * The Service {@code name} (one port named {@code http}, number {@code servicePort}) and its EndpointSlice
     * {@code name-1}, whose one endpoint is 127.0.0.1 at {@code backendPort}, as two YAML documents; ends with a
     * newline, and a test adds its Ingress after a {@code ---}.
     */
    public static String service(String name, int servicePort, int backendPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec: {ports: [{name: http, port: %2$d}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{name: http, port: %3$d}]
                endpoints: [{addresses: [127.0.0.1]}]
                """.formatted(name, servicePort, backendPort);
    }

    /**
     * {@link #service} {@code web} (port 80, to the backend on {@code backendPort}) and the Ingress {@code web} whose one
     * rule, for {@code host}, has two paths: {@code /} (Prefix) to {@code web}, and {@code /missing} (Exact) to the
     * Service {@code nothing}, which does not exist (a warning, and a 503); YAML documents ending with a newline.
     */
    public static String webWithMissingPath(int backendPort, String host) {
        return service("web", 80, backendPort) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                spec:
                  rules:
                    - host: %s
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend: {service: {name: web, port: {name: http}}}
                          - path: /missing
                            pathType: Exact
                            backend: {service: {name: nothing, port: {number: 80}}}
                """.formatted(host);
    }

    /**
     * The Gateway {@code default/lab} of Ingress Lab's class {@code ingress-lab} (implied when read from files), with
     * one HTTP listener on port 80 (Gateway API v1 {@code GatewaySpec.listeners}), as one YAML document ending with a
     * newline: a test's HTTPRoutes attach with {@code parentRefs: [{name: lab}]}, after a {@code ---}.
     */
    public static final String LAB_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: lab, namespace: default}
            spec:
              gatewayClassName: ingress-lab
              listeners: [{name: http, protocol: HTTP, port: 80}]
            """;

    /** The proxy of a test: on 127.0.0.1 only, HTTP on an ephemeral port. */
    public static ProxySettings loopbackProxy() {
        return ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0);
    }
}
