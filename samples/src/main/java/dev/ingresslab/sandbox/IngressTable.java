package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingresses as the API server prints them for kubectl (server-side printing, a {@code meta.k8s.io/v1 Table}):
 * NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE.
 */
final class IngressTable {

    private IngressTable() {
    }

    static Map<String, Object> of(List<Ingress> ingresses, Instant now) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.put("metadata", Map.of());
        table.put("columnDefinitions", List.of(column("Name", "name"), column("Class", ""), column("Hosts", ""),
                column("Address", ""), column("Ports", ""), column("Age", "")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Ingress ingress : ingresses) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", ingress.getMetadata().getName());
            metadata.put("namespace", ingress.getMetadata().getNamespace());
            metadata.put("uid", ingress.getMetadata().getUid());
            metadata.put("resourceVersion", ingress.getMetadata().getResourceVersion());
            metadata.put("creationTimestamp", ingress.getMetadata().getCreationTimestamp());
            rows.add(Map.of("cells", List.of(ingress.getMetadata().getName(), className(ingress), hosts(ingress),
                            address(ingress), ports(ingress), age(ingress, now)),
                    "object", Map.of("kind", "PartialObjectMetadata", "apiVersion", "meta.k8s.io/v1",
                            "metadata", metadata)));
        }
        table.put("rows", rows);
        return table;
    }

    private static Map<String, Object> column(String name, String format) {
        return Map.of("name", name, "type", "string", "format", format, "description", name, "priority", 0);
    }

    private static String className(Ingress ingress) {
        String name = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        return name == null ? "<none>" : name;
    }

    private static String hosts(Ingress ingress) {
        List<String> hosts = new ArrayList<>();
        List<IngressRule> rules = ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of()
                : ingress.getSpec().getRules();
        rules.forEach(rule -> hosts.add(rule.getHost() == null || rule.getHost().isEmpty() ? "*" : rule.getHost()));
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    private static String address(Ingress ingress) {
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        List<String> addresses = new ArrayList<>();
        for (IngressLoadBalancerIngress entry : ingress.getStatus().getLoadBalancer().getIngress()) {
            addresses.add(entry.getIp() != null ? entry.getIp() : entry.getHostname());
        }
        return String.join(",", addresses);
    }

    private static String ports(Ingress ingress) {
        boolean tls = ingress.getSpec() != null && ingress.getSpec().getTls() != null
                && !ingress.getSpec().getTls().isEmpty();
        return tls ? "80, 443" : "80";
    }

    /** kubectl's short age: 45s, 3m, 2h, 5d. */
    static String age(Ingress ingress, Instant now) {
        String created = ingress.getMetadata().getCreationTimestamp();
        if (created == null) {
            return "<unknown>";
        }
        Duration age = Duration.between(Instant.parse(created), now);
        if (age.toSeconds() < 120) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m";
        }
        return age.toHours() < 48 ? age.toHours() + "h" : age.toDays() + "d";
    }
}
