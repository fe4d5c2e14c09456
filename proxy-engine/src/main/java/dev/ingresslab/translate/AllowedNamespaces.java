package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/**
 * A Gateway listener's {@code allowedRoutes.namespaces}: which namespaces' Routes may attach (Gateway API v1
 * {@code RouteNamespaces}). {@code Same} (the default) is the Gateway's own namespace, {@code All} any, {@code
 * Selector} the namespaces whose labels match {@code selector}.
 *
 * <p>Ingress Lab reads no Namespace objects, so a selector is matched against the one label every namespace has
 * since Kubernetes 1.22, {@code kubernetes.io/metadata.name} (its name): {@code matchLabels} on other labels match no
 * namespace, and the listener's diagnostic says so.
 *
 * @param from     {@code Same}, {@code All} or {@code Selector}
 * @param selector the label selector for {@code Selector}, else null
 */
record AllowedNamespaces(String from, LabelSelector selector) {

    static final String NAME_LABEL = "kubernetes.io/metadata.name";
    static final AllowedNamespaces SAME = new AllowedNamespaces("Same", null);

    /** Whether a Route in {@code routeNamespace} may attach to a listener of a Gateway in {@code gatewayNamespace}. */
    boolean allows(String gatewayNamespace, String routeNamespace) {
        return switch (from) {
            case "All" -> true;
            case "Selector" -> selector != null && selects(selector, Map.of(NAME_LABEL, routeNamespace));
            default -> gatewayNamespace.equals(routeNamespace);
        };
    }

    /** Whether the selector uses labels other than {@link #NAME_LABEL}, which Ingress Lab cannot see. */
    boolean usesOtherLabels() {
        if (selector == null) {
            return false;
        }
        boolean labels = selector.getMatchLabels() != null
                && selector.getMatchLabels().keySet().stream().anyMatch(k -> !k.equals(NAME_LABEL));
        boolean expressions = selector.getMatchExpressions() != null
                && selector.getMatchExpressions().stream().anyMatch(e -> !NAME_LABEL.equals(e.getKey()));
        return labels || expressions;
    }

    /** Kubernetes label selector semantics (apimachinery {@code labels.Selector}): every requirement holds. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean holds = switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }
}
