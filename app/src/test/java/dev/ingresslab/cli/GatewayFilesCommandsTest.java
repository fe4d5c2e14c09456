package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ingresslab.cli.CliRun.run;
import static dev.ingresslab.cli.CliRun.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain -f}, {@code routes -f} and {@code lint} on Gateway API files, as a user moving off ingress-nginx
 * writes them or gets them from {@code convert}: what is not served is said where it is wrong, with what to do.
 */
class GatewayFilesCommandsTest {

    private static final Path CH8 = Path.of("../samples/ch8");
    private static final Path GATEWAY = Path.of("../samples/gateway");

    @TempDir
    Path dir;

    private String file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    private static String services() {
        return CH8.resolve("services.yaml").toString();
    }

    /** {@code convert}'s output for the chapter's Services and {@code ingress}, saved as a file of the test's. */
    private String converted(String ingress) throws Exception {
        return file("gateway.yaml", succeeds("convert", "-f", services(), "-f", ingress).out());
    }

    /** {@code lint} of the chapter's Services, its Gateway and {@code route}, which must find warnings (exit 1). */
    private static CliRun.Result lintWithTheGateway(String route) {
        CliRun.Result lint = run("lint", services(), GATEWAY.resolve("gateway.yaml").toString(), route);
        assertThat(lint.code()).as(lint.out() + lint.err()).isEqualTo(1);
        return lint;
    }

    @Test
    void convertsOutputIsServedByExplainAndRoutesWithoutItsGatewayClass() throws Exception {
        String objects = converted(CH8.resolve("path-ingress.yaml").toString());

        CliRun.Result explained = succeeds("explain", "-f", services(), "-f", objects,
                "http://bandicoot.example.com/a/x");
        assertThat(explained.out()).contains("routed (200) -> alpaca:8080", "HTTPRoute default/path-ingress");

        CliRun.Result routes = succeeds("routes", "-f", services(), "-f", objects);
        assertThat(routes.out()).contains("bandicoot.example.com", "default/path-ingress")
                .doesNotContain("no routes");
    }

    /** An HTTPRoute made by convert keeps its Ingress's name: each row names its kind, in text, wide and JSON. */
    @Test
    void routesNameTheKindOfEachRowsObjectWhenAnIngressAndItsHttpRouteShareAName() throws Exception {
        String ingress = CH8.resolve("path-ingress.yaml").toString();
        String objects = converted(ingress);

        CliRun.Result text = succeeds("routes", "-f", services(), "-f", ingress, "-f", objects);
        assertThat(text.out()).containsPattern("ENDPOINTS +OBJECT\\n")
                .containsPattern("/a/ +PathPrefix +default/alpaca:8080 +\\S+ +HTTPRoute default/path-ingress\\n")
                .containsPattern("/a/ +Prefix +default/alpaca:8080 +\\S+ +Ingress default/path-ingress\\n")
                .doesNotContain("INGRESS");

        CliRun.Result wide = run("routes", "-o", "wide", "-f", services(), "-f", ingress, "-f", objects);
        assertThat(wide.out()).as("the HTTPRoute's FROM is not its Ingress's file:line")
                .containsPattern("HTTPRoute default/path-ingress +rule \\d+ match 0 +-\\n")
                .containsPattern("Ingress default/path-ingress +rule 0 path \\d+ +\\S*path-ingress.yaml:\\d+\\n")
                .doesNotContainPattern("HTTPRoute default/path-ingress +rule \\d+ match 0 +\\S*path-ingress.yaml");

        String json = run("routes", "-o", "json", "-f", services(), "-f", ingress, "-f", objects).out();
        assertThat(json).containsPattern("\"kind\"\\s*:\\s*\"HTTPRoute\",\\s*\"ingress\"\\s*:\\s*\"default/path-ingress\"")
                .containsPattern("\"kind\"\\s*:\\s*\"Ingress\",\\s*\"ingress\"\\s*:\\s*\"default/path-ingress\"");
    }

