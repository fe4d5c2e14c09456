package dev.ingresslab.route;

import java.util.List;
import java.util.Objects;

/**
 * What the proxy does with one request, and (from {@link Explainer}) why.
 *
 * @param outcome      routed, redirect, not found, no endpoints, bad request
 * @param status       the HTTP status the proxy answers; for a routed request, 200 stands for "whatever the
 *                     backend answers"
 * @param route        the route that decided, or null
 * @param backend      the backend chosen (the canary's when the canary won), or null
 * @param canary       true when the canary backend was chosen
 * @param routingPath  the normalised path the decision was made on, or null when the target was rejected
 * @param upstreamPath the request-target the backend receives (after normalisation and rewrite, with the
 *                     query), or null when nothing is forwarded
 * @param location     the redirect target, or null
 * @param reason       the decision in plain words
 * @param notes        implementation-defined choices that applied, so users learn where controllers differ
 * @param trace        every candidate and its verdict; empty unless the decision comes from {@link Explainer}
 */
public record Decision(Outcome outcome, int status, Route route, Backend backend, boolean canary, String routingPath,
                       String upstreamPath, String location, String reason, List<String> notes,
                       List<TraceEntry> trace) {

    public Decision {
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(reason);
        notes = List.copyOf(notes);
        trace = List.copyOf(trace);
    }
}
