package dev.ingresslab.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * #12 §2: a slow answer is not a network problem. An API server that takes the connection and does not answer in
 * time is reported as slow; only one that cannot be connected to gets the advice for an unreachable cluster.
 */
class ClusterErrorsTest {

    private static final KubeContext OTHER = new KubeContext("prod", "prod", "http://127.0.0.1", KubeContext.Kind.OTHER,
            true);

    @Test
    void aServerThatAcceptsButDoesNotAnswerIsSlowNotUnreachable() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            KubernetesClientException error = getFrom("http://127.0.0.1:" + silent.getLocalPort());

            assertThat(ClusterErrors.describe(error, OTHER)).isEqualTo(ClusterErrors.SLOW_ANSWER)
                    .doesNotContain("VPN");
            assertThat(ClusterErrors.describe(error)).isEqualTo(ClusterErrors.SLOW_ANSWER);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aServerNobodyListensOnIsUnreachable() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }

        KubernetesClientException error = getFrom("http://127.0.0.1:" + deadPort);

        assertThat(ClusterErrors.describe(error, OTHER)).isEqualTo(OTHER.whenUnreachable());
        assertThat(ClusterErrors.describe(error)).startsWith("the API server cannot be reached");
    }

    private static KubernetesClientException getFrom(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withRequestTimeout(1_000)
                .withConnectionTimeout(1_000).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return catchThrowableOfType(KubernetesClientException.class,
                    () -> client.network().v1().ingressClasses().withName("ingress-lab").get());
        }
    }
}
