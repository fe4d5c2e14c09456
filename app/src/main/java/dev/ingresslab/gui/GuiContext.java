package dev.ingresslab.gui;

import dev.ingresslab.route.Origin;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the views are built over: the view-models (one each, all over the one {@link SessionModel}), and the
 * window's services a view may call: show another view, open a URL in the browser, select a route in Routes.
 */
final class GuiContext {

    private final GuiStart start;
    private final SessionModel session;
    private final RoutesModel routes;
    private final ExplainModel explain;
    private final SamplesModel samples;
    private final ProblemsModel problems;
    private final RequestsModel requests;
    private final Consumer<String> browser;
    private Consumer<String> navigator = id -> { };

    /**
     * @param browser opens a URL in the user's browser (the application's host services; tests record the URL)
     */
    GuiContext(GuiStart start, Consumer<String> browser) {
        this.start = Objects.requireNonNull(start, "start");
        this.browser = Objects.requireNonNull(browser, "browser");
        this.session = new SessionModel(start);
        this.routes = new RoutesModel(session);
        this.explain = new ExplainModel(session);
        this.samples = new SamplesModel(session);
        this.problems = new ProblemsModel(session);
        // built with the window, not with the view: the sidebar counts requests from the moment the window opens
        this.requests = new RequestsModel(session.sessionProperty());
    }

    GuiStart start() {
        return start;
    }

    SessionModel session() {
        return session;
    }

    RoutesModel routes() {
        return routes;
    }

    ExplainModel explain() {
        return explain;
    }

    SamplesModel samples() {
        return samples;
    }

    ProblemsModel problems() {
        return problems;
    }

    RequestsModel requests() {
        return requests;
    }

    /** Set once by the window: how {@link #show} brings a view to the front. */
    void navigator(Consumer<String> show) {
        this.navigator = Objects.requireNonNull(show);
    }

    /** Brings the view with this id ({@link ViewEntry#id()}) to the front. */
    void show(String viewId) {
        navigator.accept(viewId);
    }

    void openInBrowser(String url) {
        browser.accept(url);
    }

    /** Shows Routes with the route of this origin selected and its YAML lines highlighted. */
    void revealRoute(Origin origin) {
        routes.reveal(origin);
        show("routes");
    }

    /**
     * Shows Routes with the first route of this object selected, or filtered to its name when it has none.
     *
     * @param kind       {@code Ingress}, {@code HTTPRoute}…: an HTTPRoute made by {@code convert} has its Ingress's
     *                   name, so the kind picks which object's routes
     * @param objectName {@code namespace/name}
     */
    void revealObject(String kind, String objectName) {
        routes.allRoutes().stream().filter(route -> route.origin().kind().equals(kind)
                        && route.origin().objectName().equals(objectName)).findFirst()
                .ifPresentOrElse(route -> routes.reveal(route.origin()),
                        () -> routes.filterProperty().set(objectName.substring(objectName.indexOf('/') + 1)));
        show("routes");
    }
}
