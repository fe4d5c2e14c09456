package dev.ingresslab.sandbox;

import dev.ingresslab.translate.Violation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validation the API server applies to the Gateway API kinds from their CRDs' OpenAPI schemas (gateway-api's
 * standard channel, {@code config/crd/standard}, v1): required fields ({@code Required value}), enums
 * ({@code Unsupported value: "Prefix": supported values: …}), numeric bounds ({@code … in body should be greater
 * than or equal to 1}) and the CEL rules a reader is likely to break, each in the words of the CRD's
 * {@code x-kubernetes-validations} message and at the field the API server names. Unknown fields are refused by
 * strict decoding ({@link WriteChecks}), as for every kind.
 *
 * <p>Each violation may carry a hint, the next step, which the sandbox adds on a line of its own.
 */
final class GatewayApiValidation {

    /** A violation and what to do about it (empty when the message says enough). */
    record Finding(Violation violation, String hint) {
    }

    /**
     * The CRDs' transition rules, which compare a replace or patch with the stored object: a GatewayClass's {@code
     * spec.controllerName} is immutable ({@code x-kubernetes-validations: self == oldSelf}, "Value is immutable"), so
     * a class never moves from one controller to another under the Gateways that use it.
     */
    static List<Finding> validateUpdate(String kind, JsonNode stored, JsonNode updated) {
        if (!kind.equals("GatewayClass")) {
            return List.of();
        }
        JsonNode before = stored.path("spec").path("controllerName");
        JsonNode after = updated.path("spec").path("controllerName");
        if (before.isMissingNode() || before.equals(after)) {
            return List.of();
        }
        return List.of(new Finding(new Violation("spec.controllerName", "Invalid value: \"string\": Value is"
                + " immutable"), "a GatewayClass keeps its controller: create a new GatewayClass with the other"
                + " controllerName, and point the Gateways at it (spec.gatewayClassName)"));
    }

    private static final List<String> PATH_TYPES = List.of("Exact", "PathPrefix", "RegularExpression");
    private static final List<String> VALUE_TYPES = List.of("Exact", "RegularExpression");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    private static final List<String> FILTER_TYPES = List.of("RequestHeaderModifier", "ResponseHeaderModifier",
            "RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef");
    private static final List<String> REWRITE_TYPES = List.of("ReplaceFullPath", "ReplacePrefixMatch");
    private static final List<String> SCHEMES = List.of("http", "https");
    private static final List<Integer> REDIRECT_CODES = List.of(301, 302, 303, 307, 308);
    private static final List<String> FROM = List.of("All", "Selector", "Same");
    private static final List<String> TLS_MODES = List.of("Terminate", "Passthrough");

    private final List<Finding> findings = new ArrayList<>();

    private GatewayApiValidation() {
    }

    /** What is wrong with an object of a Gateway API kind, in the API server's order; empty when it may be stored. */
    static List<Finding> validate(String kind, JsonNode object) {
        GatewayApiValidation validation = new GatewayApiValidation();
        JsonNode spec = object.path("spec");
        switch (kind) {
            case "GatewayClass" -> validation.gatewayClass(spec);
            case "Gateway" -> validation.gateway(spec);
            case "HTTPRoute" -> validation.httpRoute(spec);
            case "ReferenceGrant" -> validation.referenceGrant(spec);
            default -> {
            }
        }
        return List.copyOf(validation.findings);
    }

    private void gatewayClass(JsonNode spec) {
        if (required(spec, "spec", "Required value", "")) {
            required(spec.path("controllerName"), "spec.controllerName", "Required value",
                    "Ingress Lab's is `controllerName: ingress-lab.dev/controller`");
        }
    }

