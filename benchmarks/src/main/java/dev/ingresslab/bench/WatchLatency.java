package dev.ingresslab.bench;

import dev.ingresslab.cluster.ClusterController;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Watch event to route live: the time from an Ingress update accepted by the API server to the proxy serving the
 * new route (the watch event, the 20 ms debounce, translation and the swap). An end-to-end measurement against
 * fabric8's mock API server on loopback, not a JMH benchmark. Budget: p99 under 100 ms over 200 changes.
 *
 * <p>Run: {@code bench/watch-latency}.
 */
public final class WatchLatency {

    private WatchLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        KubernetesMockServer apiServer = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        apiServer.init();
        try (KubernetesClient client = apiServer.createClient(); RequestJournal journal = new RequestJournal(10)) {
            for (String service : List.of("blue", "green")) {
                client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                        .withName(service).endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                        .build()).create();
                client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                        .withNewMetadata().withName(service).withLabels(Map.of("kubernetes.io/service-name", service))
                        .endMetadata().withAddressType("IPv4").addNewPort().withPort(9).endPort().addNewEndpoint()
                        .withAddresses("127.0.0.1").endEndpoint().build()).create();
            }
            client.network().v1().ingresses().inNamespace("default").resource(ingress("blue")).create();
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), RouteTable.empty(), new DirectConnector(), journal);
            BlockingQueue<Long> live = new ArrayBlockingQueue<>(changes + 16);
            try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                    new IngressTranslator(TranslatorSettings.defaults()), proxy, null, null, () -> false,
                    translation -> live.offer(System.nanoTime()))) {
                live.poll(10, TimeUnit.SECONDS);
                long[] micros = new long[changes];
                for (int i = 0; i < changes; i++) {
                    live.clear();
                    long start = System.nanoTime();
                    client.network().v1().ingresses().inNamespace("default")
                            .resource(ingress(i % 2 == 0 ? "green" : "blue")).update();
                    Long applied = live.poll(10, TimeUnit.SECONDS);
                    if (applied == null) {
                        throw new IllegalStateException("change " + i + " never went live");
                    }
                    micros[i] = (applied - start) / 1_000;
                    Thread.sleep(20); // changes apart, as people make them; bursts are coalesced by design
                }
                Arrays.sort(micros);
                System.out.printf("watch event to route live over %d changes: p50 %.1f ms, p90 %.1f ms,"
                                + " p99 %.1f ms, max %.1f ms%n", changes, micros[changes / 2] / 1000.0,
                        micros[changes * 9 / 10] / 1000.0, micros[changes * 99 / 100] / 1000.0,
                        micros[changes - 1] / 1000.0);
            } finally {
                proxy.close();
            }
        } finally {
            apiServer.destroy();
        }
    }

    private static Ingress ingress(String service) {
        return new IngressBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addNewRule().withHost("web.example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName(service).withNewPort()
                .withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
    }
}
