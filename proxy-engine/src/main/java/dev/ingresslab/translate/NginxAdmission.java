package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checks with which ingress-nginx 1.12+ (default configuration) refuses a whole Ingress that the API server
 * stores: its admission webhook denies it, and without the webhook its store never syncs it. Ingress Lab gives the
 * same verdict: the Ingress is not served, with a Diagnostic (an Event on a cluster) and its line in explain.
 * <ul>
 *   <li><b>Paths by pathType</b> ({@code strict-validate-path-type}, on by default since 1.12): a non-empty
 *       {@code Exact} or {@code Prefix} path may hold only ASCII letters and digits, {@code . _ - /}, after its
 *       leading {@code /} (ingress-nginx {@code internal/ingress/inspector/inspector.go}, {@code ValidatePathType},
 *       and {@code rules.go}, {@code validPathType}); the webhook's words: {@code ingress contains invalid paths:
 *       path /a(.*) cannot be used with pathType Prefix}. A regex belongs in an {@code ImplementationSpecific} path;
 *       {@code use-regex} does not change this, and the Kubernetes spec reads a Prefix path literally.</li>
 *   <li><b>Risky annotations</b> ({@code annotations-risk-level}, {@code High} by default since 1.12): annotations of
 *       risk {@code Critical}, the configuration snippets, are refused with {@code annotation group
 *       ConfigurationSnippet contains risky annotation based on ingress configuration}
 *       ({@code internal/ingress/annotations/annotations.go}, {@code Extract}; {@code parser/validators.go},
 *       {@code CheckAnnotationRisk}; the table of risks is docs/user-guide/nginx-configuration/annotations-risk.md).</li>
 * </ul>
 * Values of the annotations Ingress Lab reads are checked by {@link NginxAnnotations}, where ingress-nginx ignores a
 * bad value rather than the Ingress.
 */
final class NginxAdmission {

    /** The Critical annotations, by the annotation group ingress-nginx names in its refusal. */
    static final Map<String, String> CRITICAL = new TreeMap<>(Map.of(
            "configuration-snippet", "ConfigurationSnippet",
            "server-snippet", "ServerSnippet",
            "stream-snippet", "StreamSnippet",
            "auth-snippet", "ExternalAuth",
            "modsecurity-snippet", "ModSecurity"));

    private NginxAdmission() {
    }

    /**
     * Why ingress-nginx refuses the Ingress, as the explain line says it; empty when it does not. Each problem found
     * is added to {@code findings}.
     */
    static Optional<String> refusal(Ingress ingress, Findings findings) {
        List<String> refusals = new ArrayList<>();
        List<String> badPaths = badPaths(ingress, findings);
        if (!badPaths.isEmpty()) {
            refusals.add("ingress contains invalid paths: " + String.join("; ", badPaths));
        }
        Metadata.annotationsOf(ingress).keySet().stream().sorted()
                .filter(key -> key.startsWith(NginxAnnotations.PREFIX))
                .filter(key -> CRITICAL.containsKey(key.substring(NginxAnnotations.PREFIX.length())))
                .forEach(key -> {
                    String group = CRITICAL.get(key.substring(NginxAnnotations.PREFIX.length()));
                    String refused = "annotation group " + group + " contains risky annotation based on ingress"
                            + " configuration";
                    findings.warn(ingress, "metadata.annotations", "RiskyAnnotation", "the annotation " + key
                            + " is of risk Critical, above ingress-nginx's default annotations-risk-level (High):"
                            + " ingress-nginx refuses the whole Ingress (" + refused + "), and so does Ingress Lab,"
                            + " which never interprets configuration snippets; remove the annotation");
                    refusals.add(refused);
                });
        return refusals.isEmpty() ? Optional.empty()
                : Optional.of("ingress-nginx refuses it: " + String.join("; ", refusals));
    }

    /** {@code path P cannot be used with pathType T} for each such path, each with its Diagnostic. */
    private static List<String> badPaths(Ingress ingress, Findings findings) {
        List<String> bad = new ArrayList<>();
        List<IngressRule> rules = ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of()
                : ingress.getSpec().getRules();
        for (int i = 0; i < rules.size(); i++) {
            List<HTTPIngressPath> paths = ServedIngress.pathsOf(rules.get(i));
            for (int j = 0; j < paths.size(); j++) {
                HTTPIngressPath path = paths.get(j);
                String type = path.getPathType();
                if (path.getPath() == null || path.getPath().isEmpty() || "ImplementationSpecific".equals(type)
                        || isLiteralPath(path.getPath())) {
                    continue;
                }
                String problem = "path " + path.getPath() + " cannot be used with pathType " + type;
                bad.add(problem);
                findings.warn(ingress, "spec.rules[" + i + "].http.paths[" + j + "].path", "InvalidPathForPathType",
                        problem + ": a " + type + " path is read literally, so ingress-nginx (1.12+,"
                                + " strict-validate-path-type) refuses the whole Ingress; allowed are letters, digits"
                                + " and . _ - /. For a regular expression use pathType: ImplementationSpecific (with"
                                + " nginx.ingress.kubernetes.io/use-regex: \"true\")");
            }
        }
        return bad;
    }

    /** ingress-nginx's {@code validPathType}: {@code /} then ASCII letters, digits, {@code . _ - /} only. */
    static boolean isLiteralPath(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
