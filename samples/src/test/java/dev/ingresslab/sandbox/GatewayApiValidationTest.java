package dev.ingresslab.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of the Gateway API CRDs' schemas the sandbox checks, broken once, with the field and the words of the API
 * server's message; and the samples, which break none.
 */
class GatewayApiValidationTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "GatewayClass|{}|spec: Required value",
        "GatewayClass|{spec: {}}|spec.controllerName: Required value",
        "Gateway|{spec: {listeners: [{name: http, protocol: HTTP, port: 80}]}}|spec.gatewayClassName: Required value",
        "Gateway|{spec: {gatewayClassName: c}}|spec.listeners: Required value",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{protocol: HTTP, port: 80}]}}|spec.listeners[0].name: Required value",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTP, port: 70000}]}}|spec.listeners[0].port: Invalid value: 70000: spec.listeners[0].port in body should be less than or equal to 65535",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: Any}}}]}}|spec.listeners[0].allowedRoutes.namespaces.from: Unsupported value: \"Any\": supported values: \"All\", \"Selector\", \"Same\"",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTP, port: 80, tls: {mode: Terminate}}]}}|spec.listeners: Invalid value: \"array\": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTPS, port: 443}]}}|spec.listeners: Invalid value: \"array\": tls mode must be set for protocols ['HTTPS', 'TLS']",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTPS, port: 443, tls: {mode: Both}}]}}|spec.listeners[0].tls.mode: Unsupported value: \"Both\": supported values: \"Terminate\", \"Passthrough\"",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTP, port: 80}, {name: a, protocol: HTTP, port: 8080}]}}|spec.listeners: Invalid value: \"array\": Listener name must be unique within the Gateway",
        "Gateway|{spec: {gatewayClassName: c, listeners: [{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 80}]}}|spec.listeners: Invalid value: \"array\": Combination of port, protocol and hostname must be unique for each listener",
        "HTTPRoute|{spec: {parentRefs: [{sectionName: http}]}}|spec.parentRefs[0].name: Required value",
        "HTTPRoute|{spec: {parentRefs: [{name: g, port: 0}]}}|spec.parentRefs[0].port: Invalid value: 0: spec.parentRefs[0].port in body should be greater than or equal to 1",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {type: Prefix, value: /}}]}]}}|spec.rules[0].matches[0].path.type: Unsupported value: \"Prefix\": supported values: \"Exact\", \"PathPrefix\", \"RegularExpression\"",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: a}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: /a//b}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not contain '//' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {type: Exact, value: /a/./b}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not contain '/./' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: /a/../b}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not contain '/../' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: /a%2Fb}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not contain '%2F' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: /a#b}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not contain '#' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{path: {value: /a/..}}]}]}}|spec.rules[0].matches[0].path: Invalid value: \"object\": must not end with '/..' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute|{spec: {rules: [{matches: [{headers: [{name: x}]}]}]}}|spec.rules[0].matches[0].headers[0].value: Required value",
        "HTTPRoute|{spec: {rules: [{matches: [{queryParams: [{name: x, value: y, type: Prefix}]}]}]}}|spec.rules[0].matches[0].queryParams[0].type: Unsupported value: \"Prefix\": supported values: \"Exact\", \"RegularExpression\"",
        "HTTPRoute|{spec: {rules: [{matches: [{method: get}]}]}}|spec.rules[0].matches[0].method: Unsupported value: \"get\": supported values: \"GET\", \"HEAD\", \"POST\", \"PUT\", \"DELETE\", \"CONNECT\", \"OPTIONS\", \"TRACE\", \"PATCH\"",
        "HTTPRoute|{spec: {rules: [{filters: [{type: Rewrite}]}]}}|spec.rules[0].filters[0].type: Unsupported value: \"Rewrite\": supported values: \"RequestHeaderModifier\", \"ResponseHeaderModifier\", \"RequestMirror\", \"RequestRedirect\", \"URLRewrite\", \"ExtensionRef\"",
        "HTTPRoute|{spec: {rules: [{filters: [{type: URLRewrite}]}]}}|spec.rules[0].filters[0]: Invalid value: \"object\": filter.urlRewrite must be specified for URLRewrite filter.type",
        "HTTPRoute|{spec: {rules: [{filters: [{type: RequestRedirect, requestRedirect: {}, urlRewrite: {}}]}]}}|spec.rules[0].filters[0]: Invalid value: \"object\": filter.urlRewrite must be nil if the filter.type is not URLRewrite",
        "HTTPRoute|{spec: {rules: [{filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304}}]}]}}|spec.rules[0].filters[0].requestRedirect.statusCode: Unsupported value: 304: supported values: \"301\", \"302\", \"303\", \"307\", \"308\"",
        "HTTPRoute|{spec: {rules: [{filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp}}]}]}}|spec.rules[0].filters[0].requestRedirect.scheme: Unsupported value: \"ftp\": supported values: \"http\", \"https\"",
        "HTTPRoute|{spec: {rules: [{filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefix}}}]}]}}|spec.rules[0].filters[0].urlRewrite.path.type: Unsupported value: \"ReplacePrefix\": supported values: \"ReplaceFullPath\", \"ReplacePrefixMatch\"",
        "HTTPRoute|{spec: {rules: [{filters: [{type: RequestRedirect, requestRedirect: {}}], backendRefs: [{name: a, port: 80}]}]}}|spec.rules[0]: Invalid value: \"object\": RequestRedirect filter must not be used together with backendRefs",
        "HTTPRoute|{spec: {rules: [{backendRefs: [{name: a}]}]}}|spec.rules[0].backendRefs[0]: Invalid value: \"object\": Must have port for Service reference",
        "HTTPRoute|{spec: {rules: [{backendRefs: [{port: 80}]}]}}|spec.rules[0].backendRefs[0].name: Required value",
        "HTTPRoute|{spec: {rules: [{backendRefs: [{name: a, port: 80, weight: -1}]}]}}|spec.rules[0].backendRefs[0].weight: Invalid value: -1: spec.rules[0].backendRefs[0].weight in body should be greater than or equal to 0",
        "ReferenceGrant|{spec: {to: [{group: '', kind: Service}]}}|spec.from: Required value",
        "ReferenceGrant|{spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute}], to: [{group: '', kind: Service}]}}|spec.from[0].namespace: Required value",
        "ReferenceGrant|{spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a}], to: [{kind: Service}]}}|spec.to[0].group: Required value",
    })
    void eachBrokenRuleIsRefusedWithTheApiServersWords(String kind, String object, String expected) throws Exception {
        List<String> refused = GatewayApiValidation.validate(kind, YAML.readTree(object)).stream()
                .map(finding -> finding.violation().display()).toList();
        assertThat(refused).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"gateway/gateway.yaml", "gateway/host-route.yaml", "gateway/path-route.yaml"})
    void theSamplesBreakNoRule(String file) throws Exception {
        try (var parser = YAML.createParser(java.nio.file.Path.of(file).toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                assertThat(GatewayApiValidation.validate(document.path("kind").asString(), document))
                        .as(file + " " + document.path("metadata").path("name").asString()).isEmpty();
            }
        }
    }
}
