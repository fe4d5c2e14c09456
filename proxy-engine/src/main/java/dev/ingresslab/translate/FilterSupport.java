package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of an HTTPRoute's filters Ingress Lab cannot apply, and what the Gateway API says follows (v1 {@code
 * HTTPRouteFilter}): a filter is never skipped; "requests that would have been processed by that filter MUST receive
 * a HTTP error response" (Ingress Lab answers 500, as for a backendRef it cannot use, §9.4). The Route's status says
 * why:
 * <ul>
 *   <li>a {@code type} Ingress Lab does not implement ({@code RequestMirror}, {@code CORS}, {@code ExternalAuth}, or
 *       a value the API added later): "Unknown values here must result in the implementation setting the Accepted
 *       Condition for the Route to {@code status: False}, with a Reason of {@code UnsupportedValue}";</li>
 *   <li>{@code ExtensionRef}: Ingress Lab has no extension filters, so its reference names a group and kind it does
 *       not know: {@code ResolvedRefs} False with {@code InvalidKind} ("a reference to an unknown or unsupported
 *       Group and/or Kind");</li>
 *   <li>any filter on a {@code backendRef} (their support is implementation-specific, and Ingress Lab has none):
 *       {@code UnsupportedValue}; only the requests sent to that backend are answered 500.</li>
 * </ul>
 */
final class FilterSupport {

    /** The filter types Ingress Lab applies (the Core ones, and URLRewrite and RequestRedirect's Extended fields). */
    static final Set<String> APPLIED = Set.of("RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect",
            "URLRewrite");

    static final String EXTENSION_REF = "ExtensionRef";

    private FilterSupport() {
    }

    /**
     * One filter Ingress Lab cannot apply.
     *
     * @param field   where it is: {@code spec.rules[0].filters[1]} or {@code spec.rules[0].backendRefs[0].filters[0]}
     * @param type    its {@code type} as written ({@code ""} when missing)
     * @param reason  {@link GatewayApiResults#REASON_UNSUPPORTED_VALUE} (for the Route's {@code Accepted}) or
     *                {@link GatewayApiResults#REASON_INVALID_KIND} (for its {@code ResolvedRefs})
     * @param message what is wrong, what requests get, and what to do
     */
    record Unapplied(String field, String type, String reason, String message) {
    }

    /** The filters of one rule (not its backendRefs') that cannot be applied, in order. */
    static List<Unapplied> ofRule(HTTPRouteRule rule, int ruleIndex) {
        List<Unapplied> found = new ArrayList<>();
        List<HTTPRouteFilter> filters = rule.getFilters() == null ? List.of() : rule.getFilters();
        for (int f = 0; f < filters.size(); f++) {
            String field = "spec.rules[" + ruleIndex + "].filters[" + f + "]";
            ofFilter(filters.get(f), field).ifPresent(found::add);
        }
        return found;
    }

    /** The filters of one backendRef, which Ingress Lab never applies. */
    static List<Unapplied> ofBackendRef(HTTPBackendRef ref, String refField) {
        List<Unapplied> found = new ArrayList<>();
        List<HTTPRouteFilter> filters = ref.getFilters() == null ? List.of() : ref.getFilters();
        for (int f = 0; f < filters.size(); f++) {
            HTTPRouteFilter filter = filters.get(f);
            String field = refField + ".filters[" + f + "]";
            String type = filter.getType() == null ? "" : filter.getType();
            found.add(EXTENSION_REF.equals(type) ? extensionRef(filter, field,
                    "requests sent to this backend are answered 500")
                    : new Unapplied(field, type, GatewayApiResults.REASON_UNSUPPORTED_VALUE, "filter " + name(type)
                    + " on a backendRef is not supported by Ingress Lab: requests sent to this backend are answered"
                    + " 500 (a filter is never skipped); move it to the rule's filters"));
        }
        return found;
    }

    /** Every filter of the Route that cannot be applied: of each rule, then of its backendRefs. */
    static List<Unapplied> of(HTTPRoute route) {
        List<Unapplied> found = new ArrayList<>();
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of()
                : route.getSpec().getRules();
        for (int r = 0; r < rules.size(); r++) {
            found.addAll(ofRule(rules.get(r), r));
            List<HTTPBackendRef> refs = rules.get(r).getBackendRefs() == null ? List.of()
                    : rules.get(r).getBackendRefs();
            for (int b = 0; b < refs.size(); b++) {
                found.addAll(ofBackendRef(refs.get(b), "spec.rules[" + r + "].backendRefs[" + b + "]"));
            }
        }
        return found;
    }

    /**
     * Whether one filter of a rule cannot be applied, and why.
     *
     * @param field the filter's field, {@code spec.rules[0].filters[1]}
     */
    static java.util.Optional<Unapplied> ofFilter(HTTPRouteFilter filter, String field) {
        String outcome = "requests this rule matches are answered 500";
        String type = filter.getType() == null ? "" : filter.getType();
        if (APPLIED.contains(type)) {
            return java.util.Optional.empty();
        }
        if (EXTENSION_REF.equals(type)) {
            return java.util.Optional.of(extensionRef(filter, field, outcome));
        }
        return java.util.Optional.of(new Unapplied(field, type, GatewayApiResults.REASON_UNSUPPORTED_VALUE,
                "filter " + name(type) + " is not supported by Ingress Lab (it applies RequestHeaderModifier,"
                        + " ResponseHeaderModifier, RequestRedirect and URLRewrite): " + outcome
                        + " (a filter is never skipped); remove the filter, or serve this Route with a controller"
                        + " that implements it"));
    }

    private static Unapplied extensionRef(HTTPRouteFilter filter, String field, String outcome) {
        LocalObjectReference ref = filter.getExtensionRef();
        String target = ref == null ? "nothing (extensionRef is missing)"
                : (ref.getGroup() == null || ref.getGroup().isEmpty() ? "" : ref.getGroup() + "/") + ref.getKind()
                + " " + ref.getName();
        return new Unapplied(field + ".extensionRef", EXTENSION_REF, GatewayApiResults.REASON_INVALID_KIND,
                "filter ExtensionRef names " + target + ", and Ingress Lab has no extension filters: " + outcome
                        + " (a filter is never skipped); remove the filter, or use one of the Gateway API's own");
    }

    private static String name(String type) {
        return type.isEmpty() ? "without a type" : type;
    }
}
