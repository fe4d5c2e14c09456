package dev.ingresslab.proxy;

/**
 * Where the proxy's routes come from, which decides what its 503 page ("no ready endpoints") tells the user to
 * check: on a cluster the EndpointSlices kubectl shows; with manifest files only what the files themselves say.
 */
public enum RouteSource {
    /** A cluster's API server ({@code up}, {@code demo}): endpoints follow the Pods, kubectl shows them. */
    CLUSTER,
    /**
     * Manifest files ({@code serve}): a Service's endpoints are the addresses of the EndpointSlices in the files,
     * and nothing runs the Deployments, so kubectl has nothing to show.
     */
    MANIFEST_FILES
}
