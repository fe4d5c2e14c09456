package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ContextsCommandTest {

    @Test
    void listsTheContextsWithTheirKindAndMarksTheCurrentOne(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - {name: minikube, cluster: {server: "https://192.168.49.2:8443"}}
                  - {name: kind-lab, cluster: {server: "https://127.0.0.1:6443"}}
                  - {name: prod, cluster: {server: "https://k8s.example.com"}}
                  - {name: ingress-lab-sandbox, cluster: {server: "http://127.0.0.1:40123"}}
                contexts:
                  - {name: ingress-lab-sandbox, context: {cluster: ingress-lab-sandbox, user: me}}
                  - {name: minikube, context: {cluster: minikube, user: me}}
                  - {name: kind-lab, context: {cluster: kind-lab, user: me}}
                  - {name: docker-desktop, context: {cluster: prod, user: me}}
                  - {name: prod, context: {cluster: prod, user: me}}
                current-context: kind-lab
                users: [{name: me, user: {token: abc}}]
                """);
        StringWriter out = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "contexts",
                "--kubeconfig", kubeconfig.toString());

        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "CURRENT  NAME                 KIND                 SERVER",
                "         docker-desktop       Docker Desktop       -",
                "         ingress-lab-sandbox  Ingress Lab sandbox  -",
                "*        kind-lab             kind                 https://127.0.0.1:6443/",
                "         minikube             minikube             -",
                "         prod                 cluster              -");
    }
}
