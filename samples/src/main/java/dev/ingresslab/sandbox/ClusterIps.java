package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The API server's ClusterIP allocator for the sandbox: each new Service (but an ExternalName or a headless one,
 * {@code clusterIP: None}) gets a free address from the service CIDR {@value #CIDR} (kubeadm's and minikube's
 * default), chosen at random as the allocator chooses, with the IPv4 single-stack fields the API server sets beside
 * it ({@code clusterIPs}, {@code ipFamilies}, {@code ipFamilyPolicy}). The first address is left out: a real cluster
 * gives it to the {@code kubernetes} Service. The addresses are only names here: the proxy reaches pods through
 * their EndpointSlices, never through a ClusterIP.
 */
final class ClusterIps {

    static final String CIDR = "10.96.0.0/12";
    private static final int BASE = (10 << 24) | (96 << 16);
    private static final int SIZE = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClusterIps() {
    }

    /** True when a Service being created gets an address: it asks for none, and is not ExternalName. */
    static boolean needsOne(JsonNode service) {
        JsonNode spec = service.path("spec");
        return !"ExternalName".equals(spec.path("type").asString("")) && spec.path("clusterIP").asString("").isEmpty();
    }

    /** A free address of the CIDR, not in {@code inUse}. */
    static String allocate(Set<String> inUse) {
        for (int attempt = 0; attempt < 64; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(2, SIZE - 1); // not the network, .1, or broadcast
            int address = BASE + offset;
            String ip = ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff)
                    + "." + (address & 0xff);
            if (!inUse.contains(ip)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free address in the service CIDR " + CIDR + " after 64 tries");
    }

    /** Gives a Service created through the API server (a JSON object about to be stored) its address. */
    static void onCreate(JsonNode service, MockUpstream store) throws IOException {
        if (!(service instanceof ObjectNode object) || !needsOne(service)) {
            return;
        }
        Set<String> inUse = new HashSet<>();
        MockUpstream.Answer list = store.send("GET", "/api/v1/services", null);
        if (list.status() == 200) {
            JSON.readTree(list.body()).path("items").forEach(existing ->
                    inUse.add(existing.path("spec").path("clusterIP").asString("")));
        }
        String ip = allocate(inUse);
        ObjectNode spec = object.get("spec") instanceof ObjectNode existing ? existing : object.putObject("spec");
        if (!spec.has("type")) {
            spec.put("type", "ClusterIP");
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        if (!spec.has("sessionAffinity")) {
            spec.put("sessionAffinity", "None");
        }
        if (!spec.has("internalTrafficPolicy")) {
            spec.put("internalTrafficPolicy", "Cluster");
        }
        for (JsonNode port : spec.path("ports")) { // the API server's defaults for each port
            if (port instanceof ObjectNode fields) {
                if (!fields.has("protocol")) {
                    fields.put("protocol", "TCP");
                }
                if (!fields.has("targetPort") && fields.has("port")) {
                    fields.set("targetPort", fields.get("port"));
                }
            }
        }
    }

    /**
     * Keeps a Service's address across an update that leaves it out ({@code kubectl replace -f} of the manifest it
     * was created from), as the API server does: the stored {@code clusterIP} and {@code clusterIPs} are carried over.
     */
    static void onUpdate(JsonNode service, MockUpstream store, String objectPath) throws IOException {
        if (!(service instanceof ObjectNode object) || !needsOne(service)) {
            return;
        }
        MockUpstream.Answer stored = store.send("GET", objectPath, null);
        if (stored.status() != 200) {
            return;
        }
        JsonNode storedSpec = JSON.readTree(stored.body()).path("spec");
        if (storedSpec.path("clusterIP").asString("").isEmpty()) {
            return;
        }
        ObjectNode spec = object.get("spec") instanceof ObjectNode existing ? existing : object.putObject("spec");
        spec.set("clusterIP", storedSpec.get("clusterIP"));
        if (storedSpec.has("clusterIPs")) {
            spec.set("clusterIPs", storedSpec.get("clusterIPs"));
        }
    }

    /**
     * Gives an address to the Services written to the store directly (the sandbox's own seeding, a restored store),
     * which did not pass the API server's allocator.
     */
    static void assignMissing(KubernetesClient client, List<Service> services) {
        Set<String> inUse = new HashSet<>();
        services.forEach(service -> inUse.add(service.getSpec() == null || service.getSpec().getClusterIP() == null
                ? "" : service.getSpec().getClusterIP()));
        for (Service service : services) {
            if (!needsOne(JSON.valueToTree(service))) {
                continue;
            }
            String ip = allocate(inUse);
            inUse.add(ip);
            client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata()
                    .getName()).edit(current -> {
                        ServiceBuilder builder = new ServiceBuilder(current);
                        if (current.getSpec().getType() == null) {
                            builder.editSpec().withType("ClusterIP").endSpec();
                        }
                        return builder.editSpec().withClusterIP(ip).withClusterIPs(ip).endSpec().build();
                    });
        }
    }
}
