package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestLoaderTest {

    static final Path CH8 = Path.of("..", "samples", "ch8");

    private final ManifestLoader loader = new ManifestLoader(new ByteArrayInputStream(new byte[0]));

    @Test
    void readsTheChaptersFolderAndSkipsDeployments() throws Exception {
        ManifestSet set = loader.load(List.of(CH8.toString()));

        assertThat(set.objects()).extracting(LoadedObject::display).contains(
                "Ingress default/host-ingress", "Ingress default/path-ingress", "Ingress default/simple-ingress",
                "Service default/alpaca", "Service default/bandicoot", "Service default/be-default",
                "IngressClass ingress-lab", "Service team-a/alpaca", "Ingress team-a/team-a-ingress");
        assertThat(set.notes()).anySatisfy(note -> assertThat(note).startsWith("skipped Deployment"))
                .anySatisfy(note -> assertThat(note).startsWith("skipped Namespace team-a"));
        assertThat(set.locationOf("Ingress", "default", "path-ingress").display())
                .isEqualTo(CH8.resolve("path-ingress.yaml") + ":2");
        assertThat(set.objects()).as("mistakes/ is a subfolder: not read")
                .noneSatisfy(o -> assertThat(o.location().file()).contains("mistakes"));
    }

    @Test
    void notesNameEachSkippedKindOnce() throws Exception {
        ManifestSet set = loader.load(List.of(CH8.resolve("services.yaml").toString()));

        assertThat(set.notes()).containsExactly("skipped Deployment alpaca, bandicoot, be-default ("
                + CH8.resolve("services.yaml") + ":6, …): Ingress Lab reads Ingress, IngressClass, Service,"
                + " EndpointSlice, Secret, and the Gateway API's GatewayClass, Gateway, HTTPRoute and ReferenceGrant");
    }

    @Test
    void theSeedsLowerCaseKindGetsTheApiServersMessageAndTheFix() {
        Path file = CH8.resolve("mistakes/simple-ingress-lowercase-kind.yaml");

        ManifestProblem problem = problemOf(file);

        assertThat(problem.message()).isEqualTo("no kind \"ingress\" is registered for version"
                + " \"networking.k8s.io/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
        assertThat(problem.hint()).isEqualTo("kinds are case-sensitive: use `kind: Ingress`");
        assertThat(problem.location()).isEqualTo(new SourceLocation(file.toString(), 5, 1));
    }

    @Test
    void theSeedsSpecServiceGetsTheStrictDecodingErrorAndTheFix() {
        Path file = CH8.resolve("mistakes/simple-ingress-spec-service.yaml");

        ManifestProblem problem = problemOf(file);

        assertThat(problem.message()).isEqualTo("Ingress in version \"v1\" cannot be handled as a Ingress: strict"
                + " decoding error: unknown field \"spec.service\"");
        assertThat(problem.hint()).contains("spec.defaultBackend.service");
        assertThat(problem.location()).isEqualTo(new SourceLocation(file.toString(), 9, 3));
    }

    @Test
    void unknownFieldsDeepInsideAreNamedWithTheirIndex() {
        ManifestProblem problem = problemOfText("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: x}
                spec:
                  rules:
                    - host: a.example.com
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend:
                              serviceName: alpaca
                              servicePort: 8080
                """);

        assertThat(problem.message()).isEqualTo("Ingress in version \"v1\" cannot be handled as a Ingress:"
                + " strict decoding error: unknown field \"spec.rules[0].http.paths[0].backend.serviceName\", unknown field"
                + " \"spec.rules[0].http.paths[0].backend.servicePort\"");
        assertThat(problem.location().line()).isEqualTo(12);
        assertThat(problem.hint()).contains("v1beta1");
    }

    @Test
    void aRemovedApiVersionSaysWhereIngressMoved() {
        ManifestProblem problem = problemOfText("""
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old}
                spec: {backend: {serviceName: a, servicePort: 80}}
                """);

        assertThat(problem.message()).isEqualTo("no matches for kind \"Ingress\" in version \"extensions/v1beta1\"");
        assertThat(problem.hint()).contains("networking.k8s.io/v1");
    }

    @Test
    void malformedYamlGivesTheLine() {
        ManifestProblem problem = problemOfText("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: broken
                 spec: {}
                """);

        assertThat(problem.message()).startsWith("YAML syntax error:");
        assertThat(problem.location().line()).isBetween(4, 5);
    }

    @Test
    void aTabInTheIndentationIsNamedInOneLine() {
        ManifestProblem problem = problemOfText("apiVersion: v1\nkind: Service\nmetadata: {name: tab}\n\tspec: {}\n");

        assertThat(problem.message()).startsWith("YAML syntax error:").contains("TAB").doesNotContain("\n");
    }

    @Test
    void absurdNestingIsRefusedWithoutOverflowingTheStack() {
        String deep = "apiVersion: v1\nkind: Service\nmetadata: {name: deep}\nspec: " + "[".repeat(5_000)
                + "]".repeat(5_000) + "\n";

        assertThat(problemOfText(deep).message()).contains("nesting depth");
    }

    @Test
    void aFileOver16MiBIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "apiVersion: v1\nkind: Service\nmetadata: {name: huge, labels: {x: \""
                + "a".repeat(17 * 1024 * 1024) + "\"}}\n");

        assertThat(problemOf(huge).message()).isEqualTo("the file is larger than 16 MiB");
    }

    @Test
    void anchorsAndAliasesDoNotExplode() {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata: {name: lol}\n");
        yaml.append("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, previous))).append("]\n");
        }

        assertThat(problemOfText(yaml.toString()).message())
                .startsWith("Service in version \"v1\" cannot be handled as a Service: strict decoding error:"
                        + " unknown field \"a\"");
    }

    @Test
    void aRepeatedKeyIsRefused() {
        ManifestProblem problem = problemOfText("""
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                metadata: {name: b}
                """);

        assertThat(problem.message()).isEqualTo("yaml: unmarshal errors: line 4: mapping key \"metadata\" already"
                + " defined at line 3"); // kubectl's words (sigs.k8s.io/yaml)
        assertThat(problem.location().line()).isEqualTo(4);
    }

    @Test
    void aDocumentWithoutKindOrNotAMappingIsRefused() {
        assertThat(problemOfText("apiVersion: v1\nmetadata: {name: a}\n").message())
                .isEqualTo("Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\"}}'");
        assertThat(problemOfText("- just\n- a list\n").message()).startsWith("a manifest must be a mapping");
    }

    @Test
    void hostsWithSpacesOrNewlinesAreRefusedAsTheApiServerDoes() {
        ManifestProblem problem = problemOfText("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: bad-host}
                spec:
                  rules:
                    - host: "evil.com\\nserver_name x"
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
                """);

        assertThat(problem.message()).startsWith("The Ingress \"bad-host\" is invalid: spec.rules[0].host: Invalid"
                + " value: \"evil.com\\x0aserver_name x\": a lowercase RFC 1123 subdomain");
        assertThat(problem.location().line()).isEqualTo(6);
    }

    @Test
    void pathRulesOfTheApiServerAreChecked() {
        ManifestException error = errorOfText("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: paths}
                spec:
                  rules:
                    - http:
                        paths:
                          - {path: /public/../admin, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
                          - {path: /x, backend: {service: {name: a, port: {number: 80}}}}
                          - {path: /y, pathType: prefix, backend: {service: {name: a, port: {number: 80}}}}
                          - {path: /z, pathType: Exact, backend: {service: {name: a, port: {name: http, number: 80}}}}
                """);

        assertThat(error.problems()).extracting(ManifestProblem::message).containsExactly(
                "The Ingress \"paths\" is invalid: spec.rules[0].http.paths[0].path: Invalid value:"
                        + " \"/public/../admin\": must not contain '/../'",
                "The Ingress \"paths\" is invalid: spec.rules[0].http.paths[1].pathType: Required value:"
                        + " pathType must be specified",
                "The Ingress \"paths\" is invalid: spec.rules[0].http.paths[2].pathType: Unsupported value:"
                        + " \"prefix\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
                "The Ingress \"paths\" is invalid: spec.rules[0].http.paths[3].backend.service.port: Invalid value:"
                        + " cannot set both port name & port number");
        assertThat(error.problems()).extracting(p -> p.location().line()).containsExactly(8, 9, 10, 11);
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: service\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("b.yml"), "kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {}\n"
                + "spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        assertThatThrownBy(() -> loader.load(List.of(dir.toString(), dir.resolve("missing.yaml").toString())))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .extracting(ManifestProblem::message).containsExactly(
                                "no kind \"service\" is registered for version \"v1\" in scheme"
                                        + " \"pkg/api/legacyscheme/scheme.go:30\"",
                                "The Ingress \"\" is invalid: metadata.name: Required value: name or generateName"
                                        + " is required",
                                "the path \"" + dir.resolve("missing.yaml") + "\" does not exist"));
    }

    @Test
    void anEmptyFolderOrABinaryFileIsExplained(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.createDirectory(dir.resolve("empty"));

        assertThatThrownBy(() -> loader.load(List.of(dir.toString(), dir.resolve("empty").toString())))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .extracting(ManifestProblem::message).containsExactly("the file is not UTF-8 text",
                                "the folder holds no manifests (.yaml, .yml, .json)"));
    }

    @Test
    void namespacesDefaultAndUndatedObjectsGetNoInventedTimestamp() throws Exception {
        ManifestSet set = loader.loadText("x.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: first}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: dated, namespace: shop, creationTimestamp: "2020-01-01T00:00:00Z"}
                ---
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: second}
                """);

        assertThat(set.objects()).extracting(o -> o.object().getMetadata().getNamespace() + "/"
                + o.object().getMetadata().getName() + "@" + o.object().getMetadata().getCreationTimestamp())
                .containsExactly("default/first@null", "shop/dated@2020-01-01T00:00:00Z", "default/second@null");
        assertThat(set.objects().get(2).location().line()).isEqualTo(13);
    }

    @Test
    void aSecondDefinitionReplacesTheFirstAndKeepsItsAge() throws Exception {
        ManifestSet set = loader.loadText("x.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: twice, creationTimestamp: "2026-11-26T10:00:00Z"}
                spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: twice}
                spec: {defaultBackend: {service: {name: b, port: {number: 80}}}}
                """);

        assertThat(set.objects()).singleElement().satisfies(o -> {
            Ingress ingress = (Ingress) o.object();
            assertThat(ingress.getSpec().getDefaultBackend().getService().getName()).isEqualTo("b");
            assertThat(ingress.getMetadata().getCreationTimestamp()).isEqualTo("2026-11-26T10:00:00Z");
        });
        assertThat(set.notes()).singleElement().asString().contains("defined twice");
    }

    @Test
    void readsStandardInput() throws Exception {
        ManifestLoader fromStdin = new ManifestLoader(new ByteArrayInputStream(
                "apiVersion: v1\nkind: Service\nmetadata: {name: piped}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(fromStdin.load(List.of("-")).objects()).singleElement()
                .satisfies(o -> assertThat(o.location().file()).isEqualTo("<stdin>"));
    }

    @Test
    void customResourcesAreSkippedWithANote() throws Exception {
        ManifestSet set = loader.loadText("x.yaml", """
                apiVersion: gateway.example.dev/v1
                kind: Widget
                metadata: {name: w}
                """);

        assertThat(set.objects()).isEmpty();
        assertThat(set.notes()).singleElement().asString().startsWith("skipped Widget w (x.yaml:1)");
    }

    private ManifestProblem problemOf(Path file) {
        try {
            loader.load(List.of(file.toString()));
        } catch (ManifestException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a problem in " + file);
    }

    private ManifestProblem problemOfText(String text) {
        ManifestException error = errorOfText(text);
        assertThat(error.problems()).hasSize(1);
        return error.problems().get(0);
    }

    private ManifestException errorOfText(String text) {
        try {
            loader.loadText("test.yaml", text);
        } catch (ManifestException e) {
            return e;
        }
        throw new AssertionError("expected a problem");
    }
}
