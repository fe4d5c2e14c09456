package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.TraceEntry;
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

/** The ingress-nginx annotations that change routing (ingress-semantics.md §6). */
class AnnotationsTest {

    @Nested
    class RewriteTarget {
        private final Cluster cluster = Cluster.ofManifests().add(TestIngress.named("rewrite")
                .nginx("rewrite-target", "/$2").nginx("use-regex", "true")
                .rule("rewrite.bar.com", p -> p.implementationSpecific("/something(/|$)(.*)", "http-svc")));

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"/something, /", "/something/, /", "/something/new, /new", "/something/new?x=1&y=2, /new?x=1&y=2",
                "/SOMETHING/Case, /Case"})
        void capturesReplaceTheWholePath(String target, String upstream) {
            Decision decision = cluster.on("http://rewrite.bar.com" + target);

            assertThat(decision.outcome()).isEqualTo(Outcome.ROUTED);
            assertThat(decision.upstreamPath()).isEqualTo(upstream);
        }

        @Test
        void aStaticTargetReplacesTheWholePathNotJustThePrefix() {
            Cluster staticTarget = Cluster.ofManifests().add(TestIngress.named("static")
                    .nginx("rewrite-target", "/").rule("a.com", p -> p.prefix("/testpath", "svc")));

            assertThat(staticTarget.on("http://a.com/testpath/a/b").upstreamPath()).isEqualTo("/");
        }

        @Test
        void aTargetWithAQueryIsRefusedByIngressNginxsValidationAndIgnored() {
            Cluster withQuery = Cluster.ofManifests().add(TestIngress.named("q")
                    .nginx("rewrite-target", "/app?from=ingress").rule("a.com", p -> p.prefix("/old", "svc")));

            assertThat(withQuery.on("http://a.com/old?id=7").upstreamPath()).as("RegexPathWithCapture has no '?'")
                    .isEqualTo("/old?id=7");
            assertThat(withQuery.translate().diagnostics()).extracting(Diagnostic::reason)
                    .containsExactly("InvalidAnnotation");
        }
    }

    @Nested
    class RegexMode {
        @Test
        void useRegexOnOneIngressTurnsEveryPathOfItsHostIntoARegex() {
            Cluster cluster = Cluster.ofManifests()
                    .add(TestIngress.named("plain").rule("a.com", p -> p.prefix("/foo", "plain")))
                    .add(TestIngress.named("regex").nginx("use-regex", "true")
                            .rule("a.com", p -> p.implementationSpecific("/api/v[0-9]+", "api")))
                    .add(TestIngress.named("other-host").rule("b.com", p -> p.prefix("/foo", "other")));

            assertThat(servedBy(cluster.on("http://a.com/foobar"))).isEqualTo("plain");
            assertThat(servedBy(cluster.on("http://a.com/FOO"))).isEqualTo("plain");
            assertThat(servedBy(cluster.on("http://a.com/api/v2/x"))).isEqualTo("api");
            assertThat(cluster.on("http://a.com/foobar").notes()).anySatisfy(n -> assertThat(n).contains("regex mode"));
            assertThat(servedBy(cluster.on("http://b.com/foobar"))).isEqualTo("404");
        }

        @Test
        void regexPathsAreTriedLongestTextFirst() {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("order").nginx("use-regex", "true")
                    .rule("a.com", p -> p.implementationSpecific("/foo/bar", "short")
                            .implementationSpecific("/foo/bar/(.+)", "long").implementationSpecific("/foo/bar/", "mid")));

            assertThat(servedBy(cluster.on("http://a.com/foo/bar/x"))).isEqualTo("long");
            assertThat(servedBy(cluster.on("http://a.com/foo/bar/"))).isEqualTo("mid");
            assertThat(servedBy(cluster.on("http://a.com/foo/bar"))).isEqualTo("short");
        }

        @Test
        void aLongerRegexCanBeatALiteralLongerMatchAsNginxWarns() {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("warning").nginx("use-regex", "true")
                    .rule("a.com", p -> p.implementationSpecific("/foo/bar/bar", "literal")
                            .implementationSpecific("/foo/bar/[A-Z0-9]{3}", "regex")));

            Decision decision = cluster.on("http://a.com/foo/bar/bar");

            assertThat(servedBy(decision)).isEqualTo("regex");
            assertThat(decision.trace()).filteredOn(e -> e.verdict() == TraceEntry.Verdict.LOST).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("longest text first"));
        }

        @Test
        void anInvalidRegexDisablesOnlyThatPath() {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("broken").nginx("use-regex", "true")
                    .rule("a.com", p -> p.implementationSpecific("/bad(", "bad").implementationSpecific("/good", "good")));

            assertThat(servedBy(cluster.on("http://a.com/good"))).isEqualTo("good");
            assertThat(servedBy(cluster.on("http://a.com/bad("))).isEqualTo("404");
            assertThat(cluster.translate().diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo("InvalidRegex");
                assertThat(d.field()).isEqualTo("spec.rules[0].http.paths[0].path");
            });
        }
    }

    @Nested
    class Redirects {
        private final TestIngress tls = TestIngress.named("secure").tls("cert", "secure.com")
                .rule("secure.com", p -> p.prefix("/", "web")).rule("plain.com", p -> p.prefix("/", "web"));

        @Test
        void plainHttpToATlsHostIsRedirectedWith308() {
            Decision decision = Cluster.ofManifests().add(tls).on("http://secure.com/a/../b?q=1");

            assertThat(decision.outcome()).isEqualTo(Outcome.REDIRECT);
            assertThat(decision.status()).isEqualTo(308);
            // the request URI as received, as ingress-nginx writes $request_uri
            assertThat(decision.location()).isEqualTo("https://secure.com/a/../b?q=1");
        }

        @Test
        void httpsAndHostsWithoutTlsAreServed() {
            Cluster cluster = Cluster.ofManifests().add(tls)
                    .add(TestIngress.named("other").rule("other.com", p -> p.prefix("/", "web")));

            assertThat(servedBy(cluster.on("https://secure.com/"))).isEqualTo("web");
            assertThat(servedBy(cluster.on("http://other.com/"))).isEqualTo("web");
        }

        @Test
        void aRuleHostOfAnIngressWithTlsThatNoEntryListsIsRedirectedAsIngressNginxDoes() {
            // ingress-nginx's createServers gives plain.com the default certificate, so lua_ingress.lua redirects it
            assertThat(Cluster.ofManifests().add(tls).on("http://plain.com/").status()).isEqualTo(308);
        }

        @Test
        void theRedirectNamesOurHttpsPortWhenItIsNot443() {
            Cluster cluster = Cluster.ofManifests().settings(TranslatorSettings.defaults().withHttpsPort(8443)).add(tls);

            assertThat(cluster.on("http://secure.com:8080/x").location()).isEqualTo("https://secure.com:8443/x");
        }

        @Test
        void sslRedirectFalseServesPlainHttpAndForceRedirectsWithoutTls() {
            Cluster off = Cluster.ofManifests().add(TestIngress.named("off").nginx("ssl-redirect", "false")
                    .tls("cert", "a.com").rule("a.com", p -> p.prefix("/", "web")));
            Cluster forced = Cluster.ofManifests().add(TestIngress.named("forced").nginx("force-ssl-redirect", "true")
                    .rule("a.com", p -> p.prefix("/", "web")));

            assertThat(servedBy(off.on("http://a.com/"))).isEqualTo("web");
            assertThat(forced.on("http://a.com/").status()).isEqualTo(308);
        }

        @Test
        void appRootRedirectsOnlyTheRoot() {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("approot").nginx("app-root", "/app1")
                    .rule("approot.bar.com", p -> p.prefix("/", "web")));

            Decision root = cluster.on("http://approot.bar.com/");
            assertThat(root.status()).isEqualTo(302);
            assertThat(root.location()).isEqualTo("http://approot.bar.com/app1");
            assertThat(servedBy(cluster.on("http://approot.bar.com/app1"))).isEqualTo("web");
        }
    }

    @Nested
    class Canary {
        private Cluster withCanary(TestIngress canary) {
            return Cluster.ofManifests()
                    .add(TestIngress.named("primary").createdAt(0).rule("a.com", p -> p.prefix("/", "stable")))
                    .add(canary.createdAt(1).nginx("canary", "true"));
        }

        private Decision request(Cluster cluster, Map<String, List<String>> headers) {
            return cluster.on("GET", "http://a.com/", headers);
        }

        @Test
        void byHeaderAlwaysAndNever() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-Canary")
                    .rule("a.com", p -> p.prefix("/", "next")));

            assertThat(servedBy(request(cluster, Map.of("X-Canary", List.of("always"))))).isEqualTo("next");
            assertThat(servedBy(request(cluster, Map.of("X-Canary", List.of("never"))))).isEqualTo("stable");
            assertThat(servedBy(request(cluster, Map.of("x-canary", List.of("maybe"))))).isEqualTo("stable");
            assertThat(servedBy(request(cluster, Map.of()))).isEqualTo("stable");
        }

        @Test
        void byHeaderValueAndByCookie() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-by-header", "X-Region")
                    .nginx("canary-by-header-value", "eu").nginx("canary-by-cookie", "beta")
                    .rule("a.com", p -> p.prefix("/", "next")));

            assertThat(servedBy(request(cluster, Map.of("X-Region", List.of("eu"))))).isEqualTo("next");
            assertThat(servedBy(request(cluster, Map.of("X-Region", List.of("us"))))).isEqualTo("stable");
            assertThat(servedBy(request(cluster, Map.of("Cookie", List.of("a=1; beta=always"))))).isEqualTo("next");
            assertThat(servedBy(request(cluster, Map.of("Cookie", List.of("beta=never"))))).isEqualTo("stable");
        }

        @Test
        void aWeightedCanaryTakesItsShareInTheMatcherAndIsDescribedByExplain() {
            Cluster cluster = withCanary(TestIngress.named("canary").nginx("canary-weight", "30")
                    .rule("a.com", p -> p.prefix("/", "next")));
            var table = cluster.translate().table();
            java.util.Random random = new java.util.Random(42);
            int canary = 0;
            for (int i = 0; i < 10_000; i++) {
                if (table.match(dev.ingresslab.route.SimpleRequest.get("http://a.com/"), random).canary()) {
                    canary++;
                }
            }

            assertThat(canary).isBetween(2_700, 3_300);
            Decision explained = request(cluster, Map.of());
            assertThat(servedBy(explained)).isEqualTo("stable");
            assertThat(explained.notes()).anySatisfy(n -> assertThat(n).contains("takes 30 in 100"));
        }

        @Test
        void aCanaryWithoutPrimaryIsIgnoredAndTheOldestOfTwoCanariesWins() {
            Cluster orphan = Cluster.ofManifests().add(TestIngress.named("orphan").nginx("canary", "true")
                    .nginx("canary-weight", "100").rule("a.com", p -> p.prefix("/", "next")));
            assertThat(orphan.on("http://a.com/").outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(orphan.on("http://a.com/").trace()).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("unable to find real backend for alternative backend"));

            Cluster two = withCanary(TestIngress.named("canary-a").nginx("canary-by-header", "X")
                    .rule("a.com", p -> p.prefix("/", "first")))
                    .add(TestIngress.named("canary-b").createdAt(9).nginx("canary", "true")
                            .nginx("canary-by-header", "X").rule("a.com", p -> p.prefix("/", "second")));
            assertThat(servedBy(request(two, Map.of("X", List.of("always"))))).isEqualTo("first");
            assertThat(two.translate().diagnosticsOf("default", "canary-b")).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("CanaryConflict"));
        }
    }

    @Nested
    class UntrustedAnnotations {
        @Test
        void snippetsAreNeverInterpretedAndRefuseTheIngressAsIngressNginxsRiskLevelDoes() {
            Cluster cluster = Cluster.ofManifests().add(TestIngress.named("snippet")
                    .nginx("configuration-snippet", "more_set_headers \"X: y\"; return 200 pwned;")
                    .nginx("server-snippet", "location / { proxy_pass http://evil; }")
                    .nginx("proxy-body-size", "8m")
                    .rule("a.com", p -> p.prefix("/", "web")));

            assertThat(cluster.on("http://a.com/").outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::reason)
                    .containsExactlyInAnyOrder("RiskyAnnotation", "RiskyAnnotation");
        }

        @Test
        void badValuesAreReportedAndIgnored() {
            Cluster cluster = withBadValues();

            assertThat(servedBy(cluster.on("http://a.com/"))).isEqualTo("web");
            assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::message).containsExactlyInAnyOrder(
                    "the annotation nginx.ingress.kubernetes.io/use-regex is ignored: the value must be a boolean as"
                            + " ingress-nginx reads it (\"true\" or \"false\"; also 1, t, T, TRUE, True, 0, f, F,"
                            + " FALSE, False), not \"yes\"",
                    "the annotation nginx.ingress.kubernetes.io/app-root is ignored: it must be a path starting"
                            + " with '/' of letters, digits and - . _ ~ / : ? & = (ingress-nginx's URLIsValidRegex),"
                            + " not \"app1\"",
                    "the annotation nginx.ingress.kubernetes.io/rewrite-target is ignored: ingress-nginx accepts"
                            + " only a path of letters, digits, - . _ ~ / : and $ captures (RegexPathWithCapture),"
                            + " not \"/x\\x0arewrite ^ http://evil\"");
        }

        private Cluster withBadValues() {
            return Cluster.ofManifests().add(TestIngress.named("bad").nginx("use-regex", "yes")
                    .nginx("app-root", "app1").nginx("rewrite-target", "/x\nrewrite ^ http://evil")
                    .rule("a.com", p -> p.prefix("/", "web")));
        }
    }
}
