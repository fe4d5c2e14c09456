package dev.ingresslab.convert;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The requests a conversion is checked with. */
class ProbeRequestsTest {

    private static RouteTable table(String... files) throws Exception {
        var input = new ManifestLoader().load(List.of(files)).toInput();
        return new IngressTranslator(TranslatorSettings.defaults()).translate(input).table();
    }

    private static List<String> urls(List<SimpleRequest> requests) {
        return requests.stream().map(r -> r.scheme() + "://" + r.authority() + r.target()).toList();
    }

    @Test
    void thePathIngressIsProbedAroundEachPrefixAndOnAnUnknownHost() throws Exception {
        List<SimpleRequest> requests = ProbeRequests.of(table("../samples/ch8/services.yaml",
                "../samples/ch8/path-ingress.yaml"));
        assertThat(urls(requests)).contains("http://bandicoot.example.com/a", "http://bandicoot.example.com/a/",
                "http://bandicoot.example.com/ax", "http://bandicoot.example.com/a/b",
                "http://bandicoot.example.com/a/b?q=1", "http://bandicoot.example.com/no-such-path",
                "http://bandicoot.example.com/no-such-path/", "http://unknown-host.example/a/b");
        assertThat(urls(requests)).doesNotHaveDuplicates().noneMatch(url -> url.startsWith("https:"));
    }

    @Test
    void tlsHostsAreProbedOverHttpsToo() throws Exception {
        List<SimpleRequest> requests = ProbeRequests.of(table("../samples/ch8/services.yaml",
                "../samples/ch8/tls-ingress.yaml"));
        assertThat(urls(requests)).contains("http://alpaca.example.com/x", "https://alpaca.example.com/x")
                .doesNotContain("https://unknown-host.example/");
    }

    @Test
    void edgesOfEachPathKind() {
        assertThat(ProbeRequests.edges(PathMatch.prefix("/a/"))).containsExactly("/a", "/a/", "/ax", "/a/b",
                "/a/b?q=1");
        assertThat(ProbeRequests.edges(PathMatch.exact("/exact"))).contains("/exact", "/exact/", "/exactx");
        assertThat(ProbeRequests.edges(PathMatch.prefix("/"))).containsExactly("/", "/x");
        assertThat(ProbeRequests.edges(PathMatch.regex("/sub-path(/|$)(.*)", dev.ingresslab.route.PathType.PREFIX,
                PathMatch.compileRegex("/sub-path(/|$)(.*)")))).contains("/sub-path", "/sub-path/b",
                "/SUB-PATH/b");
    }

    @Test
    void aWildcardHostIsProbedOneLabelTwoLabelsAndBare() {
        assertThat(ProbeRequests.hostsFor("*.example.com")).containsExactly("one.example.com", "a.b.example.com",
                "example.com");
        assertThat(ProbeRequests.hostsFor("a.example.com")).containsExactly("a.example.com");
    }

    @Test
    void canaryHeadersAndCookiesAreProbed() throws Exception {
        var input = new ManifestLoader().loadText("t.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: main}
                spec:
                  rules:
                  - host: shop.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: canary
                  annotations:
                    nginx.ingress.kubernetes.io/canary: "true"
                    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
                    nginx.ingress.kubernetes.io/canary-by-cookie: beta
                spec:
                  rules:
                  - host: shop.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}]}
                """).toInput();
        RouteTable table = new IngressTranslator(TranslatorSettings.defaults()).translate(input).table();
        List<SimpleRequest> requests = ProbeRequests.of(table);
        assertThat(requests).extracting(r -> r.header("X-Canary")).contains("always", "never", "other");
        assertThat(requests).extracting(r -> r.cookie("beta")).contains("always", "never");
    }
}
