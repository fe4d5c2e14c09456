package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canary Ingresses as ingress-nginx merges them ({@code mergeAlternativeBackends} in
 * {@code internal/ingress/controller/controller.go}) and as its balancer decides ({@code route_to_alternative_balancer}
 * in {@code rootfs/etc/nginx/lua/balancer.lua}): docs/routing.md §6.
 */
class CanaryMergeTest {

    private static Decision get(Cluster cluster, String url, String... headerPairs) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return cluster.on("GET", url, headers);
    }

    @Nested
    class WhereACanaryMerges {

        /** The example: the same host and path, another pathType: the canary is dropped. */
        @Test
        void aCanaryWithAnotherPathTypeIsDroppedAndTrafficStaysOnTheMain() {
            Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                    .add(TestIngress.named("main").createdAt(0)
                            .rule("app.example.com", p -> p.implementationSpecific("/api", "web")))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true")
                            .nginx("canary-by-header", "X-Canary").rule("app.example.com", p -> p.prefix("/api", "other")));

            Decision decision = get(cluster, "http://app.example.com/api/x", "X-Canary", "always");

            assertThat(servedBy(decision)).isEqualTo("web");
            assertThat(decision.canary()).isFalse();
            assertThat(decision.trace()).filteredOn(e -> e.ingress().equals("default/canary")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.verdict()).isEqualTo(TraceEntry.Verdict.IGNORED);
                        assertThat(e.reason()).contains("unable to find real backend for alternative backend");
                    });
            assertThat(cluster.translate().diagnosticsOf("default", "canary")).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo("CanaryWithoutPrimary");
                assertThat(d.message()).contains("pathType Prefix")
                        .contains("default/main has that host and path with pathType ImplementationSpecific");
            });
        }

        @Test
        void theSameHostPathAndPathTypeMerges() {
            Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                    .add(TestIngress.named("main").createdAt(0)
                            .rule("app.example.com", p -> p.implementationSpecific("/api", "web")))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true")
                            .nginx("canary-by-header", "X-Canary")
                            .rule("app.example.com", p -> p.implementationSpecific("/api", "other")));

            Decision decision = get(cluster, "http://app.example.com/api/x", "X-Canary", "always");

            assertThat(servedBy(decision)).isEqualTo("other");
            assertThat(decision.canary()).isTrue();
            assertThat(decision.reason()).contains("its canary default/canary takes the request (header X-Canary: always)");
        }

        @Test
        void aCanaryForAnotherHostOrPathIsDropped() {
            Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                    .add(TestIngress.named("main").createdAt(0).rule("app.example.com", p -> p.prefix("/api", "web")))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true").nginx("canary-weight", "100")
                            .rule("app.example.com", p -> p.prefix("/api/", "other"))
                            .rule("other.example.com", p -> p.prefix("/api", "other")));

            assertThat(servedBy(cluster.on("http://app.example.com/api/x"))).isEqualTo("web");
            assertThat(cluster.translate().diagnosticsOf("default", "canary")).hasSize(2)
                    .allSatisfy(d -> assertThat(d.reason()).isEqualTo("CanaryWithoutPrimary"));
        }

        /** ingress-nginx merges the canary into the primary's upstream: every path to that Service port takes it. */
        @Test
        void everyPathRoutedToTheSameServicePortTakesTheCanary() {
            Cluster cluster = new Cluster().service("web", 1).service("other", 1).service("docs", 1)
                    .add(TestIngress.named("main").createdAt(0).rule("app.example.com", p -> p.prefix("/api", "web")
                            .prefix("/v2", "web").prefix("/docs", "docs")))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true")
                            .nginx("canary-by-header", "X-Canary").rule("app.example.com", p -> p.prefix("/api", "other")));

            Decision shared = get(cluster, "http://app.example.com/v2/x", "X-Canary", "always");
            assertThat(servedBy(shared)).isEqualTo("other");
            assertThat(shared.trace()).filteredOn(e -> e.what().startsWith("canary for default/main rule 0 path 1"))
                    .singleElement().satisfies(e -> assertThat(e.reason())
                            .contains("merged at default/main rule 0 path 0").contains("Service port (web:80)"));
            assertThat(servedBy(get(cluster, "http://app.example.com/docs", "X-Canary", "always"))).isEqualTo("docs");
        }

        @Test
        void aCanaryWhoseServiceIsAPrimaryOnTheHostIsNotMerged() {
            Cluster cluster = new Cluster().service("web", 1).service("other", 1)
                    .add(TestIngress.named("main").createdAt(0).rule("app.example.com", p -> p.prefix("/api", "web")
                            .prefix("/other", "other")))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true").nginx("canary-weight", "100")
                            .rule("app.example.com", p -> p.prefix("/api", "other")));

            assertThat(servedBy(cluster.on("http://app.example.com/api"))).isEqualTo("web");
            assertThat(cluster.translate().diagnosticsOf("default", "canary")).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("CanaryIsPrimary"));
        }

        @Test
        void ofTwoCanariesForOnePrimaryTheOldestIsUsed() {
            Cluster cluster = new Cluster().service("web", 1).service("first", 1).service("second", 1)
                    .add(TestIngress.named("main").createdAt(0).rule("app.example.com", p -> p.prefix("/", "web")))
                    .add(TestIngress.named("z-first").createdAt(1).nginx("canary", "true")
                            .nginx("canary-by-header", "X").rule("app.example.com", p -> p.prefix("/", "first")))
                    .add(TestIngress.named("a-second").createdAt(2).nginx("canary", "true")
                            .nginx("canary-by-header", "X").rule("app.example.com", p -> p.prefix("/", "second")));

            assertThat(servedBy(get(cluster, "http://app.example.com/", "X", "always"))).isEqualTo("first");
            assertThat(cluster.translate().diagnosticsOf("default", "a-second")).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("CanaryConflict"));
        }

        /** A canary's defaultBackend merges into ingress-nginx's default server: the catch-all. */
        @Test
        void aCanaryDefaultBackendMergesIntoTheCatchAll() {
            Cluster cluster = new Cluster().service("everything", 1).service("next", 1)
                    .add(TestIngress.named("catch-all").createdAt(0).defaultBackend("everything"))
                    .add(TestIngress.named("canary").createdAt(1).nginx("canary", "true")
                            .nginx("canary-by-header", "X").defaultBackend("next"));

            assertThat(servedBy(get(cluster, "http://any.example.com/", "X", "always"))).isEqualTo("next");
            assertThat(servedBy(get(cluster, "http://any.example.com/"))).isEqualTo("everything");
        }
    }

    @Nested
    class WhichRuleDecides {

        private Cluster withCanary(TestIngress canary) {
            return new Cluster().service("stable", 1).service("next", 1)
                    .add(TestIngress.named("primary").createdAt(0).rule("a.com", p -> p.prefix("/", "stable")))
                    .add(canary.createdAt(1).nginx("canary", "true").rule("a.com", p -> p.prefix("/", "next")));
        }

        @Test
        void byHeaderPatternMatchesAnywhereInTheValue() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-User")
                    .nginx("canary-by-header-pattern", "^(alice|bob)$"));

            assertThat(servedBy(get(cluster, "http://a.com/", "X-User", "bob"))).isEqualTo("next");
            assertThat(servedBy(get(cluster, "http://a.com/", "X-User", "bobby"))).isEqualTo("stable");
            // with a pattern, "always" is just a value that does not match
            assertThat(servedBy(get(cluster, "http://a.com/", "X-User", "always"))).isEqualTo("stable");
            Cluster unanchored = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-User")
                    .nginx("canary-by-header-pattern", "beta"));
            assertThat(servedBy(get(unanchored, "http://a.com/", "X-User", "my-beta-user"))).isEqualTo("next");
            Decision explained = get(cluster, "http://a.com/", "X-User", "alice");
            assertThat(explained.reason()).contains("header X-User: alice matches canary-by-header-pattern");
        }

        @Test
        void theHeaderValueWinsOverThePatternAndAnUnequalValueFallsThroughToTheCookie() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-Region")
                    .nginx("canary-by-header-value", "eu").nginx("canary-by-header-pattern", ".*")
                    .nginx("canary-by-cookie", "beta"));

            assertThat(servedBy(get(cluster, "http://a.com/", "X-Region", "us"))).isEqualTo("stable");
            assertThat(servedBy(get(cluster, "http://a.com/", "X-Region", "us", "Cookie", "beta=always")))
                    .isEqualTo("next");
            assertThat(servedBy(get(cluster, "http://a.com/", "X-Region", "eu", "Cookie", "beta=never")))
                    .isEqualTo("next");
            assertThat(cluster.translate().diagnosticsOf("default", "canary")).anySatisfy(d -> assertThat(d.message())
                    .contains("canary-by-header-pattern").contains("canary-by-header-value is set"));
        }

        @Test
        void headerNeverBeatsCookieAlwaysAndAnotherHeaderValueLeavesItToTheCookie() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-Canary")
                    .nginx("canary-by-cookie", "beta").nginx("canary-weight", "100"));

            assertThat(servedBy(get(cluster, "http://a.com/", "X-Canary", "never", "Cookie", "beta=always")))
                    .isEqualTo("stable");
            assertThat(servedBy(get(cluster, "http://a.com/", "X-Canary", "maybe", "Cookie", "beta=never")))
                    .isEqualTo("stable");
            Decision cookie = get(cluster, "http://a.com/", "X-Canary", "maybe", "Cookie", "beta=never");
            assertThat(cookie.reason()).contains("header X-Canary decides nothing with that value, so cookie beta=never");
            // neither decides: the weight (100 in 100) does
            assertThat(servedBy(get(cluster, "http://a.com/", "Cookie", "beta=sometimes"))).isEqualTo("next");
        }

        @Test
        void theWeightIsOutOfItsTotalAndATotalBelow100CountsAs100() {
            Cluster total = withCanary(TestIngress.named("canary").nginx("canary-weight", "1")
                    .nginx("canary-weight-total", "1000"));
            Cluster small = withCanary(TestIngress.named("canary").nginx("canary-weight", "5")
                    .nginx("canary-weight-total", "10"));

            assertThat(share(total)).isBetween(0.0, 0.004);
            assertThat(share(small)).isBetween(0.04, 0.06); // 5 in 100, as balancer.lua rolls it, not 5 in 10
            assertThat(small.translate().diagnosticsOf("default", "canary")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("counts as 100"));
            Decision explained = get(small, "http://a.com/");
            assertThat(explained.notes()).anySatisfy(n -> assertThat(n).contains("takes 5 in 100"));
        }

        @Test
        void aWeightOverTheTotalTakesEveryUndecidedRequest() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-weight", "250"));

            assertThat(share(cluster)).isEqualTo(1.0);
        }

        @Test
        void aPatternRe2CannotRunIsReportedAndNeverMatches() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-User")
                    .nginx("canary-by-header-pattern", "^(?=alice)"));

            assertThat(servedBy(get(cluster, "http://a.com/", "X-User", "alice"))).isEqualTo("stable");
            assertThat(cluster.translate().diagnosticsOf("default", "canary")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("canary-by-header-pattern").contains("RE2"));
        }

        private double share(Cluster cluster) {
            var table = cluster.translate().table();
            Random random = new Random(7);
            int canary = 0;
            int total = 20_000;
            for (int i = 0; i < total; i++) {
                if (table.match(SimpleRequest.get("http://a.com/"), random).canary()) {
                    canary++;
                }
            }
            return canary / (double) total;
        }
    }
}
