package dev.ingresslab.core;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.Route;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of an Ingress's findings a route of it shows. */
class RouteViewsTest {

    private static final Backend WEB = Backend.ready("default", "web", "80", List.of());

    private static Route path(int rule, int path) {
        return new Route(new Origin("Ingress", "default", "web", Instant.EPOCH, rule, path), "a.example.com",
                PathMatch.prefix("/"), WEB, null, dev.ingresslab.route.HttpsRedirect.DEFAULT, null);
    }

    @Test
    void aRouteShowsFindingsAboutItsPathItsRuleAndTheWholeIngressOnly() {
        Route route = path(1, 2);
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[2].backend", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[2]", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].host", route)).as("its rule's host").isTrue();
        assertThat(RouteViews.concerns("metadata.annotations", route)).as("the whole Ingress").isTrue();
        assertThat(RouteViews.concerns("spec.tls[0]", route)).isTrue();
        assertThat(RouteViews.concerns("", route)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[20].backend", route)).as("another path").isFalse();
        assertThat(RouteViews.concerns("spec.rules[1].http.paths[0]", route)).isFalse();
        assertThat(RouteViews.concerns("spec.rules[10].host", route)).as("another rule").isFalse();
        assertThat(RouteViews.concerns("spec.defaultBackend", route)).isFalse();
    }

    @Test
    void aDefaultBackendShowsItsOwnFindingsAndTheWholeIngresssNotTheRules() {
        Route backend = Route.defaultBackend(Origin.defaultBackendOf("Ingress", "default", "web", Instant.EPOCH),
                WEB);
        assertThat(RouteViews.concerns("spec.defaultBackend.service", backend)).isTrue();
        assertThat(RouteViews.concerns("metadata.annotations", backend)).isTrue();
        assertThat(RouteViews.concerns("spec.rules[0].http.paths[0].backend", backend)).isFalse();
    }
}