    /**
     * The same pair through {@code explain}: each candidate, and the rule that beat the Ingress's, is named with its
     * kind (before, both read {@code default/path-ingress rule 0 …}).
     */
    @Test
    void explainNamesTheKindOfEachCandidateWhenAnIngressAndItsHttpRouteShareAName() throws Exception {
        String ingress = CH8.resolve("path-ingress.yaml").toString();
        String objects = converted(ingress);

        CliRun.Result explained = succeeds("explain", "-f", services(), "-f", ingress, "-f", objects,
                "http://bandicoot.example.com/a/x");
        assertThat(explained.out())
                .containsPattern("chosen +HTTPRoute default/path-ingress rule \\d+ match 0: ")
                .containsPattern("lost +Ingress default/path-ingress rule 0 path 1: ")
                .containsPattern("HTTPRoute default/path-ingress rule \\d+ match 0 \\(PathPrefix /a/, http only\\)"
                        + " matches too")
                .doesNotContainPattern("(chosen|lost|not_matched|ignored) +default/")
                .doesNotContainPattern("\\(default/path-ingress");
    }

    @Test
    void routesShowAnHttpRoutesPathTypeInTheGatewayApisTerms() throws Exception {
        CliRun.Result routes = succeeds("routes", "-f", services(), "-f", GATEWAY.toString());
        assertThat(routes.out()).containsPattern("/a/ +PathPrefix +default/alpaca:8080")
                .doesNotContainPattern(" Prefix ");
    }

    @Test
    void routesOfHttpRoutesThatAreNotServedSaySoAndPointAtLint() throws Exception {
        String route = file("route.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop}
                spec:
                  parentRefs: [{name: no-such-gateway}]
                  rules: [{backendRefs: [{name: alpaca, port: 8080}]}]
                """);
        CliRun.Result routes = succeeds("routes", "-f", route);
        assertThat(routes.out()).startsWith("no routes: the files hold no Ingress or HTTPRoute that is served")
                .contains("an HTTPRoute whose Gateway the files lack", "`ingress-lab lint PATH…` says why");
    }

    @Test
    void aGatewayOfAnotherClassIsSaidToBeNotServed() throws Exception {
        String gateway = file("gateway.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web}
                spec:
                  gatewayClassName: istio
                  listeners: [{name: http, protocol: HTTP, port: 80}]
                """);
        CliRun.Result lint = run("lint", gateway);
        assertThat(lint.out()).contains("gateway.yaml:5:", "its GatewayClass istio is not"
                + " Ingress Lab's", "set gatewayClassName: ingress-lab");
    }

    @Test
    void aParentRefToAGatewayTheFilesLackIsAWarningWithTheNearestName() throws Exception {
        String route = file("route.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop}
                spec:
                  parentRefs:
                  - name: lab-gatway
                  hostnames: [shop.example.com]
                  rules: [{backendRefs: [{name: alpaca, port: 8080}]}]
                """);
        CliRun.Result lint = lintWithTheGateway(route);
        assertThat(lint.out()).contains("route.yaml:6:", "the Gateway default/lab-gatway is not"
                + " among the files, so this Route is not served: did you mean default/lab-gateway?");

        CliRun.Result explained = run("explain", "-f", services(), "-f", route,
                "http://shop.example.com/");
        assertThat(explained.out() + explained.err()).contains("not_found (404)", "the Gateway default/lab-gatway is"
                + " not among the files", "give the Gateway's manifest with -f");
    }

    @Test
    void aSectionNameTypoIsAWarningWithDidYouMeanAndTheListeners() throws Exception {
        String route = file("route.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop}
                spec:
                  parentRefs:
                  - {name: lab-gateway, sectionName: htp}
                  hostnames: [shop.example.com]
                  rules: [{backendRefs: [{name: alpaca, port: 8080}]}]
                """);
        CliRun.Result lint = lintWithTheGateway(route);
        assertThat(lint.out()).contains("route.yaml:6:", "Gateway default/lab-gateway has no"
                + " listener named htp: did you mean sectionName: http? its listeners are http (port 80)");
    }

    @Test
    void aBackendInAnotherNamespaceWithoutAReferenceGrantIsALintWarning() throws Exception {
        String route = file("route.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop, namespace: other}
                spec:
                  parentRefs: [{name: lab-gateway, namespace: default}]
                  hostnames: [shop.example.com]
                  rules:
                  - backendRefs:
                    - {name: alpaca, namespace: default, port: 8080}
                """);
        CliRun.Result lint = lintWithTheGateway(route);
        assertThat(lint.out()).contains("route.yaml:9:", "warning:",
                "no ReferenceGrant there allows HTTPRoutes from other: add one in default");
    }
}
