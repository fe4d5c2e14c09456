package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validations ingress-nginx 1.12+ applies with its default configuration (#14 §4), each with ingress-nginx's
 * verdict, a Diagnostic and a line in explain: regex characters in Prefix and Exact paths refuse the whole Ingress
 * (strict-validate-path-type), with use-regex too; Critical annotations refuse it (annotations-risk-level High); a
 * bad annotation value is ignored as ingress-nginx's validators ignore it.
 */
class IngressNginxValidationTest {

    private static String ignoredBecause(Decision decision) {
        return decision.trace().stream().filter(e -> e.verdict() == TraceEntry.Verdict.IGNORED)
                .map(TraceEntry::reason).findFirst().orElse("");
    }

    @Test
    void theIssuesExampleIsRefusedNotRoutedAsARegex() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("rewrite").nginx("use-regex", "true")
                .nginx("rewrite-target", "/$2")
                .rule("rewrite.bar.com", p -> p.prefix("/something(/|$)(.*)", "http-svc")));

        Decision decision = cluster.on("http://rewrite.bar.com/something/new");
        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(ignoredBecause(decision)).isEqualTo("ingress-nginx refuses it: ingress contains invalid paths:"
                + " path /something(/|$)(.*) cannot be used with pathType Prefix");
        assertThat(cluster.translate().diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("InvalidPathForPathType");
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.field()).isEqualTo("spec.rules[0].http.paths[0].path");
            assertThat(d.message()).contains("For a regular expression use pathType: ImplementationSpecific");
        });

        Cluster fixed = Cluster.ofManifests().add(TestIngress.named("rewrite").nginx("use-regex", "true")
                .nginx("rewrite-target", "/$2")
                .rule("rewrite.bar.com", p -> p.implementationSpecific("/something(/|$)(.*)", "http-svc")));
        assertThat(fixed.on("http://rewrite.bar.com/something/new").upstreamPath()).as("the same as")
                .isEqualTo("/new");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api(.*)", "/a.*", "/user/[0-9]+", "/x?y", "/a b", "/~user", "/a%20b", "/a+b", "/a$",
            "/a{2}", "/a|b", "/é", "/a:b", "/a,b", "/a;b"})
    void everyCharacterOutsideLettersDigitsDotUnderscoreDashSlashRefusesAPrefixOrExactPath(String path) {
        for (String type : new String[] {"Prefix", "Exact"}) {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("app")
                    .rule("a.com", p -> p.path(type, path, "web")));
            assertThat(cluster.on("http://a.com/").outcome()).as(type + " " + path).isEqualTo(Outcome.NOT_FOUND);
            assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::message).singleElement()
                    .asString().startsWith("path " + path + " cannot be used with pathType " + type);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/api", "/API/v1.2/x_y-z/", "/a/b/c", "/.well-known/acme-challenge"})
    void literalPathsPassAndImplementationSpecificTakesAnything(String path) {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("app")
                .rule("a.com", p -> p.prefix(path, "web").exact(path + (path.endsWith("/") ? "e" : "/e"), "web")
                        .implementationSpecific("/any(thing)~here", "web")));
        assertThat(cluster.translate().diagnostics()).isEmpty();
        assertThat(ignoredBecause(cluster.on("http://a.com/"))).isEmpty();
    }

    @Test
    void everyBadPathIsNamedAndTheOtherIngressesStillRoute() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("bad").rule("a.com", p -> p.prefix("/one(.*)", "web").exact("/two$", "web")
                        .prefix("/ok", "web")))
                .add(TestIngress.named("good").rule("b.com", p -> p.prefix("/", "web")));

        assertThat(ignoredBecause(cluster.on("http://a.com/ok"))).isEqualTo("ingress-nginx refuses it: ingress"
                + " contains invalid paths: path /one(.*) cannot be used with pathType Prefix; path /two$ cannot be"
                + " used with pathType Exact");
        assertThat(cluster.translate().diagnosticsOf("default", "bad")).extracting(Diagnostic::field)
                .containsExactly("spec.rules[0].http.paths[0].path", "spec.rules[0].http.paths[1].path");
        assertThat(cluster.on("http://b.com/").route()).isNotNull();
    }

    @Test
    void criticalAnnotationsRefuseTheIngressAsTheDefaultRiskLevelDoes() {
        for (String snippet : NginxAdmission.CRITICAL.keySet()) {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("app").nginx(snippet, "return 200;")
                    .rule("a.com", p -> p.prefix("/", "web")));
            Decision decision = cluster.on("http://a.com/");
            assertThat(decision.outcome()).as(snippet).isEqualTo(Outcome.NOT_FOUND);
            assertThat(ignoredBecause(decision)).isEqualTo("ingress-nginx refuses it: annotation group "
                    + NginxAdmission.CRITICAL.get(snippet) + " contains risky annotation based on ingress"
                    + " configuration");
            assertThat(cluster.translate().diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo("RiskyAnnotation");
                assertThat(d.message()).contains("nginx.ingress.kubernetes.io/" + snippet + " is of risk Critical");
            });
        }
    }

    @ParameterizedTest(name = "use-regex: {0}")
    @ValueSource(strings = {"true", "True", "TRUE", "t", "T", "1"})
    void booleansAreReadAsIngressNginxReadsThem(String value) {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("app").nginx("use-regex", value)
                .rule("a.com", p -> p.implementationSpecific("/v[0-9]+/x", "web")));
        assertThat(cluster.translate().diagnostics()).isEmpty();
        assertThat(cluster.on("http://a.com/v2/x").route()).as("a regex path").isNotNull();
    }

    @Test
    void badAnnotationValuesAreIgnoredAsIngressNginxIgnoresThemAndTheIngressStillRoutes() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("app").nginx("use-regex", "yes")
                .nginx("rewrite-target", "/new path").nginx("app-root", "https://evil.example/")
                .rule("a.com", p -> p.prefix("/", "web")));
        assertThat(cluster.on("http://a.com/x").route()).isNotNull();
        assertThat(cluster.on("http://a.com/x").upstreamPath()).isEqualTo("/x");
        assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::reason)
                .containsExactly("InvalidAnnotation", "InvalidAnnotation", "InvalidAnnotation");
        assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("rewrite-target is ignored").contains("/new path"))
                .anySatisfy(m -> assertThat(m).contains("app-root is ignored").contains("https://evil.example/"));
    }
}
