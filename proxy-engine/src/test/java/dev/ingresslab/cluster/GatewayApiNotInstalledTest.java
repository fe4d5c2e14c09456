package dev.ingresslab.cluster;

import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster without the Gateway API's CRDs (fabric8's mock API server declares none): the controller starts, serves
 * the Ingresses, and says once that the Gateway API is not installed, with the command that installs it.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayApiNotInstalledTest {

    KubernetesClient client;

    @Test
    void ingressesAreServedAndTheMissingGatewayApiIsSaidOnceWithHowToInstallIt() throws Exception {
        client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("alpaca")
                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")).build()).create();
        NoticeRecorder listener = new NoticeRecorder();
        List<String> notices = listener.notices();
        List<Translation> tables = new CopyOnWriteArrayList<>();
        try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                RouteCompiler.standard(TranslatorSettings.defaults()), List.of(change -> tables.add(
                        change.translation())), null, listener)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (tables.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("bandicoot")
                    .rule("bandicoot.example.com", p -> p.prefix("/", "bandicoot")).build()).create();
            while (tables.get(tables.size() - 1).table().allRoutes().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(tables.get(tables.size() - 1).table().allRoutes()).as("both Ingresses are served").hasSize(2);
        }
        assertThat(notices).as("said once, at the start, however many tables follow").singleElement()
                .asString().contains("the Gateway API is not installed in this cluster")
                .contains("HTTPRoutes are not").contains("kubectl apply --server-side -f https://github.com/"
                        + "kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml");
    }
}
