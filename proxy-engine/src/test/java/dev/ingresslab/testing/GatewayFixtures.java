package dev.ingresslab.testing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Gateway API objects most tests start from, as YAML documents: the GatewayClass {@code lab} that Ingress Lab's
 * controller claims, and the Gateway {@code default/web} of that class with the listeners a test names (Gateway API
 * v1 {@code GatewayClassSpec.controllerName}, {@code GatewaySpec.listeners}). A test appends its own Routes after a
 * {@code ---}.
 */
public final class GatewayFixtures {

    /** The controller name Ingress Lab answers for (ingress-semantics.md §9). */
    public static final String CONTROLLER = "ingress-lab.dev/controller";

    /** GatewayClass {@code lab}, claimed by {@link #CONTROLLER}; ends with a newline. */
    public static final String LAB_CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: lab}
            spec: {controllerName: %s}
            """.formatted(CONTROLLER);

    /** A plain HTTP listener on port 80 that takes Routes from the Gateway's own namespace (the default). */
    public static final String HTTP = "{name: http, protocol: HTTP, port: 80}";

    /** A plain HTTP listener on port 80 that takes Routes from every namespace. */
    public static final String HTTP_FROM_ALL = "{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces:"
            + " {from: All}}}";

    private GatewayFixtures() {
    }

    /**
     * {@link #LAB_CLASS}, then the Gateway {@code default/web} of that class with {@code listeners} in order, each a
     * YAML flow mapping such as {@link #HTTP}; ends with a newline.
     */
    public static String labGateway(String... listeners) {
        return LAB_CLASS + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web, namespace: default}
                spec:
                  gatewayClassName: lab
                  listeners:
                """ + List.of(listeners).stream().map(listener -> "  - " + listener + "\n")
                .collect(Collectors.joining());
    }
}
