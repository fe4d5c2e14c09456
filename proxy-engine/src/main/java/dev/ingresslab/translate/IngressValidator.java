package dev.ingresslab.translate;

import com.google.re2j.Pattern;
import dev.ingresslab.route.PathType;
import dev.ingresslab.route.UntrustedText;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks the Kubernetes API server makes on a {@code networking.k8s.io/v1} Ingress that matter for routing
 * (pkg/apis/networking/validation, ingress-semantics.md §3.1), with its wording. An Ingress that fails them could
 * never be stored in a cluster: explain reports it as an error, and translation skips it.
 */
public final class IngressValidator {

    private static final String DNS1123_SUBDOMAIN =
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
    private static final Pattern WILDCARD = Pattern.compile("\\*\\." + DNS1123_SUBDOMAIN);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final List<String> INVALID_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_SUFFIXES = List.of("/..", "/.");

    private IngressValidator() {
    }

    /** Untrusted text in quotes, printable: {@code "evil.com\x0a"}. */
    private static String quoted(String value) {
        return "\"" + UntrustedText.printable(value) + "\"";
    }

    public static List<Violation> validate(Ingress ingress) {
        List<Violation> violations = new ArrayList<>();
        IngressSpec spec = ingress.getSpec();
        if (ingress.getMetadata() == null || ingress.getMetadata().getName() == null
                || ingress.getMetadata().getName().isEmpty()) {
            violations.add(new Violation("metadata.name", "Required value: name or generateName is required"));
        }
        boolean noRules = spec == null || spec.getRules() == null || spec.getRules().isEmpty();
        if (spec == null || (noRules && spec.getDefaultBackend() == null)) {
            violations.add(new Violation("spec", "Invalid value: either `defaultBackend` or `rules` must be"
                    + " specified"));
            return violations;
        }
        if (spec.getDefaultBackend() != null) {
            checkBackend(spec.getDefaultBackend(), "spec.defaultBackend", violations);
        }
        List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
        for (int i = 0; i < rules.size(); i++) {
            checkRule(rules.get(i), "spec.rules[" + i + "]", violations);
        }
        List<IngressTLS> tls = spec.getTls() == null ? List.of() : spec.getTls();
        for (int i = 0; i < tls.size(); i++) {
            List<String> hosts = tls.get(i).getHosts() == null ? List.of() : tls.get(i).getHosts();
            for (int j = 0; j < hosts.size(); j++) {
                checkHost(hosts.get(j), "spec.tls[" + i + "].hosts[" + j + "]", violations);
            }
        }
        return violations;
    }

    private static void checkRule(IngressRule rule, String field, List<Violation> violations) {
        if (rule == null) {
            violations.add(new Violation(field, "Required value: a rule must not be null"));
            return;
        }
        if (rule.getHost() != null && !rule.getHost().isEmpty()) {
            checkHost(rule.getHost(), field + ".host", violations);
        }
        if (rule.getHttp() == null) {
            return;
        }
        List<HTTPIngressPath> paths = rule.getHttp().getPaths();
        if (paths == null || paths.isEmpty()) {
            violations.add(new Violation(field + ".http.paths", "Required value"));
            return;
        }
        for (int j = 0; j < paths.size(); j++) {
            checkPath(paths.get(j), field + ".http.paths[" + j + "]", violations);
        }
    }

    /** Host rules: a lower-case DNS-1123 subdomain, or {@code *.} followed by one; never an IP address. */
    public static String hostProblem(String host) {
        if (host.length() > 253) {
            return "Invalid value: " + quoted(host) + ": must be no more than 253 characters";
        }
        if (IPV4.matches(host)) {
            return "Invalid value: \"" + host + "\": must be a DNS name, not an IP address";
        }
        if (host.startsWith("*")) {
            return WILDCARD.matches(host) ? null : "Invalid value: " + quoted(host) + ": a wildcard"
                    + " DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must"
                    + " consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric"
                    + " character (e.g. '*.example.com')";
        }
        return SUBDOMAIN.matches(host) && labelsFit(host) ? null : "Invalid value: " + quoted(host) + ": a"
                + " lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                + " and must start and end with an alphanumeric character (e.g. 'example.com')";
    }

