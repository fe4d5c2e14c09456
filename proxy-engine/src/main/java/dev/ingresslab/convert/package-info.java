/**
 * Ingress → Gateway API conversion, checked by behaviour (issue #19, point 4).
 *
 * <p>{@link dev.ingresslab.convert.IngressToGateway} reads what the Ingress compiler made of the manifests (so the
 * ingress-nginx annotations are read once, by the code the proxy runs) and writes one {@code Gateway} and the
 * {@code HTTPRoute}s that should route the same way, listing in {@link dev.ingresslab.convert.Untranslatable}
 * everything it could not express. {@link dev.ingresslab.convert.BehaviourCheck} then explains a set of requests
 * ({@link dev.ingresslab.convert.ProbeRequests}) against both compiled tables and reports each request they decide
 * differently.
 */
package dev.ingresslab.convert;
