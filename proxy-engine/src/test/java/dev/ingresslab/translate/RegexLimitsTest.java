package dev.ingresslab.translate;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Ingress may ask the proxy for unbounded regex work (issue #11 §2): a path regex RE2 would refuse is disabled
 * with a diagnostic, and a host's regexes together may cost one request at most {@link RegexBudget}'s steps.
 */
class RegexLimitsTest {

    @Test
    void theIssuesPatternsAreRefusedAndTheOtherPathsStillServe() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("nested").nginx("use-regex", "true")
                .rule("a.com", p -> p.implementationSpecific("/(?:(?:a{1,100}){1,100}){1,100}x", "stall")
                        .implementationSpecific("/(?:(?:a{1,1000}){1,1000}){1,1000}", "explode")
                        .implementationSpecific("/ok/[0-9]+", "ok")
                        .implementationSpecific("/", "root")));

        Translation translation = cluster.translate();

        assertThat(translation.diagnosticsOf("default", "nested")).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo("RegexTooComplex");
            assertThat(d.message()).contains("bad repetition operator").contains("this path is disabled")
                    .contains("use + or *");
        });
        assertThat(translation.diagnosticsOf("default", "nested")).extracting(Diagnostic::field)
                .containsExactly("spec.rules[0].http.paths[0].path", "spec.rules[0].http.paths[1].path");
        assertThat(servedBy(cluster.on("http://a.com/ok/42"))).isEqualTo("ok");
        assertThat(servedBy(cluster.on("http://a.com/" + "a".repeat(10_000) + "x"))).isEqualTo("root");
    }

    @Test
    void aRefusedPathIsShownShortInItsDiagnostic() {
        String huge = "/" + "(".repeat(50_000) + "a" + ")".repeat(50_000);
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("deep").nginx("use-regex", "true")
                .rule("a.com", p -> p.implementationSpecific(huge, "deep").implementationSpecific("/", "root")));

        Diagnostic diagnostic = cluster.translate().diagnosticsOf("default", "deep").get(0);

        assertThat(diagnostic.message()).contains("expression nests too deeply").contains("…").hasSizeLessThan(1000);
        assertThat(servedBy(cluster.on("http://a.com/a"))).isEqualTo("root");
    }

    @Test
    void aHostsRegexesTogetherMayNotExceedTheBudgetAndTheOldestIngressKeepsItsPaths() {
        // ".*a" is 3 instructions: 50 of them make a path of about 156, so two such paths do not fit in 256
        String heavy = "/" + ".*a".repeat(50);
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("older").createdAt(1).nginx("use-regex", "true")
                        .rule("a.com", p -> p.implementationSpecific(heavy + "x", "older")))
                .add(TestIngress.named("newer").createdAt(2).nginx("use-regex", "true")
                        .rule("a.com", p -> p.implementationSpecific(heavy + "y", "newer")
                                .implementationSpecific("/", "root")));

        Translation translation = cluster.translate();

        assertThat(translation.diagnosticsOf("default", "older")).isEmpty();
        assertThat(translation.diagnosticsOf("default", "newer")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("RegexBudgetExceeded");
            assertThat(d.field()).isEqualTo("spec.rules[0].http.paths[0].path");
            assertThat(d.message()).contains("host a.com").contains("a host may have 256")
                    .contains("2097152 regex steps").contains("8192 characters").contains("the paths of the Ingresses taken first (oldest first");
        });
        assertThat(servedBy(cluster.on("http://a.com/" + "a".repeat(50) + "x"))).isEqualTo("older");
        assertThat(servedBy(cluster.on("http://a.com/" + "a".repeat(50) + "y"))).isEqualTo("root");
    }

    @Test
    void manyModerateRegexesOnOneHostAreCutAtTheBudgetWhileOtherHostsKeepTheirOwn() {
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("many").nginx("use-regex", "true")
                .rule("a.com", p -> {
                    for (int i = 0; i < 100; i++) {
                        p.implementationSpecific("/service-" + i + "(/|$)(.*)", "s" + i);
                    }
                })
                .rule("b.com", p -> p.implementationSpecific("/service-99(/|$)(.*)", "b99")));

        Translation translation = cluster.translate();

        List<Diagnostic> dropped = translation.diagnosticsOf("default", "many");
        assertThat(dropped).isNotEmpty().allSatisfy(d -> assertThat(d.reason()).isEqualTo("RegexBudgetExceeded"));
        int kept = 100 - dropped.size();
        assertThat(kept).isBetween(5, 15);
        assertThat(servedBy(cluster.on("http://a.com/service-0/x"))).isEqualTo("s0");
        assertThat(servedBy(cluster.on("http://a.com/service-" + (kept - 1) + "/x"))).isEqualTo("s" + (kept - 1));
        assertThat(servedBy(cluster.on("http://a.com/service-99/x"))).isEqualTo("404");
        assertThat(servedBy(cluster.on("http://b.com/service-99/x"))).isEqualTo("b99");
    }

    @Test
    void aRewriteTargetCountsItsRegexTwiceForTheGroups() {
        String heavy = "/" + ".*a".repeat(50) + "(.*)"; // about 158 instructions: once it fits, twice not
        Cluster plain = Cluster.ofManifests().add(TestIngress.named("plain").nginx("use-regex", "true")
                .rule("a.com", p -> p.implementationSpecific(heavy, "plain")));
        Cluster rewriting = Cluster.ofManifests().add(TestIngress.named("rewriting").nginx("rewrite-target", "/$1")
                .rule("a.com", p -> p.implementationSpecific(heavy, "rewriting")));

        assertThat(plain.translate().diagnostics()).isEmpty();
        assertThat(rewriting.translate().diagnostics()).singleElement().satisfies(d ->
                assertThat(d.message()).contains("counted twice"));
    }

    @Test
    void theSamePathTwiceOnAHostIsOneRegex() {
        String heavy = "/" + ".*a".repeat(50) + "x";
        Cluster cluster = Cluster.ofManifests()
                .add(TestIngress.named("first").createdAt(1).nginx("use-regex", "true")
                        .rule("a.com", p -> p.implementationSpecific(heavy, "first")))
                .add(TestIngress.named("second").createdAt(2).nginx("use-regex", "true")
                        .rule("a.com", p -> p.implementationSpecific(heavy, "second")));

        Translation translation = cluster.translate();

        assertThat(translation.diagnostics()).extracting(Diagnostic::reason).containsExactly("RouteConflict");
    }

    @Test
    void anInvalidRegexDoesNotUseTheBudget() {
        String heavy = "/" + ".*a".repeat(50);
        Cluster cluster = Cluster.ofManifests().add(TestIngress.named("mixed").nginx("use-regex", "true")
                .rule("a.com", p -> p.implementationSpecific(heavy + "(", "broken")
                        .implementationSpecific(heavy + "x", "fine")));

        assertThat(cluster.translate().diagnostics()).extracting(Diagnostic::reason).containsExactly("InvalidRegex");
        assertThat(servedBy(cluster.on("http://a.com/" + "a".repeat(50) + "x"))).isEqualTo("fine");
    }

    @Test
    void theBudgetsPathLengthIsTheLongestRequestTargetTheProxyAccepts() {
        assertThat(RegexBudget.MAX_PATH_CHARS).isEqualTo(ProxySettings.MAX_REQUEST_TARGET_BYTES).isEqualTo(8192);
        assertThat(RegexBudget.STEPS_PER_REQUEST).isEqualTo(1L << 21);
        assertThat(RegexBudget.HOST_LIMIT).isEqualTo(256);
    }
}
