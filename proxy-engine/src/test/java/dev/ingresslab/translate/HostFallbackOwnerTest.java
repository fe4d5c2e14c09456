package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who serves a host's path misses (docs/routing.md §5, ingress-semantics.md §11.2): the defaultBackend of the oldest
 * Ingress that declares the host, and no other, as ingress-nginx's {@code createServers} sets a server's root
 * location from the first Ingress that names its host.
 */
class HostFallbackOwnerTest {

    /** The example: the older Ingress owns the host and has no defaultBackend, so a path miss is a 404. */
    @Test
    void aNewerIngresssDefaultBackendDoesNotServeAHostAnOlderOneDeclares() {
        Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                .add(TestIngress.named("a-old").createdAt(0).rule("shop.example.com", p -> p.prefix("/api", "web")))
                .add(TestIngress.named("b-new").createdAt(5).defaultBackend("other")
                        .rule("shop.example.com", p -> p.prefix("/web", "web")));

        Decision miss = cluster.on("http://shop.example.com/other");

        assertThat(miss.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(miss.status()).isEqualTo(404);
        assertThat(miss.reason()).contains("default/a-old, the oldest Ingress that declares shop.example.com (of"
                + " equal age, the last by namespace/name), has no defaultBackend");
        assertThat(miss.trace()).filteredOn(e -> e.what().equals("defaultBackend other:80")).singleElement()
                .satisfies(e -> {
                    assertThat(e.verdict()).isEqualTo(TraceEntry.Verdict.NOT_MATCHED);
                    assertThat(e.reason()).contains("host shop.example.com belongs to Ingress default/a-old");
                });
        assertThat(cluster.translate().diagnosticsOf("default", "b-new")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("DefaultBackendNotUsed");
            assertThat(d.message()).contains("shop.example.com").contains("default/a-old is older")
                    .contains("get 404");
        });
        assertThat(servedBy(cluster.on("http://shop.example.com/web/x"))).isEqualTo("web");
    }

    @Test
    void theOwnersDefaultBackendServesTheMissesEvenWhenANewerIngressHasOne() {
        Cluster cluster = new Cluster().service("web", 1).service("mine", 1).service("theirs", 1)
                .add(TestIngress.named("z-old").createdAt(0).defaultBackend("mine")
                        .rule("shop.example.com", p -> p.prefix("/api", "web")))
                .add(TestIngress.named("a-new").createdAt(5).defaultBackend("theirs")
                        .rule("shop.example.com", p -> p.prefix("/web", "web")));

        Decision miss = cluster.on("http://shop.example.com/other");

        assertThat(servedBy(miss)).isEqualTo("mine");
        assertThat(miss.reason()).contains("defaultBackend of the oldest Ingress that declares it");
        assertThat(cluster.translate().diagnosticsOf("default", "a-new")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("so its defaultBackend does"));
    }

    /** Of equal age, the owner is the one ingress-nginx's store sorts first: namespace/name greater first. */
    @Test
    void ofEqualAgeTheOwnerIsTheNamespaceNameThatSortsLast() {
        Cluster cluster = new Cluster().service("web", 1).service("from-a", 1).service("from-b", 1)
                .add(TestIngress.named("a").createdAt(0).defaultBackend("from-a")
                        .rule("shop.example.com", p -> p.prefix("/api", "web")))
                .add(TestIngress.named("b").createdAt(0).defaultBackend("from-b")
                        .rule("shop.example.com", p -> p.prefix("/web", "web")));

        assertThat(servedBy(cluster.on("http://shop.example.com/other"))).isEqualTo("from-b");
        assertThat(cluster.translate().diagnosticsOf("default", "a")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("default/b declares that host first (both were"
                        + " created in the same second, so the tie is broken as ingress-nginx breaks it: default/b"
                        + " sorts after default/a by namespace/name, and the last wins (implementation-defined))")
                        .doesNotContain("older"));
    }

    /** A host an Ingress names without paths is still declared by it, and so owned. */
    @Test
    void aHostNamedWithoutPathsIsOwnedToo() {
        Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                .add(TestIngress.named("claims").createdAt(0).rule("shop.example.com", p -> { }))
                .add(TestIngress.named("later").createdAt(5).defaultBackend("other")
                        .rule("shop.example.com", p -> p.prefix("/web", "web")));

        assertThat(cluster.on("http://shop.example.com/x").status()).isEqualTo(404);
    }

    /**
     * The host-less rules share ingress-nginx's default server, whose root location only an Ingress without rules
     * sets: their misses go to the catch-all, not to the defaultBackend of an Ingress because it has a host-less rule.
     */
    @Test
    void pathMissesOfHostlessRulesGoToTheCatchAll() {
        Cluster cluster = new Cluster().service("web", 1).service("own", 1).service("everything", 1)
                .add(TestIngress.named("hostless").createdAt(0).defaultBackend("own").prefix("/api", "web"))
                .add(TestIngress.named("catch-all").createdAt(5).defaultBackend("everything"));

        assertThat(servedBy(cluster.on("http://any.example.com/other"))).isEqualTo("everything");
        assertThat(servedBy(cluster.on("http://any.example.com/api"))).isEqualTo("web");
    }
}
