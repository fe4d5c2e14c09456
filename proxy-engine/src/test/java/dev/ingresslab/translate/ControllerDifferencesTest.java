package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every implementation-defined choice that decides a request is named in the decision's notes, with what Ingress Lab
 * chose, what ingress-nginx does and what Envoy-based controllers do (docs/routing.md §8); and a request that no such
 * choice decides carries no such note.
 */
class ControllerDifferencesTest {

    private static List<String> differences(Decision decision) {
        return decision.notes().stream().filter(n -> n.startsWith("implementation-defined: ")).toList();
    }

    /** The example: nginx decodes %2F before matching, Envoy does not, Ingress Lab does not. */
    @Test
    void anEncodedSlashIsKeptAndTheNoteNamesTheRuleIngressNginxWouldChoose() {
        Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                .add(TestIngress.named("app").rule("git.example.com", p -> p.prefix("/api/v4/projects", "web")
                        .prefix("/", "other")));

        Decision decision = cluster.on("http://git.example.com/api%2Fv4/projects/x");

        assertThat(servedBy(decision)).isEqualTo("other");
        assertThat(differences(decision)).singleElement().satisfies(n -> assertThat(n)
                .contains("%2F in the path stays encoded here")
                .contains("ingress-nginx matches /api/v4/projects/x")
                .contains("would be routed by default/app rule 0 path 0 (Prefix /api/v4/projects) -> web:80")
                .contains("Envoy-based controllers keep it encoded"));
    }

    @Test
    void aPathWithoutChoicesHasNoDifferenceNotes() {
        Cluster cluster = new Cluster().service("web", 1)
                .add(TestIngress.named("app").rule("a.example.com", p -> p.prefix("/api", "web")));

        assertThat(differences(cluster.on("http://a.example.com/api/x"))).isEmpty();
    }

    @Test
    void implementationSpecificSaysHowEachControllerMatchesIt() {
        Cluster cluster = new Cluster().service("web", 1)
                .add(TestIngress.named("app").rule("a.example.com", p -> p.implementationSpecific("/api", "web")));

        assertThat(differences(cluster.on("http://a.example.com/api/x"))).singleElement().satisfies(n -> assertThat(n)
                .contains("ImplementationSpecific is matched like Prefix").contains("ingress-nginx")
                .contains("Contour"));
    }

    @Test
    void normalisationSaysWhatEachControllerForwards() {
        Cluster cluster = new Cluster().service("web", 1)
                .add(TestIngress.named("app").rule("a.example.com", p -> p.prefix("/api", "web")));

        assertThat(differences(cluster.on("http://a.example.com//api/./x"))).singleElement().satisfies(n ->
                assertThat(n).contains("normalised to /api/x").contains("ingress-nginx").contains("Envoy"));
    }

    @Test
    void noFallThroughBetweenHostsIsNamedWithWhatTheGatewayApiWouldDo() {
        Cluster cluster = new Cluster().service("web", 1).service("wild", 1)
                .add(TestIngress.named("exact").rule("a.example.com", p -> p.prefix("/api", "web")))
                .add(TestIngress.named("wildcard").rule("*.example.com", p -> p.prefix("/docs", "wild")));

        Decision decision = cluster.on("http://a.example.com/docs");

        assertThat(decision.status()).isEqualTo(404);
        assertThat(differences(decision)).singleElement().satisfies(n -> assertThat(n)
                .contains("do not fall through to *.example.com").contains("as on ingress-nginx")
                .contains("Gateway API").contains("default/wildcard rule 0 path 0"));
    }

    @Test
    void aCatchAllFromAnIngressWithRulesSaysIngressNginxAnswers404() {
        Cluster cluster = new Cluster().service("alpaca", 1).service("be-default", 1)
                .add(TestIngress.named("host-ingress").defaultBackend("be-default")
                        .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")));

        Decision decision = cluster.on("http://anything.example.com/");

        assertThat(servedBy(decision)).isEqualTo("be-default");
        assertThat(differences(decision)).singleElement()
                .satisfies(n -> assertThat(n).contains("ingress-nginx answers 404 here"));
    }

    @Test
    void regexModeTlsRedirectCanaryAndUnreachableBackendsAreNamed() {
        Cluster regex = new Cluster().service("web", 1)
                .add(TestIngress.named("r").nginx("use-regex", "true").rule("a.example.com", p -> p.implementationSpecific("/a.*", "web")));
        Cluster tls = Cluster.ofManifests()
                .add(TestIngress.named("t").tls("cert", "a.example.com").rule("a.example.com", p -> p.prefix("/", "web")));
        Cluster canary = new Cluster().service("web", 1).service("next", 1)
                .add(TestIngress.named("main").rule("a.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("c").createdAt(1).nginx("canary", "true").nginx("canary-by-header", "X")
                        .rule("a.example.com", p -> p.prefix("/", "next")));
        Cluster missing = new Cluster().service("other", 1)
                .add(TestIngress.named("m").rule("a.example.com", p -> p.prefix("/", "web")));

        assertThat(differences(regex.on("http://a.example.com/abc"))).anySatisfy(n -> assertThat(n)
                .contains("regex mode").contains("Envoy-based controllers ignore"));
        assertThat(differences(tls.on("http://a.example.com/"))).anySatisfy(n -> assertThat(n)
                .contains("redirected to https").contains("conformance suite expects it served"));
        assertThat(differences(canary.on("http://a.example.com/"))).anySatisfy(n -> assertThat(n)
                .contains("canary annotations are ingress-nginx's"));
        assertThat(differences(missing.on("http://a.example.com/"))).anySatisfy(n -> assertThat(n)
                .contains("answers 503").contains("Gateway API 500"));
    }
}
