package dev.ingresslab.cluster;

import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class OurIngressClassTest {

    KubernetesClient client;
    private final TranslatorSettings settings = TranslatorSettings.defaults();

    @Test
    void isOnlyCreatedWhenAskedAndThenMarkedDefaultIfAsked() {
        assertThat(OurIngressClass.ensure(client, settings, false, false)).contains("does not exist")
                .contains("--create-class");
        assertThat(client.network().v1().ingressClasses().withName("ingress-lab").get()).isNull();

        assertThat(OurIngressClass.ensure(client, settings, true, true))
                .isEqualTo("created IngressClass ingress-lab, the cluster's default class");
        IngressClass created = client.network().v1().ingressClasses().withName("ingress-lab").get();
        assertThat(created.getSpec().getController()).isEqualTo("ingress-lab.dev/controller");
        assertThat(created.getMetadata().getAnnotations())
                .containsEntry("ingressclass.kubernetes.io/is-default-class", "true");
        assertThat(OurIngressClass.ensure(client, settings, true, false))
                .isEqualTo("IngressClass ingress-lab is ours and the cluster's default");
    }

    @Test
    void anotherControllersClassOfTheSameNameIsNeverTakenOver() {
        client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                .withName("ingress-lab").endMetadata().withNewSpec().withController("example.com/other").endSpec()
                .build()).create();

        assertThat(OurIngressClass.ensure(client, settings, true, true)).contains("belongs to the controller"
                + " example.com/other");
        assertThat(client.network().v1().ingressClasses().withName("ingress-lab").get().getSpec().getController())
                .isEqualTo("example.com/other");
    }
}
