package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Objects as the API server prints them for kubectl (server-side printing: kubectl asks for a {@code
 * meta.k8s.io/v1 Table} and prints its columns): the same columns a real server gives each kind, such as CLASS,
 * HOSTS, ADDRESS, PORTS for an Ingress, or READY, UP-TO-DATE, AVAILABLE for a Deployment. Kinds without columns
 * here get NAME and AGE, as a custom resource does.
 */
final class ServerTables {

    /** A column; priority 1 columns are shown by {@code -o wide} only. */
    private record Column(String name, java.util.function.BiFunction<JsonNode, Instant, String> cell, int priority) {
        Column(String name, Function<JsonNode, String> cell) {
            this(name, (object, now) -> cell.apply(object), 0);
        }

        Column(String name, java.util.function.BiFunction<JsonNode, Instant, String> cell) {
            this(name, cell, 0);
        }

        static Column wide(String name, Function<JsonNode, String> cell) {
            return new Column(name, (object, now) -> cell.apply(object), 1);
        }
    }

    private static final Map<String, List<Column>> COLUMNS = Map.ofEntries(
            Map.entry("Ingress", List.of(new Column("Class", o -> or(text(o, "spec", "ingressClassName"), "<none>")),
                    new Column("Hosts", ServerTables::ingressHosts),
                    new Column("Address", ServerTables::ingressAddress),
                    new Column("Ports", o -> o.path("spec").path("tls").isEmpty() ? "80" : "80, 443"))),
            Map.entry("IngressClass", List.of(new Column("Controller", o -> text(o, "spec", "controller")),
                    new Column("Parameters", o -> o.path("spec").has("parameters") ? o.path("spec")
                            .path("parameters").path("kind").asString("") + "/" + o.path("spec").path("parameters")
                            .path("name").asString("") : "<none>"))),
            Map.entry("Service", List.of(new Column("Type", o -> or(text(o, "spec", "type"), "ClusterIP")),
                    new Column("Cluster-IP", o -> or(text(o, "spec", "clusterIP"), "<none>")),
                    new Column("External-IP", ServerTables::externalIp),
                    new Column("Port(s)", ServerTables::servicePorts),
                    Column.wide("Selector", o -> labels(o.path("spec").path("selector"))))),
            Map.entry("Deployment", List.of(new Column("Ready", o -> number(o, "status", "readyReplicas") + "/"
                            + (o.path("spec").has("replicas") ? number(o, "spec", "replicas") : 1)),
                    new Column("Up-to-date", o -> String.valueOf(number(o, "status", "updatedReplicas"))),
                    new Column("Available", o -> String.valueOf(number(o, "status", "availableReplicas"))),
                    Column.wide("Containers", o -> containers(o.path("spec").path("template"), "name")),
                    Column.wide("Images", o -> containers(o.path("spec").path("template"), "image")),
                    Column.wide("Selector", o -> labels(o.path("spec").path("selector").path("matchLabels"))))),
            Map.entry("ReplicaSet", List.of(new Column("Desired", o -> String.valueOf(number(o, "spec", "replicas"))),
                    new Column("Current", o -> String.valueOf(number(o, "status", "replicas"))),
                    new Column("Ready", o -> String.valueOf(number(o, "status", "readyReplicas"))),
                    Column.wide("Containers", o -> containers(o.path("spec").path("template"), "name")),
                    Column.wide("Images", o -> containers(o.path("spec").path("template"), "image")),
                    Column.wide("Selector", o -> labels(o.path("spec").path("selector").path("matchLabels"))))),
            Map.entry("Pod", List.of(new Column("Ready", ServerTables::podReady),
                    new Column("Status", ServerTables::podStatus),
                    new Column("Restarts", ServerTables::podRestarts),
                    Column.wide("IP", o -> or(text(o, "status", "podIP"), "<none>")),
                    Column.wide("Node", o -> or(text(o, "spec", "nodeName"), "<none>")),
                    Column.wide("Nominated Node", o -> or(text(o, "status", "nominatedNodeName"), "<none>")),
                    Column.wide("Readiness Gates", o -> "<none>"))),
            Map.entry("Secret", List.of(new Column("Type", o -> or(text(o, "type"), "Opaque")),
                    new Column("Data", o -> String.valueOf(o.path("data").size())))),
            Map.entry("ConfigMap", List.of(new Column("Data", o -> String.valueOf(o.path("data").size()
                    + o.path("binaryData").size())))),
            Map.entry("Namespace", List.of(new Column("Status", o -> or(text(o, "status", "phase"), "Active")))),
            Map.entry("Endpoints", List.of(new Column("Endpoints", ServerTables::endpointsAddresses))),
            Map.entry("EndpointSlice", List.of(new Column("AddressType", o -> text(o, "addressType")),
                    new Column("Ports", ServerTables::slicePorts),
                    new Column("Endpoints", ServerTables::sliceAddresses))),
            Map.entry("Lease", List.of(new Column("Holder", o -> text(o, "spec", "holderIdentity")))),
            // the Gateway API CRDs' additionalPrinterColumns (gateway-api config/crd/standard, v1)
            Map.entry("GatewayClass", List.of(new Column("Controller", o -> text(o, "spec", "controllerName")),
                    new Column("Accepted", o -> condition(o, "Accepted")),
                    Column.wide("Description", o -> text(o, "spec", "description")))),
            Map.entry("Gateway", List.of(new Column("Class", o -> text(o, "spec", "gatewayClassName")),
                    new Column("Address", ServerTables::gatewayAddresses),
                    new Column("Programmed", o -> condition(o, "Programmed")))),
            Map.entry("HTTPRoute", List.of(new Column("Hostnames", ServerTables::routeHostnames))));

