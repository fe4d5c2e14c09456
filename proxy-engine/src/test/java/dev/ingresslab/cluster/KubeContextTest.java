package dev.ingresslab.cluster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KubeContextTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({"minikube, minikube, minikube is not running: run `minikube start`",
            "kind-lab, kind-lab, kind cluster 'lab' is not running",
            "docker-desktop, docker-desktop, Docker Desktop's Kubernetes is not running",
            "prod, prod-cluster, the API server at https://k8s.example.com does not answer"})
    void saysWhatToDoWhenTheClusterDoesNotAnswer(String context, String cluster, String advice) {
        KubeContext kubeContext = new KubeContext(context, cluster, "https://k8s.example.com",
                KubeContext.kindOf(context, cluster), true);

        assertThat(kubeContext.whenUnreachable()).startsWith(advice);
    }
}
