package dev.ingresslab.cli;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.text.Plural;

import java.util.List;

/** Renders explained requests for a terminal: the answer first, then the candidates, then the notes. */
final class ExplainText {

    /** Past this many unmatched candidates, they are counted rather than listed (JSON lists them all). */
    static final int UNMATCHED_SHOWN = 8;

    private ExplainText() {
    }

    static String render(List<ExplainCommand.ExplainedRequest> explained) {
        StringBuilder text = new StringBuilder();
        for (ExplainCommand.ExplainedRequest item : explained) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            renderOne(item, text);
        }
        return text.toString();
    }

    private static void renderOne(ExplainCommand.ExplainedRequest item, StringBuilder text) {
        Decision decision = item.decision();
        text.append(item.request().method()).append(' ').append(item.url()).append('\n');
        text.append("  ").append(decision.outcome().jsonName()).append(" (").append(decision.status()).append(")");
        switch (decision.outcome()) {
            case ROUTED -> text.append(" -> ").append(decision.backend().display())
                    .append(decision.canary() ? " (canary)" : "").append('\n');
            case REDIRECT -> text.append(" -> ").append(decision.location()).append('\n');
            default -> text.append(": ").append(decision.reason()).append('\n');
        }
        Route route = decision.route();
        if (route != null) {
            text.append("  rule:      ").append(route.describe()).append('\n');
        }
        if (decision.outcome() == Outcome.ROUTED || decision.outcome() == Outcome.REDIRECT) {
            text.append("  why:       ").append(decision.reason()).append('\n');
        }
        if (decision.upstreamPath() != null) {
            text.append("  upstream:  ").append(item.request().method()).append(' ').append(decision.upstreamPath());
            if (!decision.backend().endpoints().isEmpty()) {
                text.append("  (").append(Plural.of(decision.backend().endpoints().size(), "ready endpoint"))
                        .append(')');
            }
            text.append('\n');
        }
        renderTrace(decision.trace(), text);
        if (!decision.notes().isEmpty()) {
            text.append("  notes:\n");
            decision.notes().forEach(note -> text.append("    - ").append(note).append('\n'));
        }
    }

    private static void renderTrace(List<TraceEntry> trace, StringBuilder text) {
        if (trace.isEmpty()) {
            return;
        }
        text.append("  candidates:\n");
        List<TraceEntry> unmatched = trace.stream().filter(e -> e.verdict() == TraceEntry.Verdict.NOT_MATCHED)
                .toList();
        boolean listUnmatched = unmatched.size() <= UNMATCHED_SHOWN;
        for (TraceEntry entry : trace) {
            if (entry.verdict() != TraceEntry.Verdict.NOT_MATCHED || listUnmatched) {
                text.append("    ").append(String.format("%-12s", entry.verdict().jsonName())).append(entry.label())
                        .append(": ").append(entry.what()).append('\n')
                        .append("                ").append(entry.reason()).append('\n');
            }
        }
        if (!listUnmatched) {
            text.append("    ... and ").append(unmatched.size())
                    .append(" candidates for other hosts or paths (-o json lists them)\n");
        }
    }
}