    /**
     * Kinds whose whole row the server defines, name and age included where it shows them: an Event's columns
     * ({@code printEvent} in kubernetes' {@code pkg/printers/internalversion/printers.go}) are LAST SEEN, TYPE,
     * REASON, OBJECT, MESSAGE, and with {@code -o wide} also SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME; a Node's
     * ({@code printNode}) NAME, STATUS, ROLES, AGE, VERSION, and INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION,
     * CONTAINER-RUNTIME.
     */
    private static final Map<String, List<Column>> WHOLE_ROWS = Map.of("Node", List.of(
            new Column("Name", o -> text(o, "metadata", "name")),
            new Column("Status", ServerTables::nodeStatus),
            new Column("Roles", ServerTables::nodeRoles),
            new Column("Age", (o, now) -> age(text(o, "metadata", "creationTimestamp"), now)),
            new Column("Version", o -> text(o, "status", "nodeInfo", "kubeletVersion")),
            Column.wide("Internal-IP", o -> nodeAddress(o, "InternalIP")),
            Column.wide("External-IP", o -> nodeAddress(o, "ExternalIP")),
            Column.wide("OS-Image", o -> or(text(o, "status", "nodeInfo", "osImage"), "<unknown>")),
            Column.wide("Kernel-Version", o -> or(text(o, "status", "nodeInfo", "kernelVersion"), "<unknown>")),
            Column.wide("Container-Runtime", o -> or(text(o, "status", "nodeInfo", "containerRuntimeVersion"),
                    "<unknown>"))), "Event", List.of(
            new Column("Last Seen", (o, now) -> age(eventLastSeen(o), now)),
            new Column("Type", (o, now) -> text(o, "type")),
            new Column("Reason", (o, now) -> text(o, "reason")),
            new Column("Object", (o, now) -> text(o, "involvedObject", "kind").toLowerCase(java.util.Locale.ROOT)
                    + "/" + text(o, "involvedObject", "name")),
            Column.wide("Subobject", o -> text(o, "involvedObject", "fieldPath")),
            Column.wide("Source", ServerTables::eventSource),
            new Column("Message", (o, now) -> text(o, "message").strip()),
            new Column("First Seen", (o, now) -> age(or(text(o, "firstTimestamp"), text(o, "eventTime")), now), 1),
            Column.wide("Count", o -> String.valueOf(o.path("series").has("count") ? number(o, "series", "count")
                    : Math.max(1, number(o, "count")))),
            Column.wide("Name", o -> text(o, "metadata", "name"))));

    private ServerTables() {
    }

    /** The Table of objects of one kind, without a resourceVersion of its own (a watch event's). */
    static Map<String, Object> of(String kind, List<JsonNode> objects, Instant now) {
        return of(kind, objects, "", now);
    }

    /**
     * The Table of objects of one kind; {@code resourceVersion} is the list's, from which {@code kubectl get -w}
     * watches.
     */
    static Map<String, Object> of(String kind, List<JsonNode> objects, String resourceVersion, Instant now) {
        return of(kind, objects, resourceVersion.isEmpty() ? Map.of() : Map.of("resourceVersion", resourceVersion),
                now);
    }

