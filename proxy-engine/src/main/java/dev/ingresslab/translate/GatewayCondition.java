package dev.ingresslab.translate;

import java.util.Objects;

/**
 * One status condition of a Gateway API object, as the status writer writes it ({@code metav1.Condition} without
 * the times and generation, which the writer adds).
 *
 * @param type    {@code Accepted}, {@code Programmed}, {@code ResolvedRefs}, {@code Conflicted}
 * @param status  the condition's truth ({@code "True"} / {@code "False"} on the wire)
 * @param reason  the Gateway API's reason name, CamelCase ({@code NoMatchingParent}, {@code RefNotPermitted}); see
 *                the constants of {@link GatewayApiResults}
 * @param message what is wrong and what to do, in plain words; empty when all is well
 */
public record GatewayCondition(String type, boolean status, String reason, String message) {

    public GatewayCondition {
        Objects.requireNonNull(type);
        Objects.requireNonNull(reason);
        message = message == null ? "" : message;
    }

    public static GatewayCondition ok(String type, String reason) {
        return new GatewayCondition(type, true, reason, "");
    }

    public static GatewayCondition failed(String type, String reason, String message) {
        return new GatewayCondition(type, false, reason, message);
    }

    /** {@code "True"} or {@code "False"}, as {@code metav1.Condition.status} spells it. */
    public String statusText() {
        return status ? "True" : "False";
    }
}
