package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaches pods through the API server, as {@code kubectl port-forward} does: the only way into minikube or kind on
 * macOS with the Docker driver, where pod addresses are unreachable. One forward per ready endpoint, on a free
 * loopback port, opened on first use, reused, re-opened after it breaks, closed when the endpoint goes away.
 */
public final class PortForwardConnector implements UpstreamConnector {

    private final KubernetesClient client;
    private final ConcurrentHashMap<Endpoint, LocalPortForward> forwards = new ConcurrentHashMap<>();

    public PortForwardConnector(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "port-forward";
    }

    @Override
    public URI uriFor(Endpoint endpoint) {
        if (endpoint.pod().isEmpty()) {
            throw new IllegalStateException("the endpoint " + endpoint.display() + " names no Pod (its EndpointSlice"
                    + " has no targetRef), so it cannot be reached by port-forward");
        }
        LocalPortForward forward = forwards.compute(endpoint, (key, existing) ->
                existing != null && existing.isAlive() && !existing.errorOccurred() ? existing : open(key, existing));
        return URI.create("http://127.0.0.1:" + forward.getLocalPort());
    }

    private LocalPortForward open(Endpoint endpoint, LocalPortForward broken) {
        closeQuietly(broken);
        String[] pod = endpoint.pod().split("/", 2);
        try {
            return client.pods().inNamespace(pod[0]).withName(pod[1]).portForward(endpoint.port(),
                    InetAddress.getLoopbackAddress(), 0);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot port-forward to Pod " + endpoint.pod() + " port "
                    + endpoint.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Endpoint endpoint) {
        closeQuietly(forwards.remove(endpoint));
    }

    @Override
    public boolean failed(Endpoint endpoint) {
        LocalPortForward forward = forwards.get(endpoint);
        if (forward != null && (!forward.isAlive() || forward.errorOccurred())) {
            release(endpoint);
            return true;
        }
        return false;
    }

    /** How many forwards are open. */
    public int open() {
        return forwards.size();
    }

    private static void closeQuietly(LocalPortForward forward) {
        if (forward != null) {
            try {
                forward.close();
            } catch (IOException e) {
                // a forward that cannot close cleanly is gone all the same
            }
        }
    }
}