    /**
     * The Table of objects of one kind with the list's {@code metadata} (resourceVersion, and for a page of a chunked
     * list its {@code continue} and {@code remainingItemCount}, which kubectl's chunked {@code get} follows).
     */
    static Map<String, Object> of(String kind, List<JsonNode> objects, Map<String, Object> listMeta, Instant now) {
        List<Column> columns = new ArrayList<>();
        if (WHOLE_ROWS.containsKey(kind)) {
            columns.addAll(WHOLE_ROWS.get(kind));
        } else {
            columns.add(new Column("Name", o -> text(o, "metadata", "name")));
            List<Column> own = COLUMNS.getOrDefault(kind, List.of());
            own.stream().filter(column -> column.priority() == 0).forEach(columns::add);
            columns.add(new Column("Age", o -> age(text(o, "metadata", "creationTimestamp"), now)));
            own.stream().filter(column -> column.priority() > 0).forEach(columns::add); // -o wide: after AGE
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.put("metadata", listMeta);
        table.put("columnDefinitions", columns.stream().map(column -> Map.of("name", column.name(), "type", "string",
                "format", column.name().equals("Name") ? "name" : "", "description", column.name(), "priority",
                column.priority())).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode object : objects) {
            // the whole metadata, as the server's PartialObjectMetadata: --show-labels and -L read labels from it
            JsonNode metadata = object.path("metadata");
            rows.add(Map.of("cells", columns.stream().map(column -> column.cell().apply(object, now)).toList(),
                    "object", Map.of("kind", "PartialObjectMetadata", "apiVersion", "meta.k8s.io/v1",
                            "metadata", metadata)));
        }
        table.put("rows", rows);
        return table;
    }

    /** kubectl's short age ({@code duration.HumanDuration}): 45s, 3m20s, 25m, 4h5m, 30h, 3d4h, 20d. */
    static String age(String created, Instant now) {
        if (created == null || created.isEmpty()) {
            return "<unknown>";
        }
        long seconds = Duration.between(Instant.parse(created), now).toSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 120) {
            return Math.max(0, seconds) + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        }
        return hours / 24 + "d";
    }

    private static String ingressHosts(JsonNode ingress) {
        List<String> hosts = new ArrayList<>();
        ingress.path("spec").path("rules").forEach(rule -> hosts.add(or(text(rule, "host"), "*")));
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    private static String ingressAddress(JsonNode ingress) {
        List<String> addresses = new ArrayList<>();
        ingress.path("status").path("loadBalancer").path("ingress").forEach(entry ->
                addresses.add(or(text(entry, "ip"), text(entry, "hostname"))));
        return String.join(",", addresses);
    }

    /**
     * The status of a condition of {@code status.conditions}, as the CRDs' JSONPath
     * {@code .status.conditions[?(@.type=="Accepted")].status} prints it: empty when there is none.
     */
    private static String condition(JsonNode object, String type) {
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (text(condition, "type").equals(type)) {
                return text(condition, "status");
            }
        }
        return "";
    }

    /** {@code .status.addresses[*].value}: kubectl prints a JSONPath's several results separated by spaces. */
    private static String gatewayAddresses(JsonNode gateway) {
        List<String> values = new ArrayList<>();
        gateway.path("status").path("addresses").forEach(address -> values.add(text(address, "value")));
        return String.join(" ", values);
    }

    /** {@code .spec.hostnames}: a JSONPath to a list prints the list as JSON ({@code ["a.example.com"]}). */
    private static String routeHostnames(JsonNode route) {
        JsonNode hostnames = route.path("spec").path("hostnames");
        return hostnames.isArray() ? hostnames.toString() : "";
    }

    private static String externalIp(JsonNode service) {
        String type = or(text(service, "spec", "type"), "ClusterIP");
        List<String> addresses = new ArrayList<>();
        service.path("spec").path("externalIPs").forEach(ip -> addresses.add(ip.asString()));
        service.path("status").path("loadBalancer").path("ingress").forEach(entry ->
                addresses.add(or(text(entry, "ip"), text(entry, "hostname"))));
        if (addresses.isEmpty()) {
            return type.equals("LoadBalancer") ? "<pending>" : "<none>";
        }
        return String.join(",", addresses);
    }

