package dev.ingresslab.core.hosts;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.ServeFixtures;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * #15 §6, §8: the names the served Ingresses need, from the route table compiled from real manifests: precise hosts
 * only, each with its Ingresses and the path to open; wildcards with the names seen in requests; hosts a hosts file
 * cannot hold, refused with the reason; Ingresses not served add nothing; and the exact URL with its port.
 */
class WantedHostsTest {

    @TempDir
    Path dir;

    private static final String MANIFESTS = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: nginx}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: shop}
            spec:
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - {path: /cart, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                - host: "*.apps.example.com"
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                - host: localhost
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                - http:
                    paths:
                      - {path: /any, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: api, namespace: team}
            spec:
              rules:
                - host: api.example.com
                  http:
                    paths:
                      - {path: /v1/status, pathType: Exact, backend: {service: {name: api, port: {number: 80}}}}
                - host: shop.example.com
                  http:
                    paths:
                      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: elsewhere}
            spec:
              ingressClassName: nginx
              rules:
                - host: other.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """;

    @Test
    void theServedIngressesPreciseHostsAreTheNamesWildcardsGetTheNamesSeenAndTheRestIsSaidWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("ingresses.yaml"), MANIFESTS);
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)),
                SessionOptions.defaults().withDataDirectory(dir).withoutProxy())) {
            WantedHosts wanted = WantedHosts.of(session.current().translation().table().allRoutes(), List.of(
                    "a.apps.example.com:8080", "B.APPS.example.com", "x.y.apps.example.com", "shop.example.com",
                    "not a host", "apps.example.com"));

            assertThat(wanted.names()).extracting(WantedHosts.Name::name)
                    .as("precise hosts of served Ingresses only: not the other class's, not the wildcard")
                    .containsExactly("api.example.com", "shop.example.com");
            assertThat(wanted.names().get(0).ingresses()).containsExactly("team/api");
            assertThat(wanted.names().get(0).path()).as("its only path, Exact").isEqualTo("/v1/status");
            assertThat(wanted.names().get(1).ingresses()).containsExactly("default/shop", "team/api");
            assertThat(wanted.names().get(1).path()).as("the shortest literal path").isEqualTo("/");
            assertThat(wanted.nameSet()).containsExactly("api.example.com", "shop.example.com");

            assertThat(wanted.wildcards()).singleElement().satisfies(wildcard -> {
                assertThat(wildcard.pattern()).isEqualTo("*.apps.example.com");
                assertThat(wildcard.seen()).as("one more label only, normalised, the precise host left out")
                        .containsExactly("a.apps.example.com", "b.apps.example.com");
                assertThat(wildcard.explanation()).contains("A hosts file cannot hold *.apps.example.com")
                        .contains("test.apps.example.com").contains("address=/apps.example.com/127.0.0.1")
                        .contains("Names seen in requests it took: a.apps.example.com, b.apps.example.com.");
            });
            assertThat(wanted.refused()).singleElement().satisfies(refused -> {
                assertThat(refused.name()).isEqualTo("localhost");
                assertThat(refused.reason()).isNotBlank();
            });
            assertThat(wanted.anyHost()).as("the rule without a host").isTrue();
        }
    }

    /** An HTTPRoute made by convert keeps its Ingress's name: both are listed, the HTTPRoute with its kind. */
    @Test
    void anIngressAndAnHttpRouteOfOneNameOnOneHostAreBothNamedWithTheirKind() throws Exception {
        Path file = Files.writeString(dir.resolve("both.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop}
                spec:
                  rules:
                    - host: shop.example.com
                      http:
                        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
                    - host: "*.apps.example.com"
                      http:
                        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
                ---
                """ + ServeFixtures.LAB_GATEWAY + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop}
                spec:
                  parentRefs: [{name: lab}]
                  hostnames: [shop.example.com, "*.apps.example.com"]
                  rules: [{matches: [{path: {type: PathPrefix, value: /api}}], backendRefs: [{name: web, port: 80}]}]
                """);
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)),
                SessionOptions.defaults().withDataDirectory(dir).withoutProxy())) {
            WantedHosts wanted = session.wantedHosts();

            assertThat(wanted.names()).singleElement().satisfies(name -> assertThat(name.ingresses())
                    .containsExactly("HTTPRoute default/shop", "default/shop"));
            assertThat(wanted.wildcards()).singleElement().satisfies(wildcard -> assertThat(wildcard.ingresses())
                    .containsExactly("HTTPRoute default/shop", "default/shop"));
        }
    }

    @Test
    void aWildcardWithoutRequestsSaysNoneCameYet() throws Exception {
        Path file = Files.writeString(dir.resolve("ingresses.yaml"), MANIFESTS);
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)),
                SessionOptions.defaults().withDataDirectory(dir).withoutProxy())) {
            assertThat(session.wantedHosts().wildcards()).singleElement().satisfies(wildcard -> {
                assertThat(wildcard.seen()).isEmpty();
                assertThat(wildcard.explanation()).endsWith("No request for a name it takes has come yet.");
            });
        }
    }

    @Test
    void theExactUrlNamesThePortUnlessItIs80() {
        assertThat(ExactUrl.http("alpaca.example.com", 8080, "/")).isEqualTo("http://alpaca.example.com:8080/");
        assertThat(ExactUrl.http("Alpaca.Example.com", 80, "")).isEqualTo("http://alpaca.example.com/");
        assertThat(ExactUrl.http("api.example.com", 28080, "/v1/status"))
                .isEqualTo("http://api.example.com:28080/v1/status");
        assertThatThrownBy(() -> ExactUrl.http("a.example.com", 0, "/")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> ExactUrl.http("a.example.com", 80, "x")).hasMessageContaining("starts with /");
    }
}
