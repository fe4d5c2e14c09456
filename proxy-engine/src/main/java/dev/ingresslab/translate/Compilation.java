package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state one run of the {@link RouteCompiler} shares between its processors: the input objects, the settings, the
 * table builder they all add to, the diagnostics, the instant the run is made at (certificate validity is judged
 * against it), and the Ingresses the Ingress processor served (the TLS processor reads their {@code spec.tls}).
 * Used by one thread, for one run.
 */
public final class Compilation {

    private final TranslationInput input;
    private final TranslatorSettings settings;
    private final RouteTableBuilder builder;
    private final Findings findings = new Findings();
    private final Instant now;
    private List<ServedIngress> served = List.of();
    private final GatewayApiState gatewayApi = new GatewayApiState();

    Compilation(TranslationInput input, TranslatorSettings settings, Instant now) {
        this.input = Objects.requireNonNull(input);
        this.settings = Objects.requireNonNull(settings);
        this.builder = new RouteTableBuilder(settings.listeners());
        this.now = Objects.requireNonNull(now);
    }

    public TranslationInput input() {
        return input;
    }

    public TranslatorSettings settings() {
        return settings;
    }

    /** The builder every processor adds to. */
    public RouteTableBuilder builder() {
        return builder;
    }

    /** When this compilation runs: certificates are judged valid or not at this instant. */
    public Instant now() {
        return now;
    }

    /** Reports a finding about an object (an Event on it on a cluster; Problems in the GUI). */
    public void warn(HasMetadata object, String field, String reason, String message) {
        findings.warn(object, field, reason, message);
    }

    /** Reports a finding that does not change traffic. */
    public void info(HasMetadata object, String field, String reason, String message) {
        findings.info(object, field, reason, message);
    }

    /** The Gateway API objects' decisions so far: the Gateway processor's, then the HTTPRoute processor's. */
    GatewayApiState gatewayApi() {
        return gatewayApi;
    }

    Findings findings() {
        return findings;
    }

    /** The Ingresses served, oldest first, canaries included; set by the Ingress processor. */
    List<ServedIngress> served() {
        return served;
    }

    void served(List<ServedIngress> ingresses) {
        this.served = List.copyOf(ingresses);
    }
}
