package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same host and path with pathType Prefix and ImplementationSpecific: ingress-nginx keeps both as locations
 * ("same paths but different types are allowed", {@code getBackendServers}), and the Prefix one wins wherever both
 * match, whatever the Ingresses' ages; so does Ingress Lab (docs/routing.md §4).
 */
class SamePathOtherTypeTest {

    @Test
    void prefixBeatsAnOlderImplementationSpecificOfTheSamePath() {
        Cluster cluster = new Cluster().service("old", 1).service("new", 1)
                .add(TestIngress.named("old").createdAt(0).rule("a.example.com", p -> p.implementationSpecific("/api", "old")))
                .add(TestIngress.named("new").createdAt(5).rule("a.example.com", p -> p.prefix("/api", "new")));

        Decision decision = cluster.on("http://a.example.com/api/x");

        assertThat(servedBy(decision)).isEqualTo("new");
        assertThat(decision.trace()).filteredOn(e -> e.ingress().equals("default/old")).singleElement()
                .satisfies(e -> {
                    assertThat(e.verdict()).isEqualTo(TraceEntry.Verdict.LOST);
                    assertThat(e.reason()).contains("beats ImplementationSpecific of the same path, whatever their ages");
                });
        assertThat(servedBy(cluster.on("http://a.example.com/api"))).isEqualTo("new");
    }

    @Test
    void twoPrefixPathsStillGoToTheOldest() {
        Cluster cluster = new Cluster().service("old", 1).service("new", 1)
                .add(TestIngress.named("old").createdAt(0).rule("a.example.com", p -> p.prefix("/api", "old")))
                .add(TestIngress.named("new").createdAt(5).rule("a.example.com", p -> p.prefix("/api/", "new")));

        assertThat(servedBy(cluster.on("http://a.example.com/api/x"))).isEqualTo("old");
    }
}
