package dev.ingresslab.translate;

import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

class NamespacesClassesAndBackendsTest {

    @Nested
    class Namespaces {
        @Test
        void anIngressReachesOnlyTheServiceOfItsOwnNamespace() {
            Cluster cluster = new Cluster().service("shop", "echo", 2).service("blog", "echo", 3)
                    .add(TestIngress.named("shop").namespace("shop").rule("shop.example.com", p -> p.prefix("/", "echo")))
                    .add(TestIngress.named("blog").namespace("blog").rule("blog.example.com", p -> p.prefix("/", "echo")));

            assertThat(cluster.on("http://shop.example.com/").backend().namespace()).isEqualTo("shop");
            assertThat(cluster.on("http://shop.example.com/").backend().endpoints()).hasSize(2);
            assertThat(cluster.on("http://blog.example.com/").backend().endpoints()).hasSize(3);
        }

        @Test
        void aServiceInAnotherNamespaceNeverReceivesTraffic() {
            Cluster cluster = new Cluster().service("other", "echo", 1)
                    .add(TestIngress.named("mine").namespace("mine").rule("a.example.com", p -> p.prefix("/", "echo")));

            Decision decision = cluster.on("http://a.example.com/");

            assertThat(decision.outcome()).isEqualTo(Outcome.NO_ENDPOINTS);
            assertThat(decision.status()).isEqualTo(503);
            assertThat(decision.reason()).contains("mine/echo does not exist")
                    .contains("exists in other, but an Ingress can only reach Services in its own namespace");
        }

        @Test
        void oneNamespacesIngressCanStillTakeAnotherNamespacesHost() {
            Cluster cluster = Cluster.ofManifests()
                    .add(TestIngress.named("owner").namespace("a").createdAt(5).rule("x.example.com", p -> p.prefix("/", "a")))
                    .add(TestIngress.named("squatter").namespace("b").createdAt(1).rule("x.example.com", p -> p.prefix("/", "b")));

            Decision decision = cluster.on("http://x.example.com/");

            assertThat(decision.backend().namespace()).isEqualTo("b");
            assertThat(cluster.translate().diagnosticsOf("a", "owner")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("b/squatter"));
        }
    }