    private static String servicePorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        service.path("spec").path("ports").forEach(port -> ports.add(port.path("port").asInt()
                + (port.has("nodePort") ? ":" + port.path("nodePort").asInt() : "") + "/"
                + or(text(port, "protocol"), "TCP")));
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            ready += status.path("ready").asBoolean(false) ? 1 : 0;
        }
        return ready + "/" + total;
    }

    /**
     * The STATUS column as kubectl's {@code printPod} computes it: the Pod's reason or phase, then a container's
     * waiting or terminated reason, and {@code Terminating} once the Pod is marked deleted.
     */
    private static String podStatus(JsonNode pod) {
        String reason = or(text(pod, "status", "reason"), or(text(pod, "status", "phase"), "Pending"));
        for (JsonNode container : pod.path("status").path("containerStatuses")) {
            String waiting = text(container, "state", "waiting", "reason");
            String terminated = text(container, "state", "terminated", "reason");
            if (!waiting.isEmpty()) {
                reason = waiting;
            } else if (!terminated.isEmpty()) {
                reason = terminated;
            }
        }
        if (!text(pod, "metadata", "deletionTimestamp").isEmpty()) {
            reason = "NodeLost".equals(text(pod, "status", "reason")) ? "Unknown" : "Terminating";
        }
        return reason;
    }

    /** Ready or NotReady from the Ready condition, and SchedulingDisabled for a cordoned node. */
    private static String nodeStatus(JsonNode node) {
        String status = "Unknown";
        for (JsonNode condition : node.path("status").path("conditions")) {
            if (text(condition, "type").equals("Ready")) {
                status = text(condition, "status").equals("True") ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
    }

    /** The roles in {@code node-role.kubernetes.io/ROLE} labels (and {@code kubernetes.io/role}), or none. */
    private static String nodeRoles(JsonNode node) {
        java.util.SortedSet<String> roles = new java.util.TreeSet<>();
        node.path("metadata").path("labels").properties().forEach(label -> {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
            } else if (label.getKey().equals("kubernetes.io/role")) {
                roles.add(label.getValue().asString());
            }
        });
        roles.remove("");
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (text(address, "type").equals(type)) {
                return text(address, "address");
            }
        }
        return "<none>";
    }

    /** When an event was last seen: its series' last observation, its lastTimestamp, or when it was first seen. */
    private static String eventLastSeen(JsonNode event) {
        return or(text(event, "series", "lastObservedTime"), or(text(event, "lastTimestamp"),
                or(text(event, "firstTimestamp"), text(event, "eventTime"))));
    }

    /** {@code kubelet, node-1}: the component (or reporting controller) and the host, as {@code formatEventSource}. */
    private static String eventSource(JsonNode event) {
        String component = or(text(event, "source", "component"), text(event, "reportingComponent"));
        String host = or(text(event, "source", "host"), text(event, "reportingInstance"));
        return host.isEmpty() ? component : component + ", " + host;
    }

    private static String podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts += status.path("restartCount").asInt(0);
        }
        return String.valueOf(restarts);
    }

    private static String endpointsAddresses(JsonNode endpoints) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                for (JsonNode port : subset.path("ports")) {
                    addresses.add(text(address, "ip") + ":" + port.path("port").asInt());
                }
            }
        }
        return abbreviated(addresses);
    }

    private static String slicePorts(JsonNode slice) {
        List<String> ports = new ArrayList<>();
        slice.path("ports").forEach(port -> ports.add(String.valueOf(port.path("port").asInt())));
        return ports.isEmpty() ? "<unset>" : String.join(",", ports);
    }

    private static String sliceAddresses(JsonNode slice) {
        List<String> addresses = new ArrayList<>();
        slice.path("endpoints").forEach(endpoint -> endpoint.path("addresses")
                .forEach(address -> addresses.add(address.asString())));
        return abbreviated(addresses);
    }

    /** The first three, then how many more, as kubectl prints endpoint lists. */
    private static String abbreviated(List<String> items) {
        if (items.isEmpty()) {
            return "<none>";
        }
        String shown = String.join(",", items.subList(0, Math.min(3, items.size())));
        return items.size() > 3 ? shown + " + " + (items.size() - 3) + " more..." : shown;
    }

    /** {@code app=alpaca,tier=web}, or {@code <none>}. */
    private static String labels(JsonNode map) {
        List<String> pairs = new ArrayList<>();
        map.properties().forEach(entry -> pairs.add(entry.getKey() + "=" + entry.getValue().asString()));
        return pairs.isEmpty() ? "<none>" : String.join(",", pairs);
    }

    private static String containers(JsonNode template, String field) {
        List<String> values = new ArrayList<>();
        template.path("spec").path("containers").forEach(container -> values.add(container.path(field).asString("")));
        return String.join(",", values);
    }

    private static int number(JsonNode object, String... path) {
        JsonNode node = object;
        for (String field : path) {
            node = node.path(field);
        }
        return node.asInt(0);
    }

    private static String text(JsonNode object, String... path) {
        JsonNode node = object;
        for (String field : path) {
            node = node.path(field);
        }
        return node.isValueNode() ? node.asString() : "";
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
