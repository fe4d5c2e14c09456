package dev.ingresslab.translate;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.route.RouteTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad HTTPRoute or Gateway input becomes a diagnostic at its field that says what to do, never an exception,
 * and the rule it spoils is not served (ingress-semantics.md §9.1, §9.5; Gateway API v1 validation).
 */
class HttpRouteBadInputTest {

    /** One rule per row: its YAML, the field the diagnostic names, a word of its message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            path with //              | {matches: [{path: {type: PathPrefix, value: /a//b}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].matches[0].path.value | must not contain //
            path with /./             | {matches: [{path: {type: Exact, value: /a/./b}}], backendRefs: [{name: s, port: 80}]}     | spec.rules[0].matches[0].path.value | must not contain /./
            path with %2F             | {matches: [{path: {type: Exact, value: /a%2Fb}}], backendRefs: [{name: s, port: 80}]}     | spec.rules[0].matches[0].path.value | must not contain %2F
            path ending in /..        | {matches: [{path: {type: Exact, value: /a/..}}], backendRefs: [{name: s, port: 80}]}      | spec.rules[0].matches[0].path.value | must not end in
            path without leading /    | {matches: [{path: {type: Exact, value: a}}], backendRefs: [{name: s, port: 80}]}          | spec.rules[0].matches[0].path.value | must start with /
            invalid regex             | {matches: [{path: {type: RegularExpression, value: '/a(('}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].matches[0].path.value | regular expression /a((
            regex too large           | {matches: [{path: {type: RegularExpression, value: '(a{1,1000}){1,1000}'}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].matches[0].path.value | regular expression
            invalid header regex      | {matches: [{headers: [{name: x, type: RegularExpression, value: '(('}]}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].matches[0].headers[0].value | regular expression ((
            unknown path type         | {matches: [{path: {type: Prefix, value: /a}}], backendRefs: [{name: s, port: 80}]}       | spec.rules[0].matches[0].path.type | PathPrefix
            ReplacePrefixMatch on Exact | {matches: [{path: {type: Exact, value: /a}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].urlRewrite.path | exactly one match
            redirect with backends    | {filters: [{type: RequestRedirect, requestRedirect: {hostname: b.example}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0] | no backendRefs
            redirect and rewrite      | {filters: [{type: RequestRedirect, requestRedirect: {hostname: b.example}}, {type: URLRewrite, urlRewrite: {hostname: c.example}}]} | spec.rules[0].filters | cannot be combined
            bad redirect status       | {filters: [{type: RequestRedirect, requestRedirect: {statusCode: 305}}]}                   | spec.rules[0].filters[0].requestRedirect.statusCode | 301, 302
            one action per header     | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: '1'}], remove: [x-a]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | one action per header name
            filter twice              | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {remove: [a]}}, {type: RequestHeaderModifier, requestHeaderModifier: {remove: [b]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[1].type | appears twice
            header value with CR LF   | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: "1\\r\\nX-Injected: 2"}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | line break
            header name not a token   | {filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: "X A", value: '1'}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].responseHeaderModifier | not an HTTP field name
            redirect hostname not DNS | {filters: [{type: RequestRedirect, requestRedirect: {hostname: "evil.example/x"}}]} | spec.rules[0].filters[0].requestRedirect.hostname | not a DNS name
            rewrite hostname not DNS  | {filters: [{type: URLRewrite, urlRewrite: {hostname: "a.example\\r\\nX: y"}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].urlRewrite.hostname | not a DNS name
            redirect port out of range | {filters: [{type: RequestRedirect, requestRedirect: {port: 70000}}]}                   | spec.rules[0].filters[0].requestRedirect.port | 1 to 65535
            rewrite path with space   | {filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: "/a b"}}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].urlRewrite.path | visible ASCII
            empty ReplaceFullPath     | {filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: ""}}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].urlRewrite.path | must start with /
            negative weight           | {backendRefs: [{name: s, port: 80, weight: -1}]}                                           | spec.rules[0].backendRefs[0].weight | 0 or more
            set X-Forwarded-For       | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Forwarded-For, value: 10.0.0.1}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | header X-Forwarded-For is written by the proxy
            add X-Forwarded-Prefix    | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-forwarded-prefix, value: /a}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | cannot add it
            remove X-Request-Id       | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {remove: [X-Request-Id]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | cannot remove it
            set Forwarded             | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Forwarded, value: for=x}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | forwarding headers
            remove Host               | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {remove: [Host]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | Host can only be set
            add Host                  | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: host, value: b.example}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | exactly one Host
            set Content-Length        | {filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Content-Length, value: '5'}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].requestHeaderModifier | frames the message
            response Transfer-Encoding | {filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: Transfer-Encoding, value: chunked}]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].responseHeaderModifier | frames the message
            response Connection       | {filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {remove: [Connection]}}], backendRefs: [{name: s, port: 80}]} | spec.rules[0].filters[0].responseHeaderModifier | one connection
            """)
    void badRuleIsReportedAndNotServed(String row, String rule, String field, String words) {
        Translation translation = HttpRouteMatchingTest.compile(HttpRouteMatchingTest.GATEWAY
                + HttpRouteMatchingTest.route("r", "", "[a.example]", "- " + rule));
        assertThat(translation.diagnosticsOf("default", "r")).as(row)
                .anySatisfy(d -> {
                    assertThat(d.field()).isEqualTo(field);
                    assertThat(d.message()).contains(words).contains("is not served");
                });
        RouteTable table = translation.table();
        assertThat(table.allRoutes()).as("the rule is left out").isEmpty();
    }

    @Test
    void listenerProblems() {
        String yaml = GatewayFixtures.labGateway(
                "{name: one, protocol: HTTP, port: 80, hostname: a.example}",
                "{name: two, protocol: HTTP, port: 8080, hostname: a.example}",
                "{name: tls, protocol: HTTPS, port: 443}",
                "{name: pass, protocol: HTTPS, port: 443, hostname: p.example, tls: {mode: Passthrough}}",
                "{name: cross, protocol: HTTPS, port: 443, hostname: c.example, tls: {certificateRefs: [{name: cert,"
                        + " namespace: vault}]}}",
                "{name: kinds, protocol: HTTP, port: 80, hostname: k.example, allowedRoutes: {kinds: [{kind:"
                        + " TCPRoute}]}}");
        GatewayApiResults.GatewayResult web = HttpRouteMatchingTest.compile(yaml).gatewayApi()
                .gateway("default", "web").orElseThrow();
        assertThat(condition(web, "one", "Conflicted").reason()).isEqualTo("HostnameConflict");
        assertThat(condition(web, "two", "Programmed").status()).isFalse();
        assertThat(condition(web, "tls", "ResolvedRefs").reason()).isEqualTo("InvalidCertificateRef");
        assertThat(condition(web, "tls", "ResolvedRefs").message()).contains("certificateRefs");
        assertThat(condition(web, "pass", "Accepted").message()).contains("Passthrough");
        assertThat(condition(web, "cross", "ResolvedRefs").reason()).isEqualTo("RefNotPermitted");
        assertThat(condition(web, "kinds", "ResolvedRefs").reason()).isEqualTo("InvalidRouteKinds");
        assertThat(web.listener("kinds").orElseThrow().supportedKinds()).isEmpty();
        assertThat(web.programmed().status()).as("no listener is served").isFalse();
    }

    @Test
    void httpsListenerWithoutAnHttpsPortIsNotServed() {
        String yaml = GatewayFixtures.labGateway(
                "{name: tls, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: cert}]}}");
        var reading = new dev.ingresslab.manifest.ManifestLoader(new java.io.ByteArrayInputStream(new byte[0]))
                .readText("gw.yaml", yaml);
        GatewayApiResults.GatewayResult web = RouteCompiler.standard(TranslatorSettings.defaults().withoutHttps())
                .compile(reading.set().toInput()).gatewayApi().gateway("default", "web").orElseThrow();
        assertThat(condition(web, "tls", "Accepted").reason()).isEqualTo("PortUnavailable");
        assertThat(condition(web, "tls", "Accepted").message()).contains("--https-port");
    }

    private static GatewayCondition condition(GatewayApiResults.GatewayResult gateway, String listener, String type) {
        return gateway.listener(listener).orElseThrow().condition(type).orElseThrow();
    }
}