    @Nested
    class Classes {
        @Test
        void anotherControllersClassIsIgnoredWithTheReason() {
            Cluster cluster = new Cluster().ingressClass("nginx", "k8s.io/ingress-nginx", false).service("web", 1)
                    .add(TestIngress.named("for-nginx").className("nginx").rule("a.example.com", p -> p.prefix("/", "web")));

            Decision decision = cluster.on("http://a.example.com/");

            assertThat(decision.outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(decision.trace()).singleElement().satisfies(e -> {
                assertThat(e.verdict()).isEqualTo(TraceEntry.Verdict.IGNORED);
                assertThat(e.reason()).isEqualTo("its IngressClass nginx belongs to the controller"
                        + " k8s.io/ingress-nginx, not to Ingress Lab (ingress-lab.dev/controller)");
            });
        }

        @Test
        void ourClassIsServed() {
            Cluster cluster = new Cluster().ingressClass("ingress-lab", "ingress-lab.dev/controller", false)
                    .service("web", 1)
                    .add(TestIngress.named("ours").className("ingress-lab").rule("a.example.com", p -> p.prefix("/", "web")));

            assertThat(servedBy(cluster.on("http://a.example.com/"))).isEqualTo("web");
        }

        @Test
        void theLegacyAnnotationTakesPrecedenceOverTheField() {
            Cluster cluster = new Cluster().ingressClass("ingress-lab", "ingress-lab.dev/controller", false)
                    .ingressClass("nginx", "k8s.io/ingress-nginx", false).service("web", 1)
                    .add(TestIngress.named("both").className("ingress-lab")
                            .annotate("kubernetes.io/ingress.class", "nginx")
                            .rule("a.example.com", p -> p.prefix("/", "web")));

            assertThat(cluster.on("http://a.example.com/").outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(cluster.translate().diagnosticsOf("default", "both")).extracting(Diagnostic::reason)
                    .containsExactly("ClassAnnotationWins", "IngressClassNotOurs");
        }

        @Test
        void classlessIngressesCanBeSwitchedOffUnlessOurClassIsTheDefault() {
            TestIngress classless = TestIngress.named("classless").rule("a.example.com", p -> p.prefix("/", "web"));
            TranslatorSettings strict = TranslatorSettings.defaults().withServeClassless(false);

            Cluster notDefault = new Cluster().settings(strict).service("web", 1)
                    .ingressClass("ingress-lab", "ingress-lab.dev/controller", false).add(classless);
            Cluster isDefault = new Cluster().settings(strict).service("web", 1)
                    .ingressClass("ingress-lab", "ingress-lab.dev/controller", true).add(classless);

            assertThat(notDefault.on("http://a.example.com/").outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(notDefault.on("http://a.example.com/").trace()).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("names no IngressClass"));
            assertThat(servedBy(isDefault.on("http://a.example.com/"))).isEqualTo("web");
        }

        @Test
        void fromFilesWithoutIngressClassesOurClassNameIsTrustedAndOthersAreNot() {
            Cluster cluster = Cluster.ofManifests()
                    .add(TestIngress.named("ours").className("ingress-lab").rule("a.example.com", p -> p.prefix("/", "a")))
                    .add(TestIngress.named("theirs").className("nginx").rule("b.example.com", p -> p.prefix("/", "b")));

            assertThat(servedBy(cluster.on("http://a.example.com/"))).isEqualTo("a");
            assertThat(cluster.on("http://b.example.com/").trace()).anySatisfy(e ->
                    assertThat(e.reason()).isEqualTo("its class nginx is not ours (ours is ingress-lab)"));
        }
    }

    @Nested
    class Backends {
        @Test
        void portsAreFoundByNameAndEndpointsByThatPortsName() {
            Cluster cluster = new Cluster().service("web", 2).add(TestIngress.named("named")
                    .rule("a.example.com", p -> p.namedPort("Prefix", "/", "web", "http")));

            Decision decision = cluster.on("http://a.example.com/");

            assertThat(decision.backend().state()).isEqualTo(BackendState.READY);
            assertThat(decision.backend().endpoints()).extracting(e -> e.display())
                    .containsExactly("10.0.0.1:8080", "10.0.0.2:8080");
        }

        @Test
        void anUnknownPortIsA503ThatListsThePorts() {
            Cluster cluster = new Cluster().service("web", 1).add(TestIngress.named("wrong-port")
                    .rule("a.example.com", p -> p.namedPort("Prefix", "/", "web", "grpc")));

            Decision decision = cluster.on("http://a.example.com/");

            assertThat(decision.status()).isEqualTo(503);
            assertThat(decision.reason()).isEqualTo("the Service default/web has no port grpc (its ports: 80/http)");
            assertThat(cluster.translate().diagnostics()).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("ServicePortNotFound"));
        }

        @Test
        void onlyReadyEndpointsAreUsedAndNoneMeans503() {
            Cluster cluster = new Cluster()
                    .add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                            .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build())
                    .add(new EndpointSliceBuilder().withNewMetadata().withName("web-1").withNamespace("default")
                            .withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata()
                            .withAddressType("IPv4").addNewPort().withPort(9000).endPort()
                            .addNewEndpoint().withAddresses("10.1.0.1").withNewConditions().withReady(false)
                            .endConditions().endEndpoint()
                            .addNewEndpoint().withAddresses("10.1.0.2").endEndpoint().build())
                    .add(TestIngress.named("ing").rule("a.example.com", p -> p.prefix("/", "web")));

            assertThat(cluster.on("http://a.example.com/").backend().endpoints()).extracting(e -> e.display())
                    .containsExactly("10.1.0.2:9000");

            Cluster none = new Cluster().service("web", 0)
                    .add(TestIngress.named("ing").rule("a.example.com", p -> p.prefix("/", "web")));
            Decision decision = none.on("http://a.example.com/");
            assertThat(decision.outcome()).isEqualTo(Outcome.NO_ENDPOINTS);
            assertThat(decision.reason()).contains("has no ready endpoints");
        }

        @Test
        void fromFilesWithoutServicesTheBackendIsShownAsNotChecked() {
            Cluster cluster = Cluster.ofManifests()
                    .add(TestIngress.named("ing").rule("a.example.com", p -> p.prefix("/", "web")));

            Decision decision = cluster.on("http://a.example.com/");

            assertThat(decision.outcome()).isEqualTo(Outcome.ROUTED);
            assertThat(decision.backend().state()).isEqualTo(BackendState.UNCHECKED);
            assertThat(decision.notes()).anySatisfy(n -> assertThat(n).contains("was not checked"));
        }

        @Test
        void aMissingServiceKeepsTheRouteSoNoOtherBackendAnswers() {
            Cluster cluster = new Cluster().service("fallback", 1)
                    .add(TestIngress.named("ing").defaultBackend("fallback")
                            .rule("a.example.com", p -> p.prefix("/", "missing")));

            Decision decision = cluster.on("http://a.example.com/x");

            assertThat(decision.status()).isEqualTo(503);
            assertThat(decision.route().backend().service()).isEqualTo("missing");
        }
    }
}
