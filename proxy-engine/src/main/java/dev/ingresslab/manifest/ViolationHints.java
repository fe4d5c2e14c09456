package dev.ingresslab.manifest;

import dev.ingresslab.translate.Violation;

import java.util.List;
import java.util.Locale;

/**
 * What to do about a violation of the Ingress validation rules ({@link dev.ingresslab.translate.IngressValidator}):
 * the corrected value where one follows from the wrong one (a path without its leading {@code /}, a host in upper
 * case or with a trailing dot), else the rule in the words of the Ingress docs and chapter 8.
 */
final class ViolationHints {

    private ViolationHints() {
    }

    static String hint(Violation violation) {
        String field = violation.field();
        String message = violation.message();
        String value = quotedValue(message);
        if (field.endsWith(".pathType")) {
            if (message.startsWith("Required value")) {
                return "add `pathType: Prefix` (the path and everything under it, by whole path elements) or"
                        + " `pathType: Exact`; networking.k8s.io/v1 requires it on every path";
            }
            return FieldSuggestions.nearest(value, List.of("Exact", "Prefix", "ImplementationSpecific"))
                    .map(right -> "pathType values are case-sensitive: use `" + right + "`")
                    .orElse("pathType is `Exact`, `Prefix` or `ImplementationSpecific`");
        }
        if (field.endsWith(".path") && message.contains("must be an absolute path")) {
            return value == null || value.isEmpty() || value.equals("null")
                    ? "an Exact or Prefix path is required and starts with `/`: `path: /`"
                    : "paths start with `/`: `path: /" + value + "`";
        }
        if (field.endsWith(".path")) {
            return "an Exact or Prefix path is literal: remove the sequence, or use pathType ImplementationSpecific";
        }
        if (field.endsWith(".host") || field.contains(".hosts[")) {
            return hostHint(value, message);
        }
        if (field.endsWith(".service.name")) {
            return serviceNameHint(value);
        }
        if (field.endsWith(".service.port") || field.endsWith(".service.port.number")
                || field.endsWith(".service.port.name")) {
            return "give the Service's port as `port: {number: 8080}` or by its name `port: {name: http}`, not both";
        }
        if (field.endsWith(".backend") || field.equals("spec.defaultBackend")) {
            return "a backend is `service: {name: …, port: {number: …}}`";
        }
        if (field.equals("spec")) {
            return "add `spec.rules` (hosts and paths) or a catch-all `spec.defaultBackend.service`";
        }
        if (field.endsWith(".http.paths")) {
            return "list at least one path under `http.paths`, or remove `http` to leave the host unrouted";
        }
        if (field.equals("metadata.name")) {
            return "set `metadata.name`";
        }
        return "";
    }

    private static String hostHint(String host, String message) {
        if (host == null) {
            return "";
        }
        if (message.contains("not an IP address")) {
            return "an Ingress host is a DNS name: leave `host` out to match every host, or give the address a name"
                    + " (an /etc/hosts line, `ingress-lab hosts`)";
        }
        if (host.contains("*") && !host.startsWith("*.")) {
            return "a wildcard is only a whole first label, matching one label: `*.example.com`";
        }
        String fixed = host.toLowerCase(Locale.ROOT);
        while (fixed.endsWith(".")) {
            fixed = fixed.substring(0, fixed.length() - 1);
        }
        if (!fixed.equals(host) && !fixed.isEmpty()) {
            return "hosts are lower case, without a trailing dot: `" + fixed + "`";
        }
        if (host.contains(":")) {
            return "a host has no port: the Ingress matches the Host header without it";
        }
        return "a host is a DNS name of lower-case letters, digits, '-' and '.', e.g. `alpaca.example.com`";
    }

    private static String serviceNameHint(String name) {
        if (name != null && (name.contains("/") || name.contains("."))) {
            String[] parts = name.contains("/") ? name.split("/", 2) : name.split("\\.", 2);
            String service = name.contains("/") ? parts[1] : parts[0];
            String namespace = name.contains("/") ? parts[0] : parts[1];
            return "an Ingress reaches only Services in its own namespace: name the Service alone (`" + service
                    + "`) and put the Ingress in namespace `" + namespace + "`, or add here an ExternalName Service"
                    + " pointing to `" + service + "." + namespace + ".svc.cluster.local`";
        }
        if (name != null && !name.equals(name.toLowerCase(Locale.ROOT))) {
            return "Service names are lower case: `" + name.toLowerCase(Locale.ROOT) + "`";
        }
        return "a Service name is a DNS-1035 label: lower-case letters, digits and '-', starting with a letter";
    }

    /** The first quoted value of a validation message ({@code Invalid value: "Bad": …}), or null. */
    private static String quotedValue(String message) {
        int start = message.indexOf('"');
        int end = start < 0 ? -1 : message.indexOf('"', start + 1);
        return end < 0 ? null : message.substring(start + 1, end);
    }
}
