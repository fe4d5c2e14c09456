package dev.ingresslab.cluster;

import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user whose RBAC allows one namespace and no cluster-scoped reads (IngressClasses) can still run the
 * controller: classes are then unknown, Ingresses naming our class or none are served, others are not.
 */
@EnableKubernetesMockClient(crud = true)
class NamespaceLimitedUserTest {

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void worksWithoutTheRightToListIngressClasses() throws Exception {
        server.expect().get().withPath("/apis/networking.k8s.io/v1/ingressclasses?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "ingressclasses.networking.k8s.io is forbidden: User \"dev\" cannot list resource"
                                + " \"ingressclasses\" at the cluster scope").build()).always();
        client.network().v1().ingresses().inNamespace("team").resource(TestIngress.named("ours").namespace("team")
                .className("ingress-lab").rule("ours.example.com", p -> p.prefix("/", "web")).build()).create();
        client.network().v1().ingresses().inNamespace("team").resource(TestIngress.named("theirs").namespace("team")
                .className("nginx").rule("theirs.example.com", p -> p.prefix("/", "web")).build()).create();
        LinkedBlockingQueue<dev.ingresslab.cluster.ClusterSnapshot> snapshots = new LinkedBlockingQueue<>();
        IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

        try (ClusterWatcher watcher = new ClusterWatcher(client, new WatchScope(List.of("team")),
                Duration.ofMillis(20), snapshots::add, (connected, since) -> { })) {
            watcher.start();

            ClusterSnapshot snapshot = snapshots.poll(10, TimeUnit.SECONDS);

            assertThat(watcher.ingressClassesVisible()).isFalse();
            assertThat(snapshot).isNotNull();
            assertThat(snapshot.ingresses()).as("the first snapshot comes after every first list").hasSize(2);
            Translation translation = translator.translate(snapshot.toInput());
            assertThat(translation.table().allRoutes()).extracting(r -> r.origin().objectName())
                    .containsExactly("team/ours");
            assertThat(translation.table().ignored()).singleElement().satisfies(ignored ->
                    assertThat(ignored.reason()).isEqualTo("its class nginx is not ours (ours is ingress-lab)"));
        }
    }
}
