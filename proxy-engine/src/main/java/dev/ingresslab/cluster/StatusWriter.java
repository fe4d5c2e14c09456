package dev.ingresslab.cluster;

import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.RouteTable;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Publishes where served Ingresses are reachable ({@code status.loadBalancer.ingress: [{ip: 127.0.0.1}]}, so
 * {@code kubectl get ingress} shows an ADDRESS), and takes our address back from Ingresses we stop serving. It
 * never touches an Ingress whose status names another address: that belongs to another controller.
 */
public final class StatusWriter {

    private final KubernetesClient client;
    private final String address;
    private final Consumer<String> problems;
    /** Set when the controller stops: no write starts after it, and a write it cut short is no problem to report. */
    private volatile boolean halted;

    /** @param problems told of each status write the API server refused */
    public StatusWriter(KubernetesClient client, String address, Consumer<String> problems) {
        this.client = client;
        this.address = address;
        this.problems = problems;
    }

    /** Brings every Ingress's status in line with whether the table serves it. */
    public void sync(ClusterSnapshot snapshot, RouteTable table) {
        Set<String> ignored = new HashSet<>();
        for (IgnoredIngress ingress : table.ignored()) {
            ignored.add(ingress.objectName());
        }
        for (Ingress ingress : snapshot.ingresses()) {
            if (halted) {
                return; // stopping: the rest would only race the API server's own shutdown
            }
            String name = namespaceOf(ingress) + "/" + ingress.getMetadata().getName();
            List<IngressLoadBalancerIngress> current = current(ingress);
            if (!ignored.contains(name)) {
                if (!current.equals(ours())) {
                    write(ingress, ours());
                }
            } else if (current.equals(ours())) {
                write(ingress, List.of());
            }
        }
    }

    /**
     * Writes nothing more from {@link #sync}, and reports no failure of a write under way: the controller is
     * stopping, and a write failing because the API server stops with it is no problem of the user's.
     */
    public void halt() {
        halted = true;
    }

    /** Removes our address from every one of these Ingresses that has it (on shutdown, when asked). */
    public void clear(List<Ingress> ingresses) {
        for (Ingress ingress : ingresses) {
            if (current(ingress).equals(ours())) {
                write(ingress, List.of());
            }
        }
    }

    private List<IngressLoadBalancerIngress> ours() {
        return List.of(new IngressLoadBalancerIngressBuilder().withIp(address).build());
    }

    private static List<IngressLoadBalancerIngress> current(Ingress ingress) {
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress();
    }

    private void write(Ingress ingress, List<IngressLoadBalancerIngress> addresses) {
        Ingress updated = new IngressBuilder(ingress).withNewStatus().withNewLoadBalancer().withIngress(addresses)
                .endLoadBalancer().endStatus().build();
        try {
            client.network().v1().ingresses().inNamespace(namespaceOf(ingress)).resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            // A conflict means the object changed meanwhile: the next snapshot brings the new version.
            if (e.getCode() != 409 && !halted) {
                problems.accept("cannot write the status of Ingress " + namespaceOf(ingress) + "/"
                        + ingress.getMetadata().getName() + ": " + ClusterErrors.describe(e));
            }
        }
    }

    private static String namespaceOf(Ingress ingress) {
        return Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default");
    }
}
