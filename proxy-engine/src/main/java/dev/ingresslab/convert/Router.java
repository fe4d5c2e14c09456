package dev.ingresslab.convert;

import dev.ingresslab.route.SimpleRequest;

/**
 * One side of a verification: decides what a compiled configuration does with a request. {@link TableRouter} is
 * explains on a compiled route table, the Ingress one or the one the Gateway API objects compile to.
 */
@FunctionalInterface
public interface Router {

    /** What happens to the request; never throws for a request the generator makes. */
    Behaviour decide(SimpleRequest request);
}