    private static boolean labelsFit(String host) {
        for (String label : host.split("\\.")) {
            if (label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    private static void checkHost(String host, String field, List<Violation> violations) {
        String problem = host == null ? "Required value" : hostProblem(host);
        if (problem != null) {
            violations.add(new Violation(field, problem));
        }
    }

    private static void checkPath(HTTPIngressPath path, String field, List<Violation> violations) {
        if (path == null) {
            violations.add(new Violation(field, "Required value"));
            return;
        }
        String typeName = path.getPathType();
        PathType type = PathType.fromApiName(typeName);
        if (typeName == null) {
            violations.add(new Violation(field + ".pathType", "Required value: pathType must be specified"));
        } else if (type == null) {
            violations.add(new Violation(field + ".pathType", "Unsupported value: " + quoted(typeName)
                    + ": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""));
        }
        String value = path.getPath();
        if (type == PathType.EXACT || type == PathType.PREFIX) {
            checkStrictPath(value, field + ".path", violations);
        } else if (value != null && !value.isEmpty() && !value.startsWith("/")) {
            violations.add(new Violation(field + ".path", "Invalid value: " + quoted(value)
                    + ": must be an absolute path"));
        }
        if (path.getBackend() == null) {
            violations.add(new Violation(field + ".backend", "Required value"));
        } else {
            checkBackend(path.getBackend(), field + ".backend", violations);
        }
    }

    private static void checkStrictPath(String value, String field, List<Violation> violations) {
        if (value == null || !value.startsWith("/")) {
            violations.add(new Violation(field, "Invalid value: " + quoted(String.valueOf(value))
                    + ": must be an absolute path"));
            return;
        }
        for (String sequence : INVALID_SEQUENCES) {
            if (value.contains(sequence)) {
                violations.add(new Violation(field, "Invalid value: " + quoted(value) + ": must not contain '"
                        + sequence + "'"));
                return;
            }
        }
        for (String suffix : INVALID_SUFFIXES) {
            if (value.endsWith(suffix)) {
                violations.add(new Violation(field, "Invalid value: " + quoted(value) + ": cannot end with '"
                        + suffix + "'"));
                return;
            }
        }
    }

    private static void checkBackend(IngressBackend backend, String field, List<Violation> violations) {
        IngressServiceBackend service = backend.getService();
        if (service != null && backend.getResource() != null) {
            violations.add(new Violation(field, "Invalid value: cannot set both resource and service backends"));
            return;
        }
        if (service == null) {
            if (backend.getResource() == null) {
                violations.add(new Violation(field, "Invalid value: resource or service backend is required"));
            }
            return;
        }
        if (service.getName() == null || service.getName().isEmpty()) {
            violations.add(new Violation(field + ".service.name", "Required value"));
        } else if (!DNS1035_LABEL.matches(service.getName()) || service.getName().length() > 63) {
            violations.add(new Violation(field + ".service.name", "Invalid value: " + quoted(service.getName())
                    + ": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with"
                    + " an alphabetic character, and end with an alphanumeric character (e.g. 'my-name')"));
        }
        ServiceBackendPort port = service.getPort();
        boolean hasName = port != null && port.getName() != null && !port.getName().isEmpty();
        boolean hasNumber = port != null && port.getNumber() != null && port.getNumber() != 0;
        if (hasName && hasNumber) {
            violations.add(new Violation(field + ".service.port", "Invalid value: cannot set both port name & port"
                    + " number"));
        } else if (hasNumber && (port.getNumber() < 1 || port.getNumber() > 65535)) {
            violations.add(new Violation(field + ".service.port.number", "Invalid value: " + port.getNumber()
                    + ": must be between 1 and 65535, inclusive"));
        } else if (hasName && (!PORT_NAME.matches(port.getName()) || port.getName().length() > 15)) {
            violations.add(new Violation(field + ".service.port.name", "Invalid value: " + quoted(port.getName())
                    + ": must be an IANA_SVC_NAME (at most 15 characters, lower case letters, digits and '-')"));
        } else if (!hasName && !hasNumber) {
            violations.add(new Violation(field + ".service.port", "Invalid value: port name or number is required"));
        }
    }
}
