package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The defaults the API server writes into a Deployment or a Pod when it is created, so that {@code kubectl describe}
 * and {@code get -o yaml} show what they show on a real cluster (a strategy, a port's protocol, a restart policy),
 * from {@code pkg/apis/apps/v1/defaults.go} and {@code pkg/apis/core/v1/defaults.go}. A value the user gave is
 * never changed.
 */
final class WorkloadDefaults {

    private WorkloadDefaults() {
    }

    /** Fills the defaults of a Deployment or a Pod being created; other kinds are left as they are. */
    static void onCreate(JsonNode object, String kind) {
        if (!(object instanceof ObjectNode root) || !(root.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (kind.equals("Deployment")) {
            putIfAbsent(spec, "replicas", 1);
            putIfAbsent(spec, "revisionHistoryLimit", 10);
            putIfAbsent(spec, "progressDeadlineSeconds", 600);
            ObjectNode strategy = spec.get("strategy") instanceof ObjectNode s ? s : spec.putObject("strategy");
            if (!strategy.has("type")) {
                strategy.put("type", "RollingUpdate");
            }
            if (strategy.path("type").asString("").equals("RollingUpdate")) {
                ObjectNode rolling = strategy.get("rollingUpdate") instanceof ObjectNode r ? r
                        : strategy.putObject("rollingUpdate");
                putIfAbsent(rolling, "maxUnavailable", "25%");
                putIfAbsent(rolling, "maxSurge", "25%");
            }
            if (spec.path("template").get("spec") instanceof ObjectNode podSpec) {
                podSpec(podSpec);
            }
        } else if (kind.equals("Pod")) {
            podSpec(spec);
        }
    }

    private static void podSpec(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode node : spec.path(list)) {
                if (node instanceof ObjectNode container) {
                    container(container);
                }
            }
        }
    }

    private static void container(ObjectNode container) {
        String image = container.path("image").asString("");
        String afterSlash = image.substring(image.lastIndexOf('/') + 1);
        boolean latest = !image.contains("@") && (!afterSlash.contains(":") || afterSlash.endsWith(":latest"));
        putIfAbsent(container, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        if (!container.has("resources")) {
            container.putObject("resources");
        }
        for (JsonNode node : container.path("ports")) {
            if (node instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
            }
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        if (!node.has(field) || node.get(field).isNull()) {
            if (value instanceof Integer number) {
                node.put(field, number);
            } else {
                node.put(field, value.toString());
            }
        }
    }
}
