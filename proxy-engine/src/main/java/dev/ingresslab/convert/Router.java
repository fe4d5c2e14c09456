package dev.ingresslab.convert;

import dev.ingresslab.route.SimpleRequest;

/**
 * One side of a verification: decides what a compiled configuration does with a request. {@link IngressRouter} is
 * the Ingress side; the Gateway side explains the converted objects as the Gateway API route compiler compiles them.
 */
@FunctionalInterface
public interface Router {

    /** What happens to the request; never throws for a request the generator makes. */
    Behaviour decide(SimpleRequest request);
}
