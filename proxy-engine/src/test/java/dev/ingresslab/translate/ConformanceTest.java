package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing scenarios of kubernetes-sigs/ingress-controller-conformance (features/default_backend,
 * host_rules, path_rules, ingress_class, load_balancing), against the translator and matcher.
 */
class ConformanceTest {

    @Nested
    class DefaultBackend {
        private final Cluster cluster = new Cluster().service("echo-service", 1)
                .add(TestIngress.named("default-backend").defaultBackend("echo-service"));

        @ParameterizedTest(name = "{0} host ''{1}'' path ''{2}''")
        @CsvSource({"GET, my-host, ''", "GET, my-host, sub-path", "POST, some-host, ''", "PUT, '', resource",
                "DELETE, some-host, resource", "PATCH, my-host, resource"})
        void anIngressWithNoRulesSendsEveryRequestToTheDefaultBackend(String method, String host, String path) {
            Decision decision = cluster.on(method, "http://placeholder/" + path,
                    Map.of("Host", host.isEmpty() ? List.of() : List.of(host)));

            assertThat(servedBy(decision)).isEqualTo("echo-service");
            assertThat(decision.upstreamPath()).as("the request path must be unchanged").isEqualTo("/" + path);
        }
    }

    @Nested
    class HostRules {
        private TestIngress hostRules() {
            return TestIngress.named("host-rules").tls("conformance-tls", "foo.bar.com")
                    .rule("*.foo.com", p -> p.prefix("/", "wildcard-foo-com"))
                    .rule("foo.bar.com", p -> p.namedPort("Prefix", "/", "foo-bar-com", "http"));
        }

        private final Cluster cluster = new Cluster().service("foo-bar-com", 1).service("wildcard-foo-com", 1)
                .add(hostRules().nginx("ssl-redirect", "false"));

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "https://foo.bar.com/, foo-bar-com",
                "http://foo.bar.com/, foo-bar-com",
                "http://subdomain.bar.com/, 404",
                "http://bar.foo.com/, wildcard-foo-com",
                "http://baz.bar.foo.com/, 404",
                "http://foo.com/, 404",
                "http://FOO.BAR.COM:8080/, foo-bar-com"})
        void hostsAndOneLabelWildcards(String url, String expected) {
            assertThat(servedBy(cluster.on(url))).isEqualTo(expected);
        }

        @Test
        void withoutTheAnnotationPlainHttpToTheTlsHostIsRedirectedAsIngressNginxDoes() {
            // The suite expects 200 here; redirecting is our documented choice (ingress-semantics.md §6.3, §11.5).
            Cluster byDefault = new Cluster().service("foo-bar-com", 1).service("wildcard-foo-com", 1)
                    .add(hostRules());

            assertThat(byDefault.on("http://foo.bar.com/").status()).isEqualTo(308);
            assertThat(servedBy(byDefault.on("https://foo.bar.com/"))).isEqualTo("foo-bar-com");
            // *.foo.com is a rule host of this Ingress with a tls section that does not list it: ingress-nginx gives it
            // its default certificate (createServers) and so redirects it too (lua_ingress.lua).
            assertThat(byDefault.on("http://bar.foo.com/").status()).isEqualTo(308);
            assertThat(servedBy(byDefault.on("https://bar.foo.com/"))).isEqualTo("wildcard-foo-com");
        }

        @Test
        void thePortIsFoundByName() {
            Decision decision = cluster.on("http://foo.bar.com/");

            assertThat(decision.backend().port()).isEqualTo("http");
            assertThat(decision.backend().endpoints()).hasSize(1);
        }
    }

    @Nested
    class PathRules {
        private final Cluster cluster = new Cluster()
                .service("foo-exact", 1).service("foo-prefix", 1).service("aaa-slash-bbb-prefix", 1)
                .service("aaa-prefix", 1).service("mixed-exact", 1).service("mixed-prefix", 1)
                .service("trailing-exact", 1).service("trailing-prefix", 1)
                .add(TestIngress.named("path-rules")
                        .rule("exact-path-rules", p -> p.exact("/foo", "foo-exact"))
                        .rule("prefix-path-rules", p -> p.prefix("/foo", "foo-prefix")
                                .prefix("/aaa/bbb", "aaa-slash-bbb-prefix").prefix("/aaa", "aaa-prefix"))
                        .rule("mixed-path-rules", p -> p.prefix("/foo", "mixed-prefix").exact("/foo", "mixed-exact"))
                        .rule("trailing-slash-path-rules", p -> p.prefix("/aaa/bbb/", "trailing-prefix")
                                .exact("/foo/", "trailing-exact")));

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "http://exact-path-rules/foo, foo-exact",
                "http://exact-path-rules/foo/, 404",
                "http://exact-path-rules/FOO, 404",
                "http://exact-path-rules/bar, 404",
                "http://prefix-path-rules/foo, foo-prefix",
                "http://prefix-path-rules/foo/, foo-prefix",
                "http://prefix-path-rules/FOO, 404",
                "http://prefix-path-rules/aaa/bbb, aaa-slash-bbb-prefix",
                "http://prefix-path-rules/aaa/bbb/ccc, aaa-slash-bbb-prefix",
                "http://prefix-path-rules/aaa/ccc, aaa-prefix",
                "http://prefix-path-rules/aaaccc, 404",
                "http://prefix-path-rules/aaa/bbbccc, aaa-prefix",
                "http://mixed-path-rules/foo, mixed-exact",
                "http://mixed-path-rules/foo/, mixed-prefix",
                "http://trailing-slash-path-rules/aaa/bbb, trailing-prefix",
                "http://trailing-slash-path-rules/aaa/bbb/, trailing-prefix",
                "http://trailing-slash-path-rules/foo/, trailing-exact",
                "http://trailing-slash-path-rules/foo, 404"})
        void pathTypesAndPrecedence(String url, String expected) {
            Decision decision = cluster.on(url);

            assertThat(servedBy(decision)).isEqualTo(expected);
            if (decision.outcome() == Outcome.ROUTED) {
                String path = url.substring(url.indexOf('/', "http://".length()));
                assertThat(decision.upstreamPath()).as("the request path the backend sees").isEqualTo(path);
            }
        }
    }

    @Nested
    class IngressClasses {
        @Test
        void anIngressOfAnUnknownClassIsIgnored() {
            Cluster cluster = new Cluster().service("echo", 1)
                    .add(TestIngress.named("invalid-class").className("some-invalid-class-name")
                            .rule("ingress-class", p -> p.prefix("/", "echo")));

            Decision decision = cluster.on("http://ingress-class/");

            assertThat(decision.outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(decision.trace()).anySatisfy(entry -> assertThat(entry.reason())
                    .contains("some-invalid-class-name does not exist"));
        }
    }

    @Nested
    class LoadBalancing {
        @Test
        void everyReadyEndpointIsABackendTarget() {
            Cluster cluster = new Cluster().service("echo", 10)
                    .add(TestIngress.named("lb").rule("load-balancing", p -> p.prefix("/", "echo")));

            Decision decision = cluster.on("http://load-balancing/");

            assertThat(decision.backend().endpoints()).hasSize(10)
                    .extracting(e -> e.address() + ":" + e.port()).contains("10.0.0.1:8080", "10.0.0.10:8080");
        }
    }
}
