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
 * {@code kubectl get ingress} shows an ADDRESS), and takes our address back from Ingresses of ours we stop serving.
 * It never writes the status of an Ingress of another controller's class ({@link OurIngresses}), even when that
 * status names our address (another controller may publish 127.0.0.1 too), with one exception: an Ingress this run
 * served until its class changed has our address taken back, when its status still names only that. On
 * shutdown it clears only the Ingresses it served.
 */
public final class StatusWriter {

    private final KubernetesClient client;
    private final String address;
    private final Consumer<String> problems;
    /** Set when the controller stops: no write starts after it, and a write it cut short is no problem to report. */
    private volatile boolean halted;
    /** The identities ({@link #identity}) of the Ingresses the last {@link #sync} served: the only ones {@link #clear} may touch. */
    private volatile Set<String> served = Set.of();
    private final GatewayStatusWriter gatewayApi;

    /** @param problems told of each status write the API server refused */
    public StatusWriter(KubernetesClient client, String address, Consumer<String> problems) {
        this.client = client;
        this.address = address;
        this.problems = problems;
        this.gatewayApi = new GatewayStatusWriter(client, address, problems, () -> halted,
                java.time.Clock.systemUTC());
    }

    /**
     * Brings the status of the Gateway API objects we control in line with what translation decided about them
     * ({@link GatewayStatusWriter}): GatewayClass, Gateway and its listeners, HTTPRoute parents.
     */
    public void syncGatewayApi(ClusterSnapshot snapshot, dev.ingresslab.translate.GatewayApiResults results) {
        gatewayApi.sync(snapshot.gatewayApi(), results);
    }

    /** Brings every Ingress's status in line with whether the table serves it. */
    public void sync(ClusterSnapshot snapshot, RouteTable table) {
        Set<String> ignored = new HashSet<>();
        for (IgnoredIngress ingress : table.ignored()) {
            ignored.add(ingress.objectName());
        }
        Set<String> notOurs = OurIngresses.notOurs(table);
        Set<String> servedBefore = served;
        Set<String> servedNow = new HashSet<>();
        for (Ingress ingress : snapshot.ingresses()) {
            if (halted) {
                return; // stopping: the rest would only race the API server's own shutdown
            }
            String name = namespaceOf(ingress) + "/" + ingress.getMetadata().getName();
            List<IngressLoadBalancerIngress> current = current(ingress);
            if (notOurs.contains(name)) {
                // another controller's: untouched, unless it was ours until now (its class changed) and still names
                // only the address we published on it, which we take back
                if (servedBefore.contains(identity(ingress)) && current.equals(ours())) {
                    write(ingress, List.of());
                }
            } else if (!ignored.contains(name)) {
                servedNow.add(identity(ingress));
                if (!current.equals(ours())) {
                    write(ingress, ours());
                }
            } else if (current.equals(ours())) {
                write(ingress, List.of());
            }
        }
        served = Set.copyOf(servedNow);
    }

    /**
     * Writes nothing more from {@link #sync}, and reports no failure of a write under way: the controller is
     * stopping, and a write failing because the API server stops with it is no problem of the user's.
     */
    public void halt() {
        halted = true;
    }

    /**
     * Removes our address from every one of these Ingresses that has it and that the last {@link #sync} served (on
     * shutdown, when asked); an Ingress served by another controller keeps its status, whatever address it names.
     */
    public void clear(List<Ingress> ingresses) {
        Set<String> ours = served;
        for (Ingress ingress : ingresses) {
            if (ours.contains(identity(ingress)) && current(ingress).equals(ours())) {
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

    /** Name and uid: an Ingress deleted and created again under its name is another object. */
    private static String identity(Ingress ingress) {
        return OurIngresses.objectName(ingress) + "#" + ingress.getMetadata().getUid();
    }

    private static String namespaceOf(Ingress ingress) {
        return Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default");
    }
}
