package dev.ingresslab.translate;

import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ExternalName Services as ingress-nginx reads them ({@code externalNamePorts} in controller.go,
 * {@code endpointslices.go}): one endpoint, the DNS name as a name (resolved by the proxy when it connects), at the
 * targetPort of the named Service port.
 */
class ExternalNameTest {

    private static Service externalName(String name, String externalName, Integer port, IntOrString targetPort) {
        ServiceBuilder service = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withType("ExternalName").withExternalName(externalName).endSpec();
        if (port != null) {
            service.editSpec().withPorts(new ServicePortBuilder().withName("http").withPort(port)
                    .withTargetPort(targetPort).build()).endSpec();
        }
        return service.build();
    }

    private static Decision route(Service service, int ingressPort) {
        var ingress = TestIngress.named("out").rule("out.example.com", p -> p.prefix("/", service.getMetadata()
                .getName())).build();
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getPort()
                .setNumber(ingressPort);
        return new Cluster().add(service).add(ingress).on("http://out.example.com/x");
    }

    @Test
    void theNameIsKeptAsANameAtTheTargetPortAndExplainShowsIt() {
        Decision decision = route(externalName("outside", "api.partner.example", 80, new IntOrString(8443)), 80);

        assertThat(decision.outcome()).isEqualTo(Outcome.ROUTED);
        assertThat(decision.backend().endpoints()).singleElement().satisfies(e -> {
            assertThat(e.display()).isEqualTo("api.partner.example:8443");
            assertThat(e.byName()).isTrue();
        });
        assertThat(decision.notes()).anySatisfy(n -> assertThat(n).contains("ExternalName")
                .contains("requests go to api.partner.example:8443").contains("resolved when the proxy connects")
                .contains("request's Host header").contains("upstream-vhost").contains("Contour"));
    }

    @Test
    void aPortTheServiceDoesNotListIsUsedAsItIsAndAnUnsetTargetPortIsThePort() {
        assertThat(route(externalName("outside", "db.example", null, null), 5432).backend().endpoints())
                .singleElement().satisfies(e -> assertThat(e.display()).isEqualTo("db.example:5432"));
        assertThat(route(externalName("outside", "db.example.", 80, null), 80).backend().endpoints())
                .singleElement().satisfies(e -> assertThat(e.display()).isEqualTo("db.example:80"));
        assertThat(route(externalName("outside", "db.example", 80, new IntOrString("http")), 80).backend()
                .endpoints()).singleElement().satisfies(e -> assertThat(e.display()).isEqualTo("db.example:80"));
    }

    @Test
    void localhostIsServedAndTheNoteSaysIngressNginxRefusesIt() {
        Decision decision = route(externalName("outside", "localhost", 80, new IntOrString(9000)), 80);

        assertThat(decision.backend().endpoints()).singleElement()
                .satisfies(e -> assertThat(e.display()).isEqualTo("localhost:9000"));
        assertThat(decision.notes()).anySatisfy(n -> assertThat(n)
                .contains("ingress-nginx refuses an ExternalName of localhost"));
    }

    @Test
    void aNameThatIsNotADnsNameOrNoNameIsA503WithWhatToFix() {
        Decision bad = route(externalName("outside", "Not A Host!", 80, null), 80);
        Decision none = route(externalName("outside", null, 80, null), 80);

        assertThat(bad.status()).isEqualTo(503);
        assertThat(bad.backend().state()).isEqualTo(BackendState.UNSUPPORTED);
        assertThat(bad.reason()).contains("neither a DNS name").contains("fix its spec.externalName");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.reason()).contains("has no spec.externalName");
    }
}
