package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code up} when the cluster is not there: one line that says what to do, exit code 3, no stack trace. */
class UpCommandTest {

    @Test
    void anUnreachableClusterIsExitCode3WithWhatToDo(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:%d"}}]
                contexts: [{name: minikube, context: {cluster: gone, user: me}}]
                current-context: minikube
                users: [{name: me, user: {token: abc}}]
                """.formatted(deadPort));
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "up",
                "--kubeconfig", kubeconfig.toString(), "--http-port", "0", "--https-port", "off", "--log", "off");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("cannot watch the cluster of context minikube at https://127.0.0.1:"
                + deadPort).contains("minikube is not running: run `minikube start`").doesNotContain("\tat ");
    }

    @Test
    void anUnreadableKubeconfigIsExitCode3() {
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "up",
                "--kubeconfig", "/no/such/kubeconfig", "--http-port", "0", "--https-port", "off");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("cannot read the kubeconfig");
    }
}
