package dev.ingresslab.cli;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.TraceEntry;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** Renders explained requests as a JSON array, one element per URL, for scripts and tests. */
final class ExplainJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** One explained URL. The field names are a published interface: keep them stable. */
    record Explained(String url, String method, String outcome, int status, String ingress, Integer rule,
                     Integer path, String pathType, BackendJson backend, boolean canary, String routingPath,
                     String upstreamPath, String location, String reason, List<String> notes,
                     List<TraceJson> trace) {
    }

    record BackendJson(String namespace, String service, String port, String state, List<String> endpoints) {
    }

    record TraceJson(String ingress, Integer rule, Integer path, String candidate, String verdict, String reason) {
    }

    private ExplainJson() {
    }

    static String render(List<ExplainCommand.ExplainedRequest> explained) {
        return JSON.writeValueAsString(explained.stream().map(ExplainJson::toJson).toList()) + "\n";
    }

    private static Explained toJson(ExplainCommand.ExplainedRequest item) {
        Decision decision = item.decision();
        Route route = decision.route();
        boolean rule = route != null && !route.isDefaultBackend();
        return new Explained(item.url(), item.request().method(), decision.outcome().jsonName(), decision.status(),
                route == null ? null : route.origin().objectName(),
                rule ? route.origin().ruleIndex() : null,
                rule ? route.origin().pathIndex() : null,
                rule ? route.path().declared().apiName() : null,
                backend(decision.backend()), decision.canary(), decision.routingPath(), decision.upstreamPath(),
                decision.location(), decision.reason(), decision.notes(),
                decision.trace().stream().map(ExplainJson::trace).toList());
    }

    private static BackendJson backend(Backend backend) {
        if (backend == null) {
            return null;
        }
        return new BackendJson(backend.namespace(), backend.service(), backend.port(),
                backend.state().name().toLowerCase(java.util.Locale.ROOT),
                backend.endpoints().stream().map(e -> e.display()).toList());
    }

    private static TraceJson trace(TraceEntry entry) {
        return new TraceJson(entry.ingress(), entry.rule(), entry.path(), entry.what(), entry.verdict().jsonName(),
                entry.reason());
    }
}
