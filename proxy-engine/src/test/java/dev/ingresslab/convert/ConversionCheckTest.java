package dev.ingresslab.convert;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversions verified by behaviour: the Ingresses and the converted objects, each compiled by the proxy's own route
 * compiler, explain the generated requests, and the differences are exactly the ones the conversion lists.
 */
class ConversionCheckTest {

    private static final TranslatorSettings SETTINGS = TranslatorSettings.defaults();

    private static BehaviourCheck.Verification verify(TranslationInput input) {
        GatewayConversion conversion = new IngressToGateway(SETTINGS).convert(input);
        return ConversionCheck.verify(input, SETTINGS, conversion, new RouteCompilerGateway());
    }

    private static BehaviourCheck.Verification verifyFiles(String... files) throws Exception {
        return verify(new ManifestLoader().load(List.of(files)).toInput());
    }

    private static BehaviourCheck.Verification verifyText(String yaml) throws Exception {
        return verify(new ManifestLoader().loadText("t.yaml", yaml).toInput());
    }

    private static List<String> differing(BehaviourCheck.Verification verification) {
        return verification.differences().stream().map(d -> d.request().scheme() + "://" + d.request().authority()
                + d.request().target()).toList();
    }

    private static String ingress(String name, String annotations, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name + "\n"
                + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations.indent(4)) + "spec:\n"
                + spec.indent(2) + "---\n";
    }

    private static String rule(String host, String path, String type, String service) {
        return "rules:\n- host: " + host + "\n  http:\n    paths:\n    - path: " + path + "\n      pathType: " + type
                + "\n      backend: {service: {name: " + service + ", port: {number: 8080}}}\n";
    }

    private static final String WEB_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {ports: [{name: http, port: 8080}]}
            ---
            """;

    @Test
    void aNamedServicePortAndTheNumberItNamesAreTheSameBackend() throws Exception {
        BehaviourCheck.Verification verification = verifyText(WEB_SERVICE + ingress("web", "", """
                rules:
                - host: web.example.com
                  http:
                    paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
                """));
        assertThat(verification.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
        assertThat(verification.requests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void forceSslRedirectRedirectsTheHostsPathMissesOnTheGatewayToo() throws Exception {
        BehaviourCheck.Verification verification = verifyText(WEB_SERVICE + ingress("web",
                "nginx.ingress.kubernetes.io/force-ssl-redirect: \"true\"\n"
                        + "nginx.ingress.kubernetes.io/preserve-trailing-slash: \"true\"", """
                rules:
                - host: web.example.com
                  http:
                    paths:
                    - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
                """));
        assertThat(verification.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
        assertThat(verification.requests()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theChaptersThreeIngressesVerifyEquivalentAloneAndTogether() throws Exception {
        for (String sample : List.of("simple-ingress.yaml", "host-ingress.yaml", "path-ingress.yaml")) {
            BehaviourCheck.Verification verification = verifyFiles("../samples/ch8/services.yaml",
                    "../samples/ch8/" + sample);
            assertThat(verification.differences()).as(sample).isEmpty();
            assertThat(verification.requests()).as(sample).isGreaterThanOrEqualTo(3);
        }
        BehaviourCheck.Verification together = verifyFiles("../samples/ch8/services.yaml",
                "../samples/ch8/simple-ingress.yaml", "../samples/ch8/host-ingress.yaml",
                "../samples/ch8/path-ingress.yaml");
        assertThat(together.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
        assertThat(together.requests()).isGreaterThan(20);
    }

    @Test
    void theRewriteSampleDiffersOnlyInCaseWhichTheConversionLists() throws Exception {
        BehaviourCheck.Verification verification = verifyFiles("../samples/ch8/services.yaml",
                "../samples/ch8/rewrite-ingress.yaml");
        assertThat(differing(verification)).containsExactly("http://rewrite.example.com/SUB-PATH/b");
        BehaviourCheck.Difference difference = verification.differences().get(0);
        assertThat(difference.ingress().target()).isEqualTo("/app-path/b");
        assertThat(difference.gateway().status()).isEqualTo(404);
    }

    @Test
    void aStripPrefixRewriteKeepsTheBarePathsTrailingSlash() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("strip", """
                nginx.ingress.kubernetes.io/rewrite-target: /new/$2
                """, rule("api.example.com", "/old(/|$)(.*)", "ImplementationSpecific", "alpaca")));
        assertThat(differing(verification)).containsExactly("http://api.example.com/OLD/b");
    }

    @Test
    void aCanaryByWeightAndHeaderVerifiesEquivalent() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("main", "", rule("shop.example.com", "/",
                "Prefix", "alpaca")) + ingress("canary", """
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-weight: "30"
                nginx.ingress.kubernetes.io/canary-by-header: X-Canary
                """, rule("shop.example.com", "/", "Prefix", "bandicoot")));
        assertThat(verification.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
    }

    @Test
    void aCanaryByCookieCannotBeExpressedAndShowsTheDifference() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("main", "", rule("shop.example.com", "/",
                "Prefix", "alpaca")) + ingress("canary", """
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-by-cookie: beta
                """, rule("shop.example.com", "/", "Prefix", "bandicoot")));
        assertThat(verification.differences()).singleElement().satisfies(d -> {
            assertThat(d.request().cookie("beta")).isEqualTo("always");
            assertThat(d.ingress().backends()).containsOnlyKeys("default/bandicoot:8080");
            assertThat(d.gateway().backends()).containsOnlyKeys("default/alpaca:8080");
        });
    }

    @Test
    void sslRedirectVerifiesExceptTheTrailingSlashIngressNginxDrops() throws Exception {
        String tls = """
                tls:
                - hosts: [alpaca.example.com]
                  secretName: alpaca-tls
                """ + rule("alpaca.example.com", "/", "Prefix", "alpaca");
        BehaviourCheck.Verification dropped = verifyText(ingress("secure", "", tls));
        assertThat(differing(dropped)).containsExactly("http://alpaca.example.com/no-such-path/");
        assertThat(dropped.differences().get(0).ingress().location())
                .isEqualTo("https://alpaca.example.com/no-such-path");
        assertThat(dropped.differences().get(0).gateway().location())
                .isEqualTo("https://alpaca.example.com/no-such-path/");

        BehaviourCheck.Verification preserved = verifyText(ingress("secure", """
                nginx.ingress.kubernetes.io/preserve-trailing-slash: "true"
                """, tls));
        assertThat(preserved.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
        assertThat(preserved.requests()).isGreaterThan(10);
    }

    @Test
    void useRegexPathsVerifyEquivalentCaseInsensitivityIncluded() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("regex", """
                nginx.ingress.kubernetes.io/use-regex: "true"
                """, rule("api.example.com", "/v[0-9]+/items", "ImplementationSpecific", "alpaca")
                + "    - path: /\n      pathType: Prefix\n      backend: {service: {name: bandicoot, port: {number:"
                + " 8080}}}\n"));
        assertThat(verification.differences()).extracting(BehaviourCheck.Difference::display).isEmpty();
    }

    @Test
    void whatCannotBeExpressedShowsAsDifferences() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("narrow", "", rule("a.example.com", "/a",
                "Prefix", "alpaca")) + ingress("wild", "", rule("\"*.example.org\"", "/", "Prefix", "alpaca"))
                + ingress("everything", "", "defaultBackend: {service: {name: bandicoot, port: {number: 8080}}}\n"));
        assertThat(differing(verification)).contains("http://a.example.com/", "http://a.example.com/no-such-path",
                "http://a.b.example.org/").doesNotContain("http://a.example.com/a/b", "http://one.example.org/");
        BehaviourCheck.Difference miss = verification.differences().stream()
                .filter(d -> d.request().authority().equals("a.example.com")
                        && d.request().target().equals("/no-such-path")).findFirst().orElseThrow();
        assertThat(miss.ingress().status()).isEqualTo(404);
        assertThat(miss.gateway().backends()).containsOnlyKeys("default/bandicoot:8080");
    }

    @Test
    void aRewriteWithCapturesShowsTheTargetsThatDiffer() throws Exception {
        BehaviourCheck.Verification verification = verifyText(ingress("cap", """
                nginx.ingress.kubernetes.io/rewrite-target: /v2/$1
                """, rule("api.example.com", "/v1/(.*)", "ImplementationSpecific", "alpaca")));
        assertThat(verification.differences()).anySatisfy(d -> {
            assertThat(d.request().target()).isEqualTo("/v1/b");
            assertThat(d.ingress().target()).isEqualTo("/v2/b");
            assertThat(d.gateway().target()).isEqualTo("/v1/b");
        });
    }
}