    private void gateway(JsonNode spec) {
        if (!required(spec, "spec", "Required value", "")) {
            return;
        }
        required(spec.path("gatewayClassName"), "spec.gatewayClassName", "Required value",
                "name a GatewayClass (`kubectl get gatewayclass` lists them; Ingress Lab's sample is"
                        + " `gatewayClassName: ingress-lab`)");
        JsonNode listeners = spec.path("listeners");
        if (!listeners.isArray() || listeners.isEmpty()) {
            add("spec.listeners", "Required value", "add a listener: `- {name: http, protocol: HTTP, port: 80}`");
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> combinations = new HashSet<>();
        boolean duplicateName = false;
        boolean duplicateCombination = false;
        boolean tlsOnPlain = false;
        boolean tlsMissing = false;
        for (int i = 0; i < listeners.size(); i++) {
            JsonNode listener = listeners.get(i);
            String at = "spec.listeners[" + i + "]";
            required(listener.path("name"), at + ".name", "Required value", "");
            required(listener.path("protocol"), at + ".protocol", "Required value", "HTTP or HTTPS");
            if (required(listener.path("port"), at + ".port", "Required value", "")) {
                range(listener.path("port"), at + ".port", 1, 65535);
            }
            JsonNode from = listener.path("allowedRoutes").path("namespaces").path("from");
            if (!from.isMissingNode()) {
                oneOf(from, at + ".allowedRoutes.namespaces.from", FROM);
            }
            JsonNode mode = listener.path("tls").path("mode");
            if (!mode.isMissingNode()) {
                oneOf(mode, at + ".tls.mode", TLS_MODES);
            }
            String protocol = listener.path("protocol").asString("");
            tlsOnPlain |= List.of("HTTP", "TCP", "UDP").contains(protocol) && listener.has("tls");
            tlsMissing |= List.of("HTTPS", "TLS").contains(protocol) && !listener.has("tls");
            duplicateName |= !names.add(listener.path("name").asString(""));
            duplicateCombination |= !combinations.add(listener.path("port").asString("") + "/" + protocol + "/"
                    + listener.path("hostname").asString(""));
        }
        if (tlsOnPlain) {
            add("spec.listeners", "Invalid value: \"array\": tls must not be specified for protocols ['HTTP', 'TCP',"
                    + " 'UDP']", "remove `tls` from the HTTP listener, or make it `protocol: HTTPS`");
        }
        if (tlsMissing) {
            add("spec.listeners", "Invalid value: \"array\": tls mode must be set for protocols ['HTTPS', 'TLS']",
                    "add `tls: {mode: Terminate, certificateRefs: [{name: <a kubernetes.io/tls Secret>}]}`");
        }
        if (duplicateName) {
            add("spec.listeners", "Invalid value: \"array\": Listener name must be unique within the Gateway", "");
        }
        if (duplicateCombination) {
            add("spec.listeners", "Invalid value: \"array\": Combination of port, protocol and hostname must be"
                    + " unique for each listener", "");
        }
    }

    private void httpRoute(JsonNode spec) {
        JsonNode parents = spec.path("parentRefs");
        for (int i = 0; i < parents.size(); i++) {
            required(parents.get(i).path("name"), "spec.parentRefs[" + i + "].name", "Required value",
                    "name the Gateway the route attaches to (`kubectl get gateway`)");
            JsonNode port = parents.get(i).path("port");
            if (!port.isMissingNode()) {
                range(port, "spec.parentRefs[" + i + "].port", 1, 65535);
            }
        }
        JsonNode rules = spec.path("rules");
        for (int r = 0; r < rules.size(); r++) {
            JsonNode rule = rules.get(r);
            String at = "spec.rules[" + r + "]";
            JsonNode matches = rule.path("matches");
            for (int m = 0; m < matches.size(); m++) {
                match(matches.get(m), at + ".matches[" + m + "]");
            }
            JsonNode filters = rule.path("filters");
            boolean redirect = false;
            for (int f = 0; f < filters.size(); f++) {
                redirect |= filter(filters.get(f), at + ".filters[" + f + "]");
            }
            JsonNode backends = rule.path("backendRefs");
            for (int b = 0; b < backends.size(); b++) {
                backend(backends.get(b), at + ".backendRefs[" + b + "]");
            }
            if (redirect && !backends.isEmpty()) {
                add(at, "Invalid value: \"object\": RequestRedirect filter must not be used together with"
                        + " backendRefs", "a rule either redirects or forwards: remove the backendRefs or the filter");
            }
        }
    }

    private void match(JsonNode match, String at) {
        JsonNode path = match.path("path");
        if (!path.isMissingNode()) {
            JsonNode type = path.path("type");
            if (!type.isMissingNode() && !oneOf(type, at + ".path.type", PATH_TYPES)) {
                return;
            }
            String pathType = type.asString("PathPrefix");
            String value = path.path("value").asString("/");
            if (!pathType.equals("RegularExpression")) {
                pathRules(value, at + ".path");
            }
        }
        JsonNode headers = match.path("headers");
        for (int h = 0; h < headers.size(); h++) {
            nameValue(headers.get(h), at + ".headers[" + h + "]");
        }
        JsonNode params = match.path("queryParams");
        for (int q = 0; q < params.size(); q++) {
            nameValue(params.get(q), at + ".queryParams[" + q + "]");
        }
        JsonNode method = match.path("method");
        if (!method.isMissingNode()) {
            oneOf(method, at + ".method", METHODS);
        }
    }

    /** The CRD's CEL rules on an Exact or PathPrefix value ({@code HTTPPathMatch}), first broken first. */
    private void pathRules(String value, String at) {
        String rule = !value.startsWith("/") ? "value must be an absolute path and start with '/' when type one of"
                + " ['Exact', 'PathPrefix']"
                : value.contains("//") ? "must not contain '//' when type one of ['Exact', 'PathPrefix']"
                : value.contains("/./") ? "must not contain '/./' when type one of ['Exact', 'PathPrefix']"
                : value.contains("/../") ? "must not contain '/../' when type one of ['Exact', 'PathPrefix']"
                : value.contains("%2f") ? "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"
                : value.contains("%2F") ? "must not contain '%2F' when type one of ['Exact', 'PathPrefix']"
                : value.contains("#") ? "must not contain '#' when type one of ['Exact', 'PathPrefix']"
                : value.endsWith("/..") ? "must not end with '/..' when type one of ['Exact', 'PathPrefix']"
                : value.endsWith("/.") ? "must not end with '/.' when type one of ['Exact', 'PathPrefix']"
                : null;
        if (rule != null) {
            add(at, "Invalid value: \"object\": " + rule, "write the path as it is matched, starting with `/`,"
                    + " without `//`, `.` or `..` segments");
        }
    }

    private void nameValue(JsonNode entry, String at) {
        required(entry.path("name"), at + ".name", "Required value", "");
        required(entry.path("value"), at + ".value", "Required value", "");
        JsonNode type = entry.path("type");
        if (!type.isMissingNode()) {
            oneOf(type, at + ".type", VALUE_TYPES);
        }
    }

    /** Checks a filter; true when it is a RequestRedirect. */
    private boolean filter(JsonNode filter, String at) {
        JsonNode type = filter.path("type");
        if (!required(type, at + ".type", "Required value", "one of " + String.join(", ", FILTER_TYPES))
                || !oneOf(type, at + ".type", FILTER_TYPES)) {
            return false;
        }
        String name = type.asString();
        String field = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        if (name.equals("URLRewrite")) {
            field = "urlRewrite";
        }
        if (!filter.has(field)) {
            add(at, "Invalid value: \"object\": filter." + field + " must be specified for " + name
                    + " filter.type", "add `" + field + ":` with the filter's settings");
        }
        for (String other : List.of("requestHeaderModifier", "responseHeaderModifier", "requestMirror",
                "requestRedirect", "urlRewrite", "extensionRef")) {
            if (!other.equals(field) && filter.has(other)) {
                add(at, "Invalid value: \"object\": filter." + other + " must be nil if the filter.type is not "
                        + (other.equals("urlRewrite") ? "URLRewrite" : Character.toUpperCase(other.charAt(0))
                        + other.substring(1)), "");
            }
        }
        JsonNode redirect = filter.path("requestRedirect");
        if (redirect.has("scheme")) {
            oneOf(redirect.path("scheme"), at + ".requestRedirect.scheme", SCHEMES);
        }
        if (redirect.has("statusCode") && !REDIRECT_CODES.contains(redirect.path("statusCode").asInt(0))) {
            add(at + ".requestRedirect.statusCode", "Unsupported value: " + redirect.path("statusCode")
                    + ": supported values: \"301\", \"302\", \"303\", \"307\", \"308\"", "");
        }
        if (redirect.has("port")) {
            range(redirect.path("port"), at + ".requestRedirect.port", 1, 65535);
        }
        for (String modifier : List.of("requestRedirect", "urlRewrite")) {
            JsonNode pathType = filter.path(modifier).path("path").path("type");
            if (!pathType.isMissingNode()) {
                oneOf(pathType, at + "." + modifier + ".path.type", REWRITE_TYPES);
            }
        }
        return name.equals("RequestRedirect");
    }

    private void backend(JsonNode backend, String at) {
        required(backend.path("name"), at + ".name", "Required value", "name the Service");
        JsonNode port = backend.path("port");
        if (!port.isMissingNode()) {
            range(port, at + ".port", 1, 65535);
        } else if (backend.path("group").asString("").isEmpty()
                && backend.path("kind").asString("Service").equals("Service")) {
            add(at, "Invalid value: \"object\": Must have port for Service reference",
                    "add `port:` with the Service's port (`kubectl get service " + backend.path("name").asString("")
                            + "`)");
        }
        JsonNode weight = backend.path("weight");
        if (!weight.isMissingNode()) {
            range(weight, at + ".weight", 0, 1_000_000);
        }
    }

    private void referenceGrant(JsonNode spec) {
        if (!required(spec, "spec", "Required value", "")) {
            return;
        }
        for (String side : List.of("from", "to")) {
            JsonNode entries = spec.path(side);
            if (!entries.isArray() || entries.isEmpty()) {
                add("spec." + side, "Required value", side.equals("from")
                        ? "say who may refer: `from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace:"
                        + " <the route's namespace>}]`"
                        : "say what may be referred to: `to: [{group: \"\", kind: Service}]`");
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                String at = "spec." + side + "[" + i + "]";
                JsonNode entry = entries.get(i);
                if (!entry.has("group")) {
                    add(at + ".group", "Required value", "the core group (Service, Secret) is written `group: \"\"`");
                }
                required(entry.path("kind"), at + ".kind", "Required value", "");
                if (side.equals("from")) {
                    required(entry.path("namespace"), at + ".namespace", "Required value", "");
                }
            }
        }
    }

    /** False (and a finding) when the field is absent or null; an empty string counts as given. */
    private boolean required(JsonNode node, String field, String message, String hint) {
        if (node.isMissingNode() || node.isNull()) {
            add(field, message, hint);
            return false;
        }
        return true;
    }

    private boolean oneOf(JsonNode node, String field, List<String> values) {
        if (values.contains(node.asString(""))) {
            return true;
        }
        String hint = field.endsWith("path.type") && node.asString("").equals("Prefix")
                ? "an HTTPRoute's prefix match is `type: PathPrefix` (the Ingress's `Prefix`)" : "";
        add(field, "Unsupported value: " + node + ": supported values: \"" + String.join("\", \"", values) + "\"",
                hint);
        return false;
    }

    private void range(JsonNode node, String field, long min, long max) {
        if (!node.isIntegralNumber()) {
            add(field, "Invalid value: \"" + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + "\": "
                    + field + " in body must be of type integer: \"" + node.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + "\"", "");
        } else if (node.asLong() < min) {
            add(field, "Invalid value: " + node.asLong() + ": " + field + " in body should be greater than or equal"
                    + " to " + min, "");
        } else if (node.asLong() > max) {
            add(field, "Invalid value: " + node.asLong() + ": " + field + " in body should be less than or equal to "
                    + max, "");
        }
    }

    private void add(String field, String message, String hint) {
        findings.add(new Finding(new Violation(field, message), hint));
    }
}
