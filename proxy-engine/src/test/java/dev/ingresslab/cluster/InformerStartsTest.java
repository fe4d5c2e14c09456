package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Informers started together (fabric8's mock API server): their stores hold their first lists once the wait returns,
 * they keep watching, and a refused list stops every one of them and is thrown as fabric8's own {@code inform} throws
 * it (its HTTP code kept, which the callers' 403 handling reads).
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class InformerStartsTest {

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void eachStoreHoldsItsFirstListOnceTheWaitReturnsAndChangesStillArrive() throws Exception {
        service("team", "alpaca");
        service("other", "bandicoot");
        configMap("team", "settings");
        Semaphore changes = new Semaphore(0);
        InformerStarts starts = new InformerStarts();

        SharedIndexInformer<Service> team = starts.start(client.services().inNamespace("team"), changes::release);
        SharedIndexInformer<Service> other = starts.start(client.services().inNamespace("other"), changes::release);
        SharedIndexInformer<ConfigMap> maps = starts.start(client.configMaps().inAnyNamespace(), changes::release);
        try {
            starts.awaitFirstLists();

            assertThat(team.getStore().list()).extracting(s -> s.getMetadata().getName()).containsExactly("alpaca");
            assertThat(other.getStore().list()).extracting(s -> s.getMetadata().getName())
                    .containsExactly("bandicoot");
            assertThat(maps.getStore().list()).extracting(m -> m.getMetadata().getName()).containsExactly("settings");
            assertThat(changes.tryAcquire(3, 10, TimeUnit.SECONDS)).as("one add per listed object").isTrue();

            service("team", "canary");
            assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("the watch delivers a later add").isTrue();
            assertThat(team.getStore().list()).hasSize(2);
        } finally {
            team.stop();
            other.stop();
            maps.stop();
        }
    }

    @Test
    void aRefusedListStopsEveryInformerAndIsThrownWithItsCode() {
        service("team", "alpaca");
        server.expect().get().withPath("/api/v1/namespaces/team/configmaps?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "configmaps is forbidden: User \"dev\" cannot list resource \"configmaps\" in the namespace"
                                + " \"team\"").build()).always();
        InformerStarts starts = new InformerStarts();
        SharedIndexInformer<Service> services = starts.start(client.services().inNamespace("team"), () -> { });
        SharedIndexInformer<ConfigMap> maps = starts.start(client.configMaps().inNamespace("team"), () -> { });

        assertThatThrownBy(starts::awaitFirstLists).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(services.isRunning()).as("the informer whose list succeeded is stopped too").isFalse();
        assertThat(maps.isRunning()).isFalse();
    }

    private void service(String namespace, String name) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
    }

    private void configMap(String namespace, String name) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", "v").build()).create();
    }
}
