package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.CertificateTrust;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Compiles a snapshot of Kubernetes objects into an immutable {@link RouteTable} and its diagnostics, as Contour's
 * {@code internal/dag} {@code Builder} does: it owns the table builder and runs its {@link RouteProcessor}s in
 * order, each adding what its API kind defines (Ingresses first, then the TLS Secrets they name, then the Gateway
 * API's Gateways and HTTPRoutes, issue #19, with their secure hosts and routes), builds the table
 * once, then lets each processor review the finished table. Thread-safe as long as its processors are: the
 * controller runs one compilation at a time.
 */
public final class RouteCompiler {

    private final TranslatorSettings settings;
    private final List<RouteProcessor> processors;
    private final Clock clock;

    /**
     * @param processors run in this order; names must be unique
     * @param clock      the instant certificates are judged valid at
     */
    public RouteCompiler(TranslatorSettings settings, List<RouteProcessor> processors, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.processors = List.copyOf(processors);
        this.clock = Objects.requireNonNull(clock);
        if (this.processors.stream().map(RouteProcessor::name).distinct().count() != this.processors.size()) {
            throw new IllegalArgumentException("processor names must be unique: " + processors);
        }
    }

    /** Ingresses, their TLS Secrets, then Gateways and HTTPRoutes, with the system clock and no trust check. */
    public static RouteCompiler standard(TranslatorSettings settings) {
        return standard(settings, CertificateTrust.NOT_CHECKED, Clock.systemUTC());
    }

    /**
     * Ingresses, then their TLS Secrets, then the Gateway API's Gateways and HTTPRoutes (issue #19).
     *
     * @param trust says which certificates this machine's clients would not trust (the tls work's trust store)
     */
    public static RouteCompiler standard(TranslatorSettings settings, CertificateTrust trust, Clock clock) {
        return new RouteCompiler(settings, List.of(new IngressProcessor(), new TlsProcessor(trust),
                new GatewayProcessor(), new HttpRouteProcessor()), clock);
    }

    public TranslatorSettings settings() {
        return settings;
    }

    public List<RouteProcessor> processors() {
        return processors;
    }

    /** Runs every processor over the input and builds the table. Never throws on bad objects. */
    public Translation compile(TranslationInput input) {
        Compilation compilation = new Compilation(input, settings, clock.instant());
        for (RouteProcessor processor : processors) {
            processor.process(compilation);
        }
        RouteTable table = compilation.builder().build();
        for (RouteProcessor processor : processors) {
            processor.review(table, compilation);
        }
        return new Translation(table, compilation.findings().all(), compilation.gatewayApi().results());
    }
}
