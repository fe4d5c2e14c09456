package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;

import java.net.URI;

/** Connects straight to the endpoint's address: for the sandbox, manifest files, and routable pod networks. */
public final class DirectConnector implements UpstreamConnector {

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public URI uriFor(Endpoint endpoint) {
        return URI.create("http://" + endpoint.display());
    }
}
