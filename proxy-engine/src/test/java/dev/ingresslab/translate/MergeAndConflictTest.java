package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Several Ingresses on one host: merging, longest match across objects, and who wins a conflict (§3.6, §3.7). */
class MergeAndConflictTest {

    @Test
    void pathsOfSeveralIngressesOnOneHostAreMerged() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("web").rule("shop.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("api").rule("shop.example.com", p -> p.prefix("/api", "api")
                        .exact("/api/health", "health")));

        assertThat(servedBy(cluster.on("http://shop.example.com/"))).isEqualTo("web");
        assertThat(servedBy(cluster.on("http://shop.example.com/api/v1/items"))).isEqualTo("api");
        assertThat(servedBy(cluster.on("http://shop.example.com/api/health"))).isEqualTo("health");
        assertThat(servedBy(cluster.on("http://shop.example.com/apiary"))).isEqualTo("web");
    }

    @Test
    void theOldestIngressWinsTheSameHostAndPath() {
        Cluster cluster = new Cluster().service("old", 1).service("new", 1)
                .add(TestIngress.named("zz-old").createdAt(0).rule("a.example.com", p -> p.prefix("/", "old")))
                .add(TestIngress.named("aa-new").createdAt(5).rule("a.example.com", p -> p.prefix("/", "new")));

        Decision decision = cluster.on("http://a.example.com/x");

        assertThat(servedBy(decision)).isEqualTo("old");
        assertThat(decision.trace()).filteredOn(e -> e.ingress().equals("default/aa-new")).singleElement()
                .satisfies(e -> {
                    assertThat(e.verdict()).isEqualTo(TraceEntry.Verdict.LOST);
                    assertThat(e.reason()).contains("default/zz-old is older").contains("the oldest wins");
                });
        assertThat(cluster.translate().diagnosticsOf("default", "aa-new")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("RouteConflict"));
    }

    @Test
    void inTheSameSecondTheNamespaceNameThatSortsLastWinsAsInIngressNginx() {
        // ingress-nginx's store sorts Ingresses of equal creationTimestamp by "namespace/name", greater first
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("a").namespace("team").rule("a.example.com", p -> p.prefix("/", "a")))
                .add(TestIngress.named("b").namespace("team").rule("a.example.com", p -> p.prefix("/", "b")));
        // compared as one text: "a/y" sorts after "a-b/x" ('/' > '-'), though namespace "a" sorts before "a-b"
        Cluster namespaces = Cluster.ofManifests()
                .add(TestIngress.named("x").namespace("a-b").rule("b.example.com", p -> p.prefix("/", "x")))
                .add(TestIngress.named("y").namespace("a").rule("b.example.com", p -> p.prefix("/", "y")));

        assertThat(servedBy(cluster.on("http://a.example.com/"))).isEqualTo("b");
        assertThat(servedBy(namespaces.on("http://b.example.com/"))).isEqualTo("y");
    }

    @Test
    void prefixWithAndWithoutTrailingSlashIsTheSamePlace() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("first").createdAt(0).rule("a.example.com", p -> p.prefix("/foo/", "first")))
                .add(TestIngress.named("second").createdAt(1).rule("a.example.com", p -> p.prefix("/foo", "second")));

        assertThat(servedBy(cluster.on("http://a.example.com/foo"))).isEqualTo("first");
        assertThat(cluster.translate().table().conflicts()).hasSize(1);
    }

    @Test
    void withinOneIngressTheFirstListedPathWins() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("dup")
                .rule("a.example.com", p -> p.prefix("/x", "first").prefix("/x", "second")));

        Decision decision = cluster.on("http://a.example.com/x");

        assertThat(servedBy(decision)).isEqualTo("first");
        assertThat(decision.trace()).anySatisfy(e -> assertThat(e.reason()).contains("listed earlier"));
    }

    @Test
    void theExactPathOfANewerIngressBeatsThePrefixOfAnOlderOne() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("old").createdAt(0).rule("a.example.com", p -> p.prefix("/login", "prefix")))
                .add(TestIngress.named("new").createdAt(9).rule("a.example.com", p -> p.exact("/login", "exact")));

        Decision decision = cluster.on("http://a.example.com/login");

        assertThat(servedBy(decision)).isEqualTo("exact");
        assertThat(decision.trace()).filteredOn(e -> e.ingress().equals("default/old")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("beats any Prefix"));
    }

    @Test
    void theOldestIngressWithoutRulesIsTheCatchAll() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("with-rules").createdAt(0).defaultBackend("host-default")
                        .rule("a.example.com", p -> p.exact("/x", "x")))
                .add(TestIngress.named("catch-all-new").createdAt(2).defaultBackend("newer"))
                .add(TestIngress.named("catch-all-old").createdAt(1).defaultBackend("older"));

        assertThat(servedBy(cluster.on("http://unknown.example.com/"))).isEqualTo("older");
        assertThat(servedBy(cluster.on("http://a.example.com/not-x"))).isEqualTo("host-default");
        assertThat(cluster.translate().diagnosticsOf("default", "catch-all-new")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("default/catch-all-old is older"));
    }

    @Test
    void withoutAnIngressWithoutRulesTheOldestDefaultBackendServesUnknownHosts() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("newer").createdAt(3).defaultBackend("b")
                        .rule("b.example.com", p -> p.prefix("/", "b-root")))
                .add(TestIngress.named("older").createdAt(1).defaultBackend("a")
                        .rule("a.example.com", p -> p.exact("/only", "a-only")));

        Decision unknown = cluster.on("http://c.example.com/");
        assertThat(servedBy(unknown)).isEqualTo("a");
        assertThat(unknown.trace()).filteredOn(e -> e.verdict() == TraceEntry.Verdict.CHOSEN).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("implementation-defined"));
        assertThat(servedBy(cluster.on("http://a.example.com/other"))).isEqualTo("a");
    }

    @Test
    void aHostWithoutMatchingPathDoesNotFallThroughToOtherHosts() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("precise").rule("a.foo.com", p -> p.prefix("/x", "precise")))
                .add(TestIngress.named("wild").rule("*.foo.com", p -> p.prefix("/", "wild")))
                .add(TestIngress.named("any").prefix("/", "any"));

        assertThat(servedBy(cluster.on("http://a.foo.com/x"))).isEqualTo("precise");
        Decision miss = cluster.on("http://a.foo.com/y");
        assertThat(miss.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(miss.trace()).filteredOn(e -> e.ingress().equals("default/wild")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("takes precedence").contains("do not fall through"));
        assertThat(servedBy(cluster.on("http://b.foo.com/y"))).isEqualTo("wild");
        assertThat(servedBy(cluster.on("http://a.b.foo.com/y"))).isEqualTo("any");
        assertThat(servedBy(cluster.on("http://other.com/"))).isEqualTo("any");
    }

    @Test
    void aPathMissOnTheHostLessRulesGoesToTheCatchAll() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("any").prefix("/app", "app"))
                .add(TestIngress.named("fallback").defaultBackend("fallback"));

        assertThat(servedBy(cluster.on("http://x.com/app/1"))).isEqualTo("app");
        assertThat(servedBy(cluster.on("http://x.com/other"))).isEqualTo("fallback");
    }

    @Test
    void aRuleWithAHostButNoPathsClaimsTheHost() {
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("claim").defaultBackend("claimed").rule("a.example.com", p -> { }))
                .add(TestIngress.named("any").createdAt(5).prefix("/", "any"));

        assertThat(servedBy(cluster.on("http://a.example.com/"))).isEqualTo("claimed");
        assertThat(servedBy(cluster.on("http://b.example.com/"))).isEqualTo("any");
    }
}
