package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Requests and Ingresses written to break a proxy (ingress-semantics.md §8). */
class HostileInputTest {

    private final Cluster guarded = Cluster.ofManifests().add(TestIngress.named("site")
            .rule("a.com", p -> p.prefix("/", "public").prefix("/public", "public").prefix("/admin", "admin")));

    @ParameterizedTest(name = "{0} is decided as /admin")
    @ValueSource(strings = {"/public/../admin", "/public/%2e%2e/admin", "/public/%2E%2e/admin", "//admin",
            "/%61dmin", "/public/./../admin/", "/public//..//admin"})
    void aPathCannotBeRoutedByOneRuleAndResolvedToAnother(String target) {
        Decision decision = guarded.on("http://a.com" + target);

        assertThat(servedBy(decision)).isEqualTo("admin");
        assertThat(decision.upstreamPath()).startsWith("/admin");
        assertThat(decision.notes()).anySatisfy(n -> assertThat(n).contains("was normalised to /admin"));
    }

    @Test
    void anEncodedSlashStaysOneSegment() {
        Decision decision = guarded.on("http://a.com/public/..%2fadmin");

        assertThat(servedBy(decision)).isEqualTo("public");
        assertThat(decision.upstreamPath()).isEqualTo("/public/..%2Fadmin");
    }

    @ParameterizedTest(name = "{0} is a 400")
    @ValueSource(strings = {"/../admin", "/a/%2e%2e/%2e%2e/admin", "/bad%zzescape"})
    void pathsThatClimbOrAreMalformedAreBadRequests(String target) {
        Decision decision = guarded.on("http://a.com" + target);

        assertThat(decision.outcome()).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(decision.status()).isEqualTo(400);
    }

    @Test
    void aHostHeaderThatIsNoHostIsABadRequest() {
        Decision decision = guarded.on("GET", "http://a.com/", Map.of("Host", List.of("a.com\r\nX-Evil: 1")));

        assertThat(decision.outcome()).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(decision.reason()).contains("\\x0d\\x0a").doesNotContain("\r");
    }

    @Test
    void aRegexThatBacktrackingEnginesTakeExponentialTimeOnIsLinearHere() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("redos").nginx("use-regex", "true")
                .rule("a.com", p -> p.implementationSpecific("/(a+)+$", "slow").implementationSpecific("/(x|x)*y", "x")
                        .implementationSpecific("/", "root")));
        var table = cluster.translate().table();
        String attack = "/" + "a".repeat(5_000) + "!";
        String attack2 = "/" + "x".repeat(5_000);

        // A hang guard, not a speed measurement: java.util.regex would not finish these within the age of the universe.
        Decision decision = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                table.match(SimpleRequest.get("http://a.com" + attack), new java.util.Random(1)));
        Decision decision2 = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                table.match(SimpleRequest.get("http://a.com" + attack2), new java.util.Random(1)));

        assertThat(servedBy(decision)).isEqualTo("root");
        assertThat(servedBy(decision2)).isEqualTo("root");
    }

    @Test
    void configurationLikeCharactersInImplementationSpecificPathsAreMatchedLiterally() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("weird")
                .rule("a.com", p -> p.implementationSpecific("/x;}location/{", "weird")
                        .implementationSpecific("/q\"uote", "quote")
                        .implementationSpecific("/new\nline { return 200; }", "newline")
                        .implementationSpecific("/", "root")));

        assertThat(servedBy(cluster.on("http://a.com/x;}location/{"))).isEqualTo("weird");
        assertThat(servedBy(cluster.on("http://a.com/x;"))).isEqualTo("root");
        assertThat(servedBy(cluster.on("http://a.com/q\"uote/more"))).isEqualTo("quote");
        assertThat(servedBy(cluster.on("http://a.com/new"))).isEqualTo("root");
        assertThat(cluster.translate().diagnostics()).isEmpty();
    }

    @Test
    void anInvalidIngressIsSkippedWithoutDisturbingTheOthers() {
        var broken = TestIngress.named("broken").rule("Not A Host", p -> p.prefix("/", "x")).build();
        var noType = TestIngress.named("no-type").rule("b.com", p -> p.path(null, "/", "x")).build();
        Cluster cluster = Cluster.ofManifests().add(broken, noType)
                .add(TestIngress.named("fine").rule("a.com", p -> p.prefix("/", "fine")));

        assertThat(servedBy(cluster.on("http://a.com/"))).isEqualTo("fine");
        assertThat(cluster.on("http://b.com/").trace()).anySatisfy(e ->
                assertThat(e.reason()).contains("the API server would refuse it").contains("pathType"));
        assertThat(cluster.translate().diagnosticsOf("default", "broken")).singleElement()
                .satisfies(d -> assertThat(d.field()).isEqualTo("spec.rules[0].host"));
    }

    @Test
    void tenThousandRulesOnOneHostStillAnswerFromTheIndex() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("many").rule("a.com", p -> {
            for (int i = 0; i < 10_000; i++) {
                p.prefix("/p" + i, "s" + (i % 7));
            }
        }));

        assertThat(servedBy(cluster.on("http://a.com/p9999/x"))).isEqualTo("s" + (9999 % 7));
        assertThat(servedBy(cluster.on("http://a.com/p99999"))).isEqualTo("404");
    }
}
