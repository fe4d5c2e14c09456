package dev.ingresslab.gui;

import java.util.List;

/**
 * The sidebar's views, in order: one line each. Ctrl-1… (Cmd-1… on macOS) selects them in this order.
 */
final class Views {

    private Views() {
    }

    static List<ViewEntry> all(GuiContext context) {
        return List.of(
                ViewEntry.of("routes", "Routes", "Every route: host → path → Service → endpoints, with the Ingress"
                        + " it comes from.", () -> EmptyState.view("No Ingresses yet",
                        "Start the sandbox in the bar above, or apply the chapter's samples: their routes appear"
                                + " here.")),
                // The Requests view (live table, filter, details, replay, HAR) replaces this line.
                ViewEntry.of("requests", "Requests", "Every request the proxy served, with the rule that took it.",
                        () -> EmptyState.view("No requests yet",
                                "Requests through the proxy appear here as they are served, each with the rule"
                                        + " that routed it.")),
                ViewEntry.of("explain", "Explain", "Type a URL and see which rule would route it, and why every"
                        + " other rule lost.", () -> EmptyState.view("Explain a request",
                        "Type a URL to see the decision and every candidate's verdict.")),
                ViewEntry.of("samples", "Samples", "The chapter's steps in order, each applied with one click.",
                        () -> EmptyState.view("The chapter's samples",
                                "Start the sandbox (or pick a cluster) in the bar above to apply the chapter's"
                                        + " steps.")),
                ViewEntry.of("problems", "Problems", "Diagnostics and Events: missing Services, lost conflicts,"
                        + " ignored classes.", () -> EmptyState.view("No problems",
                        "Diagnostics and Events about your Ingresses appear here.")),
                ViewEntry.planned("hosts", "Hosts", "#15", "Names in /etc/hosts for the Ingresses' hosts, so a"
                        + " browser reaches them."),
                ViewEntry.planned("tls", "TLS", "#16", "A local CA and certificates as Kubernetes TLS Secrets."));
    }
}
