package dev.ingresslab.core;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@link LabSession} on a kubeconfig context: the context listing, the start's failures, a live cluster. */
class LabSessionClusterTest {

    @TempDir
    Path dir;

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private SessionOptions options() {
        return SessionOptions.defaults().withDataDirectory(dir.resolve("data"))
                .withProxy(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0));
    }

    @Test
    void listsTheSandboxFirstThenEachContextWithItsKindAndWhetherItAnswers() throws Exception {
        int dead = deadPort();
        try (ServerSocket live = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path kubeconfig = dir.resolve("config");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - {name: minikube, cluster: {server: "https://127.0.0.1:%d"}}
                      - {name: kind-dev, cluster: {server: "https://127.0.0.1:%d"}}
                      - {name: far, cluster: {server: "https://127.0.0.1:%d"}}
                    contexts:
                      - {name: minikube, context: {cluster: minikube, user: me}}
                      - {name: kind-dev, context: {cluster: kind-dev, user: me}}
                      - {name: prod, context: {cluster: far, user: me}}
                    current-context: kind-dev
                    users: [{name: me, user: {token: abc}}]
                    """.formatted(live.getLocalPort(), dead, dead));
            long started = System.nanoTime();
            List<ClusterChoice> choices = LabSession.contexts(kubeconfig);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("never blocks long")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(choices).extracting(ClusterChoice::name).containsExactly("sandbox", "kind-dev", "minikube",
                    "prod");
            assertThat(choices.get(0).kind()).isEqualTo(KubeContext.Kind.SANDBOX);
            assertThat(choices.get(0).source()).isInstanceOf(Source.Sandbox.class);
            assertThat(choices.get(1).kind()).isEqualTo(KubeContext.Kind.KIND);
            assertThat(choices.get(1).current()).isTrue();
            assertThat(choices.get(1).reachable()).isEqualTo(ClusterChoice.Reachability.UNREACHABLE);
            assertThat(choices.get(2).kind()).isEqualTo(KubeContext.Kind.MINIKUBE);
            assertThat(choices.get(2).server()).isEqualTo("https://127.0.0.1:" + live.getLocalPort() + "/");
            assertThat(choices.get(2).reachable()).isEqualTo(ClusterChoice.Reachability.REACHABLE);
            assertThat(choices.get(3).kind()).isEqualTo(KubeContext.Kind.OTHER);
            assertThat(choices.get(3).source()).isEqualTo(new Source.Cluster(kubeconfig, "prod", List.of()));
        }
    }

    @Test
    void anUnreadableKubeconfigListsTheSandboxAlone() {
        assertThat(LabSession.contexts(dir.resolve("no-such-config"))).extracting(ClusterChoice::name)
                .containsExactly("sandbox");
    }

    @Test
    void aContextTheKubeconfigDoesNotHaveIsBadInputNamingTheOnesItHas() throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:%d"}}]
                contexts: [{name: minikube, context: {cluster: gone, user: me}}]
                current-context: minikube
                users: [{name: me, user: {token: abc}}]
                """.formatted(deadPort()));
        assertThatThrownBy(() -> LabSession.start(new Source.Cluster(kubeconfig, "kind-typo", List.of()), options()))
                .isInstanceOfSatisfying(SessionStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SessionStartException.Reason.BAD_INPUT);
                    assertThat(e.getMessage()).contains("kind-typo").contains("minikube");
                });
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> LabSession.start(new Source.Cluster(kubeconfig, null, List.of()), options(),
                seen::add)).isInstanceOfSatisfying(SessionStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SessionStartException.Reason.CLUSTER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("cannot watch the cluster of context minikube")
                            .contains("minikube start");
                });
        assertThat(seen).as("the events up to the failure were delivered").first().extracting(SessionEvent::text)
                .asString().startsWith("context minikube (minikube), API server https://127.0.0.1:");
    }

    @Test
    void followsALiveClusterAndAppliesSamplesToIt() throws Exception {
        Path kubeconfig = dir.resolve("sandbox-kubeconfig");
        try (Sandbox sandbox = Sandbox.start(kubeconfig)) {
            List<SessionEvent> seen = new CopyOnWriteArrayList<>();
            LabSession session = LabSession.start(new Source.Cluster(kubeconfig, sandbox.context(), List.of()),
                    options().withConnector(ConnectorChoice.DIRECT), seen::add);
            try (session) {
                SessionSnapshot.Connection connection = session.current().connection();
                assertThat(connection.source()).isEqualTo(SessionSnapshot.SourceKind.CLUSTER);
                assertThat(connection.context()).isEqualTo(sandbox.context());
                assertThat(connection.clusterKind()).contains(KubeContext.Kind.SANDBOX);
                assertThat(connection.connector()).isEqualTo("direct");
                assertThat(connection.leader()).isTrue();
                assertThat(session.current().routes()).isEmpty();
                assertThat(session.kubeconfig()).contains(kubeconfig);

                assertThat(session.applySample("services", Duration.ofSeconds(20)).succeeded()).isTrue();
                assertThat(session.applySample("host", Duration.ofSeconds(20)).succeeded()).isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (session.current().routes().stream().noneMatch(route -> route.endpointsReady() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(session.current().routes()).anySatisfy(route -> {
                    assertThat(route.host()).isEqualTo("alpaca.example.com");
                    assertThat(route.endpointsReady()).isPositive();
                });
                assertThat(session.chapterSamplesPresent()).as("path-ingress is not applied").isFalse();
            }
            assertThat(session.current().connection().state()).isEqualTo(SessionSnapshot.State.CLOSED);
            assertThat(session.current().connection().httpPort()).isZero();
            assertThat(seen).anySatisfy(event -> assertThat(event).isInstanceOf(SessionEvent.ConnectorChosen.class));
        }
    }
}
