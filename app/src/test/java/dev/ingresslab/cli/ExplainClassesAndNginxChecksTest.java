package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain} on files says what a cluster with ingress-nginx 1.12 would do with #14's examples: an Ingress with
 * no class beside another controller's default IngressClass (§2), and a regex in a Prefix path (§4); each a
 * diagnostic on standard error and an {@code ignored} line in the answer, in text and JSON.
 */
class ExplainClassesAndNginxChecksTest {

    @TempDir
    Path dir;

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: app
            %s
            spec:
              rules:
              - host: app.example.com
                http:
                  paths:
                  - path: %s
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port:
                          number: 80
            """;

    @Test
    void aClasslessIngressBesideAnotherControllersDefaultClassIsNotOurs() throws Exception {
        Path file = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: nginx
                  annotations:
                    ingressclass.kubernetes.io/is-default-class: "true"
                spec:
                  controller: k8s.io/ingress-nginx
                ---
                """ + INGRESS.formatted("", "/"));

        ExplainCommandTest.Run run = ExplainCommandTest.explain("-f", file.toString(), "http://app.example.com/");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("GET http://app.example.com/\n  not_found (404)")
                .contains("default/app").contains("its IngressClass nginx belongs to the controller"
                        + " k8s.io/ingress-nginx, not to Ingress Lab (ingress-lab.dev/controller)");
        assertThat(run.err()).contains("info Ingress default/app spec.ingressClassName: it names no IngressClass: on a"
                + " cluster the DefaultIngressClass admission gives it the default class nginx (controller"
                + " k8s.io/ingress-nginx) when it is created");
    }

    @Test
    void aRegexInAPrefixPathIsRefusedAsIngressNginxRefusesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("rewrite.yaml"), INGRESS.formatted("  annotations:\n"
                + "    nginx.ingress.kubernetes.io/use-regex: \"true\"\n"
                + "    nginx.ingress.kubernetes.io/rewrite-target: /$2", "/something(/|$)(.*)"));

        ExplainCommandTest.Run text = ExplainCommandTest.explain("-f", file.toString(),
                "http://app.example.com/something/new");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("GET http://app.example.com/something/new\n  not_found (404)")
                .contains("ingress-nginx refuses it: ingress contains invalid paths: path /something(/|$)(.*) cannot"
                        + " be used with pathType Prefix");
        assertThat(text.err()).contains("warning Ingress default/app spec.rules[0].http.paths[0].path: path"
                + " /something(/|$)(.*) cannot be used with pathType Prefix");

        ExplainCommandTest.Run json = ExplainCommandTest.explain("-f", file.toString(), "-o", "json",
                "http://app.example.com/something/new");
        assertThat(json.json().get(0).get("trace")).anySatisfy(entry -> {
            assertThat(entry.get("verdict").asString()).isEqualTo("ignored");
            assertThat(entry.get("reason").asString()).contains("cannot be used with pathType Prefix");
        });
    }
}
