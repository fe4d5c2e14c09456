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
                        + " it comes from.", () -> new RoutesView(context.routes(), context)),
                RequestsView.entry(context),
                ViewEntry.of("explain", "Explain", "Type a URL and see which rule would route it, and why every"
                        + " other rule lost.", () -> new ExplainView(context.explain(), context)),
                ViewEntry.of("lint", "Lint", "Open or paste manifests: problems marked at their lines as you type,"
                        + " Fix for the v1 form, Apply to the cluster.",
                        () -> new LintView(new LintModel(context.session()), context)),
                ViewEntry.of("convert", "Convert", "The Ingresses beside the Gateway and HTTPRoutes they convert to,"
                        + " what could not be converted, and the requests the two decide differently.",
                        () -> new ConvertView(new ConvertModel(context.session()))),
                ViewEntry.of("samples", "Samples", "The chapter's steps in order, each applied with one click.",
                        () -> new SamplesView(context.samples(), context)),
                ViewEntry.of("problems", "Problems", "Diagnostics and what went wrong: missing Services, lost"
                        + " conflicts, ignored classes.", () -> new ProblemsView(context.problems(), context))
                        .withCount(javafx.beans.binding.Bindings.size(context.problems().problems())),
                ViewEntry.of("hosts", "Hosts", "The names the served Ingresses need in the hosts file, kept in sync,"
                        + " and the exact URLs to open.", () -> new HostsView(new HostsModel(context.session(),
                        context.start().options().hostsFile()), context)),
                ViewEntry.of("tls", "TLS", "The local CA and where it is trusted, the certificate each https host"
                        + " gets, Issue, and every TLS problem with its fix.", () -> new TlsView(new TlsModel(
                        context.session(), context.start().options().dataDirectory()), context)));
    }
}
